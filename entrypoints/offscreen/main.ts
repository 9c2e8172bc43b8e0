/**
 * The offscreen document: wires Chrome and WebRTC to the voice session (lib/voice/session.ts),
 * which owns the live connection and the transcript while a session runs. This document has
 * only `chrome.runtime`; everything it needs arrives in messages from the worker.
 */
import { backgroundMessenger, offscreenReceiver, OFFSCREEN_PORT, ownExtension } from '@/lib/protocol/messages';
import { TRANSCRIPT_CHANNEL, type TranscriptUpdate } from '@/lib/protocol/transcript-channel';
import { createLogger } from '@/lib/log';
import { epochNow } from '@/lib/start-marks';
import type { ToolRunner } from '@/lib/tools/contract';
import { createVoiceSession } from '@/lib/voice/session';
import { systemClock } from '@/lib/voice/transport';
import { WebRtcTransport } from './webrtc-transport';
import { liveMicTracks, mediaCounts } from './media-registry';
import { offscreenUx } from './ux';
import { watchReachable } from './reachability';
import { connectMarks } from './marks';
import { toolTimeoutMs } from '@/lib/tools/confirm';

/** When this document's script began to run (for the benchmark's stage marks). */
const scriptStart = epochNow();
const log = createLogger('offscreen');
/** Only the worker (and, for live controls, the side panel) may command this document. */
const api = offscreenReceiver(ownExtension(chrome.runtime));
const audio = document.getElementById('remote') as HTMLAudioElement;
const HANGUP_WAIT_MS = 1500;

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

function toWorker(what: string, send: () => Promise<unknown>): void {
  send().catch((e: unknown) => log.warn(`${what}: could not reach the service worker`, e));
}

/** Tools run in the worker, next to the tab; the call waits for its answer there. */
const tools: ToolRunner = {
  run: (call) => backgroundMessenger.sendMessage('bg:runTool', { call }),
  timeoutMs: (call) => toolTimeoutMs(call.name),
};

/** Transcript updates for open side panels (lib/protocol/transcript-channel.ts). */
const transcriptChannel = new BroadcastChannel(TRANSCRIPT_CHANNEL);
let transport: WebRtcTransport | null = null;
const voice = createVoiceSession({
  transport: (req) => (transport = new WebRtcTransport(req, audio, (id, text) => ux.notice(id, text))),
  clock: systemClock,
  tools,
  voiceAnswer: (allow, spokeAt) =>
    backgroundMessenger.sendMessage('bg:toolVoiceAnswer', { allow, spokeAt }).then((r) => r.ok, () => false),
  online: () => navigator.onLine,
  watchReachable,
  log,
  report: {
    connection(attempt, event) {
      if (event.kind === 'live') connectMarks.mark('live');
      holdWorkerPort();
      toWorker('connection event', () => backgroundMessenger.sendMessage('bg:connectionEvent', { attempt, event }));
    },
    message: (message, afterId) => transcriptChannel.postMessage({ message, afterId } satisfies TranscriptUpdate),
    checkpoint: (attempt, transcript) => toWorker('checkpoint', () => backgroundMessenger.sendMessage('bg:checkpoint', { attempt, transcript })),
    retryDue(attempt) {
      holdWorkerPort();
      toWorker('retry', () => backgroundMessenger.sendMessage('bg:retryDue', { attempt }));
    },
    standbyOver: () => toWorker('standby', () => backgroundMessenger.sendMessage('bg:standbyOver', undefined)),
    stop: () => toWorker('idle stop', () => backgroundMessenger.sendMessage('bg:stop', undefined)),
  },
  observer: {
    connected: (req) => ux.connected(req),
    event: (e) => ux.event(e),
    disconnected: () => ux.disconnected(),
  },
});

const ux = offscreenUx({
  audio,
  connection: () => voice.link(),
  peer: () => (voice.link() ? (transport?.peer ?? null) : null),
  transcript: () => voice.transcript(),
  setTranscript: (next, changed) => voice.setTranscript(next, changed),
});

// Back online: don't sit out the rest of a backoff delay. Gone offline: don't wait for ICE.
addEventListener('online', () => voice.online());
addEventListener('offline', () => voice.offline());

api.onMessage('offscreen:standby', ({ data }) => voice.standby(data.ms));
api.onMessage('offscreen:connect', ({ data }) => {
  connectMarks.mark('connectReceived', true);
  holdWorkerPort();
  voice.connect(data);
});
api.onMessage('offscreen:scheduleRetry', ({ data }) => voice.scheduleRetry(data));
api.onMessage('offscreen:disconnect', () => voice.disconnect(HANGUP_WAIT_MS));
api.onMessage('offscreen:sendText', ({ data }) => voice.sendText(data.text));
api.onMessage('offscreen:updateInstructions', ({ data }) => voice.updateInstructions(data.instructions));
api.onMessage('offscreen:setMuted', ({ data }) => ux.setMuted(data.muted));
api.onMessage('offscreen:getState', () => ({
  attempt: voice.attempt(),
  transcript: voice.transcript(),
  micLive: (voice.link() && transport?.micLive) ?? false,
  media: mediaCounts(),
}));

// For the fault-injection tests (evaluated in this document over CDP): leak counts, and a way to
// make the microphone end as if it were unplugged. Nothing outside the extension can reach it,
// and release builds (--mode release) leave it out.
if (import.meta.env.HARK_TEST_HOOKS) Object.assign(globalThis, {
  harkDebug: {
    media: mediaCounts,
    messageCount: () => voice.transcript().order.length,
    probes: () => transport?.probes ?? 0,
    connectMarks: () => ({ documentStart: performance.timeOrigin, scriptStart, ...connectMarks.read() }),
    /** Which microphone and speaker the call uses (the chosen-device tests). */
    devices: () => ({ mics: liveMicTracks().map((t) => t.label), sinkId: (audio as HTMLAudioElement & { sinkId?: string }).sinkId ?? '' }),
    unplugMicrophone: () =>
      liveMicTracks().forEach((t) => {
        t.stop();
        t.dispatchEvent(new Event('ended'));
      }),
  },
});
