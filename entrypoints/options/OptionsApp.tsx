/**
 * Hark's settings: sections for each concern, the fields each connection mode needs and no more,
 * and a sticky bar with Save and Test connection (Test saves first, then mints and drops a key).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { getSettings, settingsItem } from '@/lib/state/storage';
import { normalizeSettings } from '@/lib/normalize-settings';
import { t, type MessageKey } from '@/lib/i18n';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { SECRET_KINDS, secretTargetUrl, type ConnectionTestResult, type SecretKind } from '@/lib/connection';
import type { SecretStatus } from '@/lib/secret-origin';
import { OriginWarning, SecretField } from './SecretField';
import { ConnectionSection } from './ConnectionSection';
import { VoiceSection } from './VoiceSection';
import { TurnsSection } from './TurnsSection';
import { PrivacySection } from './PrivacySection';
import { MicrophoneSection } from './MicrophoneSection';
import { TestResult, type TestAction } from './TestResult';
import { SignInSection } from './SignInSection';
import { ToolSwitches } from '@/components/ToolSwitches';

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
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    void getSettings().then(setSettings);
    void refreshSecrets();
  }, []);

  const set = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });

  /** Saves the form: true, a warning to show with "Saved.", or false (message shown) when invalid. */
  const persist = async (): Promise<boolean | string> => {
    let warning = '';
    const normalized = normalizeSettings(settings, speedText);
    if (!normalized.ok) {
      // Not a URL, a password in it, plain http off this computer, or a speed out of range: say which.
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
      if (!granted) warning = t('options.azureNotAllowed', { url: next.azureResourceUrl });
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
  const showSaved = (r: boolean | string) => setStatus(r === true ? { ok: true, text: t('options.saved') } : { ok: false, text: `${t('options.saved')} ${r}` });

  const save = async (e: Event) => {
    e.preventDefault();
    setTest(null);
    const r = await persist();
    if (r) showSaved(r);
  };

  /**
   * Saves, then has the service worker mint (and drop) a real key with what was saved. The test's
   * result is the answer: no green "Saved." next to a key the server just refused.
   */
  const testConnection = async () => {
    setTest('testing');
    setStatus(null);
    const r = await persist();
    if (!r) return setTest(null);
    if (r !== true) showSaved(r);
    setTest(await bg.sendMessage('bg:testConnection', undefined));
  };

  const forget = (kind: SecretKind) => async () => {
    await bg.sendMessage('bg:saveSecret', { kind, value: '' });
    await refreshSecrets();
    setStatus({ ok: true, text: t(kind === 'token-server' ? 'options.tokenRemoved' : 'options.keyRemoved') });
  };

  const confirmed = async (r: { ok: boolean; message: string }) => {
    setTest(null);
    setStatus({ ok: r.ok, text: r.message });
    await refreshSecrets();
  };
  const secret = (kind: SecretKind) => (
    <SecretField
      kind={kind}
      {...SECRET_FIELDS[kind]}
      status={secretStatus[kind]}
      draft={drafts[kind]}
      onDraft={(value) => setDrafts({ ...drafts, [kind]: value })}
      onForget={forget(kind)}
      onConfirmed={confirmed}
    />
  );
  /** The test's action: move to the field to fix (the empty one, when the test found one), or test again. */
  const act = (action: Exclude<TestAction, null>) => {
    if (action === 'retry') return void testConnection();
    const id = typeof action === 'object' ? action.field : (action === 'key' ? KEY_FIELD : URL_FIELD)[settings.mode];
    const el = id ? form.current?.querySelector<HTMLInputElement>(`#${id}`) : null;
    el?.focus();
    el?.select();
  };
  const result = test && (
    <>
      <TestResult test={test} mode={settings.mode} onAction={act} />
      {test !== 'testing' && test.confirm?.use === 'calls' && (
        <OriginWarning message={t('options.allowCallsWarning', { origin: test.confirm.origin })} confirm={test.confirm} onConfirmed={confirmed} />
      )}
    </>
  );

  return (
    <main>
      <h1>{t('options.title')}</h1>
      <form ref={form} onSubmit={save}>
        <ConnectionSection settings={settings} set={set} secret={secret} result={result} />
        {settings.mode === 'token-server' && <SignInSection onChange={refreshSecrets} />}
        <VoiceSection settings={settings} set={set} speedText={speedText} onSpeedText={setSpeedText} />
        <TurnsSection settings={settings} set={set} />
        <PrivacySection settings={settings} set={set} />
        <ToolSwitches tools={settings.tools} onChange={(tools) => set({ tools })} />
        <div class="action-bar" role="group" aria-label={t('options.actions')}>
          <button type="submit" class="primary">
            {t('options.save')}
          </button>
          <button type="button" onClick={testConnection} disabled={test === 'testing'}>
            {t('options.test')}
          </button>
          {status && (
            <p role="status" class={`save-status ${status.ok ? 'ok' : 'bad'}`}>
              {status.text}
            </p>
          )}
        </div>
      </form>
      <MicrophoneSection onDevices={set} />
    </main>
  );
}

const NO_DRAFTS: Record<SecretKind, string> = { openai: '', 'token-server': '', azure: '' };
const NONE_SAVED: Record<SecretKind, SecretStatus> = { openai: { saved: false }, 'token-server': { saved: false }, azure: { saved: false } };
/** Each secret's field: id, label, placeholder and hint (message keys). */
const SECRET_FIELDS: Record<SecretKind, { id: string; label: MessageKey; placeholder: MessageKey; hint: MessageKey }> = {
  openai: { id: 'api-key', label: 'options.secret.openai', placeholder: 'options.secret.openaiPlaceholder', hint: 'options.secret.openaiHint' },
  'token-server': { id: 'access-token', label: 'options.secret.token', placeholder: 'options.secret.tokenPlaceholder', hint: 'options.secret.tokenHint' },
  azure: { id: 'azure-key', label: 'options.secret.azure', placeholder: 'options.secret.azurePlaceholder', hint: 'options.secret.azureHint' },
};
/** The field a failed test points at, per mode. */
const KEY_FIELD: Record<Settings['mode'], string | null> = { openai: 'api-key', 'token-server': 'access-token', local: null, azure: 'azure-key' };
const URL_FIELD: Record<Settings['mode'], string> = { openai: 'server-url', 'token-server': 'token-server-url', local: 'local-server-url', azure: 'azure-resource' };
