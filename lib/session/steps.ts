/**
 * The supervisor's steps (start, connect, fail, stop, retry), shared by its handlers in
 * supervisor.ts. Every step reads and writes the stored record; callers hold the lock. The page
 * and the transcript are stored apart from the record (lib/state/storage.ts), and written only
 * when they change: a state change alone writes (and shows) only the small record.
 */
import { accepts, hasBeenLive, isActive, transition, type SessionEvent, type SessionRequest } from './machine';
import { DEFAULT_BACKOFF, firstStartRetryDelay, nextRetryDelay } from './backoff';
import { idleTimeoutMs } from './idle';
import { buildSession } from '../realtime/protocol';
import { sessionError, type SessionError } from '../errors';
import { callsUrlRefusal } from '../secret-origin';
import { serial } from '../serial';
import type { Result } from '../protocol/messages';
import type { Settings } from '../settings';
import type { SessionRecord, SessionShared } from '../state/storage';
import type { Transcript } from '../transcript/reduce';
import type { PageSnapshot } from '../page/budget';
import type { PageTab, SessionParts, SupervisorDeps } from './supervisor-deps';
import { t } from '../i18n';

/** How long to wait for a closing side panel to leave the list of open ones. */
const PANEL_POLLS = 10;
const PANEL_POLL_MS = 50;

