#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: Hark against the physical limit and the seed's flow, in one run, in headless
 * Chromium with the local Realtime server. Prints a table and writes bench/results/latest.json.
 * Every figure is a distribution or a ratio measured side by side in this run; nothing here is a
 * pass/fail test (goals are reported, never asserted).
 *
 * Environment (defaults meet the counts; a full run takes ~6 min on 2 cores):
 *   BENCH_ONLY=click,greeting,recovery,transcript,footprint,turn,tools,toolRoundTrip,idle-bytes   run some sections only
 *   BENCH_QUICK=1                 few runs of everything (a smoke check, ~3 min)
 *   BENCH_GREETING_RUNS=8         click → greeting heard, Hark (warm) and the bare handshake + the same response.create, interleaved
 *   BENCH_RUNS=20                 click-to-ready rounds (each: limit, seed, floor, Hark warm and cold, interleaved)
 *   BENCH_RECOVERY_RUNS=6         kill/restart cycles (one per downtime 0, 0.5, 1, 2, 4 s, …)
 *   BENCH_COLD_RUNS=2             bare-client reconnects to a freshly restarted server (reference)
 *   BENCH_SILENT_KILL_RUNS=2      kills without warning (each adds ~8 s: noticed by the liveness probe)
 *   BENCH_MESSAGES=2000 BENCH_DELTAS=200000 BENCH_TRANSCRIPT_CAP_S=240
 *   BENCH_EXCHANGES=120           long-session exchanges (one per 15 s of a real session = 30 min)
 *   BENCH_TURNS=15                barge-ins to measure (each ~2.3 s of conversation)
 *   BENCH_TOKEN_ROUNDS=2 BENCH_TOKEN_SECONDS=5   token server: two instances + Redis vs no limiter (autocannon)
 *   BENCH_VOICE_S=60 BENCH_VOICE_ROUNDS=3   voice-surface CPU: seconds per window, interleaved rounds
 *   BENCH_IDLE_S=60               idle-bytes: seconds of an idle session counted at the server
 *   BENCH_MEMORY_WARMUP_S=120     memory: the call is held this long before the after-warm-up start sample
 *   BENCH_MEMORY_S=600 BENCH_MEMORY_SAMPLE_S=30 BENCH_MEMORY_EVERY_S=15   memory: session length, sampling, one reply per
 *   BENCH_MEMORY_ARMS=nostats,notelemetry,nopanel   memory: extra Hark arms with one part off (bench/memory.mjs)
 *   BENCH_MEMORY_BEFORE=dir       memory: with BENCH_MEMORY_ARMS=before, Hark from that build too (before/after)
 *   BENCH_NO_BUILD=1              use the existing build;  HARK_EXTENSION_PATH=.output/chrome-mv3
 *   BENCH_COMMIT=abc1234          record this commit (e.g. when running from a `git archive` copy)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchClickToReady } from './click-to-ready.mjs';
import { benchGreeting } from './greeting.mjs';
import { benchLongSession, staticFootprint } from './footprint.mjs';
import { ROOT, silentWav } from './lib/setup.mjs';
import { DEFAULT_CHROMIUM, launchBrowser } from '../tests/e2e/harness.mjs';
import { benchRecovery } from './recovery.mjs';
import { benchTokenServer } from './token-server.mjs';
import { benchTranscript } from './transcript.mjs';
import { benchTurnLatency } from './turn-latency.mjs';
import { benchFindOnPage } from './find-on-page.mjs';
import { benchVoiceCpu } from './voice-cpu.mjs';
import { benchToolRoundTrip } from './tool-round-trip.mjs';
import { benchIdleBytes } from './idle-bytes.mjs';
import { benchMemory } from './memory.mjs';

