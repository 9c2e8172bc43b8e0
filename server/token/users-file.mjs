// @ts-check
/**
 * Users without a restart (Node): the inline users (env/config) plus a users file that is polled
 * for changes (`fs.watchFile`, stat-based, so it also works on bind mounts and network volumes
 * where inotify events do not arrive). Every instance polling the same file refuses a removed
 * token within `pollMs` plus one read. A file that fails to parse or validate keeps the previous
 * users and logs why (with names, never tokens): a typo must not lock the whole team out.
 */
import fs from 'node:fs';
import { normalizeUsers } from './auth.mjs';

/** @typedef {import('./auth.mjs').StoredUser} StoredUser */

/**
 * @param {{ users?: import('./auth.mjs').UsersConfig, file?: string, pollMs?: number, log: import('./app.mjs').Logger, allowNone?: boolean }} o  allowNone: no static users is fine (single sign-on)
 */
export async function usersSource({ users, file, pollMs = 1000, log, allowNone = false }) {
  const inline = users ? await normalizeUsers(users) : [];
  /** @type {StoredUser[]} */
  let fromFile = [];
  /** @type {StoredUser[]} */
  let all = inline;

  async function load() {
    if (!file) return;
    const list = await normalizeUsers(parseJson(await fs.promises.readFile(file, 'utf8'), 'the users file'));
    const names = new Set(list.map((u) => u.name));
    await normalizeUsers([...inline, ...list].map((u) => ({ name: u.name, tokenSha256: Buffer.from(u.digest).toString('hex') }))); // no shared tokens across both
    fromFile = list;
    all = [...inline.filter((u) => !names.has(u.name)), ...list];
  }
  await load(); // at start a bad file is a configuration error: thrown to the caller
  if (!all.length && !allowNone) throw new Error('users: no users configured (HARK_TOKEN_USERS, "users" in the config, HARK_USERS_FILE, or single sign-on)');

  let reloading = Promise.resolve();
  const onChange = (/** @type {fs.Stats} */ cur, /** @type {fs.Stats} */ prev) => {
    if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
    reloading = reloading.then(async () => {
      const before = fromFile.length;
      try {
        await load();
        log.info({ users: all.length, was: before + inline.length }, 'users file reloaded');
      } catch (e) {
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'users file not reloaded: keeping the previous users');
      }
    });
  };
  if (file) fs.watchFile(file, { interval: pollMs, persistent: false }, onChange);

  return {
    current: () => all,
    close: () => {
      if (file) fs.unwatchFile(file, onChange);
    },
  };
}

/**
 * JSON.parse whose error never quotes the text (V8's messages include an excerpt, which in a
 * users or config file would be a token). @param {string} text @param {string} what
 */
export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}
