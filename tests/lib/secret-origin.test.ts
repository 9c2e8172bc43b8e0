import { describe, expect, it } from 'vitest';
import {
  allowCallsOrigin, allowOrigin, bindSecret, callsUrlRefusal, checkCallsUrl, checkLocation, checkSecretUse, isLoopbackHost,
  isOfficialOrigin, migrateSecret, secretStatus, transportProblem, type StoredSecret,
} from '@/lib/secret-origin';

const OPENAI = 'https://api.openai.com';
const use = (s: StoredSecret | null, url: string) => checkSecretUse(s, url);

describe('official origins', () => {
  it.each([
    [OPENAI, true],
    ['https://API.OpenAI.com', true],
    ['https://api.openai.com:443', true],
    ['https://api.openai.com/v1/realtime/client_secrets', true],
    ['https://my-res.openai.azure.com', true],
    ['https://My-Res.OPENAI.azure.com:443/openai/v1', true],
  ])('%s is official', (url, yes) => expect(isOfficialOrigin(url)).toBe(yes));

  it.each([
    'http://api.openai.com', // plain http
    'https://api.openai.com:8443', // another port
    'https://api.openai.com.', // trailing dot: another origin string, so no free pass
    'https://api.openai.com.evil.test',
    'https://evil.test/api.openai.com',
    'https://api.openai.com@evil.test', // userinfo: the host is evil.test
    'https://xn--pi-7kc.openai.com', // IDN look-alike (Cyrillic а), as the URL parser spells it
    'https://аpi.openai.com',
    'https://openai.com',
    'https://evil-api.openai.com',
    'https://a.b.openai.azure.com', // Azure resource names are one label
    'https://openai.azure.com',
    'https://res.openai.azure.com.evil.test',
    'https://res.openai.azure.com:444',
    'http://res.openai.azure.com',
    'not a url',
  ])('%s is not official', (url) => expect(isOfficialOrigin(url)).toBe(false));
});

