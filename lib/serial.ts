/**
 * Runs async jobs one at a time, in call order. A failed job does not stop the ones after it
 * (its rejection still reaches its own caller). Used where two events may race to change the
 * same state (storage records, tab muting).
 */
export function serial(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}
