/**
 * The offscreen document: owns the live connection and the transcript while a session runs.
 * It has only `chrome.runtime`; everything it needs arrives in messages from the worker.
 */
import { backgroundMessenger, notify, offscreenMessenger as api, type ConnectionEvent } from '@/lib/protocol/messages';
import { responseCreate, userTextMessage } from '@/lib/protocol/realtime';
import { emptyTranscript, reduceEvent, type Transcript } from '@/lib/transcript/reduce';
import { sessionError } from '@/lib/errors';
import { RealtimeConnection } from './realtime-connection';

const audio = document.getElementById('remote') as HTMLAudioElement;
let connection: RealtimeConnection | null = null;
let attempt: number | null = null;
let transcript: Transcript = emptyTranscript();

function report(forAttempt: number, event: ConnectionEvent): void {
  backgroundMessenger.sendMessage('bg:connectionEvent', { attempt: forAttempt, event }).catch((e) => {
    console.warn('[hark] could not reach the service worker', e);
  });
}

api.onMessage('offscreen:connect', ({ data }) => {
  connection?.close();
  attempt = data.attempt;
  transcript = emptyTranscript();
  const mine = data.attempt;
  connection = new RealtimeConnection(data, audio, {
    onLive: () => report(mine, { kind: 'live' }),
    onActivity: (activity) => report(mine, { kind: 'activity', activity }),
    onEnd: (kind, error) => report(mine, { kind, error }),
    onEvent: (event) => {
      const { transcript: next, changed } = reduceEvent(transcript, event, Date.now());
      transcript = next;
      for (const id of changed) {
        const i = next.order.indexOf(id);
        void notify('ui:message', { message: next.byId[id]!, afterId: i > 0 ? next.order[i - 1]! : null });
      }
    },
  });
  // Answer at once: progress comes back as events, so the worker is never blocked on a handshake.
  void connection.start();
});

api.onMessage('offscreen:disconnect', () => {
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

api.onMessage('offscreen:setMuted', ({ data }) => connection?.setMuted(data.muted));

api.onMessage('offscreen:getState', () => ({ attempt, transcript, micLive: connection?.micLive ?? false }));
