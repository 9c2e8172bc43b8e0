/** Turns & audio: how long a conversation and the ready connection live. */
import { t } from '@/lib/i18n';
import { inputValue, isChecked, type SectionProps } from './section';

export function TurnsSection({ settings, set }: SectionProps) {
  return (
    <section aria-labelledby="turns-title" class="card">
      <h2 id="turns-title">{t('options.turns.title')}</h2>
      <label for="idle-minutes">{t('options.turns.idle')}</label>
      <MinutesInput id="idle-minutes" max={120} value={settings.idleTimeoutMinutes} onValue={(idleTimeoutMinutes) => set({ idleTimeoutMinutes })} />
      <label for="keep-ready-minutes">{t('options.turns.keepReady')}</label>
      <MinutesInput
        id="keep-ready-minutes"
        max={60}
        describedBy="keep-ready-hint"
        value={settings.keepReadyMinutes}
        onValue={(keepReadyMinutes) => set({ keepReadyMinutes })}
      />
      <p class="hint" id="keep-ready-hint">
        {t('options.turns.keepReadyHint')}
      </p>
      <label class="check">
        <input type="checkbox" checked={settings.stopWhenPanelCloses} onChange={(e) => set({ stopWhenPanelCloses: isChecked(e) })} />
        {t('options.turns.stopOnClose')}
      </label>
    </section>
  );
}

/** A number of minutes, 0 or more (empty or nonsense reads as 0, which each setting explains). */
function MinutesInput({ id, max, value, onValue, describedBy }: { id: string; max: number; value: number; onValue: (minutes: number) => void; describedBy?: string }) {
  return (
    <input
      id={id}
      type="number"
      min={0}
      max={max}
      aria-describedby={describedBy}
      value={value}
      onInput={(e) => onValue(Math.max(0, Number(inputValue(e)) || 0))}
    />
  );
}
