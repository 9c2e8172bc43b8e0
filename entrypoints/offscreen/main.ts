/**
 * The offscreen document: owns the live connection and the transcript while a session runs.
 * It has only `chrome.runtime`; everything it needs arrives in messages from the worker.
 */
import { backgroundMessenger, notify, offscreenMessenger as api, type ConnectionEvent } from '@/lib/protocol/messages';
import { responseCreate, sessionUpdate, userTextMessage } from '@/lib/protocol/realtime';
import { addNotice, emptyTranscript, reduceEvent, type Transcript } from '@/lib/transcript/reduce';
import { replayEvents } from '@/lib/transcript/replay';
import { sessionError } from '@/lib/errors';
import { RealtimeConnection } from './realtime-connection';

const audio = document.getElementById('remote') as HTMLAudioElement;
let connection: RealtimeConnection | null = null;
let attempt: number | null = null;
let transcript: Transcript = emptyTranscript();

/** Updates the transcript and tells open side panels about the messages that changed. */
function setTranscript(next: Transcript, changed: string[]): void {
  transcript = next;
  for (const id of changed) {
    const i = next.order.indexOf(id);
    void notify('ui:message', { message: next.byId[id]!, afterId: i > 0 ? next.order[i - 1]! : null });
  }
}

// Reconnect timers live here, not in the service worker, which may be stopped while it waits.
let retry: { attempt: number; timer: ReturnType<typeof setTimeout> } | null = null;

function cancelRetry(): void {
  if (retry) clearTimeout(retry.timer);
  retry = null;
}

function fireRetry(): void {
  if (!retry) return;
  const { attempt: due } = retry;
  cancelRetry();
  backgroundMessenger.sendMessage('bg:retryDue', { attempt: due }).catch((e) => console.warn('[hark] retry', e));
}

// Back online: don't sit out the rest of a backoff delay.
addEventListener('online', fireRetry);

function report(forAttempt: number, event: ConnectionEvent): void {
  backgroundMessenger.sendMessage('bg:connectionEvent', { attempt: forAttempt, event }).catch((e) => {
    console.warn('[hark] could not reach the service worker', e);
  });
}

api.onMessage('offscreen:connect', ({ data }) => {
  connection?.close();
  cancelRetry();
  attempt = data.attempt;
  if (!data.resume) transcript = emptyTranscript();
  const mine = data.attempt;
  const conn = new RealtimeConnection(data, audio, {
    onLive: () => {
      if (data.resume) {
        for (const e of replayEvents(transcript)) conn.send(e);
        // One conversation across the gap, with a visible marker where the link dropped.
        const id = `gap-${mine}`;
        setTranscript(addNotice(transcript, id, 'Connection lost — reconnected. Recent turns were replayed.', Date.now()), [id]);
      }
      report(mine, { kind: 'live' });
    },
    onActivity: (activity) => report(mine, { kind: 'activity', activity }),
    onEnd: (kind, error) => report(mine, { kind, error }),
    onEvent: (event) => {
      const { transcript: next, changed } = reduceEvent(transcript, event, Date.now());
      setTranscript(next, changed);
    },
  });
  connection = conn;
  // Answer at once: progress comes back as events, so the worker is never blocked on a handshake.
  void connection.start();
});

api.onMessage('offscreen:scheduleRetry', ({ data }) => {
  cancelRetry();
  retry = { attempt: data.attempt, timer: setTimeout(() => (navigator.onLine ? fireRetry() : undefined), data.delayMs) };
});

api.onMessage('offscreen:disconnect', () => {
  cancelRetry();
  connection?.close();
  connection = null;
  attempt = null;
  return { transcript };
});

api.onMessage('offscreen:sendText', ({ data }) => {
  const text = data.text.trim();
  if (!text) return { ok: false, error: sessionError('internal', 'Type something to send.') };
  if (!connection?.send(userTextMessage(text)) || !connection.send(responseCreate())) {
    return { ok: false, error: sessionError('network', 'Not connected: the message was not sent.') };
  }
  return { ok: true };
});

api.onMessage('offscreen:updateInstructions', ({ data }) => {
  connection?.send(sessionUpdate({ type: 'realtime', instructions: data.instructions }));
});

api.onMessage('offscreen:setMuted', ({ data }) => connection?.setMuted(data.muted));

api.onMessage('offscreen:getState', () => ({ attempt, transcript, micLive: connection?.micLive ?? false }));
