/**
 * The panel's live-conversation model: telemetry from the offscreen document (levels, quality,
 * cost), the user's conversation preferences, and the real-time controls. Controls go straight
 * to the offscreen document, which owns the connection: a push-to-talk press must not wait for
 * a sleeping service worker.
 */
import { signal } from '@preact/signals';
import { offscreenMessenger as offscreen, type Result } from '@/lib/protocol/messages';
import { TELEMETRY_CHANNEL, TELEMETRY_WATCH_CHANNEL, type Telemetry } from '@/lib/protocol/telemetry';
import { WATCH_EVERY_MS } from '@/lib/voice/stats-cadence';
import { TelemetryView } from '@/components/telemetry-view';
import { getSettings, settingsItem, watchSettings } from '@/lib/state/storage';
import { DEFAULT_SETTINGS, type Settings, type TurnMode } from '@/lib/settings';
import { serial } from '@/lib/serial';
import { notice, state, streamed } from './model';

/** Levels, quality and cost, each its own signal, set only when what is shown changes. */
export const telemetry = new TelemetryView();
export const prefs = signal<Settings>(DEFAULT_SETTINGS);
/** Push-to-talk as the panel sees it (shown at once, before the offscreen document confirms). */
export const talking = signal(false);

export function connectLive(): void {
  const channel = new BroadcastChannel(TELEMETRY_CHANNEL);
  channel.onmessage = (e: MessageEvent<Telemetry>) => {
    // The reply's held words and the new levels change the panel in one task: one frame.
    streamed.flush();
    telemetry.apply(e.data, Date.now());
  };
  watchWhileVisible();
  void getSettings().then((s) => (prefs.value = s));
  watchSettings((s) => (prefs.value = s));
}

/**
 * Says, while this panel is on screen, that someone is looking at the levels: only then does the
 * offscreen document take them five times a second (lib/voice/stats-cadence.ts, level-taps.ts).
 */
function watchWhileVisible(): void {
  const watch = new BroadcastChannel(TELEMETRY_WATCH_CHANNEL);
  const say = () => {
    if (document.visibilityState === 'visible') watch.postMessage(true);
  };
  say();
  setInterval(say, WATCH_EVERY_MS);
  document.addEventListener('visibilitychange', say);
}

const live = () => state.value.status === 'live';

async function send(action: () => Promise<Result>): Promise<boolean> {
  notice.value = null;
  const res = await action().catch((e) => ({ ok: false as const, error: { message: String(e) } }));
  if (!res.ok) notice.value = res.error.message;
  return res.ok;
}

export const interrupt = () => send(() => offscreen.sendMessage('offscreen:interrupt', undefined));

export async function pushToTalk(pressed: boolean): Promise<void> {
  if (pressed === talking.value || (pressed && !live())) return;
  talking.value = pressed;
  const ok = await send(() => offscreen.sendMessage('offscreen:pushToTalk', { pressed }));
  if (!ok) talking.value = false;
}

// Read-modify-write of the settings: a volume save and a turn-mode change must not interleave
// (the later write would undo the earlier one).
const oneAtATime = serial();

/** Saves preference changes, keeping whatever else is in the settings (the options page edits them too). */
export const savePrefs = (patch: Partial<Settings>): Promise<void> =>
  oneAtATime(async () => {
    const next = { ...(await getSettings()), ...patch };
    prefs.value = next;
    await settingsItem.setValue(next);
  });

export async function setTurnMode(mode: TurnMode): Promise<void> {
  await savePrefs({ turnDetection: mode });
  talking.value = false;
  if (live()) await send(() => offscreen.sendMessage('offscreen:setTurnMode', { mode }));
}

let volumeTimer: ReturnType<typeof setTimeout> | undefined;
/** Applies at once; saved once the slider settles. */
export function setVolume(volume: number): void {
  prefs.value = { ...prefs.value, assistantVolume: volume };
  if (live()) offscreen.sendMessage('offscreen:setVolume', { volume }).catch(() => {});
  clearTimeout(volumeTimer);
  volumeTimer = setTimeout(() => void savePrefs({ assistantVolume: volume }), 300);
}
