/**
 * The service worker's session supervisor. It decides *whether* a session exists; the offscreen
 * document owns the connection itself. The worker may be stopped at any time, so every step
 * reads and writes the record in `session:` storage instead of keeping globals.
 */
import { describe, hasBeenLive, isActive, transition, type SessionEvent } from '@/lib/session/machine';
import { buildSession } from '@/lib/realtime/protocol';
import { sessionError, type SessionError } from '@/lib/errors';
import { callsUrlRefusal } from '@/lib/secret-origin';
import { withDefaults, type Settings } from '@/lib/settings';
import { notify, offscreenMessenger, type ConnectionEvent, type Result, type SessionSnapshot } from '@/lib/protocol/messages';
import { sessionRecordItem, settingsItem, type SessionRecord } from '@/lib/state/storage';
import { emptyTranscript } from '@/lib/transcript/reduce';
import { DEFAULT_BACKOFF, firstStartRetryDelay, nextRetryDelay } from '@/lib/session/backoff';
import { idleTimeoutMs } from '@/lib/session/idle';
import type { Transcript } from '@/lib/transcript/reduce';
import { closeOffscreen, ensureOffscreen, hasOffscreen, releaseOffscreen } from './offscreen-host';
import { readPage } from './page-reader';
import { connectPrefs, instructionsFor, sessionOptions } from './session-options';
import { mintForSettings, withServerPrefix } from './mint';
import { startMarks } from './marks';

/** Serialises every state change: rapid toggles never interleave two starts or stops. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => {});
  return run;
}

/** The state this worker last saved or read; null after the worker was restarted. */
let lastKnown: SessionRecord['state'] | null = null;

/**
 * Called first thing on a toolbar click or shortcut, before the side panel is asked to open: unless
 * a session is known to be running (then the toggle is a stop), the offscreen document (the
 * slowest step of a start) is begun before the record is even read; a worker just woken by the
 * click knows nothing yet. The start joins that creation. If the record says "running" after all,
 * the document is there already (creating one fails, harmlessly), or, gone, it is what
 * recovering that session needs.
 */
export function prepareToggle(): void {
  if (!lastKnown || !isActive(lastKnown)) ensureOffscreen().catch(() => {});
}

async function save(record: SessionRecord): Promise<void> {
  lastKnown = record.state;
  await sessionRecordItem.setValue(record);
  const { badge } = describe(record.state);
  // Shown when the browser gets to it; the stored record is what the next step relies on.
  void chrome.action.setBadgeText({ text: badge }).catch(() => {});
  notify('ui:state', { state: record.state, page: record.page, instructions: record.instructions });
}

async function apply(record: SessionRecord, event: SessionEvent): Promise<SessionRecord> {
  const next = { ...record, state: transition(record.state, event) };
  if (next.state !== record.state) {
    console.info(`[hark] ${record.state.status} → ${next.state.status}`);
    await save(next);
  }
  return next;
}

/**
 * A record that says "active" with no offscreen document behind it means the document crashed
 * or was closed under us: a live session reconnects (which recreates it), anything else is stale.
 */
async function load(): Promise<SessionRecord> {
  const record = await sessionRecordItem.getValue();
  lastKnown = record.state;
  const { status } = record.state;
  if (!isActive(record.state) || status === 'requesting-mic' || (await hasOffscreen())) return record;
  if (status === 'live' || status === 'reconnecting') {
    await scheduleRetry(record, sessionError('network', 'The audio engine stopped unexpectedly.'));
    return sessionRecordItem.getValue();
  }
  const error = sessionError('internal', 'The voice session ended unexpectedly. Start it again.');
  const next = { ...record, state: { status: 'error' as const, error } };
  await save(next);
  return next;
}

export function toggle(tab?: chrome.tabs.Tab): Promise<Result> {
  return serial(async () => {
    const record = await load();
    if (isActive(record.state)) {
      await stopLocked(record);
      return { ok: true };
    }
    return startLocked(record, tab);
  });
}

export const stop = () => serial(async () => void (await stopLocked(await load())));

