/**
 * The service worker's side of the secrets: saving one bound to its origin, saying whether it
 * may be used, and recording the origins the user confirmed. Every origin is decided here, from
 * the saved settings (or from what this worker itself refused): a message naming an origin is
 * only ever checked against that, never believed on its own.
 */
import { storage } from 'wxt/utils/storage';
import { secretItems } from '@/lib/state/secrets';
import { settingsItem } from '@/lib/state/storage';
import { withDefaults, type Settings } from '@/lib/settings';
import { SECRET_KINDS, SECRET_LABEL, secretTargetUrl, type SecretKind } from '@/lib/connection';
import {
  allowCallsOrigin, allowOrigin, bindSecret, migrateSecret, safeOrigin, secretStatus, type SecretStatus, type StoredSecret,
} from '@/lib/secret-origin';

const savedSettings = async (): Promise<Settings> => withDefaults(await settingsItem.getValue());

/** The secret of `kind` as stored now; a bare string left by an older version is bound first. */
export async function readSecret(kind: SecretKind, settings?: Settings): Promise<StoredSecret | null> {
  const item = secretItems[kind];
  const raw = await item.getValue();
  if (raw == null) return null;
  const secret = migrateSecret(raw, secretTargetUrl(kind, settings ?? (await savedSettings())));
  if (secret !== raw) await (secret ? item.setValue(secret) : item.removeValue());
  return secret;
}

/** Binds every secret an older version left as a bare string (once, when the worker starts). */
export async function migrateSecrets(): Promise<void> {
  const settings = await savedSettings();
  for (const kind of SECRET_KINDS) await readSecret(kind, settings);
}

const WHERE: Record<SecretKind, string> = {
  openai: 'a Server URL',
  'token-server': 'the token server URL',
  azure: 'the Azure resource URL',
};

/**
 * Saves (or with an empty value forgets) a secret, bound to the origin the saved settings send
 * it to. `origin`: what the options page believes that is; a mismatch (the settings changed in
 * between, or a message that lies) saves nothing.
 */
export async function saveSecret(kind: SecretKind, raw: string, origin?: string): Promise<{ saved: boolean; error?: string }> {
  const item = secretItems[kind];
  const value = raw.trim();
  if (!value) {
    await item.removeValue();
    return { saved: false };
  }
  const url = secretTargetUrl(kind, await savedSettings());
  const bound = url ? safeOrigin(url) : null;
  if (!bound) return { saved: false, error: `Set ${WHERE[kind]} (https://…) first: your ${SECRET_LABEL[kind]} is saved for that server only.` };
  if (origin != null && origin !== bound) return { saved: false, error: `The settings changed while saving (the server is now ${bound}). Save again.` };
  await item.setValue(bindSecret(value, bound));
  return { saved: true };
}

/** For the options page: which secrets are saved and whether each may go where the settings say. */
export async function secretStatuses(): Promise<Record<SecretKind, SecretStatus>> {
  const settings = await savedSettings();
  const entries = await Promise.all(
    SECRET_KINDS.map(async (k) => [k, secretStatus(await readSecret(k, settings), secretTargetUrl(k, settings), SECRET_LABEL[k])] as const),
  );
  return Object.fromEntries(entries) as Record<SecretKind, SecretStatus>;
}

/**
 * The last `calls_url` origin this worker refused, per secret: the only calls origin the user can
 * confirm (`session:` storage, so a restarted worker still knows it).
 */
const refusedCallsItem = storage.defineItem<Partial<Record<SecretKind, string>>>('session:refusedCallsOrigin', { fallback: {} });

export async function noteRefusedCalls(kind: SecretKind, origin: string): Promise<void> {
  await refusedCallsItem.setValue({ ...(await refusedCallsItem.getValue()), [kind]: origin });
}

/**
 * The user clicked the confirm button that named `origin`. `use: 'secret'`: the secret may be
 * sent to the origin the saved settings name; `'calls'`: its server may route calls to the
 * origin this worker last refused. Anything else is refused.
 */
export async function confirmOrigin(kind: SecretKind, origin: string, use: 'secret' | 'calls'): Promise<{ ok: boolean; message: string }> {
  const settings = await savedSettings();
  const secret = await readSecret(kind, settings);
  const label = SECRET_LABEL[kind];
  if (!secret) return { ok: false, message: `No ${label} is saved.` };
  const url = secretTargetUrl(kind, settings);
  let next: StoredSecret | null = null;
  if (use === 'secret') {
    if (url && safeOrigin(url) === origin) next = allowOrigin(secret, origin);
  } else if ((await refusedCallsItem.getValue())[kind] === origin && url && secret.allowed.includes(safeOrigin(url) ?? '')) {
    next = allowCallsOrigin(secret, origin);
  }
  if (!next) return { ok: false, message: `Hark did not allow ${origin}: it is not the server in your saved settings. Save, then try again.` };
  await secretItems[kind].setValue(next);
  return { ok: true, message: use === 'secret' ? `Your ${label} may now be sent to ${origin}.` : `Calls may now go to ${origin}.` };
}
