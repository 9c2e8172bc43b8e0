// @ts-check
/**
 * 5. Turn latency added on the client, and barge-in, from one live conversation.
 *
 * The fake microphone loops a short spoken phrase ("Wait a moment.") with a pause after it. Each
 * phrase is a voice turn: the server replies with ~2.5 s of audio, and the next phrase starts
 * while that reply is still playing, so it barges in. Per cycle we get:
 *
 * - reply start: server `output_audio_buffer.started` (server clock, when it sends the first audio
 *   frame) → the first audible samples of Hark's remote track in the offscreen document;
 * - barge-in: local speech start (first audible samples of Hark's microphone track) → the
 *   assistant's audio stopped (last audible remote sample before ≥150 ms of silence), only for
 *   cycles where the server actually cut a playing reply (`output_audio_buffer.cleared`).
 *
 * Audio levels are read in the offscreen document with Web Audio AnalyserNodes on the very tracks
 * Hark's RTCPeerConnection sends and receives (reached through a CDP-injected, behaviour-neutral
 * wrapper of RTCPeerConnection.prototype; see lib/setup.mjs), polled every ~4 ms. Thresholds: mic
 * −45 dBFS (the server VAD's), remote −50 dBFS. Clocks: offscreen vs Node offset measured by ping
 * over a persistent CDP session. getStats adds the jitter-buffer delay of the received audio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clockOffset, launchHark, startServer, targetSession, waitFor, watchOffscreenDocs, watchPanelStatus } from './lib/setup.mjs';
import { round, roundAll, sleep, summarize } from './lib/stats.mjs';

/** "Wait a moment." (~0.85 s) with 0.3 s before and 1.1 s after, 48 kHz mono; looped by Chromium. */
export function bargeInWav() {
  const out = path.join(os.tmpdir(), 'hark-bench-wait-a-moment-48k.wav');
  if (fs.existsSync(out)) return out;
  const raw = `${out}.raw.wav`;
  const tmp = `${out}.tmp.wav`;
  const run = (/** @type {string} */ cmd, /** @type {string[]} */ args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`${cmd} failed (${r.error?.message ?? r.stderr}); install espeak-ng and sox`);
  };
  run('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', raw, 'Wait a moment.']);
  // Trim espeak's own silence, then pad: the pause after is shorter than the reply, so the next
  // phrase always lands on a playing reply.
  run('sox', ['-D', raw, '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp,
    'silence', '1', '0.01', '1%', 'reverse', 'silence', '1', '0.01', '1%', 'reverse', 'pad', '0.3', '1.1']);
  fs.renameSync(tmp, out);
  fs.rmSync(raw, { force: true });
  return out;
}

/**
 * Evaluated in the offscreen document: level detectors on the very tracks Hark's peer connection
 * sends and receives, with Web Audio AnalyserNodes (256-sample windows) polled every ~4 ms. An
 * onset is placed at the first sample over the threshold inside the window, an offset at the last.
 * The analysers see audio a little after it is captured / played out (Web Audio buffering); the
 * same lag on both ends mostly cancels in the barge-in figure and inflates the reply-start figure.
 */
