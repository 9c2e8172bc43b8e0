/**
 * Interrupt and push-to-talk. Interrupt is there only while the assistant replies (it has nothing
 * to stop otherwise, and a dead button takes room from the conversation); the volume lives with
 * the other preferences (VolumeControl). Push-to-talk (manual turn mode) is held with
 * the pointer, or with Space anywhere in the focused panel except text fields and other buttons.
 * Escape interrupts the assistant.
 */
import { useEffect } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { inputValue } from './form-events';

export interface TalkControlsProps {
  live: boolean;
  manual: boolean;
  talking: boolean;
  /** A reply is generating or playing. */
  replying: boolean;
  onInterrupt(): void;
  onTalk(pressed: boolean): void;
}

/** Where Space keeps its usual meaning (typing, pressing another button, choosing). */
function spaceBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.dataset.ptt !== undefined) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'SUMMARY', 'A'].includes(target.tagName);
}

export function usePanelKeys(p: Pick<TalkControlsProps, 'live' | 'manual' | 'replying' | 'onInterrupt' | 'onTalk'>): void {
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && p.live && p.replying) {
        e.preventDefault();
        p.onInterrupt();
      }
      if (e.code !== 'Space' || !p.live || !p.manual || spaceBelongsTo(e.target)) return;
      e.preventDefault();
      if (!e.repeat) p.onTalk(true);
    };
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || !p.manual || spaceBelongsTo(e.target)) return;
      e.preventDefault();
      p.onTalk(false);
    };
    // Focus leaving the panel mid-press must not leave the microphone open.
    const release = () => p.manual && p.onTalk(false);
    addEventListener('keydown', down);
    addEventListener('keyup', up);
    addEventListener('blur', release);
    return () => {
      removeEventListener('keydown', down);
      removeEventListener('keyup', up);
      removeEventListener('blur', release);
    };
  }, [p.live, p.manual, p.replying, p.onInterrupt, p.onTalk]);
}

export function TalkControls(p: TalkControlsProps) {
  usePanelKeys(p);
  const press = (e: PointerEvent) => {
    if (e.currentTarget instanceof Element) e.currentTarget.setPointerCapture?.(e.pointerId);
    p.onTalk(true);
  };
  return (
    <div class="talk" role="group" aria-label={t('controls.label')}>
      {p.manual && (
        <button
          type="button"
          class={`ptt${p.talking ? ' on' : ''}`}
          data-ptt=""
          disabled={!p.live}
          aria-pressed={p.talking}
          aria-describedby="ptt-hint"
          onPointerDown={press}
          onPointerUp={() => p.onTalk(false)}
          onPointerCancel={() => p.onTalk(false)}
          onClick={(e) => e.preventDefault()}
        >
          {p.talking ? t('controls.talking') : t('controls.holdToTalk')}
        </button>
      )}
      {p.manual && (
        <span id="ptt-hint" class="hint">
          {t('controls.pttHint')}
        </span>
      )}
      {p.live && p.replying && (
        <button type="button" class="interrupt" onClick={p.onInterrupt} aria-keyshortcuts="Escape">
          {t('controls.interrupt')}
        </button>
      )}
    </div>
  );
}

/** The assistant's playback volume: applies at once. */
export function VolumeControl({ volume, onVolume }: { volume: number; onVolume(volume: number): void }) {
  return (
    <label class="volume">
      <span>{t('controls.volume')}</span>
      <input
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={volume}
        aria-valuetext={`${Math.round(volume * 100)}%`}
        onInput={(e) => onVolume(Number(inputValue(e)))}
      />
    </label>
  );
}
