/**
 * Asks for the microphone from a visible page: offscreen documents and side panels cannot show
 * the permission prompt, and the permission, once given here, covers the whole extension origin.
 */
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { classifyMediaError } from '@/lib/errors';

export type MicPermission = 'granted' | 'denied' | 'prompt' | 'unknown';

export async function queryMicPermission(): Promise<MicPermission> {
  try {
    return (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state;
  } catch {
    return 'unknown';
  }
}

/** Returns null on success, or a message saying what went wrong and how to fix it. */
export async function requestMicrophone(): Promise<string | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((t) => t.stop()); // only the permission was wanted
    await bg.sendMessage('bg:micPermission', { granted: true });
    return null;
  } catch (e) {
    const err = e as DOMException;
    const error = classifyMediaError(err?.name ?? 'Error', err?.message ?? '');
    if (error.reason === 'mic-denied' || error.reason === 'mic-permission-needed') {
      await bg.sendMessage('bg:micPermission', { granted: false }).catch(() => {});
    }
    return error.message;
  }
}
