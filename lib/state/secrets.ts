/**
 * The long-lived secrets (the OpenAI API key, a token server access token, an Azure api-key),
 * each stored with the origin it was entered for (lib/secret-origin.ts). Imported only by the
 * service worker: no extension page reads them back (the options page writes them through
 * `bg:saveSecret`), and `local:` storage is restricted to trusted contexts so content scripts
 * cannot read them either (see docs/keys.md).
 *
 * Older versions stored a bare string; `entrypoints/background/secret-store.ts` binds it on
 * first read. (WXT's item `migrations` cannot do it: they see only the old value, and the binding
 * needs the origin configured in the settings item.)
 */
import { storage } from 'wxt/utils/storage';
import type { StoredSecret } from '../secret-origin';
import type { SignInConfig } from '../sign-in-types';

/** What may be found in storage: the current record, a bare string from an older version, or nothing. */
type Stored = StoredSecret | string | null;

export const apiKeyItem = storage.defineItem<Stored>('local:apiKey', { fallback: null, version: 1 });

/** Team mode: the user's access token for the token server (a secret like the API key). */
export const tokenServerTokenItem = storage.defineItem<Stored>('local:tokenServerToken', { fallback: null, version: 1 });

/** Azure OpenAI: the resource's api-key (sent only to `/openai/v1/realtime/client_secrets`). */
export const azureApiKeyItem = storage.defineItem<Stored>('local:azureApiKey', { fallback: null, version: 1 });

/** Every secret, by the kind the options page names (see lib/connection.ts). */
export const secretItems = {
  openai: apiKeyItem,
  'token-server': tokenServerTokenItem,
  azure: azureApiKeyItem,
} as const;

/** "Sign in with your organisation": the provider, and the refresh token (entrypoints/background/sign-in.ts). */
export interface SsoSession {
  config: SignInConfig;
  tokenEndpoint?: string;
  refreshToken?: string;
  user?: string;
  expiresAt?: number;
  origin?: string;
}

/** The sign-in state; `local:` is restricted to trusted contexts like the other secrets (docs/keys.md). */
export const ssoItem = storage.defineItem<SsoSession | null>('local:ssoSession', { fallback: null, version: 1 });