const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (/** @type {string} */ name, /** @type {number} */ full, /** @type {number} */ small) => Number(env[name] ?? (quick ? small : full));
const config = {
  clickRounds: num('BENCH_RUNS', 20, 3),
  greetingRuns: num('BENCH_GREETING_RUNS', 8, 3),
  recoveryRuns: num('BENCH_RECOVERY_RUNS', 6, 3),
  silentKillRuns: num('BENCH_SILENT_KILL_RUNS', 2, 1),
  coldRuns: num('BENCH_COLD_RUNS', 2, 1),
  messages: num('BENCH_MESSAGES', 2000, 200),
  deltas: num('BENCH_DELTAS', 200_000, 20_000),
  transcriptCapS: num('BENCH_TRANSCRIPT_CAP_S', 240, 15),
  exchanges: num('BENCH_EXCHANGES', 120, 12),
  turns: num('BENCH_TURNS', 15, 4),
  tokenRounds: num('BENCH_TOKEN_ROUNDS', 2, 1),
  tokenSeconds: num('BENCH_TOKEN_SECONDS', 5, 2),
  voiceSeconds: num('BENCH_VOICE_S', 60, 15),
  voiceRounds: num('BENCH_VOICE_ROUNDS', 3, 1),
  idleSeconds: num('BENCH_IDLE_S', 60, 20),
  memorySeconds: num('BENCH_MEMORY_S', 600, 60),
  memoryWarmupS: num('BENCH_MEMORY_WARMUP_S', 120, 0),
  memorySampleS: num('BENCH_MEMORY_SAMPLE_S', 30, 10),
  memoryEveryS: num('BENCH_MEMORY_EVERY_S', 15, 15),
};
/** Heap growth per update below which the transcript counts as flat (GC noise is ~±10 B at 4,000 updates). */
const FLAT_BYTES_PER_UPDATE = 32;

const SECTIONS = ['click', 'greeting', 'recovery', 'transcript', 'footprint', 'turn', 'tools', 'toolRoundTrip', 'token', 'voice', 'idle-bytes', 'memory'];
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : SECTIONS;
const extensionPath = path.resolve(ROOT, env.HARK_EXTENSION_PATH ?? '.output/chrome-mv3');
const started = Date.now();
const log = (/** @type {string} */ s) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

function git(/** @type {string[]} */ args) {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function machine() {
  const exe = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  const v = spawnSync(exe, ['--version'], { encoding: 'utf8' });
  const chromiumVersion = v.status === 0 ? v.stdout.trim().split('\n')[0] : exe;
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    commit: env.BENCH_COMMIT ?? git(['rev-parse', '--short', 'HEAD']),
    dirtyTree: env.BENCH_COMMIT ? false : (git(['status', '--porcelain']) ?? '') !== '',
  };
}

/** @type {Record<string, any>} */
const results = { date: new Date().toISOString(), config, extensionPath: path.relative(ROOT, extensionPath) || '.', built: env.BENCH_NO_BUILD !== '1' };

// The token-server section needs no extension: `BENCH_ONLY=token` skips the build.
const needsExtension = only.some((s) => s !== 'token');
if (needsExtension && env.BENCH_NO_BUILD !== '1') {
  log('building the extension (npx wxt build)…');
  const r = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    console.error('bench: the build failed; nothing was measured.');
    process.exit(1);
  }
}
if (needsExtension && !fs.existsSync(path.join(extensionPath, 'manifest.json'))) {
  console.error(`bench: no built extension at ${extensionPath} (run npx wxt build).`);
  process.exit(1);
}
results.machine = await machine();
log(`machine: ${results.machine.cpu}, ${results.machine.memoryGB} GB, ${results.machine.chromium}`);

/** @param {string} key @param {() => Promise<any>} fn */
async function section(key, fn) {
  if (!only.includes(key)) return;
  const t = Date.now();
  log(`${key}…`);
  try {
    results[key] = await fn();
  } catch (e) {
    results[key] = { error: String(/** @type {Error} */ (e)?.stack ?? e) };
    log(`${key} FAILED: ${/** @type {Error} */ (e)?.message ?? e}`);
  }
  (results.sectionSeconds ??= {})[key] = Math.round((Date.now() - t) / 1000);
}

