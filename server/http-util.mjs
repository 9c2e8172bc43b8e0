// @ts-check
/**
 * Small HTTP helpers: CORS, the OpenAI error envelope, body reading, a minimal multipart parser.
 *
 * CORS is needed because the extension's offscreen document fetches from a
 * `chrome-extension://` origin (e2e doc §4): without it, or host_permissions, the fetch fails
 * with "Failed to fetch". `Location` must be exposed so the client can read the call id;
 * `Retry-After` so it can honour a 429's back-off.
 */
import { requestId } from './ids.mjs';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {{ message: string, type?: string, param?: string | null, code?: string | null }} ApiError */

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, OpenAI-Beta, OpenAI-Safety-Identifier, OpenAI-Organization, OpenAI-Project',
  'Access-Control-Expose-Headers': 'Location, Retry-After, X-Request-Id',
  'Access-Control-Max-Age': '600',
};

/** Responses web pages must not read (the control API): `send` leaves out the CORS headers. */
const NO_CORS = new WeakSet();
/** @param {ServerResponse} res */
export const withoutCors = (res) => void NO_CORS.add(res);

// One HttpError and one error envelope for both servers: the runtime-neutral module the token
// server (and its Workers bundle) uses, so an `instanceof` check never meets a twin class.
import { HttpError, errorBody } from './token/http-error.mjs';
export { HttpError, errorBody };

/**
 * @param {ServerResponse} res @param {number} status @param {string | Buffer} body
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, body, headers = {}) {
  if (res.headersSent) return;
  res.writeHead(status, { ...(NO_CORS.has(res) ? {} : CORS_HEADERS), 'X-Request-Id': requestId(), ...headers });
  res.end(body);
}

/** @param {ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
export function sendJson(res, status, body, headers = {}) {
  send(res, status, JSON.stringify(body, null, 2), { 'Content-Type': 'application/json', ...headers });
}

/** @param {ServerResponse} res @param {number} status @param {ApiError} error @param {Record<string, string>} [headers] */
export function sendError(res, status, error, headers = {}) {
  sendJson(res, status, errorBody(error), headers);
}

/**
 * Reads the whole request body, refusing more than `limit` bytes (413).
 * @param {IncomingMessage} req @param {number} limit @returns {Promise<Buffer>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, { message: `Request body too large (more than ${limit} bytes).`, code: 'request_too_large' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Parses a JSON body; empty means `{}`.
 * @param {Buffer} body @returns {unknown}
 */
export function parseJsonBody(body) {
  const text = body.toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      code: null,
    });
  }
}

/** The bare media type of a Content-Type header, lower-cased. @param {string | undefined} header */
export const mediaType = (header) => (header ?? '').split(';')[0].trim().toLowerCase();

/** @param {IncomingMessage} req @returns {string | null} */
export function bearerToken(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : null;
}

/**
 * Minimal multipart/form-data parser (enough for the `sdp` and `session` text parts).
 * @param {Buffer} body @param {string} contentType
 * @returns {Map<string, string>} part name → text
 */
export function parseMultipart(body, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new HttpError(400, { message: 'multipart/form-data body without a boundary.', code: 'invalid_request' });
  const boundary = `--${m[1] ?? m[2]}`;
  /** @type {Map<string, string>} */
  const parts = new Map();
  const text = body.toString('utf8');
  for (const chunk of text.split(boundary).slice(1)) {
    if (chunk.startsWith('--')) break;
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = chunk.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name) parts.set(name, chunk.slice(sep + 4).replace(/\r\n$/, ''));
  }
  return parts;
}

/**
 * Starts listening and returns the base URL (IPv6 hosts bracketed).
 * @param {import('node:http').Server} server @param {string} host @param {number | undefined} port
 * @returns {Promise<{ url: string, port: number }>}
 */
export async function listen(server, host, port) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : Number(port);
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`, port: actual };
}
