/**
 * First run: connect (key or token server, in the settings), allow the microphone (this is a
 * visible tab, so the prompt can show), check the input level and the output sound, learn the
 * shortcut. Opened once on install; the side panel links here until it is done.
 */
import { useEffect, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { onboardedItem, actionShortcut } from '@/lib/state/onboarding';
import { t, type MessageKey } from '@/lib/i18n';
import type { ConnectionTestResult } from '@/lib/connection';
import { settingsItem } from '@/lib/state/storage';
import { withDefaults, type ConnectionMode } from '@/lib/settings';
import { queryMicPermission, requestMicrophone, type MicPermission } from '../options/microphone';
import { testLine } from '../options/TestResult';
import { SoundCheck } from '@/components/SoundCheck';

function Step({ n, title, children }: { n: number; title: string; children: preact.ComponentChildren }) {
  return (
    <li class="step">
      <h2>
        <span class="n" aria-hidden="true">
          {n}
        </span>
        {title}
      </h2>
      {children}
    </li>
  );
}

function ConnectStep() {
  const [result, setResult] = useState<ConnectionTestResult | 'testing' | null>(null);
  const [mode, setMode] = useState<ConnectionMode>('openai');
  const test = async () => {
    setResult('testing');
    setMode(withDefaults(await settingsItem.getValue()).mode);
    setResult(await bg.sendMessage('bg:testConnection', undefined).catch((e): ConnectionTestResult => ({ outcome: 'error', message: String(e) })));
  };
  return (
    <Step n={1} title={t('welcome.connect')}>
      <p>{t('welcome.connectBody')}</p>
      <div class="row">
        <button type="button" onClick={() => chrome.runtime.openOptionsPage()}>
          {t('welcome.openSettings')}
        </button>
        <button type="button" onClick={test}>
          {t('welcome.test')}
        </button>
      </div>
      {result === 'testing' && <p role="status">{t('options.test.testing')}</p>}
      {result && result !== 'testing' && (
        // One line, the details behind a toggle; "Open settings" above is the action.
        <div role="status" class={result.outcome === 'valid' ? 'ok' : 'problem'} data-test-outcome={result.outcome}>
          <p>{testLine(result, mode)}</p>
          <details>
            <summary>{t('options.test.details')}</summary>
            <p>{result.message}</p>
          </details>
        </div>
      )}
    </Step>
  );
}

function MicStep({ permission, onAsk }: { permission: MicPermission; onAsk(): void }) {
  return (
    <Step n={2} title={t('welcome.mic')}>
      <p>{t('welcome.micBody')}</p>
      <p>
        {t('welcome.permission', { state: t(`options.mic.state.${permission}` as MessageKey) })} <span class="state" data-permission={permission} aria-hidden="true" />
      </p>
      <button type="button" onClick={onAsk} disabled={permission === 'granted'}>
        {t('welcome.allow')}
      </button>
    </Step>
  );
}

function SoundStep({ onProblem }: { onProblem(msg: string): void }) {
  return (
    <Step n={3} title={t('welcome.sound')}>
      <p>{t('welcome.soundBody')}</p>
      <SoundCheck onProblem={onProblem} />
    </Step>
  );
}

export function WelcomeApp() {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  const [message, setMessage] = useState<string | null>(null);
  const [shortcut, setShortcut] = useState('');
  useEffect(() => {
    void queryMicPermission().then(setPermission);
    void actionShortcut().then(setShortcut);
  }, []);
  const ask = async () => {
    setMessage(await requestMicrophone());
    setPermission(await queryMicPermission());
  };
  const done = async () => {
    await onboardedItem.setValue(true);
    window.close();
  };
  const keys = shortcut || t('firstRun.noShortcut');
  return (
    <main class="welcome">
      <h1>{t('firstRun.title')}</h1>
      <p>{t('welcome.intro')}</p>
      <p>
        <a href="/privacy.html" target="_blank" rel="noreferrer">
          {t('privacy.policyLink')}
        </a>
      </p>
      <ol class="steps">
        <ConnectStep />
        <MicStep permission={permission} onAsk={ask} />
        <SoundStep onProblem={setMessage} />
        <Step n={4} title={t('welcome.pinTitle')}>
          <p>{t('welcome.pinBody')}</p>
        </Step>
        <Step n={5} title={t('welcome.shortcutTitle')}>
          <p>{t('welcome.shortcutBody', { keys })}</p>
          <p>
            <kbd class="shortcut">{keys}</kbd>{' '}
            <button type="button" onClick={() => chrome.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
              {t('welcome.changeShortcut')}
            </button>
          </p>
        </Step>
      </ol>
      {message && (
        <p class="problem" role="alert">
          {message}
        </p>
      )}
      <button type="button" class="primary" onClick={done}>
        {t('welcome.done')}
      </button>
    </main>
  );
}
