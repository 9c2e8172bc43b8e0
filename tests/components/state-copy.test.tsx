// Copy that follows the session state (issue 17, defects 4 and 11): the empty-transcript hint, the
// composer's placeholder and the status line in push-to-talk mode.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { Composer } from '@/components/Composer';
import { StatusBar, emptyHint } from '@/components/StatusBar';
import { TranscriptView } from '@/components/TranscriptView';
import { staticSource } from '@/components/transcript-store';
import type { SessionState } from '@/lib/session/machine';
import { sessionError } from '@/lib/errors';

const HINT = 'Click the Hark toolbar icon or Start, then speak.';
const live = (over: Partial<Extract<SessionState, { status: 'live' }>> = {}): SessionState => ({
  status: 'live', activity: 'listening', muted: false, since: 0, ...over,
});
const STATES: Record<string, SessionState> = {
  idle: { status: 'idle' },
  connecting: { status: 'connecting' },
  'requesting-mic': { status: 'requesting-mic' },
  live: live(),
  reconnecting: { status: 'reconnecting', attempt: 2, nextAt: 0 },
  ending: { status: 'ending' },
  error: { status: 'error', error: sessionError('network', 'offline') },
};

describe('state-dependent copy', () => {
  afterEach(cleanup);

  it('the empty transcript hints how to start only while idle', () => {
    for (const [name, s] of Object.entries(STATES)) {
      render(<TranscriptView source={staticSource([])} emptyText={emptyHint(s)} />);
      expect(screen.queryByText(HINT) !== null, name).toBe(name === 'idle');
      cleanup();
    }
  });

  it('the composer placeholder says what typing does in each state', () => {
    const expected: Record<string, string> = {
      idle: 'Start a conversation to type',
      connecting: 'You can send once Hark is connected',
      'requesting-mic': 'You can send once Hark is connected',
      reconnecting: 'You can send once Hark is connected',
      live: 'Type a message',
      ending: 'Start a conversation to type',
      error: 'Start a conversation to type',
    };
    for (const [name, s] of Object.entries(STATES)) {
      render(<Composer status={s.status} onSend={vi.fn(async () => true)} />);
      expect(screen.getByLabelText('Message').getAttribute('placeholder'), name).toBe(expected[name]);
      cleanup();
    }
  });

  it('push-to-talk says "Hold Space to talk" until held, then "Listening"', () => {
    const label = (s: SessionState, ptt?: { talking: boolean }) => {
      render(<StatusBar state={s} page={null} pushToTalk={ptt} />);
      const text = screen.getByRole('status').textContent;
      cleanup();
      return text;
    };
    expect(label(live(), { talking: false })).toBe('Hold Space to talk');
    expect(label(live(), { talking: true })).toBe('Listening');
    expect(label(live({ activity: 'assistant-speaking' }), { talking: false })).toBe('Assistant speaking');
    expect(label(live({ muted: true }), { talking: false })).toBe('Muted');
    // Automatic turn detection hears you without holding anything.
    expect(label(live())).toBe('Listening');
  });
});
