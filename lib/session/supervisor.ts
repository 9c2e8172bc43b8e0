/**
 * The session supervisor: decides *whether* a session exists; the audio host (offscreen
 * document) owns the connection itself. The service worker may be stopped at any time, so every
 * step reads and writes the record in the record store instead of keeping state; a restarted
 * worker makes a new supervisor that resumes from the stored record. Every step runs one at a
 * time (rapid toggles never interleave two starts or stops).
 */
import { accepts, isActive } from './machine';
import { sessionError } from '../errors';
import { emptyTranscript, type Transcript } from '../transcript/reduce';
import type { ConnectionEvent, Result, SessionSnapshot } from '../protocol/messages';
import type { SessionRecord } from '../state/storage';
import type { PageTab, SupervisorDeps } from './supervisor-deps';
import { createSteps } from './steps';
import { focusOnSelection } from '../page/focus';
import { t } from '../i18n';

export type Supervisor = ReturnType<typeof createSupervisor>;

export function createSupervisor(deps: SupervisorDeps) {
  const { host, records, clock, log } = deps;
  const { locked, lastKnown, apply, share, load, guarded, start, connect, fail, stop, scheduleRetry, retryDue, noSidePanelLeft } = createSteps(deps);

  const fromAttempt = (attempt: number) => (rec: SessionRecord) => rec.attempt === attempt;

  return {
    /**
     * Called first thing on a toolbar click, before the side panel is asked to open: unless a
     * session is known to be running (then the toggle is a stop), the host (the slowest step of a
     * start) is begun before the record is even read. If the record says "running" after all, the
     * host is there already (creating one fails, harmlessly), or, gone, recovering needs it.
     */
    prepareToggle(): void {
      const known = lastKnown();
      if (!known || !isActive(known)) host.ensure().catch(() => {});
    },

    toggle: (tab?: PageTab): Promise<Result> =>
      locked(async () => {
        const record = await load();
        if (!isActive(record.state)) return start(record, tab);
        await stop(record);
        return { ok: true };
      }),

    stop: () => locked(async () => void (await stop(await load()))),

    /**
     * "Talk about this with Hark" on a selection: a new conversation about exactly that text, or,
     * with one running, the running one turns to it (new instructions, nothing interrupted).
     */
    talkAbout: (tab: PageTab, selectionText: string): Promise<Result> =>
      locked(async () => {
        const record = await load();
        const focus = (page: Parameters<typeof focusOnSelection>[0]) => focusOnSelection(page, selectionText, tab);
        if (!isActive(record.state)) return start(record, tab, focus);
        const settings = await deps.settings();
        const page = focus(await deps.readPage(tab, settings.siteRules));
        const instructions = deps.configure.instructions(page, settings);
        await share(record, tab.id ?? record.tabId, { page, instructions });
        if (accepts(record.state, 'talk')) await host.updateInstructions(await deps.configure.withServerPrefix(instructions)).catch(() => {});
        return { ok: true };
      }),

    /** Events from the host. Stale attempts (a connection already replaced) are ignored. */
    onConnectionEvent: (attempt: number, event: ConnectionEvent) =>
      guarded('report', async (rec) => {
        if (event.kind === 'live') return void (await apply({ ...rec, retries: 0 }, { type: 'connected', at: clock.now() }));
        if (event.kind === 'activity') return void (await apply(rec, { type: 'activity', activity: event.activity }));
        if (event.error.reason === 'mic-permission-needed') {
          await host.close();
          await apply(rec, { type: 'mic-permission-needed' });
          return deps.askForMicrophone();
        }
        // What retrying cannot fix (bad key, no microphone, bad SDP) ends the session, with its own message.
        if (!event.error.retryable) return void (await fail(rec, event.error));
        // A live session that drops goes (back) to waiting; a first connect that fails ends (see scheduleRetry).
        await scheduleRetry(rec, event.error);
      }, fromAttempt(attempt)),

    /** The host's copy of the transcript, kept in case it crashes (only the transcript is written). */
    checkpoint: (attempt: number, transcript: Transcript) =>
      guarded('report', () => records.write({ transcript }), fromAttempt(attempt)),

    retryDue,

    /** The options page got (or was refused) the microphone. */
    onMicPermission: (granted: boolean) =>
      guarded('mic-answer', async (rec) => {
        if (!granted) {
          const error = sessionError('mic-denied', t('session.micRefused'));
          return void (await apply(rec, { type: 'failed', error }));
        }
        const next = await apply({ ...rec, attempt: rec.attempt + 1 }, { type: 'mic-granted' });
        const res = await connect(next, false);
        if (!res.ok) await fail(next, res.error);
      }),

    /** A standby host's time is up: close it, unless a conversation is using it again. */
    standbyOver: () =>
      locked(async () => {
        if (!isActive((await load()).state)) await host.close();
      }),

    /** A side panel's presence port closed: with none left and "stop when the side panel closes", stop. */
    panelClosed: () =>
      locked(async () => {
        const rec = await load();
        if (!isActive(rec.state) || !(await deps.settings()).stopWhenPanelCloses) return;
        if (!(await noSidePanelLeft())) return;
        log.info('side panel closed: ending the session');
        await stop(rec);
      }),

    /** With no side panel left and no conversation running, a standby host goes now; nobody is about to talk. */
    sidePanelClosed: () =>
      locked(async () => {
        if (isActive((await load()).state) || !(await host.exists())) return;
        if (await noSidePanelLeft()) await host.close();
      }),

    /** The host's port closed: if it is gone mid-session, `load` recovers. */
    hostGone: () => locked(async () => void (await load())),

    async snapshot(): Promise<SessionSnapshot> {
      // Serialised: mid-start, "connecting" without a host yet is not stale.
      const rec = await locked(load);
      const [{ page, instructions }, stored] = await Promise.all([records.shared(), records.transcript()]);
      let transcript = stored ?? emptyTranscript();
      // Only a running conversation's host has news; one on standby holds the last one's copy.
      if (isActive(rec.state) && (await host.exists())) transcript = await host.transcript().catch(() => transcript);
      return { state: rec.state, page, instructions, transcript };
    },

    async sendText(text: string): Promise<Result> {
      if (!accepts((await records.get()).state, 'talk')) {
        return { ok: false, error: sessionError('internal', t('session.startFirst')) };
      }
      return host.sendText(text);
    },

    setMuted: (muted: boolean): Promise<Result> =>
      locked(async () => {
        const rec = await load();
        if (!accepts(rec.state, 'talk')) return { ok: false, error: sessionError('internal', t('session.nothingToMute')) };
        await host.setMuted(muted);
        await apply(rec, { type: 'muted', muted });
        return { ok: true };
      }),

    /** The user switched tabs or navigated: re-read the page; changed instructions go to a live session. */
    followPage: (tabId: number) =>
      guarded('follow', async (rec) => {
        const settings = await deps.settings();
        const page = await deps.readPage(await deps.tab(tabId), settings.siteRules);
        const instructions = deps.configure.instructions(page, settings);
        if (instructions === (await records.shared()).instructions) return;
        await share(rec, tabId, { page, instructions });
        // A `session.update` does not interrupt a reply in progress.
        if (accepts(rec.state, 'talk')) await host.updateInstructions(await deps.configure.withServerPrefix(instructions)).catch(() => {});
      }),
  };
}