async function startLocked(record: SessionRecord, tab: chrome.tabs.Tab | undefined): Promise<Result> {
  // Nothing below needs the offscreen document until the key is minted, and starting it takes
  // longer than reading the page and minting together: it starts now, alongside them.
  const documentLoaded = ensureOffscreen();
  // A failure is read where the start awaits it (after the mint), never reported unhandled here.
  documentLoaded.catch(() => {});
  startMarks.mark('loaded');
  const settings = withDefaults(await settingsItem.getValue());
  const page = await readPage(tab, settings.siteRules);
  startMarks.mark('pageRead');
  let rec: SessionRecord = {
    ...record,
    attempt: record.attempt + 1,
    retries: 0,
    tabId: tab?.id ?? record.tabId,
    page,
    instructions: instructionsFor(page, settings),
    transcript: null,
  };
  // The key is minted while the new state is saved and shown.
  const minting = mint(rec, settings);
  rec = await apply(rec, { type: 'start' });
  notify('ui:transcriptReset', { transcript: emptyTranscript() });
  startMarks.mark('stateSaved');
  const res = await connectLocked(rec, false, { minting, documentLoaded });
  if (res.ok) return res;
  // A first connect is never live: `scheduleRetry` fails it at once unless one retry fixes it (429).
  if (res.error.retryable) return scheduleRetry(rec, res.error).then(() => ({ ok: true as const }));
  return fail(rec, res.error);
}

function mint(rec: SessionRecord, settings: Settings) {
  const options = sessionOptions(rec.page, rec.instructions, settings);
  return mintForSettings(settings, options).then((minted) => ({ minted, options, settings }));
}

/**
 * Hands a fresh key (never reused) to the offscreen document to connect. A start passes the mint
 * and the document it already began; a reconnect starts both here.
 */
async function connectLocked(
  rec: SessionRecord,
  resume: boolean,
  begun?: { minting: ReturnType<typeof mint>; documentLoaded: Promise<void> },
): Promise<Result> {
  const { minted, options, settings } = await (begun?.minting ?? mint(rec, withDefaults(await settingsItem.getValue())));
  if (!minted.ok) return minted;
  // The mint checked the calls URL; defence in depth: once more right before the key leaves this worker.
  const refused = callsUrlRefusal(minted.callsUrl, minted.trustedOrigins);
  if (refused) return { ok: false, error: sessionError('protocol', refused) };
  startMarks.mark('minted');
  try {
    await (begun?.documentLoaded ?? ensureOffscreen());
    startMarks.mark('offscreenReady');
    await offscreenMessenger.sendMessage('offscreen:connect', {
      attempt: rec.attempt,
      ephemeralKey: minted.value,
      callsUrl: minted.callsUrl,
      trustedOrigins: minted.trustedOrigins,
      session: { ...buildSession(options), instructions: minted.instructions ?? options.instructions },
      resume,
      transcript: resume ? rec.transcript : null,
      idleTimeoutMs: idleTimeoutMs(settings.idleTimeoutMinutes),
      prefs: connectPrefs(settings),
    });
  } catch (e) {
    return { ok: false, error: sessionError('internal', `Could not start the audio engine: ${String(e)}`) };
  }
  return { ok: true };
}

async function fail(rec: SessionRecord, error: SessionError): Promise<Result> {
  console.warn(`[hark] session failed: ${error.reason}: ${error.message}`);
  const transcript = await takeTranscript(rec);
  await closeOffscreen();
  await apply({ ...rec, transcript }, { type: 'failed', error });
  return { ok: false, error };
}

/**
 * Asks the offscreen document to hang up, and keeps its transcript; or the worker's copy, when the
 * document has none (it was recreated after a crash this worker had not seen yet).
 */
async function takeTranscript(rec: SessionRecord): Promise<Transcript | null> {
  if (!(await hasOffscreen())) return rec.transcript;
  try {
    const { transcript } = await offscreenMessenger.sendMessage('offscreen:disconnect', undefined);
    return transcript.order.length || !rec.transcript ? transcript : rec.transcript;
  } catch {
    return rec.transcript;
  }
}

async function stopLocked(record: SessionRecord): Promise<void> {
  let rec = await apply(record, { type: 'stop' });
  const transcript = await takeTranscript(rec);
  await releaseOffscreen(withDefaults(await settingsItem.getValue()).keepReadyMinutes);
  rec = { ...rec, transcript };
  await apply(rec, { type: 'stopped' });
}

