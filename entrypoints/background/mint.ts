/**
 * Mints an ephemeral client secret with the user's long-lived key. This is the only place the
 * long-lived key is used; what leaves the service worker is the short-lived `ek_…` value.
 */
import { buildClientSecretRequest, type SessionOptions } from '@/lib/protocol/realtime';
import { classifyHttpError, sessionError, type SessionError } from '@/lib/errors';
import { realtimeUrls } from '@/lib/settings';

export type MintResult = { ok: true; value: string; expiresAt: number } | { ok: false; error: SessionError };

export async function mintEphemeralKey(serverUrl: string, apiKey: string, options: SessionOptions): Promise<MintResult> {
  let res: Response;
  try {
    res = await fetch(realtimeUrls(serverUrl).clientSecrets, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify(buildClientSecretRequest(options)),
    });
  } catch {
    return { ok: false, error: sessionError('network', `Could not reach ${serverUrl}. Check the Server URL and your connection.`) };
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) {
    return { ok: false, error: classifyHttpError(res.status, body, res.headers.get('retry-after'), 'minting a session key') };
  }
  try {
    const data = JSON.parse(body) as { value?: unknown; expires_at?: unknown };
    if (typeof data.value !== 'string' || !data.value) throw new Error('no value');
    return { ok: true, value: data.value, expiresAt: Number(data.expires_at) || 0 };
  } catch {
    return { ok: false, error: sessionError('protocol', 'The server answered the key request with something Hark cannot use.') };
  }
}
