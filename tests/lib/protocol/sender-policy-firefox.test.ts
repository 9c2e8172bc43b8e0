import { describe, expect, it } from 'vitest';
import { classifySender, decide, BACKGROUND_SENDERS, type SenderInfo } from '@/lib/protocol/sender-policy';
import { ownExtension } from '@/lib/protocol/messages';

// Firefox: `sender.id` is the gecko id; pages live at moz-extension://<per-profile uuid>/.
const GECKO = 'hark@hark.invalid';
const UUID = '8a5b1c2d-0000-4000-8000-00000000ab01';
const OTHER_UUID = '11111111-2222-4333-8444-555555555555';
const ORIGIN = `moz-extension://${UUID}`;
const SELF = ownExtension({ id: GECKO, getURL: (p) => `${ORIGIN}${p}` });
const tab = { id: 3, url: 'http://127.0.0.1:8000/article.html' };

const page = (path: string, extra: Partial<SenderInfo> = {}): SenderInfo => ({ id: GECKO, url: `${ORIGIN}/${path}`, origin: ORIGIN, ...extra });

describe('classifySender in Firefox', () => {
  it("names Hark's own contexts: the event page, the audio frame in the sidebar, the sidebar, pages in tabs", () => {
    expect(classifySender(page('_generated_background_page.html'), SELF)).toBe('worker');
    expect(classifySender(page('offscreen.html', { frameId: 5 }), SELF)).toBe('offscreen');
    expect(classifySender(page('sidepanel.html'), SELF)).toBe('sidepanel');
    expect(classifySender(page('options.html', { frameId: 0, tab }), SELF)).toBe('options');
  });

  const hostile: Record<string, SenderInfo> = {
    'content script (our id, the web page url)': { id: GECKO, url: tab.url, origin: 'http://127.0.0.1:8000', frameId: 0, tab },
    'another extension, same path': { id: 'other@example.test', url: `moz-extension://${OTHER_UUID}/offscreen.html`, origin: `moz-extension://${OTHER_UUID}` },
    'our id, another uuid': { id: GECKO, url: `moz-extension://${OTHER_UUID}/offscreen.html`, origin: `moz-extension://${OTHER_UUID}` },
    'our gecko id as the host': { id: GECKO, url: `moz-extension://${GECKO}/offscreen.html`, origin: ORIGIN },
    'chrome-extension scheme with our uuid': { id: GECKO, url: `chrome-extension://${UUID}/offscreen.html`, origin: ORIGIN },
    'url ours, origin a web page': page('sidepanel.html', { origin: 'https://evil.example' }),
    'audio frame in a tab': page('offscreen.html', { frameId: 0, tab }),
    'event page in a tab': page('_generated_background_page.html', { frameId: 0, tab }),
  };
  for (const [what, sender] of Object.entries(hostile)) {
    it(`${what}: untrusted`, () => expect(classifySender(sender, SELF)).toBe('untrusted'));
  }

  it('a Chromium id does not trust Firefox senders, nor a Firefox self Chromium ones', () => {
    expect(classifySender(page('offscreen.html'), GECKO)).toBe('untrusted');
    expect(classifySender({ id: GECKO, url: `chrome-extension://${GECKO}/offscreen.html`, origin: `chrome-extension://${GECKO}` }, SELF)).toBe('untrusted');
  });

  it('an unparsable base URL trusts nobody', () => {
    expect(classifySender(page('offscreen.html'), { id: GECKO, baseUrl: 'not a url' })).toBe('untrusted');
  });

  it('lets only the audio frame run tools, as the offscreen document in Chromium', () => {
    expect(decide(BACKGROUND_SENDERS, 'bg:runTool', page('offscreen.html', { frameId: 5 }), SELF).allowed).toBe(true);
    expect(decide(BACKGROUND_SENDERS, 'bg:runTool', page('sidepanel.html'), SELF).allowed).toBe(false);
  });
});
