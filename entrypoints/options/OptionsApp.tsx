import { useEffect, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { settingsItem } from '@/lib/state/storage';
import { DEFAULT_SETTINGS, normalizeServerUrl, VOICES, withDefaults, type Settings } from '@/lib/settings';
import { PLACEHOLDERS, MAX_TEMPLATE_CHARS } from '@/lib/page/instructions';
import type { SiteRules } from '@/lib/page/site-rules';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
import { queryMicPermission, requestMicrophone, type MicPermission } from './microphone';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [keyDraft, setKeyDraft] = useState('');
  const [keySaved, setKeySaved] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void settingsItem.getValue().then((saved) => setSettings(withDefaults(saved)));
    void bg.sendMessage('bg:hasApiKey', undefined).then((r) => setKeySaved(r.saved));
  }, []);

  const field = (k: keyof Settings) => (e: Event) => setSettings({ ...settings, [k]: (e.target as HTMLInputElement).value });
  const rule = <K extends keyof SiteRules>(k: K, v: SiteRules[K]) => setSettings({ ...settings, siteRules: { ...settings.siteRules, [k]: v } });
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  const text = (e: Event) => (e.target as HTMLTextAreaElement).value;

  const save = async (e: Event) => {
    e.preventDefault();
    let serverUrl: string;
    try {
      serverUrl = normalizeServerUrl(settings.serverUrl);
    } catch {
      setStatus({ ok: false, text: `"${settings.serverUrl}" is not a valid URL.` });
      return;
    }
    const next = {
      ...settings,
      serverUrl,
      model: settings.model.trim() || DEFAULT_SETTINGS.model,
      instructionsTemplate: settings.instructionsTemplate.slice(0, MAX_TEMPLATE_CHARS),
      transcriptionLanguage: settings.transcriptionLanguage.trim().toLowerCase(),
    };
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
        </fieldset>
        <fieldset>
          <legend>Privacy: which pages Hark may read</legend>
          <label for="never-send">Never send these sites (one per line, e.g. mybank.com)</label>
          <textarea
            id="never-send"
            rows={3}
            value={settings.siteRules.neverSend.join('\n')}
            onInput={(e) => rule('neverSend', lines(text(e)))}
          />
          <label class="check">
            <input type="checkbox" checked={settings.siteRules.allowlistOnly} onChange={(e) => rule('allowlistOnly', checked(e))} />
            Only read sites on my allowlist
          </label>
          <label for="allowlist">Allowlist (one per line)</label>
          <textarea id="allowlist" rows={3} value={settings.siteRules.allowlist.join('\n')} onInput={(e) => rule('allowlist', lines(text(e)))} />
          <label class="check">
            <input type="checkbox" checked={settings.siteRules.allowIncognito} onChange={(e) => rule('allowIncognito', checked(e))} />
            Read pages in incognito windows
          </label>
          <label class="check">
            <input type="checkbox" checked={settings.siteRules.allowFileUrls} onChange={(e) => rule('allowFileUrls', checked(e))} />
            Read local files (file://)
          </label>
          <p class="hint">Form fields and passwords are never read. E-mail addresses, phone numbers, card numbers, IBANs and keys are replaced before anything is sent.</p>
        </fieldset>
        <fieldset>
          <legend>Assistant</legend>
          <label for="template">Your instructions (optional)</label>
          <textarea id="template" rows={4} maxLength={MAX_TEMPLATE_CHARS} value={settings.instructionsTemplate} onInput={field('instructionsTemplate')} />
          <p class="hint">Placeholders: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}. Hark's safety rules always come first.</p>
          <label for="language">Transcription language</label>
          <input id="language" type="text" placeholder="auto (the page's, then your browser's)" value={settings.transcriptionLanguage} onInput={field('transcriptionLanguage')} />
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
