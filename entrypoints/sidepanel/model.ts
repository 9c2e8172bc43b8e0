/**
 * The side panel's view of the session: signals fed by the worker's broadcasts. The panel owns
 * no session state; on open it asks for a snapshot, and broadcasts keep it current.
 */
import { batch, signal } from '@preact/signals';
import { backgroundMessenger as bg, ownExtension, uiReceiver, type Result } from '@/lib/protocol/messages';
import { IDLE, type SessionState } from '@/lib/session/machine';
import { TranscriptStore } from '@/components/transcript-store';
import { TRANSCRIPT_CHANNEL, type TranscriptUpdate } from '@/lib/protocol/transcript-channel';
import type { PageSnapshot } from '@/lib/page/budget';
import { t } from '@/lib/i18n';
import { createUpdateBatch } from '@/lib/ui/update-batch';

export const state = signal<SessionState>(IDLE);
export const page = signal<PageSnapshot | null>(null);
/** Exactly what the assistant was told about the page, for the preview. */
export const instructions = signal('');
/** One signal per message: a streamed delta re-renders one row (components/transcript-store.ts). */
export const transcript = new TranscriptStore();
/** A failed user action (e.g. sending text while idle), shown until the next action. */
export const notice = signal<string | null>(null);

/** Longer than telemetry's 200 ms tick, so that while live the tick is what flushes. */
const STREAM_HOLD_MS = 250;
/**
 * Streamed transcript updates, drawn in the frame of the next telemetry sample (live.ts flushes
 * it) instead of a frame of their own (lib/ui/update-batch.ts says why).
 */
export const streamed = createUpdateBatch<TranscriptUpdate>(
  (updates) => batch(() => updates.forEach((u) => transcript.apply(u.message, u.afterId))),
  STREAM_HOLD_MS,
  (fn, ms) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
);

export function connect(): void {
  // Broadcasts are obeyed only from the worker and the offscreen document (sender-policy.ts).
  const ui = uiReceiver(ownExtension(chrome.runtime));
  // Listen first, then ask for the snapshot: message upserts are idempotent, so an update that
  // races the snapshot is harmless either way.
  ui.onMessage('ui:state', ({ data }) => void (state.value = data.state));
  ui.onMessage('ui:shared', ({ data }) => {
    page.value = data.page;
    instructions.value = data.instructions;
  });
  // Held streamed updates go first wherever the transcript changes otherwise, to keep its order.
  ui.onMessage('ui:message', ({ data }) => {
    streamed.flush();
    transcript.apply(data.message, data.afterId);
  });
  // Streamed updates from the offscreen document come over a channel of Hark's origin (cheaper
  // than a runtime message per delta: lib/protocol/transcript-channel.ts).
  new BroadcastChannel(TRANSCRIPT_CHANNEL).onmessage = ({ data }: MessageEvent<TranscriptUpdate>) => streamed.push(data);
  ui.onMessage('ui:transcriptReset', ({ data }) => {
    streamed.flush();
    transcript.load(data.transcript);
  });
  void bg.sendMessage('bg:getSnapshot', undefined).then((s) => {
    state.value = s.state;
    page.value = s.page;
    instructions.value = s.instructions;
    // Keep messages that arrived while the snapshot was on its way.
    streamed.flush();
    transcript.load(s.transcript, { keep: true });
  });
}

async function run(action: Promise<Result>): Promise<boolean> {
  notice.value = null;
  const res = await action.catch((e) => ({ ok: false as const, error: { message: String(e) } }));
  if (!res.ok) notice.value = res.error.message;
  return res.ok;
}

/** A failed start shows up as the session's error state, so only transport failures become a notice. */
export async function toggle(): Promise<void> {
  notice.value = null;
  await bg.sendMessage('bg:toggle', undefined).catch((e) => {
    notice.value = t('notice.noAnswer', { error: String(e) });
  });
}
export const sendText = (text: string) => run(bg.sendMessage('bg:sendText', { text }));
export const setMuted = (muted: boolean) => run(bg.sendMessage('bg:setMuted', { muted }));
/** The options page as Chrome opens it (reuses an open one), for errors that need no section. */
export const openOptions = () => void chrome.runtime.openOptionsPage().catch(() => openSettings());
export const openSettings = (hash = '') => chrome.tabs.create({ url: chrome.runtime.getURL(`/options.html${hash}`) });

/** Optional host access, asked from a click in the panel, so Hark can read the tabs you switch to. */
export async function allowAllSites(): Promise<void> {
  const granted = await chrome.permissions.request({ origins: ['<all_urls>'] }).catch(() => false);
  if (granted) await bg.sendMessage('bg:refreshPage', undefined).catch(() => {});
  else notice.value = t('page.onlyStartTab');
}
