/**
 * Mints an ephemeral client secret with the long-lived secret of the configured mode (API key,
 * token server access token, Azure api-key). This is the only place a long-lived secret is used;
 * what leaves the service worker is the short-lived `ek_…` value. A fresh one per connect.
 */
import { type SessionOptions } from '@/lib/protocol/realtime';
import { classifyHttpError, sessionError, unreachableError, type SessionError } from '@/lib/errors';
import { realtimeUrls, type Settings } from '@/lib/settings';
import { storage } from 'wxt/utils/storage';
import {
  SECRET_FOR_MODE, describeTest, explainMintError, mintRequestInit, mintTarget, resolveCallsUrl, serverInstructionsPrefix,
  type ConnectionTestResult, type MintTarget,
} from '@/lib/connection';
import { secretItems } from '@/lib/state/secrets';

export type MintResult =
  | {
      ok: true;
      value: string;
      expiresAt: number;
      /** Where the offscreen document posts its SDP offer (`calls_url` of the response, else derived). */
      callsUrl: string;
      /** The session's instructions as the server set them (a token server may prefix its own). */
      instructions?: string;
    }
  | { ok: false; error: SessionError };

/** Kept for callers of the single-server form: mode 'openai' at `serverUrl`. */
export function mintEphemeralKey(serverUrl: string, apiKey: string, options: SessionOptions): Promise<MintResult> {
  const u = realtimeUrls(serverUrl);
  const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
  return mintWithTarget({ mode: 'openai', baseUrl: serverUrl, clientSecretsUrl: u.clientSecrets, callsUrl: u.calls, headers }, options, apiKey);
}

/** Scrubs a secret out of text that came back from a server (a server could echo it). */
const scrub = (text: string, secret: string) => (secret.length >= 4 ? text.split(secret).join('[redacted]') : text);

export async function mintWithTarget(target: MintTarget, options: SessionOptions, secret = ''): Promise<MintResult> {
  const fail = (error: SessionError): MintResult => ({ ok: false, error: explainMintError(target, { ...error, message: scrub(error.message, secret) }) });
  let res: Response;
  try {
    res = await fetch(target.clientSecretsUrl, mintRequestInit(target, options));
  } catch {
    return fail(unreachableError(target.clientSecretsUrl, `Could not reach ${target.baseUrl}. Check the Server URL and your connection.`));
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) {
    return fail(classifyHttpError(res.status, body, res.headers.get('retry-after'), 'minting a session key'));
  }
  try {
    const data = JSON.parse(body) as { value?: unknown; expires_at?: unknown; calls_url?: unknown; session?: { instructions?: unknown } };
    if (typeof data.value !== 'string' || !data.value) throw new Error('no value');
    const instructions = typeof data.session?.instructions === 'string' ? data.session.instructions : undefined;
    return { ok: true, value: data.value, expiresAt: Number(data.expires_at) || 0, callsUrl: resolveCallsUrl(data.calls_url, target.callsUrl), instructions };
  } catch {
    return fail(sessionError('protocol', 'The server answered the key request with something Hark cannot use.'));
  }
}

/**
 * What a token server put in front of Hark's instructions in the current session; later
 * `session.update`s keep it (the worker may restart between them, hence `session:` storage).
 */
const serverPrefixItem = storage.defineItem<string>('session:serverInstructionsPrefix', { fallback: '' });

/** Mints for the configured mode, reading that mode's secret here and nowhere else. */
export async function mintForSettings(settings: Settings, options: SessionOptions): Promise<MintResult> {
  const kind = SECRET_FOR_MODE[settings.mode];
  const secret = kind ? await secretItems[kind].getValue() : '';
  const picked = mintTarget(settings, secret);
  if (!picked.ok) return picked;
  const minted = await mintWithTarget(picked.target, options, secret);
  if (minted.ok) {
    const prefix = serverInstructionsPrefix(options.instructions, minted.instructions);
    await serverPrefixItem.setValue(prefix);
    minted.instructions = prefix + options.instructions;
  }
  return minted;
}

/** Page instructions as they must be sent in a `session.update` (with the server's prefix, if any). */
export async function withServerPrefix(instructions: string): Promise<string> {
  return (await serverPrefixItem.getValue()) + instructions;
}

/** "Test connection": a real mint with the saved settings; the key is dropped at once. */
export async function testConnection(settings: Settings): Promise<ConnectionTestResult> {
  const kind = SECRET_FOR_MODE[settings.mode];
  const secret = kind ? await secretItems[kind].getValue() : '';
  const picked = mintTarget(settings, secret);
  if (!picked.ok) return describeTest(null, picked);
  const options: SessionOptions = { model: settings.model, voice: settings.voice, instructions: 'Connection test from Hark settings.' };
  const minted = await mintWithTarget(picked.target, options, secret);
  return describeTest(picked.target, minted.ok ? { ok: true, expiresAt: minted.expiresAt } : minted);
}
