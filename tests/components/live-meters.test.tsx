import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { options } from 'preact';
import { LiveMeters } from '@/components/LiveMeters';
import { TelemetryView } from '@/components/telemetry-view';
import { VoiceOrb } from '@/components/VoiceOrb';
import { MicOffIcon } from '@/components/icons';
import type { Telemetry } from '@/lib/protocol/telemetry';

const sample = (over: Partial<Telemetry> = {}): Telemetry => ({
  attempt: 1,
  inputLevel: 0,
  outputLevel: 0,
  rttMs: 48,
  jitterMs: 9,
  lossPct: 0,
  usage: { inputTokens: 10, outputTokens: 20, usd: 0.0123 },
  capUsd: 0.5,
  turnMode: 'server_vad',
  talking: false,
  replying: false,
  ...over,
});

/** Counts component renders (`diffed` runs once per vnode diffed; components are the function ones). */
function countRenders() {
  const before = options.diffed;
  let n = 0;
  options.diffed = (vnode) => {
    if (typeof vnode.type === 'function') n++;
    before?.(vnode);
  };
  return { get: () => n, restore: () => (options.diffed = before) };
}

describe('LiveMeters and the voice surface', () => {
  afterEach(cleanup);

  it('one line: levels, timer, cost with its cap, and a grade only after a few seconds (median, not the first sample)', () => {
    const view = new TelemetryView();
    const t0 = 1_000_000;
    // The first sample of a call is its worst: graded alone it would say "poor".
    view.apply(sample({ rttMs: 900, outputLevel: 0.6 }), t0);
    render(<LiveMeters view={view} since={Date.now() - 75_000} userSpeaking={false} assistantSpeaking />);
    expect(screen.getByRole('meter', { name: 'Assistant level' }).getAttribute('aria-valuenow')).toBe('60');
    expect(screen.getByText('1:15')).toBeTruthy();
    expect(document.querySelector('.cost')!.textContent).toBe('$0.0123 of $0.50 cap');
    expect(document.querySelector('.quality .grade')!.textContent).toBe('measuring…');
    act(() => {
      for (let i = 1; i <= 40; i++) view.apply(sample({ rttMs: 40 + (i % 3) * 4, outputLevel: 0.6 }), t0 + i * 100);
    });
    expect(document.querySelector('.quality')!.getAttribute('data-grade')).toBe('good');
    expect(document.querySelector('.quality')!.textContent).toBe('Connection: good · RTT 44 ms · jitter 9 ms · loss 0%');
  });

  it('a stream of telemetry moves the levels without re-rendering anything; a silent line writes nothing', () => {
    const view = new TelemetryView();
    // A settled call: graded already (the grade changing once is a render, and is fine).
    for (let i = 0; i <= 40; i++) view.apply(sample(), 1_000_000 - 4000 + i * 100);
    const t0 = 1_000_000;
    const onToggle = vi.fn();
    render(
      <div>
        <VoiceOrb mode="assistant" active view={view} onToggle={onToggle} />
        <LiveMeters view={view} since={Date.now()} userSpeaking={false} assistantSpeaking />
      </div>,
    );
    const orb = screen.getByRole('button', { name: 'Stop' });
    const renders = countRenders();
    try {
      // Ten seconds at 10 Hz of the assistant speaking, steady connection numbers.
      act(() => {
        for (let i = 1; i <= 100; i++) view.apply(sample({ outputLevel: 0.3 + 0.3 * Math.abs(Math.sin(i)), replying: true }), t0 + i * 100);
      });
      // Nothing here reads `replying`; the quality line re-read once a second found nothing new.
      expect(renders.get()).toBe(0);
      expect(Number(orb.style.getPropertyValue('--level'))).toBeGreaterThan(0);
      expect(screen.getByRole('meter', { name: 'Assistant level' }).getAttribute('aria-valuenow')).not.toBe('0');
      const set = vi.spyOn(orb.style, 'setProperty');
      for (let i = 101; i <= 200; i++) view.apply(sample({ outputLevel: 0, replying: true }), t0 + i * 100);
      const writes = set.mock.calls.length;
      for (let i = 201; i <= 300; i++) view.apply(sample({ outputLevel: 0, replying: true }), t0 + i * 100);
      expect(set.mock.calls.length).toBe(writes);
    } finally {
      renders.restore();
    }
  });

  it('the surface says what a click does, and shows muted with a distinct mode', () => {
    const view = new TelemetryView();
    const onToggle = vi.fn();
    const { rerender } = render(<VoiceOrb mode="idle" active={false} view={view} onToggle={onToggle} />);
    screen.getByRole('button', { name: 'Start' }).click();
    expect(onToggle).toHaveBeenCalledOnce();
    rerender(<VoiceOrb mode="listening" active view={view} onToggle={onToggle} />);
    const listeningIcon = screen.getByRole('button', { name: 'Stop' }).querySelector('.orb-icon')!.innerHTML;
    rerender(<VoiceOrb mode="muted" active view={view} onToggle={onToggle} />);
    const muted = screen.getByRole('button', { name: 'Stop' });
    expect(muted.dataset.mode).toBe('muted');
    // Issue 17, defect 5: muted must not look like listening — a mic-slash, not the same icon.
    const mutedIcon = muted.querySelector('.orb-icon')!.innerHTML;
    expect(mutedIcon).toBe(render(<MicOffIcon />).container.innerHTML);
    expect(mutedIcon).not.toBe(listeningIcon);
  });
});
