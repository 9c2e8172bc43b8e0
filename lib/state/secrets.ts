/**
 * The long-lived OpenAI API key. Imported only by the service worker: no extension page reads
 * it back (the options page writes it through `bg:saveApiKey`), and `local:` storage is
 * restricted to trusted contexts so content scripts cannot read it either.
 */
import { storage } from 'wxt/utils/storage';

export const apiKeyItem = storage.defineItem<string>('local:apiKey', { fallback: '' });
