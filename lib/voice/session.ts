/**
 * The voice session: the offscreen document's heart, free of browser globals. It owns the
 * connection attempt, the transcript (and its checkpoints to the worker), the retry and standby
 * timers, the idle auto-end, the replay after a reconnect, and the tool calls. The entrypoint
 * wires Chrome and WebRTC to it; unit tests drive it with a scripted transport and fake time.
 */
import type { ConnectRequest, Result } from '../protocol/messages';
import { clientItemId, outputAudioBufferClear, responseCancel, sessionUpdate, userTextMessage, type ServerEvent } from '../realtime/protocol';
import { sessionError, type SessionError } from '../errors';
import { t, uiLanguage } from '../i18n';
import { IdleTimer, isActivityEvent } from '../session/idle';
import { acknowledge, addTyped, messages, needsAnswer, reduceEvent, type Transcript } from '../transcript/reduce';
import { isReplayEcho, replayEvents } from '../transcript/replay';
import { CONFIRMING_TOOLS } from '../tools/confirm';
import { Link } from './link';
import { createRetry } from './retry';
import { createSessionNotes } from './session-notes';
import { greetingResponse } from './greeting';
import { createTranscriptKeeper } from './transcript-keeper';
import { createToolPath } from './tool-path';
import { VoiceAnswers } from './voice-answers';
import type { VoiceDeps } from './contract';

export type { VoiceDeps, VoiceObserver, VoiceReport } from './contract';

/** The transcript's marker where a link dropped (read when it is written: the document's language). */
export const gapNotice = () => t('voice.gapNotice');
export const rolloverNotice = () => t('voice.rolloverNotice');

export type VoiceSession = ReturnType<typeof createVoiceSession>;

