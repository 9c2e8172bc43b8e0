/** The options page's microphone section: shows the permission and asks for it (this page can show the prompt), and which devices to use. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { DEFAULT_DEVICES, type DeviceChoice } from '@/lib/audio/devices';
import { getSettings } from '@/lib/state/storage';
import { DevicePicker } from '@/components/DevicePicker';
import { saveDevices } from '@/components/devices';
import { queryMicPermission, requestMicrophone, type MicPermission } from './microphone';

export function MicrophoneSection({ onDevices }: { onDevices?(patch: Partial<DeviceChoice>): void }) {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  const [message, setMessage] = useState<string | null>(null);
  const [devices, setDevices] = useState<DeviceChoice>(DEFAULT_DEVICES);
  // Saved as soon as it is chosen; the settings form keeps its copy in step (`onDevices`).
  const choose = (patch: Partial<DeviceChoice>) => {
    setDevices((d) => ({ ...d, ...patch }));
    void saveDevices(patch).then(() => onDevices?.(patch));
  };
  const ask = async () => {
    const problem = await requestMicrophone();
    setMessage(problem ?? t('options.mic.allowed'));
    setPermission(await queryMicPermission());
    if (!problem && location.hash === '#microphone') window.close();
  };
  useEffect(() => {
    void queryMicPermission().then(setPermission);
    void getSettings().then(setDevices);
    // Opened by the worker because a session needs the mic: ask right away.
    if (location.hash === '#microphone') void ask();
  }, []);
  return (
    <section id="microphone" class="card" aria-labelledby="microphone-title">
      <h2 id="microphone-title">{t('options.mic.title')}</h2>
      <p>
        {t('options.mic.permission')} <strong data-permission={permission}>{t(`options.mic.state.${permission}`)}</strong>
      </p>
      {permission !== 'granted' && (
        <button type="button" onClick={ask}>
          {t('welcome.allow')}
        </button>
      )}
      {message && <p role="status">{message}</p>}
      {permission === 'denied' && (
        <p class="hint">{t('options.mic.blocked')}</p>
      )}
      <DevicePicker
        choice={devices}
        onChoose={choose}
        relistOn={permission}
        hints={{ named: t('options.devices.hint'), unnamed: t('options.devices.needPermission') }}
      />
    </section>
  );
}
