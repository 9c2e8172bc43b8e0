/**
 * Where and how the service worker mints an ephemeral key, per connection mode (pure: settings
 * and the mode's secret in, URL + headers out). The secret only ever goes into a request header
 * built here; nothing this module returns for display or logging contains it.
 *
 *   mode           mint                                                  auth header            calls (SDP)
 *   openai         {serverUrl}/v1/realtime/client_secrets                Authorization: Bearer  {serverUrl}/v1/realtime/calls
 *   token-server   {tokenServerUrl}/v1/realtime/client_secrets           Authorization: Bearer  the response's calls_url
 *   local          {localServerUrl}/v1/realtime/client_secrets           (none)                 {localServerUrl}/v1/realtime/calls
 *   azure          {resource}/openai/v1/realtime/client_secrets          api-key                {resource}/openai/v1/realtime/calls
 *
 * A `calls_url` in the mint response wins over the derived calls URL when it points to the server's
 * own origin, `https://api.openai.com`, or an origin the user confirmed (lib/secret-origin.ts).
 */
import { buildClientSecretRequest, type SessionOptions } from './realtime/protocol';
import { serverSaidPattern, sessionError, type MissingField, type SessionError } from './errors';
import { t, type MessageKey } from './i18n';
import { normalizeServerUrl, realtimeUrls, type ConnectionMode, type Settings } from './settings';
import type { SecretLabel } from './secret-origin';
import { TRANSCRIPTION_OFF } from './models';

/** The long-lived secrets Hark can hold (service worker only). */
export type SecretKind = 'openai' | 'token-server' | 'azure';
export const SECRET_KINDS: SecretKind[] = ['openai', 'token-server', 'azure'];

/** What the user calls each secret, in messages. */
export const SECRET_LABEL: Record<SecretKind, SecretLabel> = { openai: 'key', 'token-server': 'access token', azure: 'Azure API key' };

/**
 * The URL a secret is sent to under these settings (its origin is what the secret is bound to);
 * null when the field is empty or not a URL.
 */
export function secretTargetUrl(kind: SecretKind, settings: Settings): string | null {
  try {
    if (kind === 'openai') return normalizeServerUrl(settings.serverUrl);
    if (kind === 'token-server') return settings.tokenServerUrl.trim() ? normalizeServerUrl(settings.tokenServerUrl) : null;
    return settings.azureResourceUrl.trim() ? azureBaseUrl(settings.azureResourceUrl) : null;
  } catch {
    return null;
  }
}

/** Which secret each mode uses (`local` uses none). */
export const SECRET_FOR_MODE: Record<ConnectionMode, SecretKind | null> = {
  openai: 'openai',
  'token-server': 'token-server',
  local: null,
  azure: 'azure',
};

export interface MintTarget {
  mode: ConnectionMode;
  /** The server named in messages (never contains a secret). */
  baseUrl: string;
  clientSecretsUrl: string;
  headers: Record<string, string>;
  /** Where the browser posts its SDP offer, unless the mint response names another (`calls_url`). */
  callsUrl: string;
  /** Forces `session.model` (Azure: the deployment name). */
  model?: string;
}

export type TargetResult = { ok: true; target: MintTarget } | { ok: false; error: SessionError };

/**
 * A field the mode needs is empty. The reasons stay what the side panel acts on (`auth`: a
 * secret, `bad-request`: an address; both offer Open settings, neither a retry); `missing` says
 * that nothing was sent, so no server refused anything.
 */
const notSetUp = (reason: 'auth' | 'bad-request', missing: MissingField, message: string): TargetResult => ({
  ok: false,
  error: { ...sessionError(reason, message), missing },
});

/** `https://x.openai.azure.com/openai/v1/` → `https://x.openai.azure.com`. Throws on junk. */
export function azureBaseUrl(input: string): string {
  return normalizeServerUrl(input).replace(/\/openai(\/v1)?$/i, '');
}

/** Picks the mint URL, headers and calls URL for the configured mode. */
export function mintTarget(settings: Settings, secret: string): TargetResult {
  const bearer = (s: string): Record<string, string> => (s ? { Authorization: `Bearer ${s}` } : {});
  switch (settings.mode) {
    case 'token-server': {
      if (!settings.tokenServerUrl.trim()) return notSetUp('bad-request', 'token-server-url', t('connection.noTokenServer'));
      if (!secret) return notSetUp('auth', 'access-token', t('connection.noAccessToken'));
      const base = settings.tokenServerUrl;
      return { ok: true, target: { mode: 'token-server', baseUrl: base, ...urls(realtimeUrls(base)), headers: bearer(secret) } };
    }
    case 'local': {
      const base = settings.localServerUrl || 'http://127.0.0.1:8787';
      return { ok: true, target: { mode: 'local', baseUrl: base, ...urls(realtimeUrls(base)), headers: {} } };
    }
    case 'azure': {
      if (!settings.azureResourceUrl.trim()) return notSetUp('bad-request', 'azure-resource', t('connection.noAzure'));
      if (!settings.azureDeployment.trim()) return notSetUp('bad-request', 'azure-deployment', t('connection.noAzure'));
      if (!secret) return notSetUp('auth', 'azure-key', t('connection.noAzureKey'));
      const base = settings.azureResourceUrl;
      return {
        ok: true,
        target: {
          mode: 'azure',
          baseUrl: base,
          clientSecretsUrl: `${base}/openai/v1/realtime/client_secrets`,
          callsUrl: `${base}/openai/v1/realtime/calls`,
          // Azure accepts the raw key only here; the calls endpoint needs the ephemeral key.
          headers: { 'api-key': secret },
          model: settings.azureDeployment.trim(),
        },
      };
    }
    default: {
      const base = settings.serverUrl;
      // No key = an open local server (the demo); OpenAI itself will answer 401.
      return { ok: true, target: { mode: 'openai', baseUrl: base, ...urls(realtimeUrls(base)), headers: bearer(secret) } };
    }
  }
}

