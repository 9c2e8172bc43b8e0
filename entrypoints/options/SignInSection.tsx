import { formatClock, t } from '@/lib/i18n';
import { inputValue } from './section';
/**
 * Team mode: "Sign in with your organisation". The page collects what the administrator gave
 * (issuer URL, client ID, audience), asks for the optional `identity` permission inside the
 * click, and hands over to the service worker, which runs the sign-in and keeps the tokens
 * (entrypoints/background/sign-in.ts). The page only ever learns who is signed in and until when.
 */
import { useEffect, useState } from 'preact/hooks';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import type { SignInConfig, SignInStatus } from '@/lib/sign-in-types';

const EMPTY: SignInConfig = { issuer: '', clientId: '', audience: '' };

export function SignInSection({ onChange }: { onChange?(): void }) {
  const [config, setConfig] = useState<SignInConfig>(EMPTY);
  const [status, setStatus] = useState<SignInStatus | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | 'busy' | null>(null);
  const refresh = async () => {
    const s = await bg.sendMessage('bg:signInStatus', undefined);
    setStatus(s);
    return s;
  };
  useEffect(() => {
    void refresh().then((s) => s.config && setConfig(s.config));
  }, []);

  const field = (k: keyof SignInConfig) => (e: Event) => setConfig({ ...config, [k]: inputValue(e) });
  const signIn = async () => {
    // First, inside the click's user gesture: resolves true at once when already granted.
    const granted = await chrome.permissions.request({ permissions: ['identity'] }).catch(() => false);
    if (!granted) return setMessage({ ok: false, text: t('signIn.needPermission') });
    setMessage('busy');
    const r = await bg.sendMessage('bg:signIn', config);
    setMessage({ ok: r.ok, text: r.message });
    await refresh();
    onChange?.();
  };
  const signOut = async () => {
    await bg.sendMessage('bg:signOut', undefined);
    setMessage({ ok: true, text: t('signIn.signedOut') });
    await refresh();
    onChange?.();
  };

  return (
    <div class="sign-in">
      <p class="hint">{t('options.signIn.hint')}</p>
      <label for="sso-issuer">{t('signIn.issuer')}</label>
      <input id="sso-issuer" type="text" placeholder="https://login.example.com" value={config.issuer} onInput={field('issuer')} />
      <label for="sso-client-id">{t('signIn.clientId')}</label>
      <input id="sso-client-id" type="text" value={config.clientId} onInput={field('clientId')} />
      <label for="sso-audience">{t('signIn.audience')}</label>
      <input id="sso-audience" type="text" placeholder={t('signIn.audiencePlaceholder')} value={config.audience} onInput={field('audience')} />
      <p class="hint">{t('signIn.redirectHint', { uri: `https://${chrome.runtime.id}.chromiumapp.org/` })}</p>
      <button type="button" onClick={signIn} disabled={message === 'busy'}>
        {t('signIn.button')}
      </button>
      {status?.user && (
        <>
          {' '}
          <button type="button" onClick={signOut}>
            {t('signIn.signOut')}
          </button>
          <p class="ok" data-signed-in={status.user}>
            {status.expiresAt
              ? t('signIn.signedInUntil', { user: status.user, time: formatClock(status.expiresAt), origin: status.origin ?? '' })
              : t('signIn.signedInAs', { user: status.user, origin: status.origin ?? '' })}
          </p>
        </>
      )}
      {message && (
        <p role="status" class={message === 'busy' ? 'hint' : message.ok ? 'ok' : 'bad'} data-sign-in={message === 'busy' ? 'busy' : message.ok ? 'ok' : 'failed'}>
          {message === 'busy' ? t('signIn.busy') : message.text}
        </p>
      )}
    </div>
  );
}
