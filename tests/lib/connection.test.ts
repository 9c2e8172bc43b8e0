import { describe, expect, it } from 'vitest';
import {
  azureBaseUrl, describeTest, explainMintError, mintRequestInit, mintTarget, secretTargetUrl, serverInstructionsPrefix, SECRET_FOR_MODE,
} from '@/lib/connection';
import { classifyHttpError, sessionError } from '@/lib/errors';
import { DEFAULT_SETTINGS, withDefaults, type Settings } from '@/lib/settings';
import type { SessionOptions } from '@/lib/realtime/protocol';

const settings = (over: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...over });
const options: SessionOptions = { model: 'gpt-realtime', voice: 'marin', instructions: 'Page title: Docs' };

function target(s: Settings, secret: string) {
  const r = mintTarget(s, secret);
  if (!r.ok) throw new Error(r.error.message);
  return r.target;
}

describe('mintTarget: URL and headers per mode', () => {
  it('openai: Bearer key at {serverUrl}/v1/realtime/client_secrets; calls derived', () => {
    const t = target(settings({ mode: 'openai', serverUrl: 'https://api.openai.com' }), 'sk-abc');
    expect(t.clientSecretsUrl).toBe('https://api.openai.com/v1/realtime/client_secrets');
    expect(t.callsUrl).toBe('https://api.openai.com/v1/realtime/calls');
    expect(t.headers).toEqual({ Authorization: 'Bearer sk-abc' });
    expect(t.model).toBeUndefined();
  });

  it('openai without a key sends no Authorization (open local server)', () => {
    expect(target(settings({ serverUrl: 'http://127.0.0.1:8787' }), '').headers).toEqual({});
  });

  it('token-server: the user access token as Bearer, at the token server', () => {
    const t = target(settings({ mode: 'token-server', tokenServerUrl: 'https://tokens.example.com' }), 'user-token');
    expect(t.clientSecretsUrl).toBe('https://tokens.example.com/v1/realtime/client_secrets');
    expect(t.headers).toEqual({ Authorization: 'Bearer user-token' });
  });

  it('token-server without URL or token: a clear configuration error, no request', () => {
    const noUrl = mintTarget(settings({ mode: 'token-server' }), 'x');
    expect(noUrl.ok).toBe(false);
    expect(!noUrl.ok && noUrl.error.reason).toBe('bad-request');
    const noToken = mintTarget(settings({ mode: 'token-server', tokenServerUrl: 'http://t' }), '');
    expect(!noToken.ok && noToken.error).toMatchObject({ reason: 'auth', retryable: false });
    expect(!noToken.ok && noToken.error.message).toMatch(/No access token/);
  });

  it('local: never sends a key, even if one is saved', () => {
    const t = target(settings({ mode: 'local', localServerUrl: 'http://127.0.0.1:9000' }), 'sk-should-not-go');
    expect(t.headers).toEqual({});
    expect(t.clientSecretsUrl).toBe('http://127.0.0.1:9000/v1/realtime/client_secrets');
    expect(SECRET_FOR_MODE.local).toBeNull();
  });

  it('azure: api-key header only toward client_secrets; model = deployment', () => {
    const t = target(settings({ mode: 'azure', azureResourceUrl: 'https://res.openai.azure.com', azureDeployment: 'my-rt' }), 'az-key');
    expect(t.clientSecretsUrl).toBe('https://res.openai.azure.com/openai/v1/realtime/client_secrets');
    expect(t.callsUrl).toBe('https://res.openai.azure.com/openai/v1/realtime/calls');
    expect(t.headers).toEqual({ 'api-key': 'az-key' });
    const init = mintRequestInit(t, options);
    expect(JSON.parse(init.body).session.model).toBe('my-rt');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json', 'api-key': 'az-key' });
  });

  it('azure needs resource, deployment and key', () => {
    expect(mintTarget(settings({ mode: 'azure', azureResourceUrl: 'https://r' }), 'k').ok).toBe(false);
    expect(mintTarget(settings({ mode: 'azure', azureResourceUrl: 'https://r', azureDeployment: 'd' }), '').ok).toBe(false);
  });

  it('azureBaseUrl strips a pasted /openai/v1 path', () => {
    expect(azureBaseUrl('https://res.openai.azure.com/openai/v1/')).toBe('https://res.openai.azure.com');
    expect(azureBaseUrl('res.openai.azure.com')).toBe('https://res.openai.azure.com');
  });
});

describe('mintRequestInit', () => {
  it('is the GA client_secrets body with a short expiry', () => {
    const init = mintRequestInit(target(settings({}), 'sk-1'), options);
    const body = JSON.parse(init.body);
    expect(body.expires_after).toEqual({ anchor: 'created_at', seconds: 120 });
    expect(body.session).toMatchObject({ type: 'realtime', model: 'gpt-realtime', instructions: 'Page title: Docs' });
    expect(init.method).toBe('POST');
  });
});