/** A standby document's time is up: close it, unless a conversation is using it again. */
export function standbyOver(): Promise<void> {
  return serial(async () => {
    if (!isActive((await load()).state)) await closeOffscreen();
  });
}

/** Events from the offscreen document. Stale attempts (a connection already replaced) are ignored. */
export function onConnectionEvent(attempt: number, event: ConnectionEvent): Promise<void> {
  return serial(async () => {
    const rec = await sessionRecordItem.getValue();
    if (attempt !== rec.attempt || !isActive(rec.state)) return;
    switch (event.kind) {
      case 'live':
        await apply({ ...rec, retries: 0 }, { type: 'connected', at: Date.now() });
        return;
      case 'activity':
        await apply(rec, { type: 'activity', activity: event.activity });
        return;
      case 'failed':
      case 'dropped':
        if (event.error.reason === 'mic-permission-needed') return void (await askForMicrophone(rec));
        // What retrying cannot fix (bad key, no microphone, bad SDP) ends the session, with its own message.
        if (!event.error.retryable) return void (await fail(rec, event.error));
        // A live session that drops goes (back) to waiting; a first connect that fails ends (see scheduleRetry).
        await scheduleRetry(rec, event.error);
    }
  });
}

/**
 * Waits per the backoff policy, or gives up ("paused") when it says so. A start that has never
 * been live follows the first-start policy: it fails at once, with the error as it is.
 */
async function scheduleRetry(rec: SessionRecord, error: SessionError): Promise<void> {
  const attempt = rec.retries + 1;
  const wasLive = hasBeenLive(rec.state);
  const delayMs = wasLive ? nextRetryDelay(attempt, error) : firstStartRetryDelay(attempt, error);
  if (delayMs == null && !wasLive) return void (await fail(rec, error));
  if (delayMs == null) {
    const why = error.retryable ? `Still failing after ${DEFAULT_BACKOFF.maxAttempts} attempts` : 'Cannot reconnect';
    return void (await fail(rec, { ...error, message: `${why}: ${error.message} Paused — click Start to retry.` }));
  }
  console.warn(`[hark] link lost (${error.reason}); reconnect attempt ${attempt} in ${delayMs} ms`);
  await apply({ ...rec, retries: attempt }, { type: 'dropped', attempt, nextAt: Date.now() + delayMs });
  // The offscreen document owns the timer: unlike this worker, it is not stopped when idle. It may
  // not exist yet (first connect failed at the mint) or any more (it crashed): create it, else a
  // retry would fire at once, ignoring the backoff and a server's retry-after.
  await ensureOffscreen()
    .then(() => offscreenMessenger.sendMessage('offscreen:scheduleRetry', { attempt, delayMs, watchOrigin: error.unreachableOrigin }))
    .catch(() => void retryDue(attempt));
}

/** The offscreen document's copy of the transcript, kept in case the document crashes. */
export function checkpoint(attempt: number, transcript: Transcript): Promise<void> {
  return serial(async () => {
    const rec = await sessionRecordItem.getValue();
    if (attempt !== rec.attempt || !isActive(rec.state)) return;
    await sessionRecordItem.setValue({ ...rec, transcript });
  });
}

/**
 * A side panel's presence port closed. When no side panel is left open and the user chose "stop
 * when the side panel closes", the session ends and the microphone is released.
 */
export function panelClosed(): Promise<void> {
  return serial(async () => {
    const rec = await load();
    if (!isActive(rec.state) || !withDefaults(await settingsItem.getValue()).stopWhenPanelCloses) return;
    if (!(await noSidePanelLeft())) return;
    console.info('[hark] side panel closed: ending the session');
    await stopLocked(rec);
  });
}

/**
 * A side panel closed (`sidePanel.onClosed`): with none left and no conversation running, a
 * document on standby goes now instead of when its time is up; nobody is about to talk again.
 */
export function sidePanelClosed(): Promise<void> {
  return serial(async () => {
    if (isActive((await load()).state) || !(await hasOffscreen())) return;
    if (await noSidePanelLeft()) await closeOffscreen();
  });
}

