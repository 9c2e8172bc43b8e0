import { describe, expect, it } from 'vitest';
import { describe as describeState, hasBeenLive, IDLE, isActive, transition, type SessionEvent, type SessionState } from '@/lib/session/machine';
import { sessionError } from '@/lib/errors';

const run = (events: SessionEvent[], from: SessionState = IDLE) => events.reduce(transition, from);
const err = sessionError('auth', 'bad key');

describe('session state machine', () => {
  it('walks the happy path: idle → connecting → live → ending → idle', () => {
    const states = [{ type: 'start' }, { type: 'connected', at: 5 }, { type: 'stop' }, { type: 'stopped' }].reduce<SessionState[]>(
      (acc, e) => [...acc, transition(acc.at(-1)!, e as SessionEvent)],
      [IDLE],
    );
    expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'live', 'ending', 'idle']);
    expect(states[2]).toEqual({ status: 'live', activity: 'listening', muted: false, since: 5 });
  });

  it('tracks who is speaking and mute only while live', () => {
    const live = run([{ type: 'start' }, { type: 'connected', at: 0 }, { type: 'activity', activity: 'assistant-speaking' }, { type: 'muted', muted: true }]);
    expect(live).toMatchObject({ status: 'live', activity: 'assistant-speaking', muted: true });
    expect(describeState(live).badge).toBe('MUTE');
    expect(run([{ type: 'activity', activity: 'user-speaking' }])).toBe(IDLE);
  });

  it('goes through requesting-mic when permission is needed, then back to connecting', () => {
    expect(run([{ type: 'start' }, { type: 'mic-permission-needed' }]).status).toBe('requesting-mic');
    expect(run([{ type: 'start' }, { type: 'mic-permission-needed' }, { type: 'mic-granted' }]).status).toBe('connecting');
  });

  it('fails from any active state, and an error can be restarted or dismissed', () => {
    for (const pre of [[{ type: 'start' }], [{ type: 'start' }, { type: 'connected', at: 0 }]] as SessionEvent[][]) {
      expect(run([...pre, { type: 'failed', error: err }])).toEqual({ status: 'error', error: err });
    }
    const failed: SessionState = { status: 'error', error: err };
    expect(transition(failed, { type: 'start' }).status).toBe('connecting');
    expect(transition(failed, { type: 'stop' })).toBe(IDLE);
  });

  it('reconnecting keeps the attempt and next try time, and returns to live on connect', () => {
    const s = run([{ type: 'start' }, { type: 'connected', at: 0 }, { type: 'dropped', attempt: 2, nextAt: 99 }]);
    expect(s).toEqual({ status: 'reconnecting', attempt: 2, nextAt: 99, wasLive: true });
    expect(transition(s, { type: 'connected', at: 1 }).status).toBe('live');
    // A second drop while reconnecting is still a lost live session.
    expect(transition(s, { type: 'dropped', attempt: 3, nextAt: 100 })).toMatchObject({ attempt: 3, wasLive: true });
    expect(describeState(s).label).toBe('Connection lost — retrying, 2 of 10');
  });

  it('ignores events that make no sense (a late "connected" after stop, a second start)', () => {
    expect(run([{ type: 'connected', at: 0 }])).toBe(IDLE);
    const connecting = run([{ type: 'start' }]);
    expect(transition(connecting, { type: 'start' })).toBe(connecting);
    expect(run([{ type: 'start' }, { type: 'stop' }, { type: 'connected', at: 0 }]).status).toBe('ending');
  });

  it('isActive is exactly the states a toolbar click would stop', () => {
    const active = ['requesting-mic', 'connecting', 'live', 'reconnecting'];
    const all: SessionState[] = [
      IDLE,
      { status: 'requesting-mic' },
      { status: 'connecting' },
      { status: 'live', activity: 'listening', muted: false, since: 0 },
      { status: 'reconnecting', attempt: 1, nextAt: 0 },
      { status: 'ending' },
      { status: 'error', error: err },
    ];
    expect(all.filter(isActive).map((s) => s.status)).toEqual(active);
  });

  it('a first connect waiting out its one retry (429) is reconnecting but was never live', () => {
    const s = run([{ type: 'start' }, { type: 'dropped', attempt: 1, nextAt: 42 }]);
    expect(s).toEqual({ status: 'reconnecting', attempt: 1, nextAt: 42, wasLive: false });
    expect(hasBeenLive(s)).toBe(false);
    expect(hasBeenLive(run([{ type: 'dropped', attempt: 2, nextAt: 43 }], s))).toBe(false);
    expect(describeState(s).label).not.toMatch(/lost/);
    expect(isActive(s)).toBe(true);
    expect(run([{ type: 'connected', at: 1 }], s).status).toBe('live');
    expect(run([{ type: 'dropped', attempt: 1, nextAt: 42 }]).status).toBe('idle');
  });

  it('hasBeenLive: live and its reconnects yes; connecting no; a record saved before the flag counts as live', () => {
    expect(hasBeenLive(run([{ type: 'start' }]))).toBe(false);
    expect(hasBeenLive(run([{ type: 'start' }, { type: 'connected', at: 0 }]))).toBe(true);
    expect(hasBeenLive({ status: 'reconnecting', attempt: 3, nextAt: 0 })).toBe(true);
    expect(hasBeenLive({ status: 'error', error: err })).toBe(false);
  });
});
