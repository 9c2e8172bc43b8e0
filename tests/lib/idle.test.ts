import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_MINUTES, IdleTimer, idleTimeoutMs, isActivityEvent } from '@/lib/session/idle';
import { DEFAULT_SETTINGS } from '@/lib/settings';

describe('idle auto-end', () => {
  it('defaults to 5 minutes; 0 or nonsense means never', () => {
    expect(DEFAULT_SETTINGS.idleTimeoutMinutes).toBe(DEFAULT_IDLE_MINUTES);
    expect(idleTimeoutMs(5)).toBe(300_000);
    expect(idleTimeoutMs(0.05)).toBe(3_000);
    for (const never of [0, -1, Number.NaN, '5', null, undefined]) expect(idleTimeoutMs(never)).toBeNull();
  });

  it('counts speech, replies and playback as activity, not other events', () => {
    expect(isActivityEvent('input_audio_buffer.speech_started')).toBe(true);
    expect(isActivityEvent('output_audio_buffer.stopped')).toBe(true);
    expect(isActivityEvent('response.created')).toBe(true);
    expect(isActivityEvent('rate_limits.updated')).toBe(false);
    expect(isActivityEvent('session.updated')).toBe(false);
    expect(isActivityEvent(undefined)).toBe(false);
  });

  it('fires once after the timeout without activity; activity restarts the clock; stop disarms', () => {
    vi.useFakeTimers();
    try {
      const onIdle = vi.fn();
      const idle = new IdleTimer(1000, onIdle);
      idle.touch(); // not started: no effect
      expect(idle.armed).toBe(false);
      idle.start();
      vi.advanceTimersByTime(900);
      idle.touch();
      vi.advanceTimersByTime(900);
      expect(onIdle).not.toHaveBeenCalled();
      vi.advanceTimersByTime(100);
      expect(onIdle).toHaveBeenCalledTimes(1);
      expect(idle.armed).toBe(false);
      vi.advanceTimersByTime(5000);
      expect(onIdle).toHaveBeenCalledTimes(1);
      idle.start();
      idle.stop();
      vi.advanceTimersByTime(5000);
      expect(onIdle).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never fires without a timeout', () => {
    vi.useFakeTimers();
    try {
      const onIdle = vi.fn();
      const idle = new IdleTimer(null, onIdle);
      idle.start();
      vi.advanceTimersByTime(10 * 60_000);
      expect(onIdle).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
