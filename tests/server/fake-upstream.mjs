// @ts-check
/**
 * A stand-in for OpenAI's POST /v1/realtime/client_secrets (tests and the bench): answers every
 * mint with a fresh `ek_` value after `delayMs`, and counts what it minted, so a test can check
 * that no key was minted whose answer was lost.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

/** @param {{ delayMs?: number, apiKey?: string }} [o] */
export async function startFakeUpstream({ delayMs = 0, apiKey = 'sk-fake-team-key' } = {}) {
  const state = { received: 0, minted: 0, refused: 0 };
  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      state.received++;
      const ok = req.method === 'POST' && req.url === '/v1/realtime/client_secrets' && req.headers.authorization === `Bearer ${apiKey}`;
      const answer = () => {
        if (!ok) {
          state.refused++;
          res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":{"message":"no"}}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        state.minted++;
        const seconds = body.expires_after?.seconds ?? 600;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ value: `ek_${randomUUID().replace(/-/g, '')}`, expires_at: Math.floor(Date.now() / 1000) + seconds, session: body.session ?? {} }));
      };
      if (delayMs) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    state,
    /** @returns {Promise<void>} */
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
