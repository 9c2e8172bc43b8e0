/**
 * The offscreen document: owns the live connection and the transcript while a session runs.
 * It has only `chrome.runtime`; everything it needs arrives in messages from the worker.
 */
import { backgroundMessenger, notify, offscreenReceiver, OFFSCREEN_PORT, type ConnectionEvent } from '@/lib/protocol/messages';
import { clientItemId, sessionUpdate, userTextMessage } from '@/lib/realtime/protocol';
import { acknowledge, addNotice, addTyped, emptyTranscript, messages, needsAnswer, reduceEvent, type Transcript } from '@/lib/transcript/reduce';
import { isReplayEcho, replayEvents } from '@/lib/transcript/replay';
import { sessionError, type SessionError } from '@/lib/errors';
import { noticeForEvent } from '@/lib/realtime/server-problems';
import { IdleTimer, isActivityEvent } from '@/lib/session/idle';
import { RealtimeConnection } from './realtime-connection';
import { liveMicTracks, mediaCounts } from './media-registry';
import { offscreenUx } from './ux';
import { watchReachable } from './reachability';
import { connectMarks } from './marks';
import { epochNow } from '@/lib/start-marks';

/** When this document's script began to run (for the benchmark's stage marks). */
const scriptStart = epochNow();

/** Only the worker (and, for live controls, the side panel) may command this document. */
const api = offscreenReceiver(chrome.runtime.id);

const audio = document.getElementById('remote') as HTMLAudioElement;
let connection: RealtimeConnection | null = null;
let attempt: number | null = null;
let transcript: Transcript = emptyTranscript();

/** Updates the transcript and tells open side panels about the messages that changed. */
function setTranscript(next: Transcript, changed: string[]): void {
  transcript = next;
  for (const id of changed) {
    const i = next.order.indexOf(id);
    notify('ui:message', { message: next.byId[id]!, afterId: i > 0 ? next.order[i - 1]! : null });
  }
  if (changed.some((id) => next.byId[id]?.final)) scheduleCheckpoint();
}

// The worker keeps a copy of the transcript (in `session:` storage): if this document crashes,
// the one that replaces it resumes the conversation from that copy. Sent when a message is
// finished (streaming deltas never wake the worker), in the next task: a crash loses only what
// finished in the last moments, and finals of one event batch go together.
let checkpointTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleCheckpoint(): void {
  if (checkpointTimer !== undefined || attempt == null) return;
  checkpointTimer = setTimeout(() => {
    checkpointTimer = undefined;
    if (attempt == null) return;
    backgroundMessenger.sendMessage('bg:checkpoint', { attempt, transcript }).catch((e) => console.warn('[hark] checkpoint', e));
  }, CHECKPOINT_MS);
}
const CHECKPOINT_MS = 0;

// A port to the worker: when this document goes away (crash, closed by the browser) while the
// worker runs, the worker notices at once and recreates it. The worker drops the port when it is
// stopped; it is reopened with the next message, so it never keeps the worker awake.
let workerPort: chrome.runtime.Port | null = null;
function holdWorkerPort(): void {
  if (workerPort) return;
  try {
    workerPort = chrome.runtime.connect({ name: OFFSCREEN_PORT });
    workerPort.onDisconnect.addListener(() => {
      workerPort = null;
    });
  } catch {
    workerPort = null;
  }
}

/** Numbers the notices of server problems (ids are unique within a connection attempt). */
let problems = 0;

const GAP_NOTICE = 'Connection lost — reconnected. Recent turns were replayed.';
const ROLLOVER_NOTICE = 'Session renewed before its time limit — reconnected. Recent turns were replayed.';
/** Why the previous connection ended (the marker says "lost" or "renewed"). */
let lastEnd: SessionError | null = null;

