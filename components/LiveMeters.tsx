/**
 * What is happening on the line, in one row: microphone and assistant levels, the session timer,
 * the running cost and the connection grade (its RTT, jitter and loss in the tooltip).
 *
 * The levels change several times a second; they are written straight into their element (a CSS
 * custom property and aria-valuenow), so the row itself renders only when the cost or the grade
 * changes, and the timer re-renders alone once a second.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { effect, type ReadonlySignal } from '@preact/signals';
import { formatDuration, formatUsd, t } from '@/lib/i18n';
import type { TelemetryView } from './telemetry-view';

/** Binds a 0–1 signal to an element's `--level` (and, for meters, aria-valuenow), without a render. */
export function useLevel(level: ReadonlySignal<number>, aria = false) {
  const ref = useRef<HTMLElement>(null);
  useEffect(
    () =>
      effect(() => {
        const v = level.value;
        const el = ref.current;
        if (!el) return;
        el.style.setProperty('--level', v.toFixed(2));
        if (aria) el.setAttribute('aria-valuenow', String(Math.round(v * 100)));
      }),
    [level, aria],
  );
  return ref;
}

function Meter({ label, level, active, kind }: { label: string; level: ReadonlySignal<number>; active: boolean; kind: string }) {
  const ref = useLevel(level, true);
  return (
    <span
      ref={ref}
      class={`meter meter-${kind}`}
      data-active={String(active)}
      role="meter"
      aria-label={label}
      title={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(level.peek() * 100)}
    >
      <span class="meter-fill" />
    </span>
  );
}

/** Re-renders itself, and only itself, once a second. */
function Timer({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <span class="timer" title={t('meters.elapsed')}>
      {formatDuration((now - since) / 1000)}
    </span>
  );
}

export interface LiveMetersProps {
  view: TelemetryView;
  /** Epoch ms the session went live. */
  since: number;
  userSpeaking: boolean;
  assistantSpeaking: boolean;
}

export function LiveMeters({ view, since, userSpeaking, assistantSpeaking }: LiveMetersProps) {
  const q = view.quality.value;
  const cost = view.cost.value;
  const details = [
    q.rttMs != null && t('meters.rtt', { ms: q.rttMs }),
    q.jitterMs != null && t('meters.jitter', { ms: q.jitterMs }),
    q.lossPct != null && t('meters.loss', { pct: q.lossPct }),
  ].filter(Boolean);
  return (
    <section class="meters" aria-label={t('meters.label')}>
      <Meter kind="input" label={t('meters.input')} level={view.inputLevel} active={userSpeaking || view.talking.value} />
      <Meter kind="output" label={t('meters.output')} level={view.outputLevel} active={assistantSpeaking} />
      <Timer since={since} />
      <span class="cost" title={t('meters.cost')}>
        {cost.unpriced ? t('meters.costUnknown') : formatUsd(cost.usd)}
        {cost.capUsd > 0 && <span class="cap"> {t('meters.capOf', { cap: formatUsd(cost.capUsd) })}</span>}
      </span>
      <span class="quality" data-grade={q.grade} title={`${t('meters.quality')}: ${[t(`meters.${q.grade}`), ...details].join(', ')}`}>
        <span class="visually-hidden">{t('meters.quality')}: </span>
        <span class="grade">{t(`meters.${q.grade}`)}</span>
        {details.length > 0 && <span class="visually-hidden"> · {details.join(' · ')}</span>}
      </span>
    </section>
  );
}
