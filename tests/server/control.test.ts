// @vitest-environment node
/**
 * Attack tests for the local server's test control API `/_control/*`: it reads every call and
 * steers the server, so nobody but the tests that switched it on may reach it. Requests are made
 * with node:http so the Host, Origin and Sec-Fetch-* headers are exactly what a browser (or a
 * DNS-rebinding page) would send.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { mintKey } from './helpers';

type Server = Awaited<ReturnType<typeof createRealtimeServer>>;
type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

const KEY = 'sk-control-key-0123456789';

/** One HTTP request with the headers given verbatim (Host included). */
function raw(server: Server, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { Host: `127.0.0.1:${server.port}`, ...headers };
    if (!all.Host) delete all.Host; // `setHost: false` below: then no Host line at all
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: all, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('/_control: only for the tests that switch it on', () => {
  let off: Server; // default options, as `npm run demo` / `npm run server` start it
  let open: Server; // control on, open mode
  let keyed: Server; // control on, API keys required

  beforeAll(async () => {
    [off, open, keyed] = await Promise.all([createRealtimeServer(), createRealtimeServer({ control: true }), createRealtimeServer({ control: true, apiKeys: [KEY] })]);
  });
  afterAll(async () => {
    await Promise.all([off?.close(), open?.close(), keyed?.close()]);
  });

  it('refuses every outsider: off by default, wrong Host, web pages, missing or wrong key', async () => {
    const port = (s: Server) => s.port;
    const ek = await mintKey(keyed.url, { type: 'realtime' }, KEY);
    const EVIL = 'http://evil.example';
    /** [what, server, method, path, headers] — each one an attacker's request. */
    const attacks: [string, Server, string, string, Record<string, string>][] = [
      ['off: GET state', off, 'GET', '/_control/state', {}],
      ['off: POST reset', off, 'POST', '/_control/reset', {}],
      ['off: POST fail-next', off, 'POST', '/_control/fail-next', {}],
      ['off: GET state with the right Host', off, 'GET', '/_control/state', { Host: `localhost:${port(off)}` }],
      ['page fetch (cors) from another origin', open, 'GET', '/_control/state', { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' }],
      ['page fetch with Origin: null (sandboxed iframe)', open, 'GET', '/_control/state', { Origin: 'null' }],
      ['no-cors POST from a page (acts without reading)', open, 'POST', '/_control/reset', { Origin: EVIL, 'Content-Type': 'text/plain' }],
      ['<img>/navigation from a page (no Origin)', open, 'GET', '/_control/state', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' }],
      ['same-origin page after DNS rebinding', open, 'GET', '/_control/state', { Host: `evil.example:${port(open)}`, 'Sec-Fetch-Site': 'same-origin' }],
      ['rebinding Host without browser headers', open, 'GET', '/_control/state', { Host: `evil.example:${port(open)}` }],
      ['rebinding through a 127.0.0.1 DNS name', open, 'GET', '/_control/state', { Host: `127.0.0.1.nip.io:${port(open)}` }],
      ['loopback Host with another port', open, 'GET', '/_control/state', { Host: `127.0.0.1:${port(open) + 1}` }],
      ['no Host at all', open, 'GET', '/_control/state', { Host: '' }],
      ['CORS preflight', open, 'OPTIONS', '/_control/state', { Origin: EVIL, 'Access-Control-Request-Method': 'GET' }],
      ['keyed: no key', keyed, 'GET', '/_control/state', {}],
      ['keyed: wrong key', keyed, 'GET', '/_control/state', { Authorization: 'Bearer sk-wrong-key-0123456789' }],
      ['keyed: an ephemeral key', keyed, 'GET', '/_control/state', { Authorization: `Bearer ${ek}` }],
      ['keyed: key prefix', keyed, 'POST', '/_control/drop', { Authorization: `Bearer ${KEY.slice(0, -1)}` }],
      ['keyed: right key but from a page', keyed, 'GET', '/_control/state', { Authorization: `Bearer ${KEY}`, Origin: EVIL }],
    ];
    // A counted request: /_control/reset would forget it.
    expect((await raw(open, 'GET', '/healthz')).status).toBe(200);
    let answered = 0;
    for (const [what, server, method, path, headers] of attacks) {
      const r = await raw(server, method, path, headers);
      const leaked = r.status < 400 || /clientSecrets|failNext/.test(r.body) || r.headers['access-control-allow-origin'] !== undefined;
      if (leaked) console.log(`answered: ${what} → ${r.status}`);
      answered += leaked ? 1 : 0;
    }
    console.log(`[attack] control API answered to an outsider: ${answered} of ${attacks.length}`);
    expect(answered).toBe(0);
    // The no-cors POST /reset did nothing: the server still remembers the request before it.
    expect(open.state.http.counts['GET /healthz']).toEqual({ 200: 1 });
  });

  it('answers the tests on every loopback name, with the key when one is set, without CORS', async () => {
    for (const host of [`127.0.0.1:${open.port}`, `localhost:${open.port}`, `[::1]:${open.port}`, `LOCALHOST:${open.port}`]) {
      const r = await raw(open, 'GET', '/_control/state', { Host: host });
      expect(r.status, host).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    // A person opening the address by hand: the browser says Sec-Fetch-Site: none.
    expect((await raw(open, 'GET', '/_control/state', { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' })).status).toBe(200);
    const state = await raw(keyed, 'GET', '/_control/state', { Authorization: `Bearer ${KEY}` });
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body).openMode).toBe(false);
    // The OpenAI-like API itself stays callable cross-origin (the extension needs it).
    expect((await raw(open, 'GET', '/healthz', { Origin: 'chrome-extension://abc' })).headers['access-control-allow-origin']).toBe('*');
  });

  it('never shows a usable ek_ key in its state', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => mintKey(keyed.url, { type: 'realtime' }, KEY)));
    const body = (await raw(keyed, 'GET', '/_control/state', { Authorization: `Bearer ${KEY}` })).body;
    const shown = JSON.parse(body).clientSecrets.map((s: { value: string }) => s.value);
    for (const key of keys) expect(body).not.toContain(key);
    expect(shown.slice(-3)).toEqual(keys.map((k) => `${k.slice(0, 11)}…`));
    expect(new Set(shown).size).toBe(shown.length);
  });
});

describe('npm run server (server/main.mjs)', () => {
  /** Starts main.mjs on a free port with `env`, returns its URL and a stop function. */
  async function startMain(env: Record<string, string>) {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['server/main.mjs'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HARK_SERVER_CONTROL: '', HARK_SERVER_API_KEY: '', ...env } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`main.mjs exited (${code}): ${out}`)));
    });
    const stop = () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
    return { url, stop };
  }

  it('serves no control API by default; HARK_SERVER_CONTROL=1 turns it on, behind the server key', async () => {
    const plain = await startMain({});
    try {
      expect((await fetch(`${plain.url}/_control/state`)).status).toBe(404);
      expect((await fetch(`${plain.url}/healthz`)).status).toBe(200);
    } finally {
      await plain.stop();
    }
    const on = await startMain({ HARK_SERVER_CONTROL: '1', HARK_SERVER_API_KEY: KEY });
    try {
      expect((await fetch(`${on.url}/_control/state`)).status).toBe(401);
      expect((await fetch(`${on.url}/_control/state`, { headers: { Authorization: `Bearer ${KEY}` } })).status).toBe(200);
    } finally {
      await on.stop();
    }
  });
});
