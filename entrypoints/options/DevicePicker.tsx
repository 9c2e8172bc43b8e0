/**
 * Which microphone Hark listens with and which speaker it plays on: saved as soon as it is
 * chosen. A saved device that is not plugged in stays listed as "not connected"; a conversation
 * then uses the default and says so (entrypoints/offscreen/microphone.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { chosenOption, inputValue } from '@/components/form-events';
import { DEFAULT_DEVICES, deviceOptions, type DeviceChoice, type DeviceInfo, type DeviceKind } from '@/lib/audio/devices';
import { getSettings } from '@/lib/state/storage';
import { canChooseOutput, listDevices, saveDevices } from './devices';

interface Props {
  /** Re-list when the permission changes: names appear once it is granted. */
  permission: string;
  /** The choice was saved (the options form keeps its copy of the settings in step). */
  onSaved?(patch: Partial<DeviceChoice>): void;
}

const NAMES = { systemDefault: t('options.devices.default'), unnamed: (n: number) => t('options.devices.unnamed', { n }) };

export function DevicePicker({ permission, onSaved }: Props) {
  const [devices, setDevices] = useState<DeviceInfo[]>([]);
  const [choice, setChoice] = useState<DeviceChoice>(DEFAULT_DEVICES);
  useEffect(() => {
    const refresh = () => void listDevices().then(setDevices);
    void getSettings().then(setChoice);
    refresh();
    // Plugged in or out while this page is open: the lists follow.
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [permission]);

  const pick = (kind: DeviceKind) => (e: Event) => {
    const id = inputValue(e);
    const label = id ? (chosenOption(e)?.dataset.label ?? '') : '';
    const patch: Partial<DeviceChoice> = kind === 'audioinput' ? { micDeviceId: id, micLabel: label } : { outputDeviceId: id, outputLabel: label };
    setChoice({ ...choice, ...patch });
    void saveDevices(patch).then(() => onSaved?.(patch));
  };
  const select = (kind: DeviceKind, id: string, savedId: string, savedLabel: string, label: string) => (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={savedId} onChange={pick(kind)}>
        {deviceOptions(devices, kind, { id: savedId, label: savedLabel }, NAMES).map((o) => (
          <option value={o.id} data-label={o.label}>
            {o.absent ? t('options.devices.absent', { label: o.label }) : o.label}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <div class="devices">
      {select('audioinput', 'mic-device', choice.micDeviceId, choice.micLabel, t('options.devices.mic'))}
      {canChooseOutput() && select('audiooutput', 'output-device', choice.outputDeviceId, choice.outputLabel, t('options.devices.output'))}
      <p class="hint">{permission === 'granted' ? t('options.devices.hint') : t('options.devices.needPermission')}</p>
    </div>
  );
}
