#!/usr/bin/env node
// @ts-check
/**
 * `npm run server`: runs the local Realtime server until Ctrl-C.
 *
 *   PORT                 default 8787
 *   HOST                 default 127.0.0.1 (loopback only: the server has no real security)
 *   HARK_SERVER_API_KEY  optional comma-separated list of accepted API keys; unset = open mode
 *   HARK_SERVER_CONTROL  1 = serve the test control API /_control/* (off by default: it reads and
 *                        steers every call; with API keys set it needs one of them as a bearer)
 */
import { createRealtimeServer } from './realtime-server.mjs';
import { localServerRecipe, startOrExplain } from './startup.mjs';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const apiKeys = (process.env.HARK_SERVER_API_KEY ?? '')
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean);

/** @param {string} line */
const log = (line) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

// werift occasionally rejects a promise while a peer vanishes; a dev server should log and go on.
process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

const control = process.env.HARK_SERVER_CONTROL === '1';
const server = await startOrExplain(() => createRealtimeServer({ port, host, apiKeys, log, control }), port, 'npm run server');

console.log(`Hark local Realtime server listening on ${server.url}`);
console.log('');
for (const line of localServerRecipe(server.url)) console.log(line);
if (apiKeys.length) {
  // Keys required: Local server mode sends none, so this server is for "Your OpenAI key" mode.
  console.log(`This server requires one of the ${apiKeys.length} keys in HARK_SERVER_API_KEY: instead choose "Your OpenAI key",`);
  console.log(`set Server URL ${server.url} and enter one of them.`);
}
console.log('');
console.log(`Replies are deterministic: You said: "<what you said>". You are on the page "<title>".`);
console.log(
  control
    ? `Control API on (HARK_SERVER_CONTROL=1): ${server.url}/_control/state${apiKeys.length ? ' with a server key as bearer' : ''}`
    : 'Control API off (HARK_SERVER_CONTROL=1 turns it on, for tests)',
);
console.log(`Health: ${server.url}/healthz    Stop: Ctrl-C`);

let stopping = false;
/** @param {string} signal */
async function stop(signal) {
  if (stopping) process.exit(1); // second Ctrl-C: leave now
  stopping = true;
  log(`${signal}: shutting down`);
  const force = setTimeout(() => process.exit(1), 3000);
  await server.close();
  clearTimeout(force);
  // werift keeps UDP sockets of closed peer connections open, so exit explicitly.
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
