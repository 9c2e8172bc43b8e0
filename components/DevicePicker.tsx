/**
 * Which microphone Hark listens with and which speaker it plays on, in the options page and in the
 * side panel's preferences (one component, so both lists behave alike). The caller holds the
 * choice and saves it. A saved device that is not plugged in stays listed as "not connected"; a
 * conversation then uses the default and says so (entrypoints/offscreen/microphone.ts). The
 * choice is read when a conversation starts: a live one keeps its microphone.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { deviceOptions, type DeviceChoice, type DeviceInfo, type DeviceKind } from '@/lib/audio/devices';
import { canChooseOutput, listDevices } from './devices';
import { inputValue } from './form-events';

export interface DevicePickerProps {
  choice: DeviceChoice;
  /** A device was chosen ('' = the system default); the caller saves it. */
  onChoose(patch: Partial<DeviceChoice>): void;
  /** Re-list when this changes: names appear once the microphone is allowed. */
  relistOn?: unknown;
  /** Under the lists: `named` when the browser shows device names, else `unnamed` (how to get them). */
  hints: { named: string; unnamed: string };
}

const NAMES = { systemDefault: t('options.devices.default'), unnamed: (n: number) => t('options.devices.unnamed', { n }) };

/** Chromium hides every name (and lists only the default) until the microphone is allowed. */
const namesShown = (devices: readonly DeviceInfo[]) => devices.some((d) => d.kind === 'audioinput' && d.label);

export function DevicePicker({ choice, onChoose, relistOn, hints }: DevicePickerProps) {
  const [devices, setDevices] = useState<DeviceInfo[]>([]);
  useEffect(() => {
    const refresh = () => void listDevices().then(setDevices);
    refresh();
    // Plugged in or out while this page is open: the lists follow.
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [relistOn]);

  const select = (kind: DeviceKind, id: string, savedId: string, savedLabel: string, label: string) => {
    const options = deviceOptions(devices, kind, { id: savedId, label: savedLabel }, NAMES);
    const pick = (e: Event) => {
      const value = inputValue(e);
      const name = value ? (options.find((o) => o.id === value)?.label ?? '') : '';
      onChoose(kind === 'audioinput' ? { micDeviceId: value, micLabel: name } : { outputDeviceId: value, outputLabel: name });
    };
    return (
      <>
        <label for={id}>{label}</label>
        <select id={id} value={savedId} onChange={pick}>
          {options.map((o) => (
            <option value={o.id}>{o.absent ? t('options.devices.absent', { label: o.label }) : o.label}</option>
          ))}
        </select>
      </>
    );
  };
  return (
    <div class="devices">
      {select('audioinput', 'mic-device', choice.micDeviceId, choice.micLabel, t('options.devices.mic'))}
      {canChooseOutput() && select('audiooutput', 'output-device', choice.outputDeviceId, choice.outputLabel, t('options.devices.output'))}
      <p class="hint devices-hint">{namesShown(devices) ? hints.named : hints.unnamed}</p>
    </div>
  );
}