const urls = (u: { clientSecrets: string; calls: string }) => ({ clientSecretsUrl: u.clientSecrets, callsUrl: u.calls });

/**
 * The input transcription model a session asks for under these settings; null = none. Azure needs
 * a deployment name there (an OpenAI model id fails every turn, or the mint), so Azure mode uses
 * only its own field; mint and `session.update` both take this, and so does Test connection.
 */
export function transcriptionModelFor(settings: Settings): string | null {
  const chosen = (settings.mode === 'azure' ? settings.azureTranscriptionDeployment : settings.transcriptionModel).trim();
  return !chosen || chosen === TRANSCRIPTION_OFF ? null : chosen;
}

/** The `fetch` init of the mint request. */
export function mintRequestInit(target: MintTarget, options: SessionOptions): RequestInit & { headers: Record<string, string>; body: string } {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...target.headers },
    body: JSON.stringify(buildClientSecretRequest(target.model ? { ...options, model: target.model } : options)),
  };
}

/**
 * A token server may put its own text in front of Hark's instructions. The session's effective
 * instructions (from the mint response) end with what Hark asked for; what comes before is the
 * server's prefix, which Hark keeps in front of every later `session.update`.
 */
export function serverInstructionsPrefix(requested: string, effective: unknown): string {
  if (typeof effective !== 'string' || effective.length <= requested.length || !effective.endsWith(requested)) return '';
  return effective.slice(0, effective.length - requested.length);
}

const PLACE: Record<ConnectionMode, MessageKey> = {
  openai: 'connection.place.openai',
  'token-server': 'connection.place.tokenServer',
  local: 'connection.place.local',
  azure: 'connection.place.azure',
};

/**
 * Rewords a mint failure for the mode (an "API key" is an access token on a token server, …).
 * `secretSent`: false when the request went without a key (personal-key mode with none saved, for
 * an open server): a 401 then means a key is needed, not that one was rejected.
 */
export function explainMintError(target: Pick<MintTarget, 'mode' | 'baseUrl'>, error: SessionError, secretSent = true): SessionError {
  const said = serverSaidPattern().exec(error.message)?.[0] ?? '';
  const reword = (message: string): SessionError => ({ ...error, message: `${message}${said}` });
  const { mode, baseUrl } = target;
  if (error.reason === 'network') {
    return { ...error, message: t('connection.unreachable', { what: t(PLACE[mode]), url: baseUrl }) };
  }
  if (mode === 'openai' && !secretSent && error.reason === 'auth') return { ...reword(t('connection.noApiKey')), missing: 'api-key' };
  if (mode === 'token-server') {
    if (error.reason === 'auth') return reword(t('connection.tokenRejected'));
    if (error.reason === 'forbidden') return reword(t('connection.tokenForbidden'));
    if (error.reason === 'rate-limited') {
      const wait = error.retryAfterMs != null ? ` ${t('connection.tryAgainIn', { s: Math.ceil(error.retryAfterMs / 1000) })}` : '';
      return reword(t('connection.tokenRateLimited') + wait);
    }
  }
  if (mode === 'azure') {
    if (error.reason === 'auth') return reword(t('connection.azureRejected'));
    if (error.reason === 'forbidden') return reword(t('connection.azureForbidden'));
  }
  return error;
}

/**
 * An origin Hark refused that the user may allow, on a screen that names it (lib/secret-origin.ts):
 * `secret`: that secret may be sent there; `calls`: the configured server may route its calls
 * (ephemeral keys, microphone) there.
 */
export type OriginToConfirm = { use: 'secret'; kind: SecretKind; origin: string } | { use: 'calls'; origin: string };

/** The base URL of the server the mode mints at (null when unset or refused). */
export function modeServerUrl(settings: Settings): string | null {
  const kind = SECRET_FOR_MODE[settings.mode];
  if (kind) return secretTargetUrl(kind, settings);
  try {
    return normalizeServerUrl(settings.localServerUrl || 'http://127.0.0.1:8787');
  } catch {
    return null;
  }
}

export { describeTest, type ConnectionTestResult, type TestOutcome } from './connection-test';
