/**
 * While a retry waits out its backoff after "could not reach the server", ask the server's origin
 * every few hundred milliseconds whether it answers at all, and retry as soon as it does: a
 * restarted server is found within a fraction of a second instead of at the next backoff step.
 *
 * The check is a bare `HEAD` of the origin: no key, no body, no API call (any HTTP answer, even a
 * 404, means something is listening). It never makes a retry later than the backoff says, and a
 * server that answers but fails (5xx) is back on the normal backoff at the next failure, because
 * that failure is not "unreachable".
 */
const EVERY_MS = 300;

export function watchReachable(origin: string, onReachable: () => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    try {
      await fetch(origin, { method: 'HEAD', mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    } catch {
      if (!stopped) timer = setTimeout(() => void check(), EVERY_MS);
      return;
    }
    if (!stopped) onReachable();
  };
  timer = setTimeout(() => void check(), EVERY_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
