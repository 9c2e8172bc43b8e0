import { describe, expect, it, vi } from 'vitest';
import { admitPort, guardedReceiver, type Receiver } from '@/lib/protocol/guard';
import { BACKGROUND_SENDERS, type SenderInfo } from '@/lib/protocol/sender-policy';
import { backgroundMessenger, offscreenMessenger, uiMessenger, type BackgroundProtocol } from '@/lib/protocol/messages';

const ID = 'mgdephepccmmomkahfkeepamdhgeekkf';
const ORIGIN = `chrome-extension://${ID}`;
const options: SenderInfo = { id: ID, url: `${ORIGIN}/options.html`, origin: ORIGIN, frameId: 0, tab: { id: 1 } };
const contentScript: SenderInfo = { id: ID, url: 'https://news.example/a', origin: 'https://news.example', frameId: 0, tab: { id: 2 } };

/** A messenger that keeps the registered listeners, to call them the way the library does. */
function fakeMessenger() {
  const listeners = new Map<string, (m: unknown) => unknown>();
  const messenger = {
    onMessage: (type: string, fn: (m: unknown) => unknown) => {
      listeners.set(type, fn);
      return () => listeners.delete(type);
    },
  } as unknown as Receiver<BackgroundProtocol>;
  const deliver = async (type: string, data: unknown, sender: SenderInfo) =>
    listeners.get(type)!({ id: 1, type, data, timestamp: Date.now(), sender });
  return { messenger, deliver };
}

describe('guardedReceiver', () => {
  it('runs the handler for an allowed sender and passes its answer back', async () => {
    const { messenger, deliver } = fakeMessenger();
    const log = { warn: vi.fn() };
    const handler = vi.fn(() => ({ saved: true }));
    guardedReceiver(messenger, BACKGROUND_SENDERS, ID, log).onMessage('bg:saveSecret', handler);
    await expect(deliver('bg:saveSecret', { kind: 'openai', value: 'sk-good' }, options)).resolves.toEqual({ saved: true });
    expect(handler).toHaveBeenCalledOnce();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('refuses a content script: no handler, a bare refusal, a log line without the payload', async () => {
    const { messenger, deliver } = fakeMessenger();
    const log = { warn: vi.fn() };
    const handler = vi.fn(() => ({ saved: true }));
    guardedReceiver(messenger, BACKGROUND_SENDERS, ID, log).onMessage('bg:saveSecret', handler);
    const refused = await Promise.resolve(deliver('bg:saveSecret', { kind: 'openai', value: 'sk-PLANTED' }, contentScript)).catch((e: Error) => e);
    expect(handler).not.toHaveBeenCalled();
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe('refused');
    expect((refused as Error).stack).toBe('');
    expect(log.warn).toHaveBeenCalledExactlyOnceWith('refused bg:saveSecret from untrusted');
  });

  it('refuses a trusted page a message that is not its to send', async () => {
    const { messenger, deliver } = fakeMessenger();
    const log = { warn: vi.fn() };
    const handler = vi.fn();
    guardedReceiver(messenger, BACKGROUND_SENDERS, ID, log).onMessage('bg:connectionEvent', handler);
    await expect(Promise.resolve().then(() => deliver('bg:connectionEvent', { attempt: 1, event: { kind: 'live' } }, options))).rejects.toThrow('refused');
    expect(handler).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('refused bg:connectionEvent from options');
  });
});

describe('messages.ts', () => {
  it('hands out no unguarded way to receive: its messengers only send', () => {
    for (const messenger of [backgroundMessenger, offscreenMessenger, uiMessenger]) {
      expect(Object.keys(messenger)).toEqual(['sendMessage']);
      // @ts-expect-error no onMessage: handlers are registered through the guarded receivers
      expect(messenger.onMessage).toBeUndefined();
    }
  });
});

describe('admitPort', () => {
  const port = (name: string, sender: SenderInfo) => ({ name, sender, disconnect: vi.fn() });

  it("keeps the offscreen document's port", () => {
    const p = port('hark-offscreen', { id: ID, url: `${ORIGIN}/offscreen.html`, origin: ORIGIN });
    expect(admitPort(p, ID, { warn: vi.fn() })).toBe(true);
    expect(p.disconnect).not.toHaveBeenCalled();
  });

  it('disconnects a named port opened by a content script', () => {
    const log = { warn: vi.fn() };
    for (const name of ['hark-offscreen', 'hark-panel']) {
      const p = port(name, contentScript);
      expect(admitPort(p, ID, log)).toBe(false);
      expect(p.disconnect).toHaveBeenCalledOnce();
      expect(log.warn).toHaveBeenLastCalledWith(`refused port ${name} from untrusted`);
    }
  });

  it("disconnects the side panel's port when another page opens it", () => {
    const p = port('hark-panel', options);
    expect(admitPort(p, ID, { warn: vi.fn() })).toBe(false);
    expect(p.disconnect).toHaveBeenCalledOnce();
  });

  it('disconnects an unknown port without logging its (sender-chosen) name', () => {
    const log = { warn: vi.fn() };
    const p = port('<img src=x>secret-ish', contentScript);
    expect(admitPort(p, ID, log)).toBe(false);
    expect(p.disconnect).toHaveBeenCalledOnce();
    expect(log.warn).toHaveBeenCalledWith('refused an unknown port from untrusted');
  });
});
