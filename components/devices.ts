/**
 * The browser side of choosing the microphone and speaker, for the options page and the side
 * panel's preferences. Devices are listed in those pages, not in the offscreen document: both are
 * Hark's origin, and Chromium shows device names only to an origin holding the microphone
 * permission (the options page asks for it; a conversation needs it), so once given, both lists
 * have names. The offscreen document has no storage and exists only during a conversation. Ids
 * are per origin, and these pages share Hark's with the offscreen document, so an id saved here
 * opens the same device there.
 */
import type { DeviceChoice, DeviceInfo } from '@/lib/audio/devices';
import { getSettings, settingsItem } from '@/lib/state/storage';
import { serial } from '@/lib/serial';

export async function listDevices(): Promise<DeviceInfo[]> {
  const all = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
  return all.map(({ kind, deviceId, label }) => ({ kind, deviceId, label }));
}

/** Whether this browser can send an audio element to a chosen speaker (Chrome 110+ in every document). */
export const canChooseOutput = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

const oneAtATime = serial();

/** Saved at once, keeping whatever else is in the settings (the side panel edits them too). */
export const saveDevices = (patch: Partial<DeviceChoice>): Promise<void> =>
  oneAtATime(async () => settingsItem.setValue({ ...(await getSettings()), ...patch }));
