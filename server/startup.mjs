// @ts-check
/**
 * What `npm run server` and `npm run demo` print at startup, in one place so they say the same
 * thing as the README and the options page: use Hark's *Local server* mode, and when the port is
 * taken, say so and how to pick another one (instead of a stack trace).
 */

/** @param {string} url the server's address */
export function localServerRecipe(url) {
  return [
    'Point Hark at it: open Hark\'s options (right-click the toolbar icon → Options), choose',
    `Connection → "Local server", keep Local server URL ${url} (the default is http://127.0.0.1:8787),`,
    'Save. No key is needed.',
  ];
}

/**
 * @param {unknown} error what starting the server threw
 * @param {number} port the port it tried
 * @param {string} command how it was started, e.g. "npm run demo"
 * @returns {string | null} a message for a port that is in use, or null for any other error
 */
export function portInUseMessage(error, port, command) {
  if (!error || typeof error !== 'object' || /** @type {{ code?: unknown }} */ (error).code !== 'EADDRINUSE') return null;
  const other = port + 1;
  return [
    `Port ${port} is already in use: another program (perhaps another "npm run server" or "npm run demo") is listening on it.`,
    `Stop that program, or pick another port: PORT=${other} ${command}`,
    `Then set Local server URL to http://127.0.0.1:${other} in Hark's options.`,
  ].join('\n');
}

/**
 * Starts the server; on a busy port prints what to do and exits with status 1.
 * @template T
 * @param {() => Promise<T>} start
 * @param {number} port
 * @param {string} command
 * @returns {Promise<T>}
 */
export async function startOrExplain(start, port, command) {
  try {
    return await start();
  } catch (error) {
    const message = portInUseMessage(error, port, command);
    if (!message) throw error;
    console.error(message);
    process.exit(1);
  }
}
