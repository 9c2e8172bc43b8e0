/**
 * The side panel's user-visible strings, in one map per locale, so they can be translated
 * without touching components. `t('key', { name })` fills `{name}` placeholders. Locales fall
 * back to English key by key. Numbers, times and money are formatted with `Intl` in the
 * browser's locale.
 */
const en = {
  'role.user': 'You',
  'role.assistant': 'Assistant',
  'role.notice': 'Hark',
  'role.tool': 'Tool',
  'transcript.label': 'Conversation',
  'transcript.empty': 'Click the Hark toolbar icon or Start, then speak.',
  'transcript.approximate': '(approximate)',
  'transcript.sending': '(sending…)',
  'transcript.cutOff': '— cut off',
  'transcript.notHeard': '(not heard:)',
  'transcript.untranscribed': '(could not transcribe)',
  'transcript.untranscribedWhy': '(not transcribed: {reason})',
  'transcript.copy': 'Copy',
  'transcript.copyLabel': 'Copy text from {who}, {time}',
  'transcript.copied': 'Copied',
  'transcript.jump': 'Jump to latest',
  'transcript.keys': 'Arrow keys move between messages; C copies the focused one.',
  'transcript.said': '{who} said: {text}',
  'controls.label': 'Conversation controls',
  'controls.start': 'Start',
  'controls.stop': 'Stop',
  'controls.mute': 'Mute',
  'controls.unmute': 'Unmute',
  'controls.interrupt': 'Interrupt',
  'controls.settings': 'Settings',
  'controls.holdToTalk': 'Hold to talk',
  'controls.talking': 'Release to send',
  'ptt.nothingHeard': "Didn't catch that — hold the button while you speak, then try again.",
  'controls.pttHint': 'Hold the button, or hold Space, while you speak.',
  'controls.volume': 'Assistant volume',
  'meters.label': 'Audio and connection',
  'meters.input': 'Microphone level',
  'meters.output': 'Assistant level',
  'meters.elapsed': 'Session time',
  'meters.cost': 'Estimated cost',
  'meters.costUnknown': 'unknown (no prices for this model)',
  'meters.capOf': 'of {cap} cap',
  'meters.quality': 'Connection',
  'meters.rtt': 'RTT {ms} ms',
  'meters.jitter': 'jitter {ms} ms',
  'meters.loss': 'loss {pct}%',
  'meters.good': 'good',
  'meters.fair': 'fair',
  'meters.poor': 'poor',
  'meters.unknown': 'measuring…',
  'prefs.title': 'Voice, model and turns',
  'prefs.voice': 'Voice',
  'prefs.model': 'Model',
  'prefs.turns': 'Turn detection',
  'prefs.turns.server_vad': 'Automatic (voice activity)',
  'prefs.turns.semantic_vad': 'Automatic (semantic: waits for you to finish)',
  'prefs.turns.manual': 'Manual (push-to-talk)',
  'prefs.cap': 'Stop a conversation when its estimated cost reaches (USD, 0 = no cap)',
  'prefs.duck': 'Mute other tabs while the assistant talks',
  'prefs.nextSession': 'Voice and model apply to the next conversation.',
  'prefs.saved': 'Saved.',
  'tabs.conversation': 'Conversation',
  'tabs.history': 'History',
  'history.empty': 'No saved conversations yet. Conversations are saved when they end.',
  'history.open': 'Open',
  'history.delete': 'Delete',
  'history.deleteAll': 'Delete all',
  'history.confirmAll': 'Delete all {n} saved conversations? This cannot be undone.',
  'history.back': 'Back to the list',
  'history.cancel': 'Cancel',
  'history.exportMd': 'Export Markdown',
  'history.exportJson': 'Export JSON',
  'history.messages': '{n} messages',
  'history.untitled': 'No page',
  'firstRun.title': 'Welcome to Hark',
  'firstRun.body': 'Set up your key, allow the microphone and test your sound in one short page.',
  'firstRun.open': 'Set up Hark',
  'firstRun.dismiss': 'Dismiss',
  'firstRun.shortcut': 'Shortcut: {keys}',
  'firstRun.noShortcut': 'No shortcut set',
  'welcome.intro': 'Four quick steps and you can talk with an assistant about any page.',
  'welcome.connect': 'Connect',
  'welcome.connectBody': "Hark uses OpenAI's Realtime API: with your own API key, or your team's token server.",
  'welcome.openSettings': 'Open settings',
  'welcome.test': 'Test connection',
  'welcome.mic': 'Microphone',
  'welcome.micBody': 'Hark listens only while a conversation runs, and shows it in the toolbar.',
  'welcome.permission': 'Permission: {state}',
  'welcome.allow': 'Allow microphone',
  'welcome.sound': 'Check your sound',
  'welcome.soundBody': 'Speak: the bar should move. Then play the tone: you should hear it.',
  'welcome.micTest': 'Test microphone',
  'welcome.micStop': 'Stop test',
  'welcome.level': 'Input level',
  'welcome.tone': 'Play test tone',
  'welcome.shortcutTitle': 'Shortcut',
  'welcome.shortcutBody': 'Press {keys} (or click the Hark icon) on any page to start or stop talking. In the panel, hold Space to talk in push-to-talk mode and press Escape to interrupt.',
  'welcome.changeShortcut': 'Change shortcut',
  'welcome.done': 'Done',
  'cap.reached': 'Stopped: the estimated cost reached your cap of {cap}.',
  'notice.noAnswer': "Hark's background service did not answer: {error}",
  'status.idle': 'Not listening',
  'status.requesting-mic': 'Waiting for microphone permission',
  'status.connecting': 'Connecting…',
  'status.muted': 'Muted',
  'status.assistant-speaking': 'Assistant speaking',
  'status.user-speaking': 'Hearing you',
  'status.listening': 'Listening',
  'status.holdToTalk': 'Hold Space to talk',
  'status.reconnecting': 'Connection lost — retrying, {attempt} of {max}',
  'status.retryingStart': 'Connecting (retrying once)…',
  'status.ending': 'Stopping…',
  'status.error': 'Error',
  'page.about': 'About:',
  'page.none': 'no page',
  'page.allowAll': 'Let Hark read the tabs you switch to',
  'page.onlyStartTab': 'Without access to sites, Hark only reads the tab you start it on.',
  'composer.label': 'Message',
  'composer.placeholder': 'Type a message',
  'composer.placeholderIdle': 'Start a conversation to type',
  'composer.placeholderWaiting': 'You can send once Hark is connected',
  'composer.send': 'Send',
  'preview.summary': 'What the assistant was told',
  'error.openSettings': 'Open settings',
  'error.retry': 'Retry',
  'error.fixMic': 'Fix microphone access',
  'error.allowMic': 'Allow microphone',
} as const;

