// @ts-check
/** UTC day of a time, `2026-12-02`: the unit usage is counted in. @param {number} ms */
export const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);
