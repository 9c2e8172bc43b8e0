// @ts-check
/**
 * Who may use `/_control/*`. The control API reads every event of every call and steers the
 * server (drops calls, injects failures, sends raw frames), so it is a test tool and nothing more:
 *
 * - Off unless the server was created with `control: true` (`HARK_SERVER_CONTROL=1` for
 *   `npm run server`; `npm run demo` never turns it on). Off, it is a 404 like any unknown path.
 * - Only under a loopback Host (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`) or the server's
 *   own address. DNS rebinding (a name the attacker controls, re-pointed at 127.0.0.1) makes a
 *   web page same-origin with this server; the Host header still carries the attacker's name.
 * - Never for a web page: a request carrying `Origin`, or `Sec-Fetch-Site` other than `none` (an
 *   address typed by hand), comes from a page. Withholding CORS only stops a page *reading* the
 *   answer; a no-cors POST would still be acted on, so such requests are refused outright.
 * - With one of the server's API keys as `Authorization: Bearer` when keys are configured
 *   (ephemeral `ek_` keys do not count: a browser holds those).
 * - No CORS headers on any `/_control` answer (the caller marks the response).
 *
 * The rest of the server keeps `Access-Control-Allow-Origin: *` and no Host check, on purpose:
 * like api.openai.com it is meant to be called cross-origin by the extension, so a rebinding
 * page would gain nothing a plain cross-origin page does not already have, and a Host check
 * there would break `HOST=0.0.0.0` for a device on the local network.
 */
import { timingSafeEqual } from 'node:crypto';
import { HttpError, bearerToken } from './http-util.mjs';

/** @param {string} a @param {string} b */
function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Host values the control API answers to. @param {string} serverUrl @param {number} port */
export function controlHosts(serverUrl, port) {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, new URL(serverUrl).host.toLowerCase()]);
}

/**
 * Throws the HttpError that refuses this control request, or returns when it may proceed.
 * @param {{ enabled: boolean, apiKeys: string[], hosts: Set<string> }} policy
 * @param {import('node:http').IncomingMessage} req
 * @param {string} path
 */
export function guardControl(policy, req, path) {
  if (!policy.enabled) throw new HttpError(404, { message: `Invalid URL (${req.method ?? 'GET'} ${path})` });
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!policy.hosts.has(host)) {
    throw new HttpError(403, { message: 'The control API answers only on a loopback address (Host header).', code: 'invalid_host' });
  }
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    throw new HttpError(403, { message: 'The control API does not answer web pages.', code: 'origin_not_allowed' });
  }
  if (policy.apiKeys.length) {
    const token = bearerToken(req) ?? '';
    if (!policy.apiKeys.some((k) => sameSecret(k, token))) {
      throw new HttpError(401, { message: "The control API needs one of the server's API keys as a bearer token.", code: 'invalid_api_key' });
    }
  }
}