describe('secretTargetUrl: where each secret would go under the saved settings', () => {
  it('names the URL of the secret\'s own mode, whatever mode is selected', () => {
    const s = settings({ mode: 'local', serverUrl: 'https://proxy.example/openai', tokenServerUrl: 'https://t.example', azureResourceUrl: 'https://r.openai.azure.com/openai/v1' });
    expect(secretTargetUrl('openai', s)).toBe('https://proxy.example/openai');
    expect(secretTargetUrl('token-server', s)).toBe('https://t.example');
    expect(secretTargetUrl('azure', s)).toBe('https://r.openai.azure.com');
  });

  it('null when unset or refused (plain http off this computer)', () => {
    expect(secretTargetUrl('token-server', settings({}))).toBeNull();
    expect(secretTargetUrl('openai', settings({ serverUrl: 'http://evil.test:8080' }))).toBeNull();
    expect(secretTargetUrl('azure', settings({ azureResourceUrl: 'http://r.openai.azure.com' }))).toBeNull();
  });
});

describe('serverInstructionsPrefix', () => {
  it('finds what the server put in front', () => {
    expect(serverInstructionsPrefix('Page title: X', 'Team rules.\n\nPage title: X')).toBe('Team rules.\n\n');
    expect(serverInstructionsPrefix('Page title: X', 'Page title: X')).toBe('');
    expect(serverInstructionsPrefix('Page title: X', 'Something else')).toBe('');
    expect(serverInstructionsPrefix('Page title: X', undefined)).toBe('');
  });
});

describe('explainMintError', () => {
  it('token server: 401 is about the access token, keeps what the server said', () => {
    const e = explainMintError({ mode: 'token-server', baseUrl: 'http://t' }, classifyHttpError(401, '{"error":{"message":"Incorrect access token."}}'));
    expect(e.reason).toBe('auth');
    expect(e.message).toMatch(/^The token server did not accept your access token/);
    expect(e.message).toContain('(server said: Incorrect access token.)');
  });

  it('token server: 429 says when to retry', () => {
    const e = explainMintError({ mode: 'token-server', baseUrl: 'http://t' }, classifyHttpError(429, '', '30'));
    expect(e).toMatchObject({ reason: 'rate-limited', retryAfterMs: 30_000 });
    expect(e.message).toMatch(/too many sessions\. Try again in 30 s/);
  });

  it('network errors name the server', () => {
    const e = explainMintError({ mode: 'local', baseUrl: 'http://127.0.0.1:1' }, sessionError('network', 'x'));
    expect(e.message).toBe("Could not reach the local server at http://127.0.0.1:1. Check the address and your connection.");
  });

  it('openai mode keeps the original wording', () => {
    const original = classifyHttpError(401, '');
    expect(explainMintError({ mode: 'openai', baseUrl: 'x' }, original)).toEqual(original);
  });
});

describe('describeTest', () => {
  const t = { mode: 'openai' as const, baseUrl: 'https://api.openai.com' };
  it.each([
    [401, 'invalid', /^Invalid key: /],
    [403, 'no-access', /^No Realtime access: /],
    [429, 'rate-limited', /^Rate limited: /],
    [500, 'server-error', /^Server error: /],
    [400, 'error', /^Failed: /],
  ])('HTTP %i → %s', (status, outcome, message) => {
    const r = describeTest(t, { ok: false, error: classifyHttpError(status, '') });
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
  });

  it('HTTP 429 insufficient_quota → no-credit, with where to add credit', () => {
    const quota = JSON.stringify({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } });
    const r = describeTest(t, { ok: false, error: classifyHttpError(429, quota) });
    expect(r.outcome).toBe('no-credit');
    expect(r.message).toMatch(/^No credit: Your OpenAI account has no credit left: add credit at platform\.openai\.com\/settings\/organization\/billing/);
  });

  it('network → network', () => {
    expect(describeTest(t, { ok: false, error: sessionError('network', 'down') })).toEqual({ outcome: 'network', message: 'Network error: down' });
  });

  it('valid: says how long the (discarded) key would live', () => {
    const r = describeTest(t, { ok: true, expiresAt: 1_000_120, now: 1_000_000_000 });
    expect(r).toEqual({ outcome: 'valid', message: 'Valid: a session key was issued by https://api.openai.com, valid for 120 s (Hark discarded it).' });
  });

  it('a refused origin: "Not sent", with the origin the user may allow', () => {
    const confirm = { kind: 'openai' as const, origin: 'https://proxy.example', use: 'secret' as const };
    const r = describeTest(null, { ok: false, error: sessionError('bad-request', 'Your key will be sent to https://proxy.example; …'), confirm });
    expect(r).toEqual({ outcome: 'unconfirmed', message: 'Not sent: Your key will be sent to https://proxy.example; …', confirm });
  });

  it('token server: an invalid access token is called that', () => {
    const r = describeTest({ mode: 'token-server', baseUrl: 'http://t' }, { ok: false, error: classifyHttpError(401, '') });
    expect(r.message).toMatch(/^Invalid access token: /);
  });
});

describe('settings: connection mode', () => {
  it('defaults to openai and repairs an unknown mode', () => {
    expect(withDefaults(null).mode).toBe('openai');
    expect(withDefaults({ mode: 'bogus' as never }).mode).toBe('openai');
    expect(withDefaults({ mode: 'azure' }).mode).toBe('azure');
    expect(withDefaults({ serverUrl: 'http://x' }).localServerUrl).toBe('http://127.0.0.1:8787');
  });
});
