#!/usr/bin/env node
// @ts-check
/**
 * `npm run token-server`: runs Hark's token server until SIGTERM/Ctrl-C. Configuration: env
 * variables and/or a JSON file (`npm run token-server -- --config tokens.json`); see
 * server/token/README.md. Logs are JSON lines (pino) on stdout: one per request with user,
 * status and latency, never a body, token or key.
 *
 * SIGTERM/SIGINT drain: the listener closes (new connections refused, /readyz says so), in-flight
 * mints finish, then the process exits 0; after HARK_GRACE_MS the rest is cut and it exits 1.
 */
import fs from 'node:fs';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
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

const log = pino({
  level: config.logLevel,
  base: { svc: 'hark-token', pid: process.pid },
  // Belt and braces: these never reach a log call, but a future one must not leak them.
  redact: { paths: ['authorization', '*.authorization', 'token', '*.token', 'openaiApiKey', 'adminToken'], censor: '[redacted]' },
});

const server = await createTokenServer({ ...config, logger: log }).catch((e) => {
  log.fatal({ err: e instanceof Error ? e.message : String(e) }, 'token server did not start');
  process.exit(2);
});

log.info(
  {
    url: server.url, port: server.port, upstream: config.upstreamUrl, upstreamKind: config.upstreamKind,
    store: config.redisUrl ? 'redis' : 'memory', usersFile: config.usersFile ?? null, trustProxy: config.trustProxy,
    perMinute: config.rateLimit.perMinute, model: config.session.model, maxKeySeconds: config.session.maxDurationSeconds,
  },
  'listening',
);
if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
  log.warn({ host: config.host }, 'listening beyond loopback: put it behind HTTPS (a reverse proxy); tokens travel in a header');
}

closeWithGrace({ delay: config.graceMs + 1000, logger: { error: (m) => log.error({ err: String(m) }, 'close') } }, async ({ signal, err }) => {
  if (err) log.error({ err: err instanceof Error ? err.message : String(err) }, 'closing on error');
  log.info({ signal }, 'draining');
  await server.drain(config.graceMs);
  log.info({}, 'closed');
});