const MONITOR = `(async () => {
  const pc = globalThis.__benchPCs?.at(-1);
  if (!pc) return 'no peer connection captured';
  const local = pc.getSenders().find((s) => s.track?.kind === 'audio')?.track;
  const remote = pc.getReceivers().find((r) => r.track?.kind === 'audio')?.track;
  if (!local || !remote) return 'no audio tracks';
  const ac = new AudioContext({ latencyHint: 'interactive' });
  await ac.resume();
  const sr = ac.sampleRate;
  const N = 256;
  const make = (track, onDb, holdMs) => {
    const an = ac.createAnalyser();
    an.fftSize = N;
    ac.createMediaStreamSource(new MediaStream([track])).connect(an);
    return { an, onDb, amp: 10 ** (onDb / 20), holdMs, on: false, lastAbove: 0, events: [] };
  };
  const chans = [make(local, -45, 300), make(remote, -50, 150)];
  const M = (globalThis.__benchAudio = { local: chans[0].events, remote: chans[1].events, polls: 0, intervals: [], baseLatency: ac.baseLatency });
  const buf = new Float32Array(N);
  let prev = performance.timeOrigin + performance.now();
  const tick = () => {
    const now = performance.timeOrigin + performance.now();
    if (M.intervals.length < 5000) M.intervals.push(now - prev);
    prev = now;
    M.polls++;
    for (const c of chans) {
      c.an.getFloatTimeDomainData(buf);
      let sum = 0, first = -1, last = -1;
      for (let i = 0; i < N; i++) {
        const v = buf[i];
        sum += v * v;
        if (Math.abs(v) >= c.amp) { if (first < 0) first = i; last = i; }
      }
      const db = 10 * Math.log10(sum / N + 1e-12);
      if (db >= c.onDb) {
        if (!c.on) {
          c.on = true;
          c.events.push({ kind: 'on', at: now - ((N - 1 - Math.max(first, 0)) / sr) * 1000 });
        }
        c.lastAbove = now - ((N - 1 - Math.max(last, 0)) / sr) * 1000;
      } else if (c.on && now - c.lastAbove > c.holdMs) {
        c.on = false;
        c.events.push({ kind: 'off', at: c.lastAbove });
      }
    }
  };
  M.timer = setInterval(tick, 2);
  return 'ok';
})()`;

const STATS = `(async () => {
  const pc = globalThis.__benchPCs.at(-1);
  const out = {};
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.jitterBufferMeanMs = s.jitterBufferEmittedCount ? (1000 * s.jitterBufferDelay) / s.jitterBufferEmittedCount : null;
      out.jitterBufferTargetMeanMs = s.jitterBufferEmittedCount && s.jitterBufferTargetDelay ? (1000 * s.jitterBufferTargetDelay) / s.jitterBufferEmittedCount : null;
      out.concealedSamples = s.concealedSamples;
      out.totalSamplesReceived = s.totalSamplesReceived;
    }
  });
  return out;
})()`;