export function createSteps(deps: SupervisorDeps) {
  const { host, records, clock, log } = deps;
  const locked = serial();
  /** The state this supervisor last saved or read; null in a worker just (re)started. */
  let lastKnown: SessionRecord['state'] | null = null;

  /** `parts`: stored in the same write as the record (never half of them). */
  async function save(record: SessionRecord, parts: Omit<Partial<SessionParts>, 'record'> = {}): Promise<void> {
    lastKnown = record.state;
    await records.write({ ...parts, record });
    deps.show(record.state);
    if (parts.shared) deps.showShared(parts.shared);
  }

  /** Saves the state `event` leads to, with `parts`; nothing when the state stays. */
  async function apply(record: SessionRecord, event: SessionEvent, parts: Omit<Partial<SessionParts>, 'record'> = {}): Promise<SessionRecord> {
    const next = { ...record, state: transition(record.state, event) };
    if (next.state !== record.state) {
      log.info(`${record.state.status} → ${next.state.status}`);
      await save(next, parts);
    }
    return next;
  }

  /** New page context (the user moved on, or chose a selection): stored and shown; the state stays. */
  async function share(rec: SessionRecord, tabId: number | null, shared: SessionShared): Promise<void> {
    await records.write(tabId === rec.tabId ? { shared } : { shared, record: { ...rec, tabId } });
    deps.showShared(shared);
  }

  /**
   * A record that says "active" with no audio host behind it means the host crashed or was
   * closed under us: a live session reconnects (which recreates it), anything else is stale.
   */
  async function load(): Promise<SessionRecord> {
    const record = await records.get();
    lastKnown = record.state;
    const { status } = record.state;
    if (!isActive(record.state) || status === 'requesting-mic' || (await host.exists())) return record;
    if (status === 'live' || status === 'reconnecting') {
      await scheduleRetry(record, sessionError('network', t('session.engineStopped')));
      return records.get();
    }
    const error = sessionError('internal', t('session.endedUnexpectedly'));
    const next = { ...record, state: { status: 'error' as const, error } };
    await save(next);
    return next;
  }

  /** Runs `job` (serialised) only when the stored state accepts `request`, and `current` holds. */
  function guarded(request: SessionRequest, job: (rec: SessionRecord) => Promise<void>, current = (_: SessionRecord) => true) {
    return locked(async () => {
      const rec = await records.get();
      if (accepts(rec.state, request) && current(rec)) await job(rec);
    });
  }

  function mint(shared: SessionShared, settings: Settings) {
    const options = deps.configure.options(shared.page, shared.instructions, settings);
    return deps.mint(settings, options).then((minted) => ({ minted, options, settings }));
  }

  /** What a start the user refused the microphone for "mints": nothing, and why. */
  function refused(shared: SessionShared, settings: Settings, error: SessionError) {
    const options = deps.configure.options(shared.page, shared.instructions, settings);
    return { minted: { ok: false as const, error }, options, settings };
  }

  /** `focus`: reshapes what was read (the context menu's selection, lib/page/focus.ts). */
  async function start(record: SessionRecord, tab: PageTab | undefined, focus?: (page: PageSnapshot | null) => PageSnapshot | null): Promise<Result> {
    // Nothing below needs the audio host until the key is minted, and starting it takes longer
    // than reading the page and minting together: it starts now, alongside them.
    const hostReady = host.ensure();
    // A failure is read where the start awaits it (after the mint), never reported unhandled here.
    hostReady.catch(() => {});
    deps.mark('loaded');
    const settings = await deps.settings();
    const read = await deps.readPage(tab, settings.siteRules);
    const page = focus ? focus(read) : read;
    deps.mark('pageRead');
    const shared = { page, instructions: deps.configure.instructions(page, settings) };
    let rec: SessionRecord = { ...record, attempt: record.attempt + 1, retries: 0, tabId: tab?.id ?? record.tabId };
    // The key is minted while the new state is saved and shown. A host that asks for the
    // microphone itself (Firefox) is answered first: a user who refuses sends nothing, not even
    // the page inside the key's session.
    const gate = host.microphoneRefusal?.();
    const minting = gate ? gate.then((error) => (error ? refused(shared, settings, error) : mint(shared, settings))) : mint(shared, settings);
    // The last conversation's transcript goes with the same write.
    rec = await apply(rec, { type: 'start' }, { shared, transcript: null });
    deps.transcriptReset();
    deps.mark('stateSaved');
    const res = await connect(rec, false, { minting, hostReady });
    if (res.ok) return res;
    // A first connect is never live: `scheduleRetry` fails it at once unless one retry fixes it (429).
    if (res.error.retryable) return scheduleRetry(rec, res.error).then(() => ({ ok: true as const }));
    return fail(rec, res.error);
  }

  /** Hands a fresh key (never reused) to the host. A start passes what it began; a reconnect begins both here. */
  async function connect(rec: SessionRecord, resume: boolean, begun?: { minting: ReturnType<typeof mint>; hostReady: Promise<void> }): Promise<Result> {
    const { minted, options, settings } = await (begun?.minting ?? mint(await records.shared(), await deps.settings()));
    if (!minted.ok) return minted;
    // The mint checked the calls URL; defence in depth: once more right before the key leaves this worker.
    const refused = callsUrlRefusal(minted.callsUrl, minted.trustedOrigins);
    if (refused) return { ok: false, error: sessionError('protocol', refused) };
    deps.mark('minted');
    try {
      await (begun?.hostReady ?? host.ensure());
      deps.mark('offscreenReady');
      await host.connect({
        attempt: rec.attempt,
        ephemeralKey: minted.value,
        callsUrl: minted.callsUrl,
        trustedOrigins: minted.trustedOrigins,
        session: { ...buildSession(options), instructions: minted.instructions ?? options.instructions },
        resume,
        transcript: resume ? await records.transcript() : null,
        idleTimeoutMs: idleTimeoutMs(settings.idleTimeoutMinutes),
        prefs: deps.configure.prefs(settings),
      });
    } catch (e) {
      return { ok: false, error: sessionError('internal', `Could not start the audio engine: ${String(e)}`) };
    }
    return { ok: true };
  }

  async function fail(rec: SessionRecord, error: SessionError): Promise<Result> {
    log.warn(`session failed: ${error.reason}: ${error.message}`);
    const transcript = await takeTranscript();
    await host.close();
    await apply(rec, { type: 'failed', error }, transcript ? { transcript } : {});
    return { ok: false, error };
  }

  /**
   * Hangs up; the host's transcript to store, or null to keep the stored copy (no host, or one
   * recreated after a crash that has none).
   */
  async function takeTranscript(): Promise<Transcript | null> {
    if (!(await host.exists())) return null;
    try {
      const transcript = await host.disconnect();
      return transcript.order.length || !(await records.transcript()) ? transcript : null;
    } catch {
      return null;
    }
  }

  async function stop(record: SessionRecord): Promise<void> {
    const rec = await apply(record, { type: 'stop' });
    const transcript = await takeTranscript();
    await host.release((await deps.settings()).keepReadyMinutes);
    await apply(rec, { type: 'stopped' }, transcript ? { transcript } : {});
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
    log.warn(`link lost (${error.reason}); reconnect attempt ${attempt} in ${delayMs} ms`);
    await apply({ ...rec, retries: attempt }, { type: 'dropped', attempt, nextAt: clock.now() + delayMs });
    // The host owns the timer. It may not exist yet (first connect failed at the mint) or any more
    // (it crashed): create it, else a retry would fire at once, ignoring the backoff and a retry-after.
    await host
      .ensure()
      .then(() => host.scheduleRetry({ attempt, delayMs, watchOrigin: error.unreachableOrigin }))
      .catch(() => void retryDue(attempt));
  }

  /** Time to reconnect: a new session (fresh key), resuming the transcript. */
  function retryDue(attempt: number): Promise<void> {
    return guarded('retry', async (rec) => {
      const next = { ...rec, attempt: rec.attempt + 1 };
      await records.write({ record: next });
      const res = await connect(next, true);
      if (!res.ok) await (res.error.retryable ? scheduleRetry(next, res.error) : fail(next, res.error));
    }, (rec) => rec.retries === attempt);
  }

  /** Whether no side panel is open (the one closing may still be listed for a moment). */
  async function noSidePanelLeft(): Promise<boolean> {
    for (let i = 0; i < PANEL_POLLS; i++) {
      if (!(await deps.openPanels())) return true;
      await clock.sleep(PANEL_POLL_MS);
    }
    return false;
  }

  return {
    locked,
    lastKnown: () => lastKnown,
    save, apply, share, load, guarded, start, connect, fail, stop, scheduleRetry, retryDue, noSidePanelLeft,
  };
}
