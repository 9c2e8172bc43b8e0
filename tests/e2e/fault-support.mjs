// @ts-check
/** Helpers for the fault-injection e2e tests (faults, outages, fuzz). */
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, evalInExtensionTarget, findTarget, waitFor } from './harness.mjs';

/** A WAV of silence (the default fake microphone beeps, which the server's VAD would hear as turns). */
export function ensureSilentWav(seconds = 1) {
  const out = path.join(CACHE_DIR, `silence-${seconds}s-48k.wav`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const rate = 48_000;
  const data = Buffer.alloc(rate * 2 * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([header, data]));
  fs.renameSync(tmp, out);
  return out;
}

/** Changes settings fields from an extension page (works while the worker is stopped). */
export async function patchSettings(extPage, patch) {
  await extPage.evaluate(async (patch) => {
    // @ts-ignore
    const { settings } = await chrome.storage.local.get('settings');
    // @ts-ignore
    await chrome.storage.local.set({ settings: { ...settings, ...patch } });
  }, patch);
}

/** The worker's session record (state, attempt, retries, tab), read from an extension page (does not wake the worker). */
export async function sessionRecord(extPage) {
  // @ts-ignore
  return extPage.evaluate(async () => (await chrome.storage.session.get('record')).record ?? null);
}

/** The worker's copy of the transcript (the host's checkpoints), stored apart from the record. */
export async function sessionTranscript(extPage) {
  // @ts-ignore
  return extPage.evaluate(async () => (await chrome.storage.session.get('transcript')).transcript ?? null);
}

/** Offscreen documents that exist now. */
export async function offscreenCount(extPage) {
  // @ts-ignore
  return extPage.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length);
}

/** Live microphone tracks and open peer connections in the offscreen document (null: none). */
export async function offscreenMedia(ctx) {
  if (!(await findTarget(ctx, 'offscreen.html'))) return null;
  return evalInExtensionTarget(ctx, 'offscreen.html', 'globalThis.harkDebug?.media() ?? null', { timeout: 5000 }).catch(() => null);
}

/**
 * Nothing held after a stop: no offscreen document, or one on standby (kept for the next start
 * while a side panel is open) with no live microphone track and no open peer connection.
 */
export async function mediaReleased(ctx) {
  if (!(await findTarget(ctx, 'offscreen.html'))) return true;
  const m = await evalInExtensionTarget(ctx, 'offscreen.html', 'globalThis.harkDebug.media()', { timeout: 5000 });
  return m.liveTracks === 0 && m.openPeers === 0;
}

/**
 * POST to the local server's control API (the server must have been created with `control: true`;
 * `key`: one of its `apiKeys`, when it has any).
 */
export async function control(server, route, body = {}, key = null) {
  const res = await fetch(`${server.url}/_control/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`/_control/${route} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Types into the side panel's composer (in a tab) and sends. */
export async function sendTyped(tab, text) {
  await tab.locator('#composer-input').fill(text);
  await tab.locator('form.composer button[type=submit]').click();
}

/**
 * Waits for the side panel (sidepanel.html in a tab: the same view, followed by Playwright without
 * a CDP attach per poll) to show a finished assistant message containing `text`.
 */
export async function waitForAssistant(tab, text, timeout = 15_000) {
  await tab.locator('.msg-assistant[data-final="true"]', { hasText: text }).first().waitFor({ timeout });
}

/** Sorted-sample statistics in seconds, for the printed figures. */
export function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const sec = (v) => (v / 1000).toFixed(2);
  return { median: sec(at(0.5)), p95: sec(at(0.95)), max: sec(s.at(-1) ?? NaN) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Seeded PRNG, shared with the fuzz cases so random schedules are reproducible. */
export { prng } from './fuzz-cases.mjs';

/**
 * Collects uncaught errors and unhandled rejections in an extension document (the offscreen
 * document, the side panel), to show that hostile input never crashed a handler.
 */
export async function watchErrors(ctx, target) {
  await evalInExtensionTarget(
    ctx,
    target,
    `(() => {
      if (globalThis.__harkErrors) return true;
      globalThis.__harkErrors = [];
      addEventListener('error', (e) => __harkErrors.push(String(e.message ?? e.error)));
      addEventListener('unhandledrejection', (e) => __harkErrors.push(String(e.reason?.stack ?? e.reason)));
      return true;
    })()`,
  );
}

export async function collectedErrors(ctx, target) {
  return evalInExtensionTarget(ctx, target, 'globalThis.__harkErrors ?? null');
}

// Set-up shared with every suite, re-exported for the fault tests' single import.
export { openPanelTab, useLocalServer } from './support.mjs';
