/**
 * Connection: the mode, then only the fields that mode uses, and the result of "Test connection"
 * right under them (the Test button itself lives in the sticky bar).
 */
import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '@/lib/i18n';
import type { ConnectionMode } from '@/lib/settings';
import type { SecretKind } from '@/lib/connection';
import { inputValue, type SectionProps } from './section';

export const MODES: ConnectionMode[] = ['openai', 'token-server', 'local', 'azure'];
const MODE_LABEL: Record<ConnectionMode, MessageKey> = {
  openai: 'options.mode.openai',
  'token-server': 'options.mode.tokenServer',
  local: 'options.mode.local',
  azure: 'options.mode.azure',
};

interface ConnectionProps extends SectionProps {
  /** The write-only field of a secret (label, hint and state come from the app). */
  secret(kind: SecretKind): ComponentChildren;
  /** What Test connection found, shown beside the fields it is about. */
  result: ComponentChildren;
}

export function ConnectionSection({ settings, set, secret, result }: ConnectionProps) {
  const mode = settings.mode;
  const url = (id: string, label: MessageKey, key: 'serverUrl' | 'tokenServerUrl' | 'localServerUrl' | 'azureResourceUrl', placeholder?: string) => (
    <>
      <label for={id}>{t(label)}</label>
      <input id={id} type="text" placeholder={placeholder} value={settings[key]} onInput={(e) => set({ [key]: inputValue(e) })} />
    </>
  );
  return (
    <section aria-labelledby="connection-title" class="card">
      <h2 id="connection-title">{t('options.connection.title')}</h2>
      <div role="radiogroup" aria-labelledby="connection-title" class="modes">
        {MODES.map((value) => (
          <label class="check" key={value}>
            <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => set({ mode: value })} />
            {t(MODE_LABEL[value])}
          </label>
        ))}
      </div>
      {mode === 'openai' && (
        <>
          {secret('openai')}
          {url('server-url', 'options.connection.serverUrl', 'serverUrl')}
        </>
      )}
      {mode === 'token-server' && (
        <>
          {url('token-server-url', 'options.connection.tokenServerUrl', 'tokenServerUrl', 'https://hark-tokens.example.com')}
          {secret('token-server')}
        </>
      )}
      {mode === 'local' && (
        <>
          {url('local-server-url', 'options.connection.localServerUrl', 'localServerUrl')}
          <p class="hint" data-recipe="local">
            {t('options.connection.localHint')}
          </p>
        </>
      )}
      {mode === 'azure' && (
        <>
          {url('azure-resource', 'options.connection.azureResource', 'azureResourceUrl', 'https://my-resource.openai.azure.com')}
          <label for="azure-deployment">{t('options.connection.azureDeployment')}</label>
          <input id="azure-deployment" type="text" placeholder="gpt-realtime" value={settings.azureDeployment} onInput={(e) => set({ azureDeployment: inputValue(e) })} />
          <label for="azure-transcription">{t('options.connection.azureTranscription')}</label>
          <input
            id="azure-transcription"
            type="text"
            placeholder="off"
            aria-describedby="azure-transcription-hint"
            value={settings.azureTranscriptionDeployment}
            onInput={(e) => set({ azureTranscriptionDeployment: inputValue(e) })}
          />
          <p class="hint" id="azure-transcription-hint">
            {t('options.connection.azureTranscriptionHint')}
          </p>
          {secret('azure')}
        </>
      )}
      {result}
    </section>
  );
}
