// @ts-check
/**
 * Runs `node server/token/main.mjs` as a real process (tests and the bench): env in, the port
 * from its pino `listening` line, every stdout line kept as parsed JSON for log assertions.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/token/main.mjs');

/** @param {Record<string, string>} env @param {{ timeoutMs?: number }} [o] */
export async function startTokenProcess(env, { timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  /** @type {string[]} */
  const raw = [];
  /** @type {Record<string, any>[]} */
  const lines = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  /** @type {Promise<{ code: number | null, signal: string | null }>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => (process.off('exit', killOnExit), resolve({ code, signal }))));
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`token server did not start:\n${raw.join('\n')}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (b) => {
      buffer += b;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        raw.push(line);
        try {
          const j = JSON.parse(line);
          lines.push(j);
          if (j.msg === 'listening') (clearTimeout(t), resolve(j.port));
        } catch {
          /* not JSON: kept in raw, which the tests check */
        }
      }
    });
    exited.then(() => (clearTimeout(t), reject(new Error(`token server exited:\n${raw.join('\n')}\n${stderr}`))));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: /** @type {number} */ (child.pid),
    lines,
    raw,
    stderr: () => stderr,
    exited,
    /** @param {NodeJS.Signals} [signal] */
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
