/**
 * Mints an ephemeral client secret with the long-lived secret of the configured mode (API key,
 * token server access token, Azure api-key). This is the only place a long-lived secret is used;
 * what leaves the service worker is the short-lived `ek_…` value. A fresh one per connect.
 */
import { type SessionOptions } from '@/lib/realtime/protocol';
import { classifyHttpError, sessionError, unreachableError, type SessionError } from '@/lib/errors';
import { type Settings } from '@/lib/settings';
import { t } from '@/lib/i18n';
import {
  SECRET_FOR_MODE, SECRET_LABEL, describeTest, explainMintError, mintRequestInit, mintTarget, serverInstructionsPrefix, transcriptionModelFor,
  type ConnectionTestResult, type MintTarget, type OriginToConfirm,
} from '@/lib/connection';
import { callsOrigins, checkCallsUrl, checkSecretUse, transportProblem } from '@/lib/secret-origin';
import { serverPrefixItem } from '@/lib/state/worker';
import { previewSessionOptions, type PreviewMint } from '@/lib/voice/preview';
import { confirmedCallsFor, noteRefusedCalls, readSecret } from './secret-store';
import { renewSignIn } from './sign-in';

export type MintResult =
  | {
      ok: true;
      value: string;
      expiresAt: number;
      /** Where the offscreen document posts its SDP offer (`calls_url` of the response, else derived). */
      callsUrl: string;
      /** The origins the ephemeral key may go to (checked again by the offscreen document). */
      trustedOrigins: string[];
      /** The session's instructions as the server set them (a token server may prefix its own). */
      instructions?: string;
    }
  | { ok: false; error: SessionError; confirm?: OriginToConfirm };

/** Scrubs a secret out of text that came back from a server (a server could echo it). */
const scrub = (text: string, secret: string) => (secret.length >= 4 ? text.split(secret).join('[redacted]') : text);

/** The mint request, sent only if the target and its secret pass every origin rule. */
type Gated = { ok: true; target: MintTarget; secret: string; confirmedCalls: string[] } | { ok: false; error: SessionError; confirm?: OriginToConfirm };

/**
 * Picks the target for the saved settings and checks it again here (the options page checked it
 * too): no plain http off this computer, and the mode's secret only to an origin it is allowed.
 */
async function gate(settings: Settings): Promise<Gated> {
  const kind = SECRET_FOR_MODE[settings.mode];
  // An organisation sign-in about to expire is renewed first (or the user is told to sign in again).
  const expired = settings.mode === 'token-server' ? await renewSignIn() : null;
  if (expired) return { ok: false, error: sessionError('auth', expired) };
  const secret = kind ? await readSecret(kind, settings) : null;
  const picked = mintTarget(settings, secret?.value ?? '');
  if (!picked.ok) return picked;
  const { target } = picked;
  const insecure = transportProblem(target.clientSecretsUrl) ?? transportProblem(target.callsUrl);
  if (insecure) return { ok: false, error: sessionError('bad-request', insecure) };
  if (kind && secret) {
    const use = checkSecretUse(secret, target.clientSecretsUrl, SECRET_LABEL[kind]);
    if (!use.ok) {
      const confirm = 'origin' in use ? { use: 'secret' as const, kind, origin: use.origin } : undefined;
      return { ok: false, error: sessionError('bad-request', use.message), confirm };
    }
  }
  return { ok: true, target, secret: secret?.value ?? '', confirmedCalls: await confirmedCallsFor(new URL(target.clientSecretsUrl).origin) };
}

async function mintWithTarget(target: MintTarget, options: SessionOptions, secret: string, confirmedCalls: string[]): Promise<MintResult> {
  // Sent without a key (personal-key mode, none saved): a 401 then asks for one, nothing was rejected.
  const fail = (error: SessionError): MintResult => ({ ok: false, error: explainMintError(target, { ...error, message: scrub(error.message, secret) }, secret !== '') });
  let res: Response;
  try {
    res = await fetch(target.clientSecretsUrl, { ...mintRequestInit(target, options), redirect: 'error' });
  } catch {
    return fail(unreachableError(target.clientSecretsUrl, t('mint.unreachable', { server: target.baseUrl })));
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) {
    return fail(classifyHttpError(res.status, body, res.headers.get('retry-after'), 'minting a session key'));
  }
  let data: { value?: unknown; expires_at?: unknown; calls_url?: unknown; session?: { instructions?: unknown } };
  try {
    data = JSON.parse(body);
    if (typeof data.value !== 'string' || !data.value) throw new Error('no value');
  } catch {
    return fail(sessionError('protocol', t('mint.unusable')));
  }
  const calls = checkCallsUrl(data.calls_url, target.callsUrl, confirmedCalls);
  if (!calls.ok) {
    // Only an origin this worker itself refused can be confirmed (secret-store.ts).
    if (calls.origin) await noteRefusedCalls(new URL(target.clientSecretsUrl).origin, calls.origin);
    const confirm = calls.origin ? { use: 'calls' as const, origin: calls.origin } : undefined;
    const how = confirm ? ` ${t('mint.allowCalls', { origin: calls.origin })}` : '';
    const error = explainMintError(target, sessionError('protocol', calls.message + how));
    return { ok: false, error, ...(confirm ? { confirm } : {}) };
  }
  const trustedOrigins = callsOrigins(target.callsUrl, confirmedCalls);
  const instructions = typeof data.session?.instructions === 'string' ? data.session.instructions : undefined;
  return { ok: true, value: data.value as string, expiresAt: Number(data.expires_at) || 0, callsUrl: calls.url, trustedOrigins, instructions };
}

/** Mints for the configured mode, reading that mode's secret here and nowhere else. */
export async function mintForSettings(settings: Settings, options: SessionOptions): Promise<MintResult> {
  const gated = await gate(settings);
  if (!gated.ok) return gated;
  const minted = await mintWithTarget(gated.target, options, gated.secret, gated.confirmedCalls);
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

/** "Test connection": a real mint with the saved settings, under the same rules; the key is dropped at once. */
export async function testConnection(settings: Settings): Promise<ConnectionTestResult> {
  const gated = await gate(settings);
  if (!gated.ok) return describeTest(null, gated);
  // The same model, transcription and speed as a real session, so a wrong Azure transcription
  // deployment (or a speed the server refuses) fails here and not on the first conversation.
  const options: SessionOptions = {
    model: settings.model,
    voice: settings.voice,
    instructions: 'Connection test from Hark settings.',
    transcriptionModel: transcriptionModelFor(settings),
    speed: settings.speed,
  };
  const minted = await mintWithTarget(gated.target, options, gated.secret, gated.confirmedCalls);
  return describeTest(gated.target, minted.ok ? { ok: true, expiresAt: minted.expiresAt } : minted);
}

/**
 * Voice preview (lib/voice/preview.ts): a key for one short call with `voice`, under the same
 * rules as a conversation. Not `mintForSettings`: a preview must not touch the live session's
 * instructions prefix.
 */
export async function mintPreview(settings: Settings, voice: string): Promise<PreviewMint> {
  const gated = await gate(settings);
  if (!gated.ok) return { ok: false, error: gated.error };
  const minted = await mintWithTarget(gated.target, previewSessionOptions(settings, voice), gated.secret, gated.confirmedCalls);
  if (!minted.ok) return { ok: false, error: minted.error };
  return { ok: true, ephemeralKey: minted.value, callsUrl: minted.callsUrl, trustedOrigins: minted.trustedOrigins };
}
