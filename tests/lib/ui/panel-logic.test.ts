import { describe, expect, it } from 'vitest';
import { voiceMode, levelSource } from '@/lib/ui/voice-mode';
import { actionState } from '@/lib/ui/action-state';
import { stopReason } from '@/lib/ui/stop-reason';
import { sharedSummary } from '@/lib/ui/shared-summary';
import { QualityWindow } from '@/lib/ui/quality-window';
import { errorView, withoutLinks } from '@/lib/ui/error-view';
import { describe as describeState, type SessionState } from '@/lib/session/machine';

const live = (over: Partial<Extract<SessionState, { status: 'live' }>> = {}): SessionState => ({ status: 'live', activity: 'listening', muted: false, since: 0, ...over });

const STATES: SessionState[] = [
  { status: 'idle' },
  { status: 'requesting-mic' },
  { status: 'connecting' },
  live(),
  live({ activity: 'user-speaking' }),
  live({ activity: 'assistant-speaking' }),
  live({ muted: true }),
  { status: 'reconnecting', attempt: 2, nextAt: 0, wasLive: true },
  { status: 'reconnecting', attempt: 1, nextAt: 0, wasLive: false },
  { status: 'ending' },
  { status: 'error', error: { reason: 'network', message: 'x', retryable: true } },
];

describe('voice mode', () => {
  it('tells listening, you speaking, the assistant speaking, muted, connecting, reconnecting and error apart', () => {
    expect(STATES.map((s) => voiceMode(s))).toEqual([
      'idle', 'connecting', 'connecting', 'listening', 'user', 'assistant', 'muted', 'reconnecting', 'connecting', 'idle', 'error',
    ]);
  });
  it('push-to-talk: "hold" until held, then you', () => {
    expect(voiceMode(live(), { talking: false })).toBe('hold');
    expect(voiceMode(live(), { talking: true })).toBe('user');
  });
  it('follows the microphone while you may speak, the assistant while it answers, nothing otherwise', () => {
    expect(['listening', 'user', 'assistant', 'muted', 'hold', 'idle'].map((m) => levelSource(m as never))).toEqual(['input', 'input', 'output', null, null, null]);
  });
});

describe('toolbar icon states (issue 17, defect 5)', () => {
  it('muted is not "OFF": a mic-slash, its own badge, and a tooltip saying it is still connected', () => {
    const a = actionState(live({ muted: true }));
    expect(a).toMatchObject({ badge: 'MUTE', glyph: 'mic-off' });
    expect(a.title).toMatch(/muted but still connected — click to stop/);
    expect(actionState(live()).glyph).toBe('mic');
  });
  it('listening, muted, speaking, reconnecting and error each differ in badge, glyph or colour, and say what a click does', () => {
    const picks = [live(), live({ muted: true }), live({ activity: 'assistant-speaking' }), STATES[7]!, STATES[10]!].map(actionState);
    expect(new Set(picks.map((a) => `${a.badge}/${a.glyph}/${a.color}`)).size).toBe(5);
    for (const a of picks) expect(a.title).toMatch(/click to (stop|try again)/);
    expect(actionState({ status: 'idle' }).title).toMatch(/click to start/);
    for (const a of picks) expect(a.color).toMatch(/^#[0-9a-f]{6}$/);
  });
  it('the session code badges the same text (lib/session/machine.ts describe)', () => {
    for (const s of STATES) expect(describeState(s).badge, s.status).toBe(actionState(s).badge);
  });
});

describe('stop reason in the status line', () => {
  it('cost cap and silence from the last notice; an error; nothing after a stop the user asked for', () => {
    expect(stopReason({ status: 'idle' }, { id: 'cap-1', role: 'notice' })).toBe('cap');
    expect(stopReason({ status: 'idle' }, { id: 'idle-1', role: 'notice' })).toBe('idle');
    expect(stopReason({ status: 'idle' }, { id: 'a1', role: 'assistant' })).toBeNull();
    expect(stopReason(live(), { id: 'cap-1', role: 'notice' })).toBeNull();
    expect(stopReason(STATES[10]!, undefined)).toBe('error');
  });
});

describe('shared with the assistant', () => {
  const page = { title: 'Tide Pools', url: 'https://x.test/a', lang: '', description: '', selection: 'pools', headings: [], text: 'one two  three\n\nfour' };
  it('counts words and hidden items', () => {
    expect(sharedSummary({ ...page, redactions: { email: 2, phone: 1 } })).toMatchObject({ words: 4, hidden: 3, blocked: null, selection: 'pools' });
  });
  it('a chrome:// page is a browser page (no permission helps); a tab without access can be allowed', () => {
    expect(sharedSummary({ ...page, text: '', noteCode: 'browser-page', note: 'n' }).blocked).toBe('browser');
    expect(sharedSummary({ ...page, text: '', noteCode: 'no-access', note: 'n' }).blocked).toBe('access');
    expect(sharedSummary({ ...page, text: '', noteCode: 'never-send', note: 'n' }).blocked).toBe('private');
  });
});

describe('connection quality window', () => {
  it('unknown for the first seconds, then the median: one bad sample does not grade the call', () => {
    const w = new QualityWindow();
    w.add({ rttMs: 900, jitterMs: 5, lossPct: 0 }, 0);
    expect(w.grade(100)).toBe('unknown');
    for (let i = 1; i <= 30; i++) w.add({ rttMs: 40, jitterMs: 5, lossPct: 0 }, i * 100);
    expect(w.grade(3000)).toBe('good');
    expect(w.summary().rttMs).toBe(40);
    w.reset();
    expect(w.grade(5000)).toBe('unknown');
  });
});

describe('error view (issue 17, defect 8)', () => {
  it("one line of Hark's own words; the server's words behind Details, without dead links", () => {
    const v = errorView(
      "The API key was rejected. Check it in Hark's settings. (server said: Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.)",
    );
    expect(v.headline).toBe("The API key was rejected. Check it in Hark's settings.");
    expect(v.serverSaid).toBe('Incorrect API key provided: sk-abc. You can find your API key.');
    expect(v.serverSaid).not.toMatch(/https?:/);
    expect(errorView('Could not reach http://127.0.0.1:9.')).toEqual({ headline: 'Could not reach http://127.0.0.1:9.', serverSaid: '' });
    expect(withoutLinks('Find it at https://a.b/c. Then retry.')).toBe('Find it. Then retry.');
  });
});
