// @ts-check
/**
 * Deterministic fuzz cases for the client's handling of server events: raw data-channel frames,
 * most of them JSON of the wrong shape. Used by the e2e fuzz test (sent over a real data channel)
 * and by the unit test of the event pipeline (tests/lib/fuzz-events.test.ts).
 */

/** Small seeded PRNG (mulberry32). @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWN = [
  'conversation.item.added', 'conversation.item.done', 'conversation.item.created', 'conversation.item.truncated',
  'conversation.item.deleted', 'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed', 'conversation.item.input_audio_transcription.failed',
  'response.created', 'response.done', 'response.output_item.added', 'response.output_item.done',
  'response.content_part.added', 'response.output_audio_transcript.delta', 'response.output_audio_transcript.done',
  'response.audio_transcript.delta', 'response.output_text.delta', 'response.output_text.done', 'response.text.delta',
  'output_audio_buffer.started', 'output_audio_buffer.stopped', 'output_audio_buffer.cleared',
  'input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.committed',
  'rate_limits.updated', 'session.updated', 'error',
];
const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'item_fuzz', 'x'.repeat(300)];

/** `n` raw frames from seed `seed`. @param {number} n @param {number} seed @returns {string[]} */
export function fuzzCases(n, seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const weird = () =>
    pick([
      null, 0, -1, 1e308, '', 'x', true, false, [], {}, [null], { type: 5 }, pick(IDS), 'ü\u0000\u202e', 'x'.repeat(20_000),
      { id: pick(IDS) }, [{ type: 'input_text' }], { status: 'cancelled', output: pick([null, 5, [null], [{ id: pick(IDS) }]]) },
    ]);
  const item = () => ({
    id: pick([...IDS, weird()]),
    type: pick(['message', 'function_call', weird()]),
    role: pick(['user', 'assistant', 'system', weird()]),
    content: pick([weird(), [weird()], [{ type: pick(['input_text', 'output_text', 'audio']), text: weird(), transcript: weird() }]]),
  });
  const generators = [
    // Not JSON at all.
    // (No empty frame: werift sends it as an SCTP DATA chunk without user data, which stalls the
    // client's SCTP stack — a bug of the test server, not something a Realtime server sends.)
    () => pick(['{', '}{', 'undefined', 'NaN', '{"type":', '\u0000', '\ud800', '{"type":"error"', 'null null', ' ']),
    () => Array.from({ length: 1 + Math.floor(random() * 200) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join(''),
    // JSON, but not an event object.
    () => pick(['null', '42', '"response.done"', '[]', '[{"type":"error"}]', 'true', '{}', '{"type":5}', '{"type":null}', '{"type":{}}']),
    // Unknown event types.
    () => JSON.stringify({ type: pick(['x.unknown', '', '__proto__', 'constructor', 'session.deleted', `fuzz.${random()}`]), data: weird() }),
    // Known types, fields of any shape.
    () =>
      JSON.stringify({
        type: pick(KNOWN),
        event_id: weird(),
        item: pick([weird(), item()]),
        item_id: pick([...IDS, weird()]),
        previous_item_id: pick([...IDS, weird()]),
        response_id: weird(),
        response: pick([weird(), { id: weird(), status: pick(['cancelled', 'completed', weird()]), output: pick([weird(), [item()]]) }]),
        delta: weird(),
        transcript: weird(),
        text: weird(),
        error: pick([weird(), { code: pick(['invalid_value', null, 5, 'server_error']), message: weird(), event_id: weird() }]),
        session: pick([weird(), { expires_at: pick(['soon', -5, 1e300, null]) }]),
      }),
    // Prototype-shaped ids on otherwise valid events.
    () =>
      JSON.stringify({
        type: pick(['response.output_text.delta', 'response.output_audio_transcript.delta', 'input_audio_buffer.speech_started']),
        item_id: pick(IDS),
        response_id: 'resp_fuzz',
        delta: 'pwn',
      }),
    () => JSON.stringify({ type: 'conversation.item.added', previous_item_id: pick(IDS), item: { ...item(), id: pick(IDS), type: 'message', role: 'user' } }),
    // Deep nesting.
    () => `{"type":"response.done","response":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  ];
  return Array.from({ length: n }, () => pick(generators)());
}

