/**
 * The long-lived secrets (the OpenAI API key, a token server access token, an Azure api-key).
 * Imported only by the service worker: no extension page reads them back (the options page
 * writes them through `bg:saveSecret` / `bg:saveApiKey`), and `local:` storage is restricted to
 * trusted contexts so content scripts cannot read them either (see docs/keys.md).
 */
import { storage } from 'wxt/utils/storage';

export const apiKeyItem = storage.defineItem<string>('local:apiKey', { fallback: '' });

/** Team mode: the user's access token for the token server (a secret like the API key). */
export const tokenServerTokenItem = storage.defineItem<string>('local:tokenServerToken', { fallback: '' });

/** Azure OpenAI: the resource's api-key (sent only to `/openai/v1/realtime/client_secrets`). */
export const azureApiKeyItem = storage.defineItem<string>('local:azureApiKey', { fallback: '' });

/** Every secret, by the kind the options page names (see lib/connection.ts). */
export const secretItems = {
  openai: apiKeyItem,
  'token-server': tokenServerTokenItem,
  azure: azureApiKeyItem,
} as const;
