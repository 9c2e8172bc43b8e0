/**
 * The sound check (welcome page and side panel, components/SoundCheck.tsx): a live microphone
 * level (Web Audio analyser on a visible page, which can ask for permission) and a short test
 * tone through the speakers.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** RMS of a time-domain frame, mapped to 0–1 for display. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return Math.min(1, Math.sqrt(rms) * 1.6);
}

export function useMicLevel() {
  const [level, setLevel] = useState(0);
  const [running, setRunning] = useState(false);
  const stopRef = useRef<() => void>(() => {});

  const stop = () => {
    stopRef.current();
    stopRef.current = () => {};
    setRunning(false);
    setLevel(0);
  };

  const start = async (): Promise<string | null> => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const frame = new Float32Array(analyser.fftSize);
      let raf = 0;
      const loop = () => {
        analyser.getFloatTimeDomainData(frame);
        setLevel(levelOf(frame));
        raf = requestAnimationFrame(loop);
      };
      loop();
      stopRef.current = () => {
        cancelAnimationFrame(raf);
        stream.getTracks().forEach((t) => t.stop());
        void ctx.close();
      };
      setRunning(true);
      return null;
    } catch (e) {
      return String((e as Error)?.message ?? e);
    }
  };

  useEffect(() => () => stopRef.current(), []);
  return { level, running, start, stop };
}

/** A gentle 0.8 s, 440 Hz tone with a fade in and out. */
export async function playTestTone(): Promise<void> {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 440;
  const t = ctx.currentTime;
  gain.gain.setValueAtTime(0, t);
  gain.gain.linearRampToValueAtTime(0.2, t + 0.05);
  gain.gain.setValueAtTime(0.2, t + 0.7);
  gain.gain.linearRampToValueAtTime(0, t + 0.8);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t);
  osc.stop(t + 0.82);
  await new Promise<void>((resolve) => (osc.onended = () => resolve()));
  await ctx.close();
}