describe('transport: https, or http only to this computer', () => {
  it.each(['localhost', '127.0.0.1', '127.255.3.4', '[::1]'])('%s is loopback', (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(['localhost.evil.test', '127.0.0.1.nip.io', '128.0.0.1', '[::2]', '0.0.0.0', 'example.test'])('%s is not loopback', (h) =>
    expect(isLoopbackHost(h)).toBe(false),
  );

  it('refuses plain http off this computer with a sentence that names the fix', () => {
    expect(transportProblem('http://example.test:8080/v1')).toMatch(/^Hark does not send anything to http:\/\/example\.test:8080 over plain http.*Use https:\/\/example\.test:8080/);
    expect(transportProblem('http://127.0.0.1.evil.test')).toMatch(/plain http/);
    expect(transportProblem('http://127.0.0.1:8787')).toBeNull();
    expect(transportProblem('http://localhost:1')).toBeNull();
    expect(transportProblem('http://[::1]:1')).toBeNull();
    expect(transportProblem('https://example.test')).toBeNull();
    expect(transportProblem('https://user:pw@example.test')).toMatch(/user name or password/);
    expect(transportProblem('javascript:alert(1)')).toMatch(/not an http\(s\) URL/);
    expect(transportProblem('nope')).toMatch(/not a valid URL/);
  });
});

describe('a secret goes only to the origin it was entered for', () => {
  const official = bindSecret('sk-1', OPENAI);
  const custom = bindSecret('sk-2', 'https://proxy.example');
  const local = bindSecret('sk-3', 'http://127.0.0.1:8787');

  it('official and loopback origins are allowed on entry; others wait for a confirm', () => {
    expect(official).toEqual({ value: 'sk-1', origin: OPENAI, allowed: [OPENAI]});
    expect(local.allowed).toEqual(['http://127.0.0.1:8787']);
    expect(custom.allowed).toEqual([]);
  });

  it('same origin ok (any path, default port spelled out)', () => {
    expect(use(official, 'https://api.openai.com/v1/realtime/client_secrets')).toEqual({ ok: true });
    expect(use(official, 'https://API.openai.com:443/v1/realtime/client_secrets')).toEqual({ ok: true });
    expect(use(local, 'http://127.0.0.1:8787/v1/realtime/client_secrets')).toEqual({ ok: true });
  });

  it('another origin is refused, naming both', () => {
    const r = use(official, 'https://evil.test/v1/realtime/client_secrets');
    expect(r).toMatchObject({ ok: false, problem: 'other-origin', origin: 'https://evil.test' });
    expect(!r.ok && r.message).toBe(
      "Your key was saved for https://api.openai.com; enter it again for https://evil.test in Hark's settings (Hark did not send it there).",
    );
  });

  it.each([
    'https://api.openai.com.evil.test/v1',
    'https://evil.test/api.openai.com/v1',
    'https://api.openai.com@evil.test/v1',
    'https://api.openai.com./v1',
    'https://api.openai.com:8443/v1',
    'https://аpi.openai.com/v1',
    'http://127.0.0.1:9999/v1', // another loopback port is another server
    'http://localhost:8787/v1', // another spelling of loopback is another origin too
  ])('look-alike %s is refused', (url) => {
    expect(use(official, url)).toMatchObject({ ok: false });
    expect(use(local, url)).toMatchObject({ ok: false });
  });

  it('plain http off this computer is refused even for the origin it was entered for', () => {
    const legacy: StoredSecret = { value: 'sk', origin: 'http://evil.test', allowed: ['http://evil.test']};
    expect(use(legacy, 'http://evil.test/v1')).toMatchObject({ ok: false, problem: 'insecure' });
  });

  it('a non-official origin needs the warning and a confirm', () => {
    const r = use(custom, 'https://proxy.example/v1/realtime/client_secrets');
    expect(r).toMatchObject({ ok: false, problem: 'confirm', origin: 'https://proxy.example' });
    expect(!r.ok && r.message).toBe("Your key will be sent to https://proxy.example; only continue if you run this server. Confirm it in Hark's settings.");
    const confirmed = allowOrigin(custom, 'https://proxy.example');
    expect(confirmed && use(confirmed, 'https://proxy.example/v1')).toEqual({ ok: true });
  });

  it('confirming another origin adds it; an insecure or non-origin string is not accepted', () => {
    const both = allowOrigin(official, 'https://b.example');
    expect(both?.allowed).toEqual([OPENAI, 'https://b.example']);
    expect(both && use(both, 'https://b.example/x')).toEqual({ ok: true });
    expect(allowOrigin(official, 'http://b.example')).toBeNull();
    expect(allowOrigin(official, 'https://b.example/path')).toBeNull();
    expect(allowOrigin(official, 'https://u@b.example')).toBeNull();
  });

  it('no secret: missing', () => expect(use(null, OPENAI)).toMatchObject({ ok: false, problem: 'missing' }));

  it('status for the options page never holds the value', () => {
    expect(secretStatus(custom, 'https://proxy.example', 'access token')).toEqual({
      saved: true,
      problem: 'confirm',
      origin: 'https://proxy.example',
      message: 'Your access token will be sent to https://proxy.example; only continue if you run this server.',
    });
    // Elsewhere (the side panel, Test connection) the same refusal says where to confirm it.
    expect(use(custom, 'https://proxy.example')).toMatchObject({ message: expect.stringContaining("Confirm it in Hark's settings.") });
    expect(secretStatus(official, OPENAI, 'key')).toEqual({ saved: true });
    expect(secretStatus(null, OPENAI, 'key')).toEqual({ saved: false });
    expect(JSON.stringify(secretStatus(official, 'https://b.example', 'key'))).not.toContain('sk-1');
  });
});

describe('migration of a bare string saved by an older version', () => {
  it('binds to an official or loopback origin configured now', () => {
    expect(migrateSecret(' sk-old ', 'https://api.openai.com')).toEqual({ value: 'sk-old', origin: OPENAI, allowed: [OPENAI]});
    expect(migrateSecret('sk-old', 'http://127.0.0.1:8787/')).toMatchObject({ origin: 'http://127.0.0.1:8787', allowed: ['http://127.0.0.1:8787'] });
  });

  it('binds to any other https origin unconfirmed: the user sees the warning before it is used', () => {
    const m = migrateSecret('sk-old', 'https://proxy.example/openai');
    expect(m).toEqual({ value: 'sk-old', origin: 'https://proxy.example', allowed: []});
    expect(m && use(m, 'https://proxy.example/openai/v1')).toMatchObject({ ok: false, problem: 'confirm' });
  });

  it('drops it (re-entry needed) when the configured origin is refused or missing', () => {
    expect(migrateSecret('sk-old', 'http://evil.test:8080')).toBeNull();
    expect(migrateSecret('sk-old', null)).toBeNull();
    expect(migrateSecret('', OPENAI)).toBeNull();
    expect(migrateSecret(42, OPENAI)).toBeNull();
  });

  it('leaves a current record as it is (same object: nothing to write)', () => {
    const s = bindSecret('sk', OPENAI);
    expect(migrateSecret(s, 'https://other.example')).toBe(s);
    expect(migrateSecret({ ...s, value: '' }, OPENAI)).toBeNull();
  });
});

describe('calls_url: only the server itself, OpenAI, or an origin the user confirmed', () => {
  const derived = 'https://tokens.example/v1/realtime/calls';

  it('absent → the derived calls URL', () => {
    expect(checkCallsUrl(undefined, derived)).toEqual({ ok: true, url: derived });
    expect(checkCallsUrl('', derived)).toEqual({ ok: true, url: derived });
  });

  it('same origin or api.openai.com is accepted', () => {
    expect(checkCallsUrl('https://tokens.example/other/calls', derived)).toEqual({ ok: true, url: 'https://tokens.example/other/calls' });
    expect(checkCallsUrl('https://api.openai.com/v1/realtime/calls', derived)).toEqual({ ok: true, url: 'https://api.openai.com/v1/realtime/calls' });
  });

  it.each([
    'https://evil.test/v1/realtime/calls',
    'https://api.openai.com.evil.test/v1/realtime/calls',
    'https://api.openai.com@evil.test/v1/realtime/calls',
    'https://tokens.example:8443/v1/realtime/calls',
    'http://tokens.example/v1/realtime/calls',
    'javascript:alert(1)',
    'not a url',
  ])('%s is refused with a clear message', (url) => {
    const r = checkCallsUrl(url, derived);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^The server at https:\/\/tokens\.example told Hark to connect to .+, which is not a server you set up\. Hark sent nothing there\.$/);
  });

  it('a non-string is refused too', () => expect(checkCallsUrl({ url: 'x' }, derived).ok).toBe(false));

  it('an origin the user confirmed for this server is accepted, for this server only', () => {
    const c = allowCallsOrigin({}, 'https://tokens.example', 'http://127.0.0.1:9000');
    expect(c).toEqual({ 'https://tokens.example': ['http://127.0.0.1:9000'] });
    expect(checkCallsUrl('http://127.0.0.1:9000/v1/realtime/calls', derived, c?.['https://tokens.example']).ok).toBe(true);
    expect(c && allowCallsOrigin(c, 'https://tokens.example', 'http://127.0.0.1:9000')).toBe(c);
    expect(allowCallsOrigin({}, 'https://tokens.example', 'http://evil.test')).toBeNull();
    expect(allowCallsOrigin({}, 'https://tokens.example', 'https://evil.test/path')).toBeNull();
  });

  it('the offscreen document re-checks against the origins the worker allowed', () => {
    expect(callsUrlRefusal('https://api.openai.com/v1/realtime/calls', ['https://api.openai.com'])).toBeNull();
    expect(callsUrlRefusal('https://evil.test/v1/realtime/calls', ['https://api.openai.com'])).toMatch(/refused to connect to https:\/\/evil\.test/);
    expect(callsUrlRefusal('https://evil.test/v1/realtime/calls', undefined)).toMatch(/refused/);
    expect(callsUrlRefusal('http://evil.test/v1/realtime/calls', ['http://evil.test'])).toMatch(/plain http/);
  });
});

describe('Location (the hangup address): the calls URL\'s own origin only', () => {
  const calls = 'http://127.0.0.1:8787/v1/realtime/calls';
  it('relative and same-origin locations resolve', () => {
    expect(checkLocation('/v1/realtime/calls/rtc_1', calls)).toBe('http://127.0.0.1:8787/v1/realtime/calls/rtc_1');
    expect(checkLocation('rtc_1', calls)).toBe('http://127.0.0.1:8787/v1/realtime/rtc_1');
  });
  it.each(['http://127.0.0.1:9999/v1/realtime/calls/rtc_1', 'https://evil.test/x', '//evil.test/x', 'javascript:alert(1)'])('%s is refused', (loc) =>
    expect(checkLocation(loc, calls)).toBeNull(),
  );
});
