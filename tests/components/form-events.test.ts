import { describe, expect, it } from 'vitest';
import { inputValue, isChecked } from '@/components/form-events';

/** Dispatches `type` on `target` and returns what `read` made of the event. */
function readOn<T>(target: EventTarget, type: string, read: (e: Event) => T): T | undefined {
  let got: T | undefined;
  target.addEventListener(type, (e) => {
    got = read(e);
  });
  target.dispatchEvent(new Event(type));
  return got;
}

describe('form events', () => {
  it('reads the value of an input, a textarea and a select', () => {
    const input = document.createElement('input');
    input.value = 'typed';
    const area = document.createElement('textarea');
    area.value = 'one\ntwo';
    const select = document.createElement('select');
    select.innerHTML = '<option value="a">A</option><option value="b" data-label="Bee">B</option>';
    select.value = 'b';
    expect(readOn(input, 'input', inputValue)).toBe('typed');
    expect(readOn(area, 'input', inputValue)).toBe('one\ntwo');
    expect(readOn(select, 'change', inputValue)).toBe('b');
  });

  it('reads a checkbox', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    expect(readOn(box, 'change', isChecked)).toBe(true);
    box.checked = false;
    expect(readOn(box, 'change', isChecked)).toBe(false);
  });

  it('reads an event from anything else as empty instead of trusting a cast', () => {
    const div = document.createElement('div');
    expect(readOn(div, 'input', inputValue)).toBe('');
    expect(readOn(div, 'change', isChecked)).toBe(false);
  });
});
