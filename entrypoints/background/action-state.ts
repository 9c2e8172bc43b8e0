/**
 * Keeps the toolbar icon in step with the session: badge text and colour, a tooltip saying what
 * a click will do, and an icon with the state's glyph (a mic-slash when muted). Follows the
 * stored session record, so it needs no hook in the session code; the badge text is the same
 * as the session's own (`describe()` in lib/session/machine.ts), so the two never disagree.
 */
import { sessionRecordItem } from '@/lib/state/storage';
import { IDLE, type SessionState } from '@/lib/session/machine';
import { actionState, type ActionGlyph } from '@/lib/ui/action-state';

/** 24×24 glyphs (white on the state's colour). */
const GLYPHS: Record<Exclude<ActionGlyph, 'default'>, string> = {
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z',
  'mic-off':
    'M19 11h-2c0 .74-.16 1.43-.43 2.05l1.5 1.5A6.96 6.96 0 0 0 19 11zm-4 .17V5a3 3 0 0 0-5.94-.6L15 10.35v.82zM4.27 3 3 4.27l6 6V11a3 3 0 0 0 4.49 2.6l1.55 1.55A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.92V21h2v-3.08a6.9 6.9 0 0 0 3.05-1.1L19.73 21 21 19.73 4.27 3z',
  speaker: 'M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 7.97v8.05A4.5 4.5 0 0 0 16.5 12zM14 3.23v2.06a7 7 0 0 1 0 13.42v2.06A9 9 0 0 0 14 3.23z',
  dots: 'M6 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  alert: 'M11 5h2v9h-2zm0 11h2v2h-2z',
};

const DEFAULT_ICON = { 16: '/icon/16.png', 32: '/icon/32.png', 48: '/icon/48.png', 128: '/icon/128.png' };

function draw(glyph: Exclude<ActionGlyph, 'default'>, color: string, size: number): ImageData {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.scale(size / 24, size / 24);
  ctx.translate(2.4, 2.4);
  ctx.scale(0.8, 0.8);
  ctx.fillStyle = '#fff';
  ctx.fill(new Path2D(GLYPHS[glyph]));
  return ctx.getImageData(0, 0, size, size);
}

let shown = '';

async function show(s: SessionState): Promise<void> {
  const a = actionState(s);
  const key = `${a.mode}|${a.badge}|${a.title}`;
  if (key === shown) return;
  shown = key;
  await Promise.all([
    chrome.action.setBadgeText({ text: a.badge }),
    chrome.action.setBadgeBackgroundColor({ color: a.color }),
    chrome.action.setBadgeTextColor?.({ color: '#ffffff' }),
    chrome.action.setTitle({ title: a.title }),
    a.glyph === 'default'
      ? chrome.action.setIcon({ path: DEFAULT_ICON })
      : chrome.action.setIcon({ imageData: { 16: draw(a.glyph, a.color, 16), 32: draw(a.glyph, a.color, 32) } }),
  ]).catch((e) => console.warn('[hark] toolbar icon', e));
}

export function startActionState(): void {
  void sessionRecordItem.getValue().then((r) => show(r?.state ?? IDLE));
  sessionRecordItem.watch((r) => void show(r?.state ?? IDLE));
}