export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

const catalogs: Record<string, Catalog> = { en };
let current: Catalog = en;
let locale = typeof navigator !== 'undefined' ? navigator.language : 'en';

/** Registers a translation (e.g. `addCatalog('de', {...})`); missing keys fall back to English. */
export function addCatalog(lang: string, catalog: Catalog): void {
  catalogs[lang] = catalog;
}

export function setLocale(lang: string): void {
  locale = lang;
  current = catalogs[lang] ?? catalogs[lang.split('-')[0]!] ?? en;
  clock = dateTime = undefined;
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const s = current[key] ?? en[key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

// Formatters are built once: constructing an Intl formatter costs far more than formatting, and
// every transcript row formats its time on each streamed word.
let clock: Intl.DateTimeFormat | undefined;
let dateTime: Intl.DateTimeFormat | undefined;
export const formatClock = (at: number) => (clock ??= new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(at);
export const formatDateTime = (at: number) => (dateTime ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })).format(at);

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

const usdFormats = new Map<string, Intl.NumberFormat>();

/** Small amounts keep more digits: $0.0042 rather than $0.00. */
export function formatUsd(usd: number): string {
  const digits = usd > 0 && usd < 0.1 ? 4 : 2;
  const key = `${locale}/${digits}`;
  let f = usdFormats.get(key);
  if (!f) usdFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(usd);
}
