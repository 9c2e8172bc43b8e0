/**
 * Which microphone and which speaker a conversation uses (pure: the browser calls are passed in).
 * The choice is saved in the settings as a device id plus its label: ids are stable per origin in
 * Chromium (the options page and the offscreen document share Hark's origin), and the label names
 * a device that is not plugged in now. An empty id means "the system default", which is never
 * opened with an exact constraint, so it always works while any device is there.
 */
import { isRecord } from '../realtime/shape';

/** The user's choice; '' = the system default. */
export interface DeviceChoice {
  micDeviceId: string;
  micLabel: string;
  outputDeviceId: string;
  outputLabel: string;
}

export const DEFAULT_DEVICES: DeviceChoice = { micDeviceId: '', micLabel: '', outputDeviceId: '', outputLabel: '' };

/** The part of a `MediaDeviceInfo` used here. */
export interface DeviceInfo {
  kind: string;
  deviceId: string;
  label: string;
}

export type DeviceKind = 'audioinput' | 'audiooutput';

/** Chromium lists the default as its own entry named 'default' (and Windows a 'communications' one). */
const SYSTEM_IDS = new Set(['', 'default', 'communications']);

/** Whether `id` names one particular device (not "whatever the system uses"). */
export const isSpecific = (id: string | undefined): id is string => !!id && !SYSTEM_IDS.has(id);

/** The voice-friendly processing Hark always asks for, plus the chosen device when there is one. */
export function micConstraints(deviceId?: string): MediaTrackConstraints {
  const base: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  return isSpecific(deviceId) ? { ...base, deviceId: { exact: deviceId } } : base;
}

/**
 * Whether a failure to open or select a chosen device means "it is not here": an exact deviceId
 * that matches nothing is an OverconstrainedError for getUserMedia, a NotFoundError for setSinkId.
 */
export function deviceGone(error: unknown): boolean {
  const name = isRecord(error) ? error.name : undefined;
  return name === 'OverconstrainedError' || name === 'NotFoundError';
}

export interface Opened<T> {
  value: T;
  /** The chosen device was missing: the default was used instead (say so). */
  fellBack: boolean;
}

/**
 * Opens the chosen microphone; when it is gone, the default one. Any other failure (permission,
 * no microphone at all) is thrown as it is: the default would fail the same way.
 */
export async function openChosenMic<T>(deviceId: string | undefined, open: (c: MediaTrackConstraints) => Promise<T>): Promise<Opened<T>> {
  try {
    return { value: await open(micConstraints(deviceId)), fellBack: false };
  } catch (e) {
    if (!isSpecific(deviceId) || !deviceGone(e)) throw e;
    return { value: await open(micConstraints()), fellBack: true };
  }
}

/**
 * Sends playback to the chosen speaker; when it is gone (or the browser cannot choose), the
 * default. Resolves whether it fell back; never throws: sound on the default beats no sound.
 */
export async function selectChosenSink(deviceId: string | undefined, setSinkId: ((id: string) => Promise<void>) | undefined): Promise<{ fellBack: boolean }> {
  if (!setSinkId) return { fellBack: isSpecific(deviceId) };
  // The default is set too: an element may still play on the device chosen for an earlier call.
  const wanted = isSpecific(deviceId) ? deviceId : '';
  try {
    await setSinkId(wanted);
    return { fellBack: false };
  } catch {
    if (!wanted) return { fellBack: false };
    await setSinkId('').catch(() => {});
    return { fellBack: true };
  }
}

/** Whether the chosen device of `kind` is among `devices` (the default always is). */
export function isPresent(devices: readonly DeviceInfo[], kind: DeviceKind, deviceId: string): boolean {
  return !isSpecific(deviceId) || devices.some((d) => d.kind === kind && d.deviceId === deviceId);
}

export interface DeviceOption {
  id: string;
  label: string;
  /** Saved earlier, not plugged in now: kept in the list so the choice is not lost silently. */
  absent: boolean;
}

/**
 * The entries of a device list for `kind`: the system default first (id ''), then each device
 * by its label (`unnamed(n)` when the browser hides labels: no microphone permission yet), then
 * the saved device if it is missing now.
 */
export function deviceOptions(
  devices: readonly DeviceInfo[],
  kind: DeviceKind,
  saved: { id: string; label: string },
  names: { systemDefault: string; unnamed(n: number): string },
): DeviceOption[] {
  const own = devices.filter((d) => d.kind === kind && isSpecific(d.deviceId));
  const options: DeviceOption[] = [{ id: '', label: names.systemDefault, absent: false }];
  own.forEach((d, i) => options.push({ id: d.deviceId, label: d.label || names.unnamed(i + 1), absent: false }));
  if (isSpecific(saved.id) && !own.some((d) => d.deviceId === saved.id)) {
    options.push({ id: saved.id, label: saved.label || names.unnamed(own.length + 1), absent: true });
  }
  return options;
}
