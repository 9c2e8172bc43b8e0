/**
 * The offscreen document's event pipeline (parse → transcript reducer → playback tracking →
 * replay) and the side panel's upsert, over the same fuzz cases the e2e test sends through a real
 * data channel: every malformed or hostile frame is either refused by the parser or handled
 * without throwing, and the transcript stays well-formed.
 */
import { describe, expect, it } from 'vitest';
import { parseServerEvent } from '@/lib/realtime/protocol';
import { emptyTranscript, messages, reduceEvent, upsert, type Transcript } from '@/lib/transcript/reduce';
import { replayEvents } from '@/lib/transcript/replay';
import { Playback } from '@/lib/transcript/playback';
import { isActivityEvent } from '@/lib/session/idle';
import { assistantDelta, assistantDone, assistantItem, frame } from '../fixtures/realtime-events';
// @ts-expect-error plain JS module shared with the e2e tests
import { fuzzCases } from '../e2e/fuzz-cases.mjs';

describe('fuzzed server events', () => {
  it('never throw, and leave a well-formed transcript', () => {
    const cases = fuzzCases(400, 7) as string[];
    let t: Transcript = emptyTranscript();
    let panel: Transcript = emptyTranscript();
    const playback = new Playback();
    let refused = 0;
    const failures: string[] = [];
    cases.forEach((raw, i) => {
      const e = parseServerEvent(raw);
      if (e.type === 'malformed') return void refused++;
      try {
        const { transcript, changed } = reduceEvent(t, e, i);
        t = transcript;
        playback.observe(e, i, t);
        isActivityEvent(e.type);
        for (const id of changed) {
          const at = t.order.indexOf(id);
          panel = upsert(panel, t.byId[id]!, at > 0 ? t.order[at - 1]! : null);
        }
      } catch (e) {
        failures.push(`case ${i}: ${String(e)} — ${raw.slice(0, 160)}`);
      }
    });
    // A normal reply afterwards still lands, in both copies.
    const after = [assistantItem('item_ok'), assistantDelta('item_ok', 'Still ', 'resp_ok'), assistantDone('item_ok', 'Still fine.', 'resp_ok')];
    for (const raw of after) {
      const e = parseServerEvent(frame(raw));
      expect(e.type).toBe(raw.type);
      try {
        const { transcript, changed } = reduceEvent(t, e, 1000);
        t = transcript;
        for (const id of changed) {
          const at = t.order.indexOf(id);
          panel = upsert(panel, t.byId[id]!, at > 0 ? t.order[at - 1]! : null);
        }
      } catch (e) {
        failures.push(`after the fuzz: ${String(e)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(t.byId.item_ok?.text).toBe('Still fine.');
    expect(panel.byId.item_ok?.text).toBe('Still fine.');
    expect(refused).toBeGreaterThan(0);
    for (const tr of [t, panel]) {
      expect(new Set(tr.order).size).toBe(tr.order.length);
      for (const m of messages(tr)) {
        expect(typeof m.id).toBe('string');
        expect(['user', 'assistant', 'notice']).toContain(m.role);
        expect(typeof m.text).toBe('string');
        expect(Object.hasOwn(tr.byId, m.id)).toBe(true);
      }
    }
    for (const e of replayEvents(t)) expect(JSON.parse(JSON.stringify(e)).type).toBe('conversation.item.create');
  }, 20_000);
});
