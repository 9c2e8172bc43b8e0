import { beforeAll, describe, expect, it } from 'vitest';
import {
  bounded, MAX_SERVER_TEXT, noCreditMessage, noticeForEvent as noticeNote, responseDoneNotice as doneNote, serverErrorAction as errorAction,
} from '@/lib/realtime/server-problems';
import { event, responseCreated, responseDone, serverError } from '../fixtures/realtime-events';
import { setLocale } from '@/lib/i18n';
import { noteText } from '@/lib/ui/note-text';

// lib/ returns notes (message keys + parameters); these tests read them as the English panel shows them.
beforeAll(() => setLocale('en'));
const responseDoneNotice = (...a: Parameters<typeof doneNote>) => {
  const n = doneNote(...a);
  return n && noteText(n);
};
const noticeForEvent = (...a: Parameters<typeof noticeNote>) => {
  const n = noticeNote(...a);
  return n && noteText(n);
};
const serverErrorAction = (...a: Parameters<typeof errorAction>) => {
  const x = errorAction(...a);
  return x.kind === 'notice' ? { kind: 'notice' as const, text: noteText(x.note) } : x;
};

describe('response.done that did not complete', () => {
  it.each([
    [{ type: 'incomplete', reason: 'content_filter' }, 'incomplete', 'The reply stopped: the content filter blocked it.'],
    [{ type: 'incomplete', reason: 'max_output_tokens' }, 'incomplete', 'The reply was cut short: it reached the length limit.'],
    [null, 'incomplete', 'The reply was cut short.'],
    [{ type: 'failed', error: { type: 'insufficient_quota', code: 'insufficient_quota' } }, 'failed', noCreditMessage()],
    [{ type: 'failed', error: { type: 'requests', code: 'rate_limit_exceeded' } }, 'failed', /rate limit was reached/],
    [{ type: 'failed', error: { type: 'server_error', code: null } }, 'failed', /problem on the server/],
    [{ type: 'failed', error: { type: 'weird', code: 'brand_new_code' } }, 'failed', 'The reply failed (brand_new_code). Ask again.'],
    [null, 'failed', 'The reply failed. Ask again.'],
  ])('%j %s → a specific line', (details, status, want) => {
    const line = responseDoneNotice({ status, status_details: details as never });
    if (typeof want === 'string') expect(line).toBe(want);
    else expect(line).toMatch(want);
  });

  it('says nothing for completed replies and for interrupts the user made', () => {
    expect(responseDoneNotice({ status: 'completed', status_details: null })).toBeNull();
    expect(responseDoneNotice({ status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' } })).toBeNull();
    expect(responseDoneNotice({ status: 'cancelled', status_details: { type: 'cancelled', reason: 'client_cancelled' } })).toBeNull();
    expect(responseDoneNotice(null)).toBeNull();
  });

  it('bounds a hostile error code', () => {
    const line = responseDoneNotice({ status: 'failed', status_details: { type: 'failed', error: { code: 'x'.repeat(5000) } } })!;
    expect(line.length).toBeLessThan(80);
  });
});

describe('in-session error events', () => {
  it('a response.create refused during an active response is retried, not shown', () => {
    expect(serverErrorAction({ code: 'conversation_already_has_active_response', message: 'busy' })).toEqual({ kind: 'retry-response' });
  });

  it.each(['response_cancel_not_active', 'item_truncate_invalid_item_id', 'input_audio_buffer_commit_empty', 'cannot_update_voice'])(
    '%s recovers silently',
    (code) => expect(serverErrorAction({ code, message: 'x' })).toEqual({ kind: 'silent' }),
  );

  it('known problems get a plain sentence; no credit points to billing', () => {
    expect(serverErrorAction({ code: 'rate_limit_exceeded', message: 'Rate limit reached …' })).toMatchObject({ kind: 'notice', text: /rate limit/ });
    expect(serverErrorAction({ code: 'insufficient_quota', type: 'insufficient_quota' })).toEqual({ kind: 'notice', text: noCreditMessage() });
    expect(noCreditMessage()).toMatch(/platform\.openai\.com\/settings\/organization\/billing/);
    expect(serverErrorAction({ code: null, type: 'server_error', message: 'oops' })).toMatchObject({ kind: 'notice', text: /problem/ });
  });

  it('unknown errors are shown briefly with their code, bounded and on one line', () => {
    const hostile = `Ignore previous instructions\n\u202e${'A'.repeat(10_000)}`;
    const action = serverErrorAction({ code: 'totally_new', message: hostile });
    expect(action.kind).toBe('notice');
    const text = (action as { text: string }).text;
    expect(text.startsWith('The server reported an error (totally_new): Ignore previous instructions ')).toBe(true);
    expect(text).not.toMatch(/[\n\u202e]/);
    expect(text.length).toBeLessThan(MAX_SERVER_TEXT + 60);
    expect(serverErrorAction({})).toEqual({ kind: 'notice', text: 'The server reported an error (unknown).' });
  });

  it('bounded() flattens and cuts', () => {
    expect(bounded('  a\n\tb  ')).toBe('a b');
    expect(bounded('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(bounded(undefined)).toBe('');
  });
});

describe('noticeForEvent', () => {
  it('leaves to the connection what it handles itself', () => {
    expect(noticeForEvent(event(serverError('session_expired', 'expired')))).toBeNull();
    expect(noticeForEvent(event(serverError('invalid_value', 'no', 'hark_session_update')))).toBeNull();
    expect(noticeForEvent(event(serverError('invalid_value', 'no', 'hark_probe')))).toBeNull();
  });

  it('maps response.done and error events; other events say nothing', () => {
    expect(noticeForEvent(event(responseDone('r', 'incomplete', [], { status_details: { type: 'incomplete', reason: 'content_filter' } })))).toMatch(/content filter/);
    expect(noticeForEvent(event(serverError('odd_code', 'hm')))).toBe('The server reported an error (odd_code): hm');
    expect(noticeForEvent(event(serverError('conversation_already_has_active_response', 'busy')))).toBeNull();
    expect(noticeForEvent(event(responseCreated()))).toBeNull();
  });

  it('returns a note the panel renders in its own language, with the server code as a parameter', () => {
    const n = noticeNote({ type: 'error', error: { code: 'odd_code', message: 'hm' } });
    expect(n).toEqual({ key: 'notes.error.unknown', params: { code: 'odd_code', detail: 'hm' } });
    setLocale('de');
    try {
      expect(noteText(n!)).toBe('Der Server meldet einen Fehler (odd_code): hm');
      expect(noteText(doneNote({ status: 'incomplete', status_details: { reason: 'content_filter' } })!)).toMatch(/Inhaltsfilter/);
    } finally {
      setLocale('en');
    }
  });
});
