/** One voice session over scripted transports and a manual clock, with everything it reports recorded. */
import type { ConnectionEvent, ConnectRequest } from '@/lib/protocol/messages';
import { buildSession } from '@/lib/realtime/protocol';
import type { Message, Transcript } from '@/lib/transcript/reduce';
import type { ToolRunner } from '@/lib/tools/contract';
import { createVoiceSession } from '@/lib/voice/session';
import { sessionUpdated } from '../fixtures/realtime-events';
import { ManualClock, ScriptedTransport } from './voice';

export const INSTRUCTIONS = 'You are Hark. The page is about defrosting a freezer.';

export function voiceSetup(options: { tools?: ToolRunner } = {}) {
  const clock = new ManualClock();
  const transports: ScriptedTransport[] = [];
  const connection: { attempt: number; event: ConnectionEvent }[] = [];
  const checkpoints: { attempt: number; transcript: Transcript }[] = [];
  const messages: { message: Message; afterId: string | null }[] = [];
  const retries: number[] = [];
  const reachable: (() => void)[] = [];
  const counts = { standbyOver: 0, stop: 0, stoppedWatching: 0 };
  let online = true;
  let ids = 0;
  const voice = createVoiceSession({
    transport: () => {
      const t = new ScriptedTransport();
      transports.push(t);
      return t;
    },
    clock,
    tools: options.tools,
    online: () => online,
    watchReachable: (_origin, onReachable) => {
      reachable.push(onReachable);
      return () => counts.stoppedWatching++;
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    newItemId: () => `item_typed_${++ids}`,
    report: {
      connection: (attempt, event) => connection.push({ attempt, event }),
      message: (message, afterId) => messages.push({ message, afterId }),
      checkpoint: (attempt, transcript) => checkpoints.push({ attempt, transcript }),
      retryDue: (attempt) => retries.push(attempt),
      standbyOver: () => counts.standbyOver++,
      stop: () => counts.stop++,
    },
  });
  const request = (attempt: number, extra: Partial<ConnectRequest> = {}): ConnectRequest => ({
    attempt,
    ephemeralKey: 'ek_test',
    callsUrl: 'https://api.openai.com/v1/realtime/calls',
    trustedOrigins: ['https://api.openai.com'],
    session: buildSession({ model: 'gpt-realtime', voice: 'marin', instructions: INSTRUCTIONS }),
    resume: false,
    ...extra,
  });
  /** Connects attempt `n` and brings it live (channel open, `session.updated`); returns its transport. */
  const connectLive = (attempt: number, extra: Partial<ConnectRequest> = {}): ScriptedTransport => {
    voice.connect(request(attempt, extra));
    const t = transports.at(-1)!;
    t.open();
    t.server(sessionUpdated({ instructions: INSTRUCTIONS }));
    return t;
  };
  const kinds = () => connection.map((c) => c.event.kind);
  const rows = () => voice.transcript().order.map((id) => voice.transcript().byId[id]!);
  return {
    voice,
    clock,
    transports,
    connection,
    checkpoints,
    messages,
    retries,
    reachable,
    counts,
    request,
    connectLive,
    kinds,
    rows,
    setOnline: (v: boolean) => void (online = v),
  };
}

/** Lets promise callbacks (a tool's answer) run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 0));
};