/** Whether no side panel is open (the one closing may still be listed for a moment). */
async function noSidePanelLeft(): Promise<boolean> {
  for (let i = 0; i < 10; i++) {
    const panels = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] });
    if (!panels.length) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The offscreen document's port closed: if the document is gone mid-session, `load` recovers. */
export function offscreenGone(): Promise<void> {
  return serial(async () => void (await load()));
}

/** Time to reconnect: a new session (fresh key), resuming the transcript. */
export function retryDue(attempt: number): Promise<void> {
  return serial(async () => {
    const rec = await sessionRecordItem.getValue();
    if (rec.state.status !== 'reconnecting' || rec.retries !== attempt) return;
    const next = { ...rec, attempt: rec.attempt + 1 };
    await sessionRecordItem.setValue(next);
    const res = await connectLocked(next, true);
    if (!res.ok) await (res.error.retryable ? scheduleRetry(next, res.error) : fail(next, res.error));
  });
}

async function askForMicrophone(rec: SessionRecord): Promise<void> {
  await closeOffscreen();
  await apply(rec, { type: 'mic-permission-needed' });
  await chrome.tabs.create({ url: chrome.runtime.getURL('/options.html#microphone') });
}

/** The options page got (or was refused) the microphone. */
export function onMicPermission(granted: boolean): Promise<void> {
  return serial(async () => {
    const rec = await sessionRecordItem.getValue();
    if (rec.state.status !== 'requesting-mic') return;
    if (!granted) {
      await apply(rec, {
        type: 'failed',
        error: sessionError('mic-denied', 'Microphone access was refused. Hark cannot listen without it.'),
      });
      return;
    }
    const next = await apply({ ...rec, attempt: rec.attempt + 1 }, { type: 'mic-granted' });
    const res = await connectLocked(next, false);
    if (!res.ok) await fail(next, res.error);
  });
}

export async function snapshot(): Promise<SessionSnapshot> {
  // Serialised: mid-start, "connecting" without an offscreen document yet is not stale.
  const rec = await serial(load);
  let transcript = rec.transcript ?? emptyTranscript();
  // Only a running conversation's document has news; one on standby holds the last one's copy.
  if (isActive(rec.state) && (await hasOffscreen())) {
    transcript = await offscreenMessenger
      .sendMessage('offscreen:getState', undefined)
      .then((s) => s.transcript)
      .catch(() => transcript);
  }
  return { state: rec.state, page: rec.page, instructions: rec.instructions, transcript };
}

export async function sendText(text: string): Promise<Result> {
  const rec = await sessionRecordItem.getValue();
  if (rec.state.status !== 'live') {
    return { ok: false, error: sessionError('internal', 'Start a conversation first (toolbar icon or the Start button).') };
  }
  return offscreenMessenger.sendMessage('offscreen:sendText', { text });
}

export function setMuted(muted: boolean): Promise<Result> {
  return serial(async () => {
    const rec = await load();
    if (rec.state.status !== 'live') return { ok: false, error: sessionError('internal', 'Nothing to mute: no conversation is running.') };
    await offscreenMessenger.sendMessage('offscreen:setMuted', { muted });
    await apply(rec, { type: 'muted', muted });
    return { ok: true };
  });
}

/**
 * The user switched tabs or navigated: re-read the page and, when the instructions change, send
 * them to the live session (a `session.update` does not interrupt a reply in progress).
 */
export function followPage(tabId: number): Promise<void> {
  return serial(async () => {
    const rec = await sessionRecordItem.getValue();
    if (rec.state.status !== 'live' && rec.state.status !== 'reconnecting') return;
    const settings = withDefaults(await settingsItem.getValue());
    const tab = await chrome.tabs.get(tabId).catch(() => undefined);
    const page = await readPage(tab, settings.siteRules);
    const instructions = instructionsFor(page, settings);
    if (instructions === rec.instructions) return;
    await save({ ...rec, tabId, page, instructions });
    if (rec.state.status === 'live') {
      await offscreenMessenger.sendMessage('offscreen:updateInstructions', { instructions: await withServerPrefix(instructions) }).catch(() => {});
    }
  });
}