await section('footprint', async () => ({
  static: staticFootprint(extensionPath),
  longSession: await benchLongSession({ extensionPath, exchanges: config.exchanges, log }),
}));
await section('transcript', async () => {
  const b = await launchBrowser({ extensionPath, wav: silentWav() });
  try {
    return await benchTranscript({ b, messages: config.messages, deltas: config.deltas, capMs: config.transcriptCapS * 1000, log });
  } finally {
    await b.close();
  }
});
await section('click', () => benchClickToReady({ extensionPath, runs: config.clickRounds, log }));
await section('greeting', () => benchGreeting({ extensionPath, runs: config.greetingRuns, log }));
await section('turn', () => benchTurnLatency({ extensionPath, turns: config.turns, log }));
await section('recovery', () =>
  benchRecovery({ extensionPath, runs: config.recoveryRuns, silentRuns: config.silentKillRuns, coldRuns: config.coldRuns, log }),
);
// Page tools: find_on_page over a 1 MB page against one bare scan of it (no browser needed).
await section('tools', () => benchFindOnPage({ runs: quick ? 8 : 30 }));
await section('token', () => benchTokenServer({ rounds: config.tokenRounds, seconds: config.tokenSeconds, log }));
await section('voice', () => benchVoiceCpu({ extensionPath, seconds: config.voiceSeconds, rounds: config.voiceRounds, log }));
await section('memory', () =>
  benchMemory({
    extensionPath,
    seconds: config.memorySeconds,
    warmupS: config.memoryWarmupS,
    sampleS: config.memorySampleS,
    everyS: config.memoryEveryS,
    // Real-time replies by default; BENCH_MEMORY_WORD_MS=5 BENCH_MEMORY_DELTA_MS=1 compress them (as the footprint does).
    timing: { wordMs: Number(env.BENCH_MEMORY_WORD_MS ?? 180), deltaMs: Number(env.BENCH_MEMORY_DELTA_MS ?? 10) },
    beforePath: env.BENCH_MEMORY_BEFORE ? path.resolve(env.BENCH_MEMORY_BEFORE) : undefined,
    arms: (env.BENCH_MEMORY_ARMS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    log,
  }),
);
// Tool round trip in a live conversation (arguments done → output received) against the bare message round trip.
await section('toolRoundTrip', () => benchToolRoundTrip({ runs: quick ? 4 : 20, log }));
// Data-channel bytes per idle minute (mostly the liveness probe) against the old probe's echo.
await section('idle-bytes', () => benchIdleBytes({ extensionPath, seconds: config.idleSeconds, log }));
results.totalSeconds = Math.round((Date.now() - started) / 1000);
results.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
results.goals = goals(results);

const outDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${table(results)}\n`);
const m = results.machine;
console.log(`Machine: ${m.cpu}, ${m.memoryGB} GB RAM, ${m.os}, Node ${m.node}, ${m.chromium}; load average ${m.loadAverageAtStart[0]} → ${m.loadAverageAtEnd[0]}; commit ${m.commit ?? 'unknown'}${m.dirtyTree ? ' (+ uncommitted changes)' : ''}; ${results.totalSeconds} s.`);
console.log(`Full results: ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);

// ---------------------------------------------------------------------------------------------

/**
 * Each goal is judged on the figures the issue names; where it names both median and p95, both
 * must meet it ("partly" when only the median does).
 * @param {Record<string, any>} r
 */
