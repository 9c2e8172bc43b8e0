/**
 * Opens the microphone: the one chosen in the settings, or the default when it is not plugged in
 * (lib/audio/devices.ts decides). The offscreen document cannot show a permission prompt; when
 * permission was never given, getUserMedia fails with "Permission dismissed" and the worker opens
 * the permission page instead.
 */
import { classifyMediaError, type SessionError } from '@/lib/errors';
import { openChosenMic } from '@/lib/audio/devices';
import { registerStream } from './media-registry';

/** `fellBack`: the chosen microphone was missing and the default one opened instead. */
export type MicResult = { ok: true; stream: MediaStream; fellBack: boolean } | { ok: false; error: SessionError };

export async function openMicrophone(deviceId?: string): Promise<MicResult> {
  try {
    const { value, fellBack } = await openChosenMic(deviceId, (audio) => navigator.mediaDevices.getUserMedia({ audio }));
    return { ok: true, stream: registerStream(value), fellBack };
  } catch (e) {
    const err = e as DOMException;
    return { ok: false, error: classifyMediaError(err?.name ?? 'Error', err?.message ?? String(e)) };
  }
}

export function releaseMicrophone(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
