// @ts-check
/**
 * The shared store: one ioredis client per process, tuned to fail fast rather than queue. With
 * the offline queue off, a command while Redis is down rejects at once, so the limiters answer
 * 503 (fail closed) instead of holding requests until Redis is back. The client reconnects
 * forever; `health()` is what `/readyz` reports, and every up/down transition is logged once.
 */
import { Redis } from 'ioredis';

/**
 * @param {string} url redis://[:password@]host:port[/db] or rediss:// for TLS
 * @param {{ log?: import('./app.mjs').Logger, commandTimeoutMs?: number }} [options]
 */
export function createRedis(url, { log, commandTimeoutMs = 500 } = {}) {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  let up = false;
  /** @type {string | null} */
  let lastError = null;
  client.on('ready', () => {
    if (!up) log?.info({ redis: 'up' }, 'redis connected');
    up = true;
    lastError = null;
  });
  const down = (/** @type {string} */ why) => {
    if (up || lastError === null) log?.error({ redis: 'down', err: why }, 'redis unavailable: minting refused (fail closed) until it is back');
    up = false;
    lastError = why;
  };
  // Errors surface per command; this only records the state (and avoids unhandled 'error' events).
  client.on('error', (/** @type {Error} */ e) => down(e.message || e.name));
  client.on('end', () => down('connection closed'));
  client.on('close', () => { if (up) down('connection closed'); });

  return {
    client,
    /** @returns {{ ok: boolean, detail: string }} */
    health: () => ({ ok: up && client.status === 'ready', detail: up ? 'up' : `down${lastError ? ` (${lastError})` : ''}` }),
    /** Resolves when connected, or after `ms` (the server starts either way and reports not-ready). */
    ready: (ms = 3000) =>
      new Promise((resolve) => {
        if (client.status === 'ready') return resolve(true);
        const t = setTimeout(() => resolve(false), ms);
        client.once('ready', () => (clearTimeout(t), resolve(true)));
      }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
