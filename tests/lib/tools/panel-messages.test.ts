import { describe, expect, it } from 'vitest';
import { BACKGROUND_SENDERS, decide, type SenderInfo } from '@/lib/protocol/sender-policy';

const ID = 'mgdephepccmmomkahfkeepamdhgeekkf';
const ORIGIN = `chrome-extension://${ID}`;
const page = { id: 7, url: 'https://evil.example/deal' };

const senders: Record<string, SenderInfo> = {
  'side panel': { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: ORIGIN },
  'side panel page in a tab': { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: ORIGIN, frameId: 0, tab: { id: 3, url: `${ORIGIN}/sidepanel.html` } },
  worker: { id: ID, url: `${ORIGIN}/background.js` },
  offscreen: { id: ID, url: `${ORIGIN}/offscreen.html`, origin: ORIGIN },
  options: { id: ID, url: `${ORIGIN}/options.html`, origin: ORIGIN, frameId: 0, tab: { id: 4 } },
  // The page reader's world: Hark's id, the page's address. A page that took it over must not approve its own click.
  'content script on the page': { id: ID, url: page.url, origin: 'https://evil.example', frameId: 0, tab: page },
  'side panel framed in the page': { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: ORIGIN, frameId: 5, tab: page },
  'another extension': { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidepanel.html', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
};

describe('tool confirmations: only the side panel answers', () => {
  for (const [who, sender] of Object.entries(senders)) {
    const allowed = who.startsWith('side panel') && who !== 'side panel framed in the page';
    it(`${allowed ? 'takes' : 'refuses'} bg:toolConfirmAnswer and bg:toolState from the ${who}`, () => {
      expect(decide(BACKGROUND_SENDERS, 'bg:toolConfirmAnswer', sender, ID).allowed).toBe(allowed);
      expect(decide(BACKGROUND_SENDERS, 'bg:toolState', sender, ID).allowed).toBe(allowed);
    });
  }
});
