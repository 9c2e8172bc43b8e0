/** The options page's microphone section: shows the permission and asks for it (this page can show the prompt), and which devices to use. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { DeviceChoice } from '@/lib/audio/devices';
import { queryMicPermission, requestMicrophone, type MicPermission } from './microphone';
import { DevicePicker } from './DevicePicker';

export function MicrophoneSection({ onDevices }: { onDevices?(patch: Partial<DeviceChoice>): void }) {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  const [message, setMessage] = useState<string | null>(null);
  const ask = async () => {
    const problem = await requestMicrophone();
    setMessage(problem ?? t('options.mic.allowed'));
    setPermission(await queryMicPermission());
    if (!problem && location.hash === '#microphone') window.close();
  };
  useEffect(() => {
    void queryMicPermission().then(setPermission);
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
      <DevicePicker permission={permission} onSaved={onDevices} />
    </section>
  );
}
