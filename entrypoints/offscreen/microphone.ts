/**
 * Opens the microphone. The offscreen document cannot show a permission prompt; when permission
 * was never given, getUserMedia fails with "Permission dismissed" and the worker opens the
 * permission page instead.
 */
import { classifyMediaError, type SessionError } from '@/lib/errors';
import { registerStream } from './media-registry';

export type MicResult = { ok: true; stream: MediaStream } | { ok: false; error: SessionError };

export async function openMicrophone(): Promise<MicResult> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    return { ok: true, stream: registerStream(stream) };
  } catch (e) {
    const err = e as DOMException;
    return { ok: false, error: classifyMediaError(err?.name ?? 'Error', err?.message ?? String(e)) };
  }
}

export function releaseMicrophone(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
