import { useEffect, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { settingsItem } from '@/lib/state/storage';
import { DEFAULT_SETTINGS, normalizeServerUrl, VOICES, type Settings } from '@/lib/settings';
import { queryMicPermission, requestMicrophone, type MicPermission } from './microphone';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [keyDraft, setKeyDraft] = useState('');
  const [keySaved, setKeySaved] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    void bg.sendMessage('bg:hasApiKey', undefined).then((r) => setKeySaved(r.saved));
  }, []);

  const field = (k: keyof Settings) => (e: Event) => setSettings({ ...settings, [k]: (e.target as HTMLInputElement).value });

  const save = async (e: Event) => {
    e.preventDefault();
    let serverUrl: string;
    try {
      serverUrl = normalizeServerUrl(settings.serverUrl);
    } catch {
      setStatus({ ok: false, text: `"${settings.serverUrl}" is not a valid URL.` });
      return;
    }
    const next = { ...settings, serverUrl, model: settings.model.trim() || DEFAULT_SETTINGS.model };
    await settingsItem.setValue(next);
    setSettings(next);
    if (keyDraft.trim()) {
      setKeySaved((await bg.sendMessage('bg:saveApiKey', { key: keyDraft })).saved);
      setKeyDraft(''); // the page never keeps the key
    }
    setStatus({ ok: true, text: 'Saved.' });
  };

  const removeKey = async () => {
    setKeySaved((await bg.sendMessage('bg:saveApiKey', { key: '' })).saved);
    setStatus({ ok: true, text: 'Key removed.' });
  };

  return (
    <main>
      <h1>Hark settings</h1>
      <form onSubmit={save}>
        <fieldset>
          <legend>Connection</legend>
          <label for="api-key">OpenAI API key</label>
          <input
            id="api-key"
            type="password"
            autocomplete="off"
            placeholder={keySaved ? 'A key is saved (hidden). Type to replace it.' : 'sk-…'}
            value={keyDraft}
            onInput={(e) => setKeyDraft((e.target as HTMLInputElement).value)}
          />
          <p class="hint">
            Kept by the extension's service worker only; pages and the side panel never see it. Leave empty for a local
            server that needs no key.
          </p>
          {keySaved && (
            <button type="button" onClick={removeKey}>
              Remove saved key
            </button>
          )}
          <label for="server-url">Server URL</label>
          <input id="server-url" type="text" value={settings.serverUrl} onInput={field('serverUrl')} />
          <label for="model">Model</label>
          <input id="model" type="text" value={settings.model} onInput={field('model')} />
          <label for="voice">Voice</label>
          <select id="voice" value={settings.voice} onChange={field('voice')}>
            {VOICES.map((v) => (
              <option value={v}>{v}</option>
            ))}
          </select>
          <button type="submit">Save</button>
          {status && (
            <p role="status" class={status.ok ? 'ok' : 'bad'}>
              {status.text}
            </p>
          )}
        </fieldset>
      </form>
      <MicrophoneSection />
    </main>
  );
}

function MicrophoneSection() {
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