function goals(r) {
  /** @type {Record<string, { goal: string, status: string, value: string }>} */
  const g = {};
  const both = (/** @type {boolean} */ p50, /** @type {boolean} */ p95) => (p50 && p95 ? 'met' : p50 ? 'partly (median only)' : 'missed');
  if (r.click && !r.click.error) {
    const x = r.click.ratios;
    g.clickToReady = { goal: '≤ 1.5 × limit', status: both(x.harkOverLimitP50 <= 1.5, x.harkOverLimitP95 <= 1.5), value: `${x.harkOverLimitP50}× (p50), ${x.harkOverLimitP95}× (p95)` };
    g.clickToReadyCold = { goal: '≤ 1.5 × limit', status: both(x.coldOverLimitP50 <= 1.5, x.coldOverLimitP95 <= 1.5), value: `${x.coldOverLimitP50}× (p50), ${x.coldOverLimitP95}× (p95)` };
    g.clickToReadyColdFloor = { goal: '≤ 1.5 × floor', status: both(x.coldOverFloorP50 <= 1.5, x.coldOverFloorP95 <= 1.5), value: `${x.coldOverFloorP50}× (p50), ${x.coldOverFloorP95}× (p95)` };
  }
  if (r.recovery && !r.recovery.error) {
    const x = r.recovery.backToLiveMs;
    g.recovery = { goal: '≤ 1.5 s after the server is back', status: both(x.p50 <= 1500, x.p95 <= 1500), value: `${ms(x.p50)} (p50), ${ms(x.p95)} (p95)` };
  }
  if (r.transcript && !r.transcript.error) {
    const t = r.transcript;
    const p95 = Math.max(t.perDeltaMs.p95, t.atFullSize.perDeltaMs.p95);
    g.transcriptDelta = {
      goal: '< 1 ms p95 per delta',
      status: t.capped ? 'missed (time cap hit)' : p95 < 1 ? 'met' : 'missed',
      value: `${t.perDeltaMs.p95} ms p95 over ${t.deltas} deltas; ${t.atFullSize.perDeltaMs.p95} ms p95 at ${t.atFullSize.messages} messages`,
    };
    const f = t.flatMemory;
    g.transcriptMemory = {
      goal: `flat: < ${FLAT_BYTES_PER_UPDATE} bytes of heap kept per delta`,
      status: f && f.retainedPerUpdateBytes < FLAT_BYTES_PER_UPDATE ? 'met' : 'missed',
      value: f ? `${f.retainedPerUpdateBytes} B per update over ${f.updates}; ${kb(t.heapStartBytes)} → ${kb(t.heapEndBytes)} for ${t.messagesRequested} messages` : '—',
    };
  }
  if (r.tools && !r.tools.error) {
    const t = r.tools;
    g.findOnPage = {
      goal: 'find_on_page on a 1 MB page: ≤ 5 × one bare scan (p50), answer found',
      status: t.answerFound && t.ratioP50 <= 5 ? 'met' : 'missed',
      value: `${ms(t.findOnPageMs.p50)} / ${ms(t.findOnPageMs.p95)}; ${t.ratioP50}× a bare scan`,
    };
  }
  if (r.footprint && !r.footprint.error) {
    const sp = r.footprint.static.entries.sidepanel;
    g.sidePanelJs = { goal: '< 40 KB gzip', status: sp && sp.jsGzipBytes < 40 * 1024 ? 'met' : 'missed', value: kb(sp?.jsGzipBytes) };
  }
  if (r.voice && !r.voice.error) {
    const x = r.voice.ratios;
    g.voiceCpu = { goal: '≤ 1.25 × bare call', status: x.silent <= 1.25 && x.speaking <= 1.25 ? 'met' : x.silent <= 1.25 ? 'partly (silent only)' : 'missed', value: `${x.silent}× silent, ${x.speaking}× speaking` };
  }
  if (r.memory && !r.memory.error) {
    const x = r.memory.ratios.hark;
    const status = (/** @type {number | null | undefined} */ v) => (v == null ? 'undefined (bare page did not grow)' : v <= 1.2 ? 'met' : 'missed');
    g.memory = { goal: 'RSS growth ≤ 1.2 × bare call (from live)', status: status(x), value: `${x}×` };
    const w = r.memory.warmRatios?.hark;
    if (r.memory.warmRatios) g.memoryWarm = { goal: 'RSS growth ≤ 1.2 × bare call (after warm-up)', status: status(w), value: `${w}×` };
  }
  return g;
}