// Idle auto-end: nobody said anything for the configured time → end the session (mic released).
let idle = new IdleTimer(null, () => {});
function endForSilence(ms: number): void {
  const span = ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 1000)} s`;
  const id = `idle-${Date.now()}`;
  setTranscript(addNotice(transcript, id, `Stopped after ${span} of silence; the microphone is off. Start again any time.`, Date.now()), [id]);
  console.info('[hark] idle: ending the session');
  backgroundMessenger.sendMessage('bg:stop', undefined).catch((e) => console.warn('[hark] idle stop', e));
}

const ux = offscreenUx({ audio, connection: () => connection, transcript: () => transcript, setTranscript });

// Reconnect timers live here, not in the service worker, which may be stopped while it waits.
let retry: { attempt: number; timer: ReturnType<typeof setTimeout>; stopWatching?: () => void } | null = null;

function cancelRetry(): void {
  if (retry) clearTimeout(retry.timer);
  retry?.stopWatching?.();
  retry = null;
}

function fireRetry(): void {
  if (!retry) return;
  const { attempt: due } = retry;
  cancelRetry();
  holdWorkerPort();
  backgroundMessenger.sendMessage('bg:retryDue', { attempt: due }).catch((e) => console.warn('[hark] retry', e));
}

// Back online: don't sit out the rest of a backoff delay.
addEventListener('online', fireRetry);
// Gone offline: the link is lost now; don't wait for ICE to notice. Retries wait for `online`.
addEventListener('offline', () => connection?.drop(sessionError('network', 'The computer went offline. Hark reconnects when it is back online.')));

function report(forAttempt: number, event: ConnectionEvent): void {
  holdWorkerPort();
  backgroundMessenger.sendMessage('bg:connectionEvent', { attempt: forAttempt, event }).catch((e) => {
    console.warn('[hark] could not reach the service worker', e);
  });
}

// On standby (hung up, kept for a quick next start): the worker is asked to close this document
// when the time is up. A new connection cancels it.
let standbyTimer: ReturnType<typeof setTimeout> | undefined;
api.onMessage('offscreen:standby', ({ data }) => {
  clearTimeout(standbyTimer);
  standbyTimer = setTimeout(() => {
    backgroundMessenger.sendMessage('bg:standbyOver', undefined).catch((e) => console.warn('[hark] standby', e));
  }, data.ms);
});

api.onMessage('offscreen:connect', ({ data }) => {
  connectMarks.mark('connectReceived', true);
  clearTimeout(standbyTimer);
  holdWorkerPort();
  connection?.close();
  cancelRetry();
  attempt = data.attempt;
  if (!data.resume) transcript = emptyTranscript();
  // A new document resuming a session (the previous one crashed): start from the worker's copy.
  else if (!transcript.order.length && data.transcript) transcript = data.transcript;
  idle.stop();
  idle = new IdleTimer(data.idleTimeoutMs ?? null, () => endForSilence(data.idleTimeoutMs ?? 0));
  const gapText = lastEnd?.reason === 'session-expired' ? ROLLOVER_NOTICE : GAP_NOTICE;
  const replayed = new Set<string>();
  const mine = data.attempt;
  const conn = new RealtimeConnection(data, audio, {
    onLive: () => {
      const replay = data.resume ? replayEvents(transcript) : [];
      for (const e of replay) {
        if (e.type === 'conversation.item.create' && e.item.id) replayed.add(e.item.id);
        conn.send(e);
      }
      // The link dropped right after the user typed something: answer it now.
      if (data.resume && needsAnswer(transcript)) conn.requestResponse();
      // One conversation across the gap, with a visible marker where the link dropped (none when
      // there was nothing before it: a first connect that needed a retry).
      if (data.resume && messages(transcript).some((m) => m.role !== 'notice')) {
        const id = `gap-${mine}`;
        setTranscript(addNotice(transcript, id, gapText, Date.now()), [id]);
      }
      idle.start();
      report(mine, { kind: 'live' });
    },
    onActivity: (activity) => report(mine, { kind: 'activity', activity }),
    onEnd: (kind, error) => {
      lastEnd = error;
      idle.stop();
      report(mine, { kind, error });
    },
    onEvent: (event) => {
      if (isActivityEvent(event.type)) idle.touch();
      // The server's echo of a replayed turn: already in the transcript, where it belongs. (Its
      // previous_item_id is the new session's, and would move it after anything said since.)
      if (isReplayEcho(event, replayed)) {
        const id = (event as { item: { id: string } }).item.id;
        if (transcript.byId[id]?.unsent) setTranscript(acknowledge(transcript, id), [id]);
        return;
      }
      const { transcript: next, changed } = reduceEvent(transcript, event, Date.now());
      setTranscript(next, changed);
      // A reply that failed or was cut short, a server error: say so, and carry on.
      const problem = noticeForEvent(event);
      if (problem) {
        const id = `problem-${Date.now()}-${++problems}`;
        setTranscript(addNotice(transcript, id, problem, Date.now()), [id]);
      }
      ux.event(event);
    },
  });
  connection = conn;
  ux.connected(data);
  // Answer at once: progress comes back as events, so the worker is never blocked on a handshake.
  void connection.start();
});

api.onMessage('offscreen:scheduleRetry', ({ data }) => {
  cancelRetry();
  retry = { attempt: data.attempt, timer: setTimeout(() => (navigator.onLine ? fireRetry() : undefined), data.delayMs) };
  // The server could not be reached: retry the moment it answers again, not at the next step.
  if (data.watchOrigin && data.delayMs > 0) retry.stopWatching = watchReachable(data.watchOrigin, () => navigator.onLine && fireRetry());
});

api.onMessage('offscreen:disconnect', async () => {
  cancelRetry();
  idle.stop();
  const closing = connection;
  connection = null;
  attempt = null;
  // The next conversation (this document may stand by for it) is not a continuation of this one.
  lastEnd = null;
  ux.disconnected();
  // The worker closes this document next, or keeps it on standby: let a half-done SDP exchange
  // finish and be hung up.
  await closing?.closeAndHangUp(HANGUP_WAIT_MS);
  // The worker keeps the conversation; a document on standby holds nothing of it.
  const kept = transcript;
  transcript = emptyTranscript();
  return { transcript: kept };
});
const HANGUP_WAIT_MS = 1500;

api.onMessage('offscreen:sendText', ({ data }) => {
  const text = data.text.trim();
  if (!text) return { ok: false, error: sessionError('internal', 'Type something to send.') };
  idle.touch();
  const id = clientItemId();
  if (!connection?.send(userTextMessage(text, id)) || !connection.requestResponse()) {
    return { ok: false, error: sessionError('network', 'Not connected: the message was not sent.') };
  }
  // Shown at once, and kept if the link drops before the server has it (it is replayed).
  setTranscript(addTyped(transcript, id, text, Date.now()), [id]);
  return { ok: true };
});

api.onMessage('offscreen:updateInstructions', ({ data }) => {
  connection?.send(sessionUpdate({ type: 'realtime', instructions: data.instructions }));
});

api.onMessage('offscreen:setMuted', ({ data }) => ux.setMuted(data.muted));

api.onMessage('offscreen:getState', () => ({ attempt, transcript, micLive: connection?.micLive ?? false, media: mediaCounts() }));

// For the fault-injection tests (evaluated in this document over CDP): leak counts, and a way to
// make the microphone end as if it were unplugged. Nothing outside the extension can reach it.
Object.assign(globalThis, {
  harkDebug: {
    media: mediaCounts,
    messageCount: () => transcript.order.length,
    probes: () => connection?.probes ?? 0,
    connectMarks: () => ({ documentStart: performance.timeOrigin, scriptStart, ...connectMarks.read() }),
    unplugMicrophone: () =>
      liveMicTracks().forEach((t) => {
        t.stop();
        t.dispatchEvent(new Event('ended'));
      }),
  },
});
