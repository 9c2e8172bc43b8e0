import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  BACKGROUND_SENDERS,
  classifySender,
  decide,
  OFFSCREEN_SENDERS,
  PORT_SENDERS,
  UI_SENDERS,
  type SenderInfo,
  type SenderPolicy,
  type TrustedContext,
} from '@/lib/protocol/sender-policy';
import { OFFSCREEN_PORT, PANEL_PORT, type UiProtocol } from '@/lib/protocol/messages';

const ID = 'mgdephepccmmomkahfkeepamdhgeekkf';
const OTHER = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const tab = { id: 7, url: 'http://127.0.0.1:8000/article.html' };

// Senders shaped exactly as Chromium 156 reports them (see the header of sender-policy.ts).
const worker: SenderInfo = { id: ID, url: `${ORIGIN}/background.js` };
const offscreen: SenderInfo = { id: ID, url: `${ORIGIN}/offscreen.html`, origin: ORIGIN };
const sidePanel: SenderInfo = { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: ORIGIN };
const inTab = (page: string): SenderInfo => ({ id: ID, url: `${ORIGIN}/${page}`, origin: ORIGIN, frameId: 0, tab: { ...tab, url: `${ORIGIN}/${page}` } });
const contentScript: SenderInfo = { id: ID, url: tab.url, origin: 'http://127.0.0.1:8000', frameId: 0, tab };

/** Senders that must never be trusted, each named for what it imitates. */
const hostile: Record<string, SenderInfo | undefined> = {
  'no sender': undefined,
  'no id': { url: `${ORIGIN}/offscreen.html`, origin: ORIGIN },
  'content script in the reader world': contentScript,
  'content script in a subframe': { ...contentScript, frameId: 4, url: 'https://ads.example/frame.html', origin: 'https://ads.example' },
  'content script in about:blank': { ...contentScript, url: 'about:blank' },
  'another extension, same path': { id: OTHER, url: `chrome-extension://${OTHER}/offscreen.html`, origin: `chrome-extension://${OTHER}` },
  'another extension claiming our id in the url': { id: OTHER, url: `${ORIGIN}/offscreen.html`, origin: ORIGIN },
  'web page': { id: ID, url: 'https://evil.example/offscreen.html', origin: 'https://evil.example', frameId: 0, tab },
  'our url in a web query': { id: ID, url: `https://evil.example/?next=${ORIGIN}/offscreen.html`, origin: 'https://evil.example', frameId: 0, tab },
  'our url in a web hash': { id: ID, url: `https://evil.example/#${ORIGIN}/background.js`, origin: 'https://evil.example', frameId: 0, tab },
  'our url as a web path': { id: ID, url: `https://evil.example/${ORIGIN}/offscreen.html`, origin: 'https://evil.example', frameId: 0, tab },
  'our id as userinfo': { id: ID, url: `chrome-extension://${ID}@${OTHER}/offscreen.html`, origin: ORIGIN },
  'spoofed path suffix': { id: ID, url: `${ORIGIN}/offscreen.html.evil`, origin: ORIGIN },
  'spoofed path prefix': { id: ID, url: `${ORIGIN}/x/offscreen.html`, origin: ORIGIN },
  'extract-page script url': { id: ID, url: `${ORIGIN}/extract-page.js`, origin: ORIGIN },
  'url ours, origin a web page': { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: 'https://evil.example' },
  'url ours, opaque origin': { id: ID, url: `${ORIGIN}/options.html`, origin: 'null', frameId: 0, tab },
  'page without an origin': { id: ID, url: `${ORIGIN}/sidepanel.html` },
  'worker url from a tab': { ...inTab('background.js') },
  'offscreen url from a tab': { ...inTab('offscreen.html') },
  'options framed in a web page': { ...inTab('options.html'), frameId: 3 },
  'unparsable url': { id: ID, url: 'not a url', origin: ORIGIN },
  'empty url': { id: ID, url: '', origin: ORIGIN },
  'ftp scheme': { id: ID, url: `ftp://${ID}/offscreen.html`, origin: ORIGIN },
};

const allMessages: Record<string, readonly TrustedContext[]> = { ...BACKGROUND_SENDERS, ...OFFSCREEN_SENDERS, ...UI_SENDERS };

