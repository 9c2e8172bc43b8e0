// @ts-check
/**
 * Deterministic words for a server that has no speech recognition and no language model.
 * Tests (and people watching the extension) can predict every reply exactly:
 *
 * - what the user "said" in a voice turn is `options.transcript(info)` if given, otherwise
 *   `(spoken audio, 2.4 s)`: the length of the voiced span the VAD measured, to 0.1 s;
 * - a reply is `You said: "<user text>". You are on the page "<title>".`, where <title> comes
 *   from a `Page title: …` line in the instructions (Hark's instructions carry exactly one,
 *   its value a JSON string literal);
 *   without such a line the second sentence is `I was not told which page you are on.`;
 * - a response with no user message before it says `Hello! <page sentence>`;
 * - `/_control/say` speaks its text verbatim;
 * - after a `function_call_output`: `The tool <name> returned: <output>. <page sentence>`.
 */

/**
 * The title on the `Page title:` line; Hark quotes it as a JSON string literal (page data), so a
 * quoted value is unquoted. Anything else (older clients, `(unknown)`) is taken as written.
 * @param {string | null | undefined} instructions
 */
export function pageTitleFrom(instructions) {
  const m = /^Page title:[ \t]*(.*?)[ \t]*$/m.exec(instructions ?? '');
  if (!m || !m[1]) return null;
  if (/^".*"$/.test(m[1])) {
    try {
      return JSON.parse(m[1]) || null;
    } catch {
      // not a JSON string after all: fall through to the raw text
    }
  }
  return m[1];
}

/** @param {string | null | undefined} instructions */
export function pageSentence(instructions) {
  const title = pageTitleFrom(instructions);
  return title ? `You are on the page "${title}".` : 'I was not told which page you are on.';
}

/**
 * @param {{ userText: string | null, instructions: string | null | undefined }} input
 */
export function replyText({ userText, instructions }) {
  const page = pageSentence(instructions);
  return userText === null ? `Hello! ${page}` : `You said: "${userText}". ${page}`;
}

/**
 * The reply after a tool call: it quotes what the client's function returned, so a test can see
 * that the `function_call_output` reached the model.
 * @param {{ name: string, output: string, instructions: string | null | undefined }} input
 */
export function toolReplyText({ name, output, instructions }) {
  return `The tool ${name} returned: ${output}. ${pageSentence(instructions)}`;
}

/** @param {number} durationMs length of the voiced span */
export const defaultSpokenTranscript = (durationMs) => `(spoken audio, ${(durationMs / 1000).toFixed(1)} s)`;

/**
 * Splits text into word deltas whose concatenation is exactly the text
 * ("You said:" → ["You", " said:"]), the way the real API streams transcripts.
 * @param {string} text
 */
export function wordDeltas(text) {
  const words = text.match(/\s*\S+/g);
  if (!words) return text ? [text] : [];
  const tail = text.slice(words.join('').length);
  if (tail) words[words.length - 1] += tail;
  return words;
}
