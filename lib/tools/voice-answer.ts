/**
 * "Yes" or "no" to a pending confirmation, said out loud. Pure: it reads one final transcript of
 * the user's own speech (the voice session passes only `input_audio_transcription.completed`,
 * never the assistant's words or page text) and answers 'yes', 'no' or null.
 *
 * Strict on purpose: the whole utterance must be an answer. Every word has to be a yes word, a
 * no word or a filler ("please", "open it", "bitte"); anything else ("yes I wonder why", "I
 * don't know") is a sentence, not an answer, and gives null. Yes and no together ("yes… no
 * wait") give null, as does a question ("yes?"). A null leaves the confirmation waiting for a
 * button or a clearer answer: mishearing costs a click, never an action nobody meant.
 */
export type SpokenAnswer = 'yes' | 'no';

/** A longer utterance is someone talking, not answering. */
const MAX_WORDS = 8;

/** Multi-word answers, matched on whole words before the single words are looked at. */
const PHRASES: readonly [RegExp, SpokenAnswer][] = [
  [/\b(?:(?:do not|don ?t|dont) do (?:it|that)|do not|don ?t|dont|not now|not yet|no thanks?|no thank you|never mind|lieber nicht|auf keinen fall|bitte nicht|noch nicht|nicht jetzt)\b/g, 'no'],
  [/\b(?:go ahead|do it|please do|of course|mach (?:das|es|schon)|mach s|na klar|ja klar)\b/g, 'yes'],
];

const YES = new Set([
  'yes', 'yeah', 'yea', 'yep', 'yup', 'sure', 'ok', 'okay', 'allow', 'allowed', 'confirm', 'confirmed', 'absolutely', 'definitely', 'certainly', 'affirmative',
  'ja', 'jawohl', 'jap', 'jo', 'klar', 'sicher', 'gerne', 'gern', 'natürlich', 'genau', 'einverstanden', 'erlauben', 'erlaubt', 'bestätigen', 'bestätigt', 'okay', 'okidoki',
]);

const NO = new Set([
  'no', 'nope', 'nah', 'stop', 'cancel', 'deny', 'denied', 'decline', 'declined', 'never', 'not', 'negative',
  'nein', 'nee', 'ne', 'nö', 'nicht', 'abbrechen', 'stopp', 'ablehnen', 'abgelehnt', 'niemals', 'keinesfalls',
]);

/** Words that may surround an answer without changing it. */
const FILLER = new Set([
  'please', 'thanks', 'thank', 'you', 'it', 'that', 'this', 'the', 'link', 'page', 'open', 'go', 'back', 'um', 'uh', 'well', 'oh', 'alright', 'right', 'now', 'i', 'do', 'want', 'to',
  'bitte', 'danke', 'das', 'es', 'den', 'die', 'öffnen', 'öffne', 'zurück', 'ähm', 'äh', 'also', 'ich', 'will', 'jetzt', 'gehen', 'mach', 'machen',
]);

const PHRASE_TOKEN: Record<SpokenAnswer, string> = { yes: ' \u0001yes ', no: ' \u0001no ' };

export function parseSpokenAnswer(transcript: string): SpokenAnswer | null {
  const raw = transcript.normalize('NFC').trim();
  if (!raw || raw.length > 120) return null;
  // A question is not an answer ("Yes?" as in "what is it?").
  if (/[?¿]\s*$/.test(raw)) return null;
  let text = ` ${raw.toLowerCase().replace(/[’'`]/g, ' ').replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim()} `;
  for (const [re, answer] of PHRASES) text = text.replace(re, PHRASE_TOKEN[answer]);
  const words = text.split(' ').filter(Boolean);
  if (!words.length || words.length > MAX_WORDS) return null;
  let yes = 0;
  let no = 0;
  for (const w of words) {
    if (w === '\u0001yes' || YES.has(w)) yes++;
    else if (w === '\u0001no' || NO.has(w)) no++;
    else if (!FILLER.has(w)) return null;
  }
  if (yes && !no) return 'yes';
  if (no && !yes) return 'no';
  return null;
}
