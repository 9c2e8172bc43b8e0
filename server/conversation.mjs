// @ts-check
/**
 * The conversation of one call: an ordered list of items as the client sees them, plus the
 * text we pretend to have understood for each (spoken user items have `transcript: null` on
 * the wire, like the real API; the text only arrives through transcription events).
 */

/** @typedef {Record<string, any>} Item  a wire-format conversation item */

export class Conversation {
  constructor() {
    /** @type {Item[]} */
    this.items = [];
    /** Text behind each item id, used to build deterministic replies. @type {Map<string, string>} */
    this.text = new Map();
    /** Length of the voiced audio behind each spoken user item (for usage numbers). @type {Map<string, number>} */
    this.audioMs = new Map();
  }

  get lastItemId() {
    return this.items.at(-1)?.id ?? null;
  }

  /** @param {string} id */
  get(id) {
    return this.items.find((item) => item.id === id);
  }

  /**
   * Inserts an item after `previousId` (end of the conversation when undefined, start for null).
   * @param {Item} item @param {string | null} [previousId] @returns {string | null} the previous item id
   */
  add(item, previousId) {
    if (previousId === undefined) {
      const prev = this.lastItemId;
      this.items.push(item);
      return prev;
    }
    const at = previousId === null ? 0 : this.items.findIndex((i) => i.id === previousId) + 1;
    this.items.splice(at, 0, item);
    return previousId;
  }

  /** @param {string} id */
  delete(id) {
    const at = this.items.findIndex((i) => i.id === id);
    if (at < 0) return false;
    this.items.splice(at, 1);
    this.text.delete(id);
    this.audioMs.delete(id);
    return true;
  }

  /** Text of the newest user message, or null if the user has not said anything yet. */
  lastUserText() {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item.type === 'message' && item.role === 'user') return this.text.get(item.id) ?? '';
    }
    return null;
  }

  /** Whether assistant audio exists (the voice can no longer change, protocol doc §9.8). */
  hasAssistantAudio() {
    return this.items.some(
      (i) => i.role === 'assistant' && i.content?.some((/** @type {any} */ c) => c.type === 'output_audio'),
    );
  }
}

/**
 * The text a typed message carries (input_text parts joined by spaces).
 * @param {Item} item
 */
export function typedText(item) {
  const parts = Array.isArray(item.content) ? item.content : [];
  return parts
    .map((/** @type {any} */ p) => (typeof p.text === 'string' ? p.text : typeof p.transcript === 'string' ? p.transcript : ''))
    .filter(Boolean)
    .join(' ');
}