/** @param {number} x */
function ms(x) {
  return x == null || !Number.isFinite(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`;
}
/** @param {number} b */
function kb(b) {
  return b == null || !Number.isFinite(b) ? '—' : b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`;
}
/** @param {{ p50: number, p95: number }} s */
function dist(s) {
  return s ? `${ms(s.p50)} / ${ms(s.p95)}` : '—';
}

/** @param {Record<string, any>} r */
function table(r) {
  /** @type {string[][]} */
  const rows = [['Benchmark', 'Measure', 'p50 / p95 (or value)', 'Goal', 'Status']];
  const g = r.goals;
  const err = (/** @type {string} */ k) => rows.push([k, 'FAILED', String(r[k].error).split('\n')[0].slice(0, 80), '', '']);
  if (r.click) {
    if (r.click.error) err('click');
    else {
      const c = r.click;
      rows.push(['1 Click-to-ready', `Hark, side panel open (${c.runs} runs)`, dist(c.hark), '≤ 1.5 × limit', g.clickToReady.status]);
      rows.push(['', `Hark, first click: no panel, no document (${c.runs})`, dist(c.harkCold), '≤ 1.5 × limit', g.clickToReadyCold.status]);
      rows.push(['', 'limit: bare handshake', dist(c.limit), '', '']);
      rows.push(['', 'first-click floor: new document + blank panel', dist(c.floor), '', '']);
      rows.push(['', 'seed flow (+2 s)', dist(c.seed), '', '']);
      rows.push(['', 'Hark / limit: panel open', `${c.ratios.harkOverLimitP50}× / ${c.ratios.harkOverLimitP95}×`, '', '']);
      rows.push(['', 'Hark / limit: first click', `${c.ratios.coldOverLimitP50}× / ${c.ratios.coldOverLimitP95}×`, '', '']);
      rows.push(['', 'Hark / floor: first click', `${c.ratios.coldOverFloorP50}× / ${c.ratios.coldOverFloorP95}×`, '≤ 1.5 × floor', g.clickToReadyColdFloor.status]);
      rows.push(['', 'floor / limit (p50)', `${c.ratios.floorOverLimitP50}×`, '', '']);
      rows.push(['', 'Hark / seed (p50)', `${c.ratios.harkOverSeedP50}×`, '', '']);
      rows.push(['', 'Hark: panel shows live', dist(c.hark.panelLive), '', '']);
    }
  }
  if (r.greeting) {
    if (r.greeting.error) err('greeting');
    else {
      const c = r.greeting;
      rows.push(['1b Click → greeting heard', `Hark, side panel open (${c.runs} runs)`, dist(c.hark), '', '']);
      rows.push(['', 'bare handshake + the same response.create', dist(c.reference), '', '']);
      rows.push(['', 'Hark / reference', `${c.ratios.harkOverReferenceP50}× / ${c.ratios.harkOverReferenceP95}×`, '', '']);
    }
  }
  if (r.recovery) {
    if (r.recovery.error) err('recovery');
    else {
      const x = r.recovery;
      rows.push(['2 Recovery', `back → live (${x.runs} kills)`, dist(x.backToLiveMs), '≤ 1.5 s', g.recovery.status]);
      rows.push(['', 'back → first request', dist(x.backToFirstRequestMs), '', '']);
      rows.push(['', 'first request → live', dist(x.firstRequestToLiveMs), '', '']);
      if (x.coldLimitMs) rows.push(['', 'cold-server limit: back → bare client ready', dist(x.coldLimitMs), '', '']);
      if (x.silentKill) rows.push(['', 'silent kill: noticed after', dist(x.silentKill.detectMs), '', '']);
    }
  }
  if (r.transcript) {
    if (r.transcript.error) err('transcript');
    else {
      const t = r.transcript;
      rows.push(['3 Transcript', `per delta, ${t.deltas.toLocaleString('en')} deltas${t.capped ? ' (capped)' : ''}`, dist(t.perDeltaMs), '< 1 ms p95', g.transcriptDelta.status]);
      rows.push(['', `per delta at ${t.atFullSize.messages} messages`, dist(t.atFullSize.perDeltaMs), '', '']);
      rows.push(['', 'per delta via runtime messaging', dist(t.viaRuntimeMessaging.perDeltaMs), '', '']);
      rows.push(['', `heap start → end (${t.messagesRequested} messages)`, `${kb(t.heapStartBytes)} → ${kb(t.heapEndBytes)}`, '', '']);
      rows.push(['', 'heap kept per delta', t.flatMemory ? `${t.flatMemory.retainedPerUpdateBytes} B` : '—', 'flat', g.transcriptMemory.status]);
    }
  }
  if (r.footprint) {
    if (r.footprint.error) err('footprint');
    else {
      const e = r.footprint.static.entries;
      for (const [name, v] of Object.entries(e)) {
        rows.push([name === Object.keys(e)[0] ? '4 Footprint' : '', `${name} JS gzip`, kb(v.jsGzipBytes), name === 'sidepanel' ? '< 40 KB' : '', name === 'sidepanel' ? g.sidePanelJs.status : '']);
      }
      const l = r.footprint.longSession;
      rows.push(['', `JS heap, ${l.simulatedMinutes} min session`, `${kb(l.start.jsHeapUsedBytes)} → ${kb(l.end.jsHeapUsedBytes)}`, '', '']);
      rows.push(['', 'renderer RSS, same', `${kb(l.start.rendererRssBytes)} → ${kb(l.end.rendererRssBytes)}`, '', '']);
      rows.push(['', 'side panel DOM nodes', `${l.start.sidePanelDomNodes} → ${l.end.sidePanelDomNodes}`, '', '']);
      // Closing the document may free nothing the OS sees (the process keeps freed pages), or RSS
      // may fall for other reasons: a negative difference says only that it is lost in the noise.
      const rss = l.standby?.rendererRssBytes;
      if (l.standby) rows.push(['', 'standby document after it: JS heap / RSS', `${kb(l.standby.jsHeapBytes)} / ${rss != null && rss < 0 ? 'below noise' : kb(rss)}`, '', '']);
    }
  }
  if (r.tools) {
    if (r.tools.error) err('tools');
    else {
      const t = r.tools;
      rows.push(['6 Page tools', `find_on_page, ${kb(t.pageChars)} page (${t.runs} queries)`, dist(t.findOnPageMs), '≤ 5 × bare scan', g.findOnPage.status]);
      rows.push(['', 'reference: one bare scan of the page', dist(t.bareScanMs), '', '']);
      rows.push(['', 'find_on_page / bare scan (p50)', `${t.ratioP50}×`, '', '']);
    }
  }
  if (r.toolRoundTrip) {
    if (r.toolRoundTrip.error) err('toolRoundTrip');
    else {
      const t = r.toolRoundTrip;
      rows.push(['6 Page tools', `tool round trip, find_on_page (${t.runs} calls)`, dist(t.toolMs), 'reported', t.answerFound ? 'answer found' : 'answer missing']);
      rows.push(['', 'reference: bare round trip (unknown tool)', dist(t.bareMs), '', '']);
      rows.push(['', 'tool / bare (p50, p95)', `${t.ratioP50}×, ${t.ratioP95}×`, '', '']);
    }
  }
  if (r.turn) {
    if (r.turn.error) err('turn');
    else {
      const t = r.turn;
      rows.push(['5 Turn latency', `audio out → played (${t.replies})`, dist(t.replyStartMs), '', '']);
      rows.push(['', `barge-in: speech → silence (${t.bargeIns})`, dist(t.bargeInMs), '', '']);
      rows.push(['', 'jitter buffer (mean)', ms(t.inboundRtp.jitterBufferMeanMs), '', '']);
    }
  }
  if (r.token) {
    if (r.token.error) err('token');
    else {
      const t = r.token;
      rows.push(['6 Token server', `2 instances + Redis (limit, usage): req/s, p99`, `${t.distributed.rps} req/s, ${ms(t.distributed.p99Ms)}`, '', '']);
      rows.push(['', '2 instances, no limiter: req/s, p99', `${t.reference.rps} req/s, ${ms(t.reference.p99Ms)}`, '', '']);
      rows.push(['', 'distributed / reference: throughput, p99', `${t.ratios.throughputDistributedOverReference}× / ${t.ratios.p99DistributedOverReference}×`, '', '']);
    }
  }
  if (r.voice) {
    if (r.voice.error) err('voice');
    else {
      const v = r.voice;
      const c = v.cpuSecondsPerMinute;
      rows.push(['6 Voice surface CPU', `Hark / bare call, silent (${v.rounds}× ${v.seconds} s)`, `${v.ratios.silent}×`, '≤ 1.25×', g.voiceCpu.status]);
      rows.push(['', 'Hark / bare call, assistant speaking', `${v.ratios.speaking}×`, '≤ 1.25×', '']);
      rows.push(['', 'CPU s per minute: Hark silent / speaking', `${c.harkSilent} / ${c.harkSpeaking}`, '', '']);
      rows.push(['', 'CPU s per minute: bare silent / speaking', `${c.bareSilent} / ${c.bareSpeaking}`, '', '']);
    }
  }
  const idle = r['idle-bytes'];
  if (idle) {
    if (idle.error) err('idle-bytes');
    else {
      rows.push(['7 Idle data channel', `bytes per idle minute (${idle.seconds} s, ${idle.probes} probes)`, kb(idle.bytesPerMinute.total), 'reported', idle.sameCall ? 'same call' : 'call dropped']);
      rows.push(['', 'reference: same minute with the old probe (session.update)', kb(idle.reference.bytesPerMinute), '', '']);
      rows.push(['', 'old / new', `${idle.oldOverNew}×`, '', '']);
      }
    }
  if (r.memory) {
    if (r.memory.error) err('memory');
    else {
      const m = r.memory;
      const mb = (/** @type {number} */ b) => `${(b / 2 ** 20).toFixed(0)} MB`;
      for (const [arm, a] of Object.entries(/** @type {Record<string, any>} */ (m.arms))) {
        const head = arm === 'hark' ? `8 Memory (${Math.round(m.seconds / 60)} min, at once)` : '';
        const label = arm === 'hark' ? 'Hark: renderer RSS' : arm === 'bare' ? 'bare call: renderer RSS' : `Hark, ${arm}: renderer RSS`;
        rows.push([head, label, `${mb(a.start.rssBytes)} → ${mb(a.end.rssBytes)} (+${mb(a.rssGrowthBytes)} after GC; peak +${mb(a.rssPeakGrowthBytes)})`, '', '']);
        if (arm === 'hark' || arm === 'bare') rows.push(['', `${arm}: JS heap`, `${kb(a.start.jsHeapUsedBytes)} → ${kb(a.end.jsHeapUsedBytes)}`, '', '']);
        rows.push(['', `${arm}: live objects (allocators' count)`, `+${(a.liveGrowthBytes / 2 ** 20).toFixed(1)} MB`, '', '']);
        const w = a.afterWarmup;
        if (w) rows.push(['', `${arm}: after the ${m.warmupS} s warm-up`, `${mb(w.start.rssBytes)} → ${mb(w.end.rssBytes)} (+${(w.rssGrowthBytes / 2 ** 20).toFixed(1)} MB; private +${(w.anonGrowthBytes / 2 ** 20).toFixed(1)} MB)`, '', '']);
      }
      rows.push(['', 'Hark / bare: live-object growth', `${m.liveRatios?.hark ?? '—'}×`, '', '']);
      rows.push(['', 'Hark / bare: RSS growth from live, after GC (peak)', `${m.ratios.hark ?? '—'}× (${m.peakRatios.hark ?? '—'}×)`, '≤ 1.2×', g.memory.status]);
      if (g.memoryWarm) rows.push(['', 'Hark / bare: RSS growth after the warm-up (private)', `${m.warmRatios.hark ?? '—'}× (${m.warmAnonRatios?.hark ?? '—'}×)`, '≤ 1.2×', g.memoryWarm.status]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
