/** The options page's microphone section: shows the permission and asks for it (this page can show the prompt). */
import { useEffect, useState } from 'preact/hooks';
import { queryMicPermission, requestMicrophone, type MicPermission } from './microphone';

export function MicrophoneSection() {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  const [message, setMessage] = useState<string | null>(null);
  const ask = async () => {
    const problem = await requestMicrophone();
    setMessage(problem ?? 'Microphone allowed. You can close this tab; Hark is connecting.');
    setPermission(await queryMicPermission());
    if (!problem && location.hash === '#microphone') window.close();
  };
  useEffect(() => {
    void queryMicPermission().then(setPermission);
    // Opened by the worker because a session needs the mic: ask right away.
    if (location.hash === '#microphone') void ask();
  }, []);
  return (
    <fieldset id="microphone">
      <legend>Microphone</legend>
      <p>
        Permission: <strong data-permission={permission}>{permission}</strong>
      </p>
      <button type="button" onClick={ask}>
        Allow microphone
      </button>
      {message && <p role="status">{message}</p>}
      {permission === 'denied' && (
        <p class="hint">Blocked. Open chrome://settings/content/microphone, allow Hark, then press the button again.</p>
      )}
    </fieldset>
  );
}
