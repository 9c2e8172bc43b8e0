// @ts-check
/** Small statistics helpers: every figure the benchmark prints is a distribution or a ratio. */

/**
 * Percentile by linear interpolation between closest ranks (numpy's default).
 * @param {ArrayLike<number>} sorted  ascending
 * @param {number} p  0..100
 */
export function percentileSorted(sorted, p) {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0];
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/**
 * @param {ArrayLike<number>} values
 * @returns {{ n: number, min: number, p50: number, p95: number, max: number, mean: number }}
 */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    n,
    min: n ? sorted[0] : NaN,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    max: n ? sorted[n - 1] : NaN,
    mean: n ? sum / n : NaN,
  };
}

/** Round for JSON/printing without losing what matters. @param {number} x @param {number} [digits] */
export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** @param {Record<string, number>} s @param {number} [digits] */
export function roundAll(s, digits = 2) {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' && k !== 'n' ? round(v, digits) : v]));
}

/** Milliseconds since the Unix epoch with sub-ms resolution (same clock in Node and Chromium). */
export const nowMs = () => performance.timeOrigin + performance.now();

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