describe('classifySender', () => {
  it("names each of Hark's own contexts", () => {
    expect(classifySender(worker, ID)).toBe('worker');
    expect(classifySender(offscreen, ID)).toBe('offscreen');
    expect(classifySender(sidePanel, ID)).toBe('sidepanel');
    expect(classifySender(inTab('sidepanel.html'), ID)).toBe('sidepanel');
    expect(classifySender(inTab('options.html'), ID)).toBe('options');
    expect(classifySender(inTab('welcome.html'), ID)).toBe('welcome');
  });

  it('ignores a query string and a hash on our own pages', () => {
    expect(classifySender(inTab('options.html?x=1#h'), ID)).toBe('options');
    expect(classifySender({ ...offscreen, url: `${ORIGIN}/offscreen.html#connect` }, ID)).toBe('offscreen');
  });

  for (const [what, sender] of Object.entries(hostile)) {
    it(`${what}: untrusted`, () => expect(classifySender(sender, ID)).toBe('untrusted'));
  }

  it('trusts nobody without our extension id to compare with', () => {
    expect(classifySender(worker, '')).toBe('untrusted');
    expect(classifySender(offscreen, OTHER)).toBe('untrusted');
  });
});

describe('the policy table', () => {
  it('lists exactly the messages the protocol declares', () => {
    const source = readFileSync('lib/protocol/messages.ts', 'utf8');
    const declared = [...source.matchAll(/^\s*'((?:bg|offscreen|ui):\w+)'\(/gm)].map((m) => m[1]).sort();
    expect(declared.length).toBeGreaterThan(25);
    expect(Object.keys(allMessages).sort()).toEqual(declared);
  });

  it('gives every message and port at least one sender', () => {
    for (const [name, contexts] of Object.entries({ ...allMessages, ...PORT_SENDERS })) expect(contexts.length, name).toBeGreaterThan(0);
  });

  it('cannot leave a message out (type check)', () => {
    // @ts-expect-error 'ui:transcriptReset' has no policy
    const missing: SenderPolicy<UiProtocol> = { 'ui:state': ['worker'], 'ui:message': ['worker'] };
    expect(Object.keys(missing)).toHaveLength(2);
  });

  it('lets only the options page touch secrets and their origins; the settings pages Test connection and the microphone grant', () => {
    for (const name of ['bg:saveSecret', 'bg:secretStatus', 'bg:confirmOrigin', 'bg:previewVoice']) expect(allMessages[name], name).toEqual(['options']);
    for (const name of ['bg:testConnection', 'bg:micPermission']) {
      expect([...allMessages[name]!].sort(), name).toEqual(['options', 'welcome']);
    }
  });

  it('lets only the offscreen document report on its connection', () => {
    for (const name of ['bg:connectionEvent', 'bg:retryDue', 'bg:checkpoint', 'bg:standbyOver']) expect(allMessages[name], name).toEqual(['offscreen']);
  });

  it('runs tools (bg:runTool) only for the offscreen document, whose voice session got the call from the model', () => {
    expect(allMessages['bg:runTool']).toEqual(['offscreen']);
    expect(decide(allMessages, 'bg:runTool', offscreen, ID)).toEqual({ allowed: true, context: 'offscreen' });
    // The side panel, a settings page or a content script cannot make the worker act on the tab.
    for (const sender of [sidePanel, worker, inTab('options.html'), inTab('sidepanel.html'), contentScript]) {
      expect(decide(allMessages, 'bg:runTool', sender, ID).allowed).toBe(false);
    }
  });

  it('takes a spoken yes/no (bg:toolVoiceAnswer) only from the offscreen document, never from the panel or a page', () => {
    expect(allMessages['bg:toolVoiceAnswer']).toEqual(['offscreen']);
    expect(decide(allMessages, 'bg:toolVoiceAnswer', offscreen, ID)).toEqual({ allowed: true, context: 'offscreen' });
    for (const sender of [sidePanel, worker, inTab('options.html'), inTab('sidepanel.html'), inTab('offscreen.html'), contentScript]) {
      expect(decide(allMessages, 'bg:toolVoiceAnswer', sender, ID).allowed).toBe(false);
    }
  });

  it('lets only the worker drive the microphone and connection; the side panel its live controls', () => {
    for (const [name, contexts] of Object.entries(OFFSCREEN_SENDERS)) {
      // Interrupt alone has two: the side panel's button and the worker's keyboard shortcut.
      const expected = name === 'offscreen:interrupt' ? 2 : 1;
      expect(contexts.length === expected && contexts.every((c) => ['worker', 'sidepanel'].includes(c)), name).toBe(true);
    }
    for (const name of ['offscreen:connect', 'offscreen:getState', 'offscreen:disconnect', 'offscreen:updateInstructions']) {
      expect(allMessages[name], name).toEqual(['worker']);
    }
  });

  it('takes side-panel broadcasts only from the worker and the offscreen document', () => {
    for (const contexts of Object.values(UI_SENDERS)) expect([...contexts].sort()).toEqual(['offscreen', 'worker']);
  });

  it('takes each named port from its own page only', () => {
    expect(PORT_SENDERS[OFFSCREEN_PORT]).toEqual(['offscreen']);
    expect(PORT_SENDERS[PANEL_PORT]).toEqual(['sidepanel']);
  });
});

describe('decide', () => {
  it('refuses every message and port to every hostile sender', () => {
    for (const [what, sender] of Object.entries(hostile)) {
      for (const name of Object.keys(allMessages)) expect(decide(allMessages, name, sender, ID).allowed, `${name} from ${what}`).toBe(false);
      for (const name of Object.keys(PORT_SENDERS)) expect(decide(PORT_SENDERS, name, sender, ID).allowed, `${name} from ${what}`).toBe(false);
    }
  });

  it('refuses a trusted context a message it may not send, and names the context', () => {
    expect(decide(allMessages, 'bg:saveSecret', sidePanel, ID)).toEqual({ allowed: false, context: 'sidepanel' });
    expect(decide(allMessages, 'offscreen:connect', sidePanel, ID)).toEqual({ allowed: false, context: 'sidepanel' });
    expect(decide(allMessages, 'bg:connectionEvent', worker, ID)).toEqual({ allowed: false, context: 'worker' });
    expect(decide(allMessages, 'ui:state', inTab('options.html'), ID)).toEqual({ allowed: false, context: 'options' });
    expect(decide(PORT_SENDERS, PANEL_PORT, offscreen, ID).allowed).toBe(false);
  });

  it('lets the page the model knows ("ui:shared") come from the same senders as the state', () => {
    expect(UI_SENDERS['ui:shared']).toEqual(UI_SENDERS['ui:state']);
    expect(decide(allMessages, 'ui:shared', inTab('options.html'), ID)).toEqual({ allowed: false, context: 'options' });
  });

  it('allows what the product sends', () => {
    expect(decide(allMessages, 'offscreen:connect', worker, ID).allowed).toBe(true);
    expect(decide(allMessages, 'bg:connectionEvent', offscreen, ID).allowed).toBe(true);
    expect(decide(allMessages, 'bg:stop', offscreen, ID).allowed).toBe(true);
    expect(decide(allMessages, 'bg:sendText', inTab('sidepanel.html'), ID).allowed).toBe(true);
    expect(decide(allMessages, 'offscreen:interrupt', sidePanel, ID).allowed).toBe(true);
    expect(decide(allMessages, 'offscreen:interrupt', worker, ID).allowed).toBe(true); // the Interrupt shortcut
    expect(decide(allMessages, 'bg:saveSecret', inTab('options.html?tab=keys'), ID).allowed).toBe(true);
    expect(decide(allMessages, 'bg:testConnection', inTab('welcome.html'), ID).allowed).toBe(true);
    expect(decide(allMessages, 'ui:message', offscreen, ID).allowed).toBe(true);
    expect(decide(PORT_SENDERS, OFFSCREEN_PORT, offscreen, ID).allowed).toBe(true);
    expect(decide(PORT_SENDERS, PANEL_PORT, sidePanel, ID).allowed).toBe(true);
  });

  it('refuses names outside the table, including inherited property names', () => {
    for (const name of ['bg:evil', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(decide(allMessages, name, worker, ID).allowed, name).toBe(false);
      expect(decide(PORT_SENDERS, name, offscreen, ID).allowed, name).toBe(false);
    }
  });
});
