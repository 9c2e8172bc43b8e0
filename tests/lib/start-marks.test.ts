import { describe, expect, it } from 'vitest';
import { StartMarks } from '@/lib/start-marks';

describe('start marks', () => {
  it('keeps the first time of each stage and starts over on reset', () => {
    let t = 100;
    const marks = new StartMarks(() => t);
    marks.mark('click', true);
    t = 110;
    marks.mark('minted');
    t = 120;
    marks.mark('minted'); // a retry does not move the first time
    expect(marks.read()).toEqual({ click: 100, minted: 110 });

    t = 500;
    marks.mark('click', true);
    expect(marks.read()).toEqual({ click: 500 });
  });

  it('hands out a copy', () => {
    const marks = new StartMarks(() => 1);
    marks.mark('a');
    const read = marks.read();
    read.a = 99;
    expect(marks.read()).toEqual({ a: 1 });
  });
});
