/**
 * What a form control's event carries, read once here instead of a cast at every control. Each
 * read checks what the target is: an event that did not come from such a control reads as empty
 * (no value, unchecked, no option) rather than as whatever a cast would have claimed.
 */

/** The text of an input, textarea or select. */
export const inputValue = (e: Event): string => {
  const target = e.target;
  return target && 'value' in target && typeof target.value === 'string' ? target.value : '';
};

/** Whether a checkbox (or radio button) is checked. */
export const isChecked = (e: Event): boolean => {
  const target = e.target;
  return !!target && 'checked' in target && target.checked === true;
};
