/**
 * The voice surface: a round button in the middle of the dock that shows who is talking, and
 * starts or stops the conversation when clicked. While you may speak it follows the microphone's
 * level, while the assistant answers it follows the assistant's; connecting, muted, reconnecting
 * and error each look different (shape and icon, not colour alone).
 *
 * Cheap by design: the level is written into one CSS custom property (`--level`) of one element,
 * which only the transform of its core reads; nothing re-renders when the level moves,
 * and nothing animates while the level is still (no infinite animation in any state). With
 * prefers-reduced-motion the surface does not scale at all (style.css).
 */
import { useEffect, useRef } from 'preact/hooks';
import { effect } from '@preact/signals';
import { t } from '@/lib/i18n';
import { levelSource, type VoiceMode } from '@/lib/ui/voice-mode';
import type { TelemetryView } from './telemetry-view';
import { MicIcon, MicOffIcon, StopIcon } from './icons';

export interface VoiceOrbProps {
  mode: VoiceMode;
  /** A session is starting, live or reconnecting: a click stops it. */
  active: boolean;
  view: TelemetryView;
  onToggle(): void;
}

export function VoiceOrb({ mode, active, view, onToggle }: VoiceOrbProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const source = levelSource(mode);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!source) {
      el.style.setProperty('--level', '0');
      return;
    }
    const level = source === 'input' ? view.inputLevel : view.outputLevel;
    return effect(() => el.style.setProperty('--level', level.value.toFixed(2)));
  }, [source, view]);
  const icon = mode === 'muted' ? <MicOffIcon /> : active ? <StopIcon /> : <MicIcon />;
  return (
    <button
      ref={ref}
      type="button"
      class="primary orb"
      data-mode={mode}
      aria-label={active ? t('controls.stop') : t('controls.start')}
      title={active ? t('orb.stopTitle') : t('orb.startTitle')}
      onClick={onToggle}
    >
      <span class="orb-core" aria-hidden="true" />
      <span class="orb-icon">{icon}</span>
    </button>
  );
}
