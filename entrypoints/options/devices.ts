/**
 * The options page's side of choosing the microphone and speaker. Devices are listed here, not in
 * the offscreen document: this is the page that asks for the microphone permission (it can show
 * the prompt), and Chromium shows device names only to an origin holding it, so right after
 * "Allow" the list has names. The offscreen document has no storage and exists only during a
 * conversation; the side panel is too narrow for two more selects. Ids are per origin, and this
 * page and the offscreen document share Hark's, so an id saved here opens the same device there.
 */
import type { DeviceChoice, DeviceInfo } from '@/lib/audio/devices';
import { getSettings, settingsItem } from '@/lib/state/storage';
import { serial } from '@/lib/serial';

export async function listDevices(): Promise<DeviceInfo[]> {
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  return all.map(({ kind, deviceId, label }) => ({ kind, deviceId, label }));
}

/** Whether this browser can send an audio element to a chosen speaker (Chrome 110+ in every document). */
export const canChooseOutput = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

const oneAtATime = serial();

/** Saved at once, keeping whatever else is in the settings (the side panel edits them too). */
export const saveDevices = (patch: Partial<DeviceChoice>): Promise<void> =>
  oneAtATime(async () => settingsItem.setValue({ ...(await getSettings()), ...patch }));
