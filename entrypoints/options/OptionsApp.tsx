import { useEffect, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { getSettings, settingsItem } from '@/lib/state/storage';
import { normalizeSettings } from '@/lib/normalize-settings';
import { DEFAULT_SETTINGS, VOICES, type ConnectionMode, type Settings } from '@/lib/settings';
import { SECRET_KINDS, secretTargetUrl, type ConnectionTestResult, type SecretKind } from '@/lib/connection';
import type { SecretStatus } from '@/lib/secret-origin';
import { OriginWarning, SecretField } from './SecretField';
import { PLACEHOLDERS, MAX_TEMPLATE_CHARS } from '@/lib/page/instructions';
import type { SiteRules } from '@/lib/page/site-rules';
import { REALTIME_MODELS, SPEED, TRANSCRIPTION_MODELS, TRANSCRIPTION_OFF } from '@/lib/models';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
import { MicrophoneSection } from './MicrophoneSection';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  // Secrets typed here go to the service worker on Save and are cleared from the page at once;
  // the page only ever learns *whether* one is saved.
  const [drafts, setDrafts] = useState<Record<SecretKind, string>>(NO_DRAFTS);
  // Whether each secret is saved, and whether it may go where the saved settings say.
  const [secretStatus, setSecretStatus] = useState<Record<SecretKind, SecretStatus>>(NONE_SAVED);
  const refreshSecrets = async () => setSecretStatus(await bg.sendMessage('bg:secretStatus', undefined));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | 'testing' | null>(null);
  // The speed as typed (null = untouched): kept as text so "1." is not re-rendered as "1" mid-typing.
  const [speedText, setSpeedText] = useState<string | null>(null);

  useEffect(() => {
    void getSettings().then(setSettings);
    void refreshSecrets();
  }, []);

  const field = (k: keyof Settings) => (e: Event) => setSettings({ ...settings, [k]: (e.target as HTMLInputElement).value });
  const rule = <K extends keyof SiteRules>(k: K, v: SiteRules[K]) => setSettings({ ...settings, siteRules: { ...settings.siteRules, [k]: v } });
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  const text = (e: Event) => (e.target as HTMLTextAreaElement).value;

  /** Saves the form: true, a warning to show with "Saved.", or false (message shown) when invalid. */
  const persist = async (): Promise<boolean | string> => {
    let warning = '';
    const normalized = normalizeSettings(settings, speedText);
    if (!normalized.ok) {
      setStatus({ ok: false, text: normalized.error });
      return false;
    }
    const next = normalized.settings;
    // Azure's CORS for extension origins is not something to count on: ask for that one origin
    // (covered by the optional <all_urls> host permission).
    if (next.mode === 'azure' && next.azureResourceUrl) {
      const origins = [`${new URL(next.azureResourceUrl).origin}/*`];
      // request() first (no await before it): it needs the click's user gesture; it answers
      // true at once when the origin is already granted.
      const granted = await chrome.permissions.request({ origins }).catch(() => false);
      if (!granted) warning = `Hark may not reach ${next.azureResourceUrl} until you allow it.`;
    }
    await settingsItem.setValue(next);
    setSettings(next);
    setSpeedText(null);
    // Each secret is bound (by the worker) to the origin just saved for it; the page names the
    // origin it expects so that a change made meanwhile elsewhere saves nothing.
    const errors: string[] = [];
    for (const kind of SECRET_KINDS) {
      if (!drafts[kind].trim()) continue;
      const url = secretTargetUrl(kind, next);
      const r = await bg.sendMessage('bg:saveSecret', { kind, value: drafts[kind], origin: url ? new URL(url).origin : undefined });
      if (r.error) errors.push(r.error);
    }
    setDrafts(NO_DRAFTS); // the page never keeps a secret
    await refreshSecrets();
    if (errors.length) {
      setStatus({ ok: false, text: errors.join(' ') });
      return false;
    }
    return warning || true;
  };
  const showSaved = (r: boolean | string) => setStatus(r === true ? { ok: true, text: 'Saved.' } : { ok: false, text: `Saved. ${r}` });

  const save = async (e: Event) => {
    e.preventDefault();
    setTest(null);
    const r = await persist();
    if (r) showSaved(r);
  };

  /** Saves, then has the service worker mint (and drop) a real key with what was saved. */
  const testConnection = async () => {
    setTest('testing');
    const r = await persist();
    if (!r) return setTest(null);
    showSaved(r);
    setTest(await bg.sendMessage('bg:testConnection', undefined));
  };

  const forget = (kind: SecretKind) => async () => {
    await bg.sendMessage('bg:saveSecret', { kind, value: '' });
    await refreshSecrets();
    setStatus({ ok: true, text: kind === 'token-server' ? 'Access token removed.' : 'Key removed.' });
  };

  const confirmed = async (r: { ok: boolean; message: string }) => {
    setTest(null);
    setStatus({ ok: r.ok, text: r.message });
    await refreshSecrets();
  };
  const secretField = (kind: SecretKind, id: string, label: string, placeholder: string, hint: string) => (
    <SecretField
      {...{ kind, id, label, placeholder, hint }}
      status={secretStatus[kind]}
      draft={drafts[kind]}
      onDraft={(value) => setDrafts({ ...drafts, [kind]: value })}
      onForget={forget(kind)}
      onConfirmed={confirmed}
    />
  );
  const mode = settings.mode;

  return (
    <main>
      <h1>Hark settings</h1>
      <form onSubmit={save}>
        <fieldset>
          <legend>Connection</legend>
          <div role="radiogroup" aria-label="Connection" class="modes">
            {MODES.map(([value, label]) => (
              <label class="check" key={value}>
                <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setSettings({ ...settings, mode: value })} />
                {label}
              </label>
            ))}
          </div>
          {mode === 'openai' && (
            <>
              {secretField('openai', 'api-key', 'OpenAI API key', 'sk-…', "Kept by the extension's service worker only; pages and the side panel never see it. Leave empty for a local server that needs no key.")}
              <label for="server-url">Server URL</label>
              <input id="server-url" type="text" value={settings.serverUrl} onInput={field('serverUrl')} />
            </>
          )}
          {mode === 'token-server' && (
            <>
              <label for="token-server-url">Token server URL</label>
              <input id="token-server-url" type="text" placeholder="https://hark-tokens.example.com" value={settings.tokenServerUrl} onInput={field('tokenServerUrl')} />
              {secretField('token-server', 'access-token', 'Your access token', 'from your administrator', "Sent only to the token server, by the service worker. The team's OpenAI key stays on that server.")}
            </>
          )}
          {mode === 'local' && (
            <>
              <label for="local-server-url">Local server URL</label>
              <input id="local-server-url" type="text" value={settings.localServerUrl} onInput={field('localServerUrl')} />
              <p class="hint">The bundled local Realtime server (npm run server). No key is sent.</p>
            </>
          )}
          {mode === 'azure' && (
            <>
              <label for="azure-resource">Azure resource URL</label>
              <input id="azure-resource" type="text" placeholder="https://my-resource.openai.azure.com" value={settings.azureResourceUrl} onInput={field('azureResourceUrl')} />
              <label for="azure-deployment">Deployment</label>
              <input id="azure-deployment" type="text" placeholder="gpt-realtime" value={settings.azureDeployment} onInput={field('azureDeployment')} />
              <label for="azure-transcription">Transcription deployment</label>
              <input
                id="azure-transcription"
                type="text"
                placeholder="off"
                value={settings.azureTranscriptionDeployment}
                onInput={field('azureTranscriptionDeployment')}
              />
              <p class="hint">
                The name of your transcription deployment (e.g. of gpt-4o-mini-transcribe) that writes down what you say. Empty or "off": no
                transcript of your speech. Test connection checks it.
              </p>
              {secretField('azure', 'azure-key', 'Azure API key', 'api-key', 'Used only to mint short-lived session keys; the audio connection never carries it.')}
            </>
          )}
          {mode !== 'azure' && mode !== 'token-server' && (
            <>
              <label for="model">Model</label>
              <input id="model" type="text" list="models" value={settings.model} onInput={field('model')} />
              <datalist id="models">
                {REALTIME_MODELS.map((m) => (
                  <option value={m} />
                ))}
              </datalist>
            </>
          )}
          {mode !== 'azure' && (
            <>
              <label for="transcription-model">Transcription of your speech</label>
              <select id="transcription-model" value={settings.transcriptionModel} onChange={field('transcriptionModel')}>
                {[...TRANSCRIPTION_MODELS, TRANSCRIPTION_OFF].map((m) => (
                  <option value={m}>{m === TRANSCRIPTION_OFF ? 'Off (no transcript of what you say)' : m}</option>
                ))}
              </select>
            </>
          )}
          <label for="speed">Speech speed ({SPEED.min}–{SPEED.max}, 1 = normal)</label>
          <input
            id="speed"
            type="number"
            // No min/max: the browser would then block Save with a tooltip instead of Hark's reason.
            step={0.05}
            value={speedText ?? String(settings.speed)}
            onInput={(e) => setSpeedText((e.target as HTMLInputElement).value)}
          />
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
          <input id="language" type="text" placeholder="auto (detected from your speech)" value={settings.transcriptionLanguage} onInput={field('transcriptionLanguage')} />
          <label for="idle-minutes">End a silent conversation after (minutes, 0 = never)</label>
          <MinutesInput id="idle-minutes" max={120} value={settings.idleTimeoutMinutes} onValue={(idleTimeoutMinutes) => setSettings({ ...settings, idleTimeoutMinutes })} />
          <label for="keep-ready-minutes">Keep Hark ready after a conversation, while the side panel is open (minutes, 0 = release at once)</label>
          <MinutesInput id="keep-ready-minutes" max={60} value={settings.keepReadyMinutes} onValue={(keepReadyMinutes) => setSettings({ ...settings, keepReadyMinutes })} />
          <p class="hint">Talking again then starts sooner. The microphone and the connection are always released when a conversation ends.</p>
          <label class="check">
            <input type="checkbox" checked={settings.stopWhenPanelCloses} onChange={(e) => setSettings({ ...settings, stopWhenPanelCloses: checked(e) })} />
            Stop the conversation when I close the side panel
          </label>
          <button type="submit">Save</button>{' '}
          <button type="button" onClick={testConnection} disabled={test === 'testing'}>
            Test connection
          </button>
          {test && (
            <p role="status" aria-live="polite" class={test === 'testing' ? 'hint' : test.outcome === 'valid' ? 'ok' : 'bad'} data-test-outcome={test === 'testing' ? 'testing' : test.outcome}>
              {test === 'testing' ? 'Testing…' : test.message}
            </p>
          )}
          {test !== 'testing' && test?.confirm?.use === 'calls' && (
            <OriginWarning message={`Only allow ${test.confirm.origin} if you run that server too.`} confirm={test.confirm} onConfirmed={confirmed} />
          )}
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

const MODES: [ConnectionMode, string][] = [
  ['openai', 'Your OpenAI key'],
  ['token-server', 'Team token server'],
  ['local', 'Local server'],
  ['azure', 'Azure OpenAI'],
];
const NO_DRAFTS: Record<SecretKind, string> = { openai: '', 'token-server': '', azure: '' };
const NONE_SAVED: Record<SecretKind, SecretStatus> = { openai: { saved: false }, 'token-server': { saved: false }, azure: { saved: false } };

/** A number of minutes, 0 or more (empty or nonsense reads as 0, which each setting explains). */
function MinutesInput({ id, max, value, onValue }: { id: string; max: number; value: number; onValue: (minutes: number) => void }) {
  return <input id={id} type="number" min={0} max={max} value={value} onInput={(e) => onValue(Math.max(0, Number((e.target as HTMLInputElement).value) || 0))} />;
}