export function createVoiceSession(deps: VoiceDeps) {
  const { clock, report, log } = deps;
  let link: Link | null = null;
  let attempt: number | null = null;
  const kept = createTranscriptKeeper(clock, report, () => attempt);
  /** Why the previous link ended (the gap marker says "lost" or "renewed"). */
  let lastEnd: SessionError | null = null;
  let standbyTimer: unknown = null;
  let idle = new IdleTimer(null, () => {}, clock);
  let notes = createSessionNotes();
  /** The greeting was asked for in this conversation: never again on a reconnect or a renewal. */
  let greeted = false;

  const setTranscript = kept.set;
  const notice = kept.notice;

  const tools = createToolPath(deps.tools, {
    link: () => link,
    transcript: kept.get,
    setTranscript,
    clock,
  });

  const retry = createRetry({
    clock,
    online: () => deps.online(),
    watchReachable: (origin, onReachable) => deps.watchReachable(origin, onReachable),
    due: (attempt) => report.retryDue(attempt),
  });

  const answers = new VoiceAnswers({
    awaitingConfirmation: () => !!deps.voiceAnswer && tools.runningNames().some((n) => CONFIRMING_TOOLS.has(n)),
    answer: (allow, spokeAt) => deps.voiceAnswer?.(allow, spokeAt) ?? Promise.resolve(false),
    responding: () => !!link?.gate.responding,
    cancelReply() {
      link?.send(responseCancel());
      link?.send(outputAudioBufferClear());
    },
    now: () => clock.now(),
  });

  function endForSilence(ms: number): void {
    const n = (x: number) => x.toLocaleString(uiLanguage());
    const span = ms >= 60_000 ? t('voice.minutes', { n: n(Math.round(ms / 6_000) / 10) }) : t('voice.seconds', { n: n(Math.round(ms / 1000)) });
    notice(`idle-${clock.now()}`, t('voice.idleStopped', { span }));
    log.info('idle: ending the session');
    report.stop();
  }

  function onEvent(e: ServerEvent, replayed: ReadonlySet<string>): void {
    if (isActivityEvent(e.type)) idle.touch();
    // The server's echo of a replayed turn: already in the transcript, where it belongs. (Its
    // previous_item_id is the new session's, and would move it after anything said since.)
    if (isReplayEcho(e, replayed)) {
      const id = (e.type === 'conversation.item.added' || e.type === 'conversation.item.done') && e.item.id;
      if (id && kept.get().byId[id]?.unsent) setTranscript(acknowledge(kept.get(), id), [id]);
      return;
    }
    const { transcript: next, changed } = reduceEvent(kept.get(), e, clock.now());
    setTranscript(next, changed);
    // A reply that failed or was cut short, a server error, a limit nearly used up: say so, carry on.
    for (const line of notes.observe(e)) kept.problem(line);
    tools.observe(e);
    answers.observe(e);
    deps.observer?.event(e);
  }

  /**
   * The assistant speaks first, once, when a conversation first goes live: not on a reconnect or
   * a renewal (it was asked for already), nor when anyone has said anything yet (a first start
   * that needed a retry still greets; a resumed document with a transcript does not).
   */
  function greet(live: Link, req: ConnectRequest): void {
    const directive = req.prefs?.greeting;
    if (!directive || greeted || messages(kept.get()).some((m) => m.role !== 'notice')) return;
    greeted = true;
    if (!live.offerResponse(greetingResponse(req.session.instructions, directive))) log.info('greeting skipped: a reply is already on its way');
  }

  function connect(req: ConnectRequest): void {
    clock.clearTimeout(standbyTimer);
    link?.close();
    retry.cancel();
    attempt = req.attempt;
    if (!req.resume) {
      kept.reset();
      tools.reset();
      answers.reset();
      notes = createSessionNotes();
      greeted = false;
    } else if (!kept.get().order.length && req.transcript) {
      // A new document resuming a session (the previous one crashed): start from the worker's copy.
      kept.reset(req.transcript);
    }
    tools.remember(kept.get());
    idle.stop();
    idle = new IdleTimer(req.idleTimeoutMs ?? null, () => endForSilence(req.idleTimeoutMs ?? 0), clock);
    const gapText = lastEnd?.reason === 'session-expired' ? rolloverNotice() : gapNotice();
    const replayed = new Set<string>();
    const mine = req.attempt;
    const next: Link = new Link(
      deps.transport(req),
      req.session,
      {
        onLive: () => {
          for (const e of req.resume ? replayEvents(kept.get()) : []) {
            if (e.type === 'conversation.item.create' && e.item.id) replayed.add(e.item.id);
            next.send(e);
          }
          tools.replayed(next);
          // The link dropped right after the user typed something: answer it now.
          if (req.resume && needsAnswer(kept.get())) next.requestResponse();
          greet(next, req);
          // One conversation across the gap, marked where the link dropped (not after a first
          // connect that needed a retry: there was nothing before it).
          if (req.resume && messages(kept.get()).some((m) => m.role !== 'notice')) notice(`gap-${mine}`, gapText);
          idle.start();
          report.connection(mine, { kind: 'live' });
        },
        onActivity: (activity) => report.connection(mine, { kind: 'activity', activity }),
        onEnd: (kind, error) => {
          lastEnd = error;
          idle.stop();
          report.connection(mine, { kind, error });
        },
        onEvent: (e) => onEvent(e, replayed),
      },
      clock,
      log,
    );
    link = next;
    deps.observer?.connected(req);
    // Answer at once: progress comes back as events, so the worker is never blocked on a handshake.
    next.start();
  }

  async function disconnect(hangupWaitMs: number): Promise<{ transcript: Transcript }> {
    retry.cancel();
    idle.stop();
    tools.stop();
    const closing = link;
    link = null;
    attempt = null;
    // The next conversation (this document may stand by for it) is not a continuation of this one.
    lastEnd = null;
    deps.observer?.disconnected();
    // Let a half-done SDP exchange finish and be hung up before the worker closes this document.
    await closing?.closeAndHangUp(hangupWaitMs);
    // The worker keeps the conversation; a document on standby holds nothing of it.
    const last = kept.get();
    kept.reset();
    return { transcript: last };
  }

  function sendText(raw: string): Result {
    const text = raw.trim();
    if (!text) return { ok: false, error: sessionError('internal', t('voice.typeSomething')) };
    idle.touch();
    const id = (deps.newItemId ?? clientItemId)();
    if (!link?.send(userTextMessage(text, id)) || !link.requestResponse()) {
      return { ok: false, error: sessionError('network', t('voice.notSent')) };
    }
    // Shown at once, and kept if the link drops before the server has it (it is replayed).
    setTranscript(addTyped(kept.get(), id, text, clock.now()), [id]);
    return { ok: true };
  }

  return {
    connect,
    disconnect,
    sendText,
    setTranscript,
    transcript: kept.get,
    link: () => link,
    attempt: () => attempt,
    updateInstructions: (instructions: string) => void link?.send(sessionUpdate({ type: 'realtime', instructions })),
    /** Calls `retryDue` after `delayMs`, as soon as the browser is back online, or once `watchOrigin` answers. */
    scheduleRetry: retry.schedule,
    /** Back online: don't sit out the rest of a backoff delay. */
    online: retry.fire,
    /** Gone offline: the link is lost now; don't wait for ICE to notice. */
    offline: () => link?.drop(sessionError('network', t('voice.offline'))),
    /** Hung up and kept for a quick next start: `standbyOver` after `ms` unless a connect comes first. */
    standby(ms: number): void {
      clock.clearTimeout(standbyTimer);
      standbyTimer = clock.setTimeout(() => report.standbyOver(), ms);
    },
    /** Tool calls still running (tests). */
    pendingTools: () => tools.pending,
  };
}
