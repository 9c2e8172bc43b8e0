/** What a form control's event carries, read once here instead of a cast at every control. */
export const inputValue = (e: Event) => (e.target as HTMLInputElement).value;
export const isChecked = (e: Event) => (e.target as HTMLInputElement).checked;
