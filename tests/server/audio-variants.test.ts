// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildSession, sessionUpdate } from '../../lib/realtime/protocol';
import { GREETING_REQUEST, greetingResponse } from '../../lib/voice/greeting';
import { validateSession } from '../../server/session-config.mjs';
import { checkResponseParams } from '../../server/schema-checks.mjs';

const base = { model: 'gpt-realtime', voice: 'marin', instructions: 'Page title: "Example"' };

/** Hark's noise-reduction, quiet-mode and greeting requests against the local server's strict GA schema. */
describe('strict schema: noise reduction, quiet mode, greeting', () => {
  it('every variant passes the strict GA schema check, in the mint body and in session.update', () => {
    for (const noiseReduction of ['near_field', 'far_field', null] as const) {
      for (const textOnly of [true, false]) {
        const s = buildSession({ ...base, noiseReduction, textOnly });
        expect(validateSession(s)).toBeNull();
        const update = sessionUpdate(s);
        expect(update.type === 'session.update' && validateSession(update.session)).toBeNull();
      }
    }
  });

  it("the greeting's response.create passes the strict schema check", () => {
    expect(checkResponseParams(greetingResponse('RULES', GREETING_REQUEST), { voices: ['marin'], checkFormat: () => null })).toBeNull();
  });
});
