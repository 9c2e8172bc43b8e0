/**
 * The service worker's side of the secrets: saving one bound to its origin, saying whether it
 * may be used, and recording the origins the user confirmed. Every origin is decided here, from
 * the saved settings (or from what this worker itself refused): a message naming an origin is
 * only ever checked against that, never believed on its own.
 */
import { secretItems } from '@/lib/state/secrets';
import { confirmedCallsItem, refusedCallsItem } from '@/lib/state/calls-origins';
import { settingsItem } from '@/lib/state/storage';
import { withDefaults, type Settings } from '@/lib/settings';
import { SECRET_KINDS, SECRET_LABEL, modeServerUrl, secretTargetUrl, type OriginToConfirm, type SecretKind } from '@/lib/connection';
import {
  allowCallsOrigin, allowOrigin, bindSecret, migrateSecret, safeOrigin, secretStatus, type SecretStatus, type StoredSecret,
  labelText,
} from '@/lib/secret-origin';
import { t, type MessageKey } from '@/lib/i18n';

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

/** The field, by its label on the options page, that names the server a secret is for. */
const WHERE: Record<SecretKind, MessageKey> = {
  openai: 'options.connection.serverUrl',
  'token-server': 'options.connection.tokenServerUrl',
  azure: 'options.connection.azureResource',
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
  if (!bound) return { saved: false, error: t('secret.setServerFirst', { where: t(WHERE[kind]), label: labelText(SECRET_LABEL[kind]) }) };
  if (origin != null && origin !== bound) return { saved: false, error: t('secret.settingsChanged', { origin: bound }) };
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


export async function confirmedCallsFor(server: string): Promise<string[]> {
  return (await confirmedCallsItem.getValue())[server] ?? [];
}

export async function noteRefusedCalls(server: string, origin: string): Promise<void> {
  await refusedCallsItem.setValue({ ...(await refusedCallsItem.getValue()), [server]: origin });
}

/**
 * The user clicked the confirm button that named `origin`. `use: 'secret'`: the secret may be
 * sent to the origin the saved settings name for it; `'calls'`: the server the saved settings
 * name may route calls to the origin this worker last refused for it. Anything else is refused.
 */
export async function confirmOrigin(what: OriginToConfirm): Promise<{ ok: boolean; message: string }> {
  const settings = await savedSettings();
  const refused = { ok: false, message: t('secret.originNotAllowed', { origin: what.origin }) };
  if (what.use === 'calls') {
    const url = modeServerUrl(settings);
    const server = url ? safeOrigin(url) : null;
    if (!server || (await refusedCallsItem.getValue())[server] !== what.origin) return refused;
    const next = allowCallsOrigin(await confirmedCallsItem.getValue(), server, what.origin);
    if (!next) return refused;
    await confirmedCallsItem.setValue(next);
    return { ok: true, message: t('secret.callsAllowed', { origin: what.origin }) };
  }
  if (!SECRET_KINDS.includes(what.kind) || typeof what.origin !== 'string') return refused;
  const secret = await readSecret(what.kind, settings);
  const label = SECRET_LABEL[what.kind];
  if (!secret) return { ok: false, message: t('secret.missing', { label: labelText(label) }) };
  const url = secretTargetUrl(what.kind, settings);
  const next = url && safeOrigin(url) === what.origin ? allowOrigin(secret, what.origin) : null;
  if (!next) return refused;
  await secretItems[what.kind].setValue(next);
  return { ok: true, message: t('secret.allowed', { label: labelText(label), origin: what.origin }) };
}
