#!/usr/bin/env node
// @ts-check
/**
 * `npm run token-server`: runs Hark's token server until Ctrl-C. Configuration: env variables
 * and/or a JSON file (`npm run token-server -- --config tokens.json`); see server/token/README.md.
 */
import fs from 'node:fs';
import { loadConfig } from './config.mjs';
import { createTokenServer } from './token-server.mjs';

/** @type {ReturnType<typeof loadConfig>} */
let config;
try {
  config = loadConfig({ env: process.env, argv: process.argv.slice(2), readFile: (p) => fs.readFileSync(p, 'utf8') });
} catch (e) {
  console.error(`hark token server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}

const server = await createTokenServer({ ...config, log: (line) => console.log(line) });
const userCount = Array.isArray(config.users) ? config.users.length : Object.keys(config.users).length;

console.log(`Hark token server listening on ${server.url}`);
console.log(`  upstream:   ${config.upstreamUrl} (${config.upstreamKind})`);
console.log(`  users:      ${userCount}    rate limit: ${config.rateLimit?.perMinute || 'none'} per user per minute`);
console.log(`  session:    model ${config.session?.model}, client secrets live ≤ ${config.session?.maxDurationSeconds} s` +
  `${config.session?.instructionsPrefix ? ', instructions prefix set' : ''}`);
console.log(`In Hark's options: Connection → Team token server, URL ${server.url}, and the user's access token.`);
console.log(`Health: ${server.url}/healthz    Stop: Ctrl-C`);
if (config.host !== '127.0.0.1' && config.host !== 'localhost' && config.host !== '::1') {
  console.log('Listening beyond loopback: put it behind HTTPS (a reverse proxy); tokens travel in a header.');
}

/** @param {string} signal */
async function stop(signal) {
  console.log(`${signal}: shutting down`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
