/**
 * What is happening on the line: microphone and assistant levels, who is speaking, connection
 * quality (RTT, jitter, loss from getStats), the session timer and the running cost estimate.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Telemetry } from '@/lib/protocol/telemetry';
import { grade } from '@/lib/quality';
import { formatDuration, formatUsd, t } from '@/lib/i18n';

function Meter({ label, level, active, kind }: { label: string; level: number; active: boolean; kind: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, level)) * 100);
  return (
    <div class={`meter meter-${kind}`} data-active={String(active)}>
      <span class="meter-label">{label}</span>
      <span class="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span class="meter-fill" style={{ transform: `scaleX(${pct / 100})` }} />
      </span>
    </div>
  );
}

/** Re-renders every second while mounted. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export interface LiveMetersProps {
  telemetry: Telemetry | null;
  /** Epoch ms the session went live. */
  since: number;
  userSpeaking: boolean;
  assistantSpeaking: boolean;
}

export function LiveMeters({ telemetry: tm, since, userSpeaking, assistantSpeaking }: LiveMetersProps) {
  const now = useNow();
  const q = tm ? grade(tm) : 'unknown';
  const details = tm
    ? [
        tm.rttMs != null && t('meters.rtt', { ms: tm.rttMs }),
        tm.jitterMs != null && t('meters.jitter', { ms: tm.jitterMs }),
        tm.lossPct != null && t('meters.loss', { pct: tm.lossPct }),
      ].filter(Boolean)
    : [];
  const usd = tm?.usage.usd ?? 0;
  return (
    <section class="meters" aria-label={t('meters.label')}>
      <Meter kind="input" label={t('meters.input')} level={tm?.inputLevel ?? 0} active={userSpeaking || !!tm?.talking} />
      <Meter kind="output" label={t('meters.output')} level={tm?.outputLevel ?? 0} active={assistantSpeaking} />
      <dl class="stats">
        <div>
          <dt>{t('meters.elapsed')}</dt>
          <dd class="timer">{formatDuration((now - since) / 1000)}</dd>
        </div>
        <div>
          <dt>{t('meters.cost')}</dt>
          <dd class="cost">
            {tm?.usage.unpriced ? t('meters.costUnknown') : formatUsd(usd)}
            {tm && tm.capUsd > 0 && <span class="cap"> {t('meters.capOf', { cap: formatUsd(tm.capUsd) })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('meters.quality')}</dt>
          <dd class="quality" data-grade={q} title={details.join(', ')}>
            <span class="grade">{t(`meters.${q}`)}</span>
            {details.length > 0 && <span class="details"> · {details.join(' · ')}</span>}
          </dd>
        </div>
      </dl>
    </section>
  );
}
