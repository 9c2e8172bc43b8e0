/**
 * "Check your sound": test the microphone (a live input level) and play a test tone. One
 * component for the welcome page and the side panel's idle state, so both test the same way.
 * `data-tone` on the tone button says whether the tone is playing or has played (tests read it).
 */
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { playTestTone, useMicLevel } from './audio-check';

export function SoundCheck({ onProblem }: { onProblem(msg: string): void }) {
  const mic = useMicLevel();
  const [tone, setTone] = useState<'idle' | 'playing' | 'played'>('idle');
  const pct = Math.round(mic.level * 100);
  const toggle = async () => {
    if (mic.running) return mic.stop();
    const problem = await mic.start();
    if (problem) onProblem(problem);
  };
  const play = async () => {
    setTone('playing');
    try {
      await playTestTone();
      setTone('played');
    } catch (e) {
      setTone('idle');
      onProblem(String((e as Error)?.message ?? e));
    }
  };
  return (
    <div class="row sound-check">
      <button type="button" onClick={toggle} aria-pressed={mic.running}>
        {mic.running ? t('welcome.micStop') : t('welcome.micTest')}
      </button>
      <span class="level" role="meter" aria-label={t('welcome.level')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span class="fill" style={{ transform: `scaleX(${mic.level})` }} />
      </span>
      <button type="button" onClick={() => void play()} disabled={tone === 'playing'} data-tone={tone}>
        {t('welcome.tone')}
      </button>
    </div>
  );
}