/** @param {{ extensionPath: string, turns: number, log: (s: string) => void }} o */
export async function benchTurnLatency({ extensionPath, turns, log }) {
  const srv = await startServer();
  const h = await launchHark({ extensionPath, serverUrl: srv.server.url, wav: bargeInWav(), noloop: false });
  const probe = await watchOffscreenDocs(h.b.browser);
  /** @type {Awaited<ReturnType<typeof targetSession>> | null} */
  let off = null;
  try {
    // Start a session whose peer connection the probe captured (retry if the patch came late).
    /** @type {number} */ let callIndex = -1;
    /** @type {Awaited<ReturnType<typeof watchPanelStatus>> | null} */
    let panel = null;
    for (let attempt = 0; ; attempt++) {
      callIndex = srv.calls().length;
      const t0 = await h.click();
      panel ??= await watchPanelStatus(h.b.browser);
      await panel.when('live', t0);
      off = await targetSession(h.b.browser, '/offscreen.html');
      const status = await off.evaluate(MONITOR);
      if (status === 'ok') break;
      await off.close();
      if (attempt >= 2) throw new Error(`turn latency: could not instrument the offscreen document (${status})`);
      await h.click();
      await sleep(1000);
    }
    if (!off) throw new Error('unreachable');
    const session = off;
    const offset = await clockOffset((expr) => session.evaluate(expr));
    const call = srv.calls()[callIndex];
    const count = (/** @type {string} */ type) => call.serverEvents.filter((/** @type {any} */ e) => e.type === type).length;
    // Each cycle is ~2.3 s; allow generous slack.
    const cleared0 = count('output_audio_buffer.cleared');
    await waitFor(() => count('output_audio_buffer.cleared') - cleared0 >= turns && count('output_audio_buffer.started') >= turns + 1, {
      timeout: turns * 5000 + 15_000,
      interval: 200,
      what: `${turns} barge-ins`,
    });
    await sleep(600); // let the last cut reach the speaker
    /** @type {{ local: { kind: string, at: number }[], remote: { kind: string, at: number }[], polls: number, intervals: number[], baseLatency: number }} */
    const audio = await session.evaluate('(() => { clearInterval(globalThis.__benchAudio.timer); return globalThis.__benchAudio; })()');
    const stats = await session.evaluate(STATS);
    await session.close();
    off = null;
    await panel.close();
    await h.click(); // stop

    // Browser times → Node clock.
    const toNode = (/** @type {number} */ t) => t - offset.offset;
    const local = audio.local.map((e) => ({ ...e, at: toNode(e.at) }));
    const remote = audio.remote.map((e) => ({ ...e, at: toNode(e.at) }));
    const events = call.serverEvents.map((/** @type {any} */ e) => ({ type: e.type, at: srv.at(e) }));
    const slack = 5; // ms of clock uncertainty tolerated when ordering marks across processes

    /** @type {number[]} */ const replyStart = [];
    for (const s of events.filter((/** @type {any} */ e) => e.type === 'output_audio_buffer.started')) {
      const on = remote.find((e) => e.kind === 'on' && e.at >= s.at - slack && e.at <= s.at + 2000);
      if (on) replyStart.push(on.at - s.at);
    }
    /** @type {{ total: number, uplinkAndVad: number, server: number, drain: number }[]} */
    const barge = [];
    /** @type {any[]} */
    const unmatched = [];
    const t0 = events[0]?.at ?? 0;
    for (const c of events.filter((/** @type {any} */ e) => e.type === 'output_audio_buffer.cleared')) {
      const sp = [...events].reverse().find((/** @type {any} */ e) => e.type === 'input_audio_buffer.speech_started' && e.at <= c.at + slack);
      if (!sp) continue;
      const speech = [...local].reverse().find((e) => e.kind === 'on' && e.at <= sp.at && e.at >= sp.at - 1500);
      const stopped = remote.find((e) => e.kind === 'off' && e.at >= c.at - slack && e.at <= c.at + 2000);
      if (!speech || !stopped) {
        unmatched.push({ clearedAt: round(c.at - t0, 0), speechStartedAt: round(sp.at - t0, 0), localOn: !!speech, remoteOff: !!stopped });
        continue;
      }
      barge.push({ total: stopped.at - speech.at, uplinkAndVad: sp.at - speech.at, server: c.at - sp.at, drain: stopped.at - c.at });
    }
    log(`  turn latency: ${replyStart.length} reply starts, ${barge.length} barge-ins measured`);
    const med = (/** @type {number[]} */ xs) => round(summarize(xs).p50, 1);
    return {
      replies: replyStart.length,
      replyStartMs: roundAll(summarize(replyStart), 1),
      bargeIns: barge.length,
      bargeInMs: roundAll(summarize(barge.map((b) => b.total)), 1),
      bargeInStageMediansMs: {
        speechToServerSpeechStarted: med(barge.map((b) => b.uplinkAndVad)),
        speechStartedToCleared: med(barge.map((b) => b.server)),
        clearedToSilence: med(barge.map((b) => b.drain)),
      },
      clockOffsetMs: round(offset.offset, 2),
      clockPingRttMs: round(offset.rtt, 2),
      pollIntervalMs: roundAll(summarize(audio.intervals), 1),
      audioContextBaseLatencyMs: round(audio.baseLatency * 1000, 1),
      inboundRtp: Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v])),
      unmatchedCuts: unmatched,
      raw: { replyStartMs: replyStart.map((x) => round(x, 1)), bargeInMs: barge.map((b) => round(b.total, 1)) },
    };
  } finally {
    await off?.close();
    await probe.stop();
    await h.close();
    await srv.server.close();
  }
}
