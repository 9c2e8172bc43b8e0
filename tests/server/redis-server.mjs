// @ts-check
/**
 * A throwaway redis-server for tests and the bench: a free port on 127.0.0.1, no persistence,
 * our own child (stopped by PID). Needs Debian's `redis-server` (.ci/run installs it).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(address.port));
    });
  });
}

/** @param {{ port?: number, timeoutMs?: number }} [o] */
export async function startRedis({ port, timeoutMs = 5000 } = {}) {
  const p = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', '/tmp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let log = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`redis not ready:\n${log}`))), timeoutMs);
    const on = (/** @type {Buffer} */ b) => {
      log += b;
      if (/ready to accept connections/i.test(log)) (clearTimeout(t), resolve(undefined));
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('error', (e) => (clearTimeout(t), reject(e)));
    child.once('exit', (c) => (clearTimeout(t), reject(new Error(`redis exited early (${c}):\n${log}`))));
  });
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    /** @returns {Promise<void>} */
    stop: () =>
      new Promise((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
