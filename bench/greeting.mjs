// @ts-check
/**
 * Click → first greeting audio played, side by side in one browser against one server,
 * interleaved run by run (issue 16):
 *
 * - hark: a warm toolbar click (side panel open, the last conversation's document on standby, the
 *         greeting on) → the first audible sample (≥ −50 dBFS) of the assistant's track in the
 *         offscreen document. The greeting is asked for when the session goes live.
 * - ref:  the bare handshake (getUserMedia → mint → RTCPeerConnection → calls → `session.update`
 *         at channel open → ready at the first event carrying the instructions, as
 *         bench/lib/baseline-flow.mjs) followed at once by the same `response.create` Hark sent
 *         (its `response.instructions` copied from Hark's warm-up run) → the first audible sample,
 *         in an extension page of the same browser.
 *
 * Both detect audio the same way: a Web Audio AnalyserNode on the received track (256-sample
 * windows, polled every ~2 ms; the Web Audio lag is in both figures). Clocks: Hark's start is the
 * CDP click (Node clock), its end the document's clock; the offset is measured by ping (~0).
 */
import { clockOffset, hasOffscreen, launchHark, startServer, targetSession, waitFor } from './lib/setup.mjs';
import { round, roundAll, sleep, summarize } from './lib/stats.mjs';

/**
 * Serialised into the page: resolves with the epoch ms of the first audible sample the peer
 * connection receives, or null after `timeoutMs`.
 * @param {RTCPeerConnection} pc @param {AudioContext} ac @param {number} timeoutMs
 */
function firstAudio(pc, ac, timeoutMs) {
  const track = pc.getReceivers().find((r) => r.track?.kind === 'audio')?.track;
  if (!track) return Promise.resolve(null);
  const N = 256;
  const an = ac.createAnalyser();
  an.fftSize = N;
  ac.createMediaStreamSource(new MediaStream([track])).connect(an);
  const buf = new Float32Array(N);
  const amp = 10 ** (-50 / 20);
  const end = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      an.getFloatTimeDomainData(buf);
      let sum = 0;
      let first = -1;
      for (let i = 0; i < N; i++) {
        const v = buf[i] ?? 0;
        sum += v * v;
        if (first < 0 && Math.abs(v) >= amp) first = i;
      }
      const now = performance.timeOrigin + performance.now();
      if (10 * Math.log10(sum / N + 1e-12) >= -50) {
        clearInterval(timer);
        resolve(now - ((N - 1 - Math.max(first, 0)) / ac.sampleRate) * 1000);
      } else if (performance.now() > end) {
        clearInterval(timer);
        resolve(null);
      }
    }, 2);
  });
}

/**
 * Armed in Hark's standby document before a click: records the next peer connection Hark builds
 * (a behaviour-neutral wrapper of three prototype methods) and watches its received audio.
 */
const ARM = `(async () => {
  ${firstAudio.toString()}
  const ac = globalThis.__benchGreetAc ?? (globalThis.__benchGreetAc = new AudioContext({ latencyHint: 'interactive' }));
  await ac.resume();
  if (!globalThis.__benchGreetPatched) {
    globalThis.__benchGreetPatched = true;
    const P = RTCPeerConnection.prototype;
    for (const m of ['addTrack', 'addTransceiver', 'createDataChannel']) {
      const orig = P[m];
      P[m] = function (...args) { globalThis.__benchGreetPC = this; return orig.apply(this, args); };
    }
  }
  globalThis.__benchGreetPC = null;
  const B = (globalThis.__benchGreet = { at: null, error: null, done: false });
  (async () => {
    const t = performance.now();
    while (!globalThis.__benchGreetPC?.getReceivers().some((r) => r.track?.kind === 'audio')) {
      if (performance.now() - t > 20000) { B.error = 'no peer connection'; B.done = true; return; }
      await new Promise((r) => setTimeout(r, 2));
    }
    B.at = await firstAudio(globalThis.__benchGreetPC, ac, 20000);
    B.done = true;
  })();
  return 'armed';
})()`;

/**
 * The reference: the bare handshake, then the same `response.create`, in an extension page.
 * Self-contained (serialised); `first` is `firstAudio`. Epoch-ms marks.
 * @param {{ base: string, session: any, update: any, response: any }} a
 * @param {typeof firstAudio} first
 */
async function greetingReference(a, first) {
  const now = () => performance.timeOrigin + performance.now();
  /** @type {Record<string, number | null>} */
  const marks = { start: now() };
  const ac = new AudioContext({ latencyHint: 'interactive' });
  await ac.resume();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
  const minted = await fetch(`${a.base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: 120 }, session: a.session }),
  });
  const { value } = await minted.json();
  const pc = new RTCPeerConnection();
  const audio = new Audio();
  pc.ontrack = (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    audio.play().catch(() => {});
  };
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  const dc = pc.createDataChannel('oai-events');
  const ready = new Promise((resolve, reject) => {
    dc.onmessage = (m) => {
      const e = JSON.parse(m.data);
      const carries = e.type === 'session.created' && e.session?.instructions === a.update.session.instructions;
      if (e.type === 'session.updated' || carries) resolve(e);
      else if (e.type === 'error') reject(new Error(e.error?.message));
    };
  });
  dc.onopen = () => dc.send(JSON.stringify(a.update));
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(`${a.base}/v1/realtime/calls`, {
    method: 'POST',
    body: pc.localDescription?.sdp,
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${value}` },
  });
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  await ready;
  marks.ready = now();
  const heard = first(pc, ac, 20000);
  dc.send(JSON.stringify({ type: 'response.create', event_id: 'bench_greeting', response: a.response }));
  marks.sent = now();
  marks.audio = await heard;
  dc.close();
  pc.close();
  stream.getTracks().forEach((t) => t.stop());
  audio.srcObject = null;
  await ac.close();
  return marks;
}

/** @param {{ extensionPath: string, runs: number, log: (s: string) => void }} o */
export async function benchGreeting({ extensionPath, runs, log }) {
  const srv = await startServer();
  const h = await launchHark({ extensionPath, serverUrl: srv.server.url, greeting: true });
  try {
    const released = async () => {
      if (!(await hasOffscreen(h.b.sw))) return true;
      const doc = await targetSession(h.b.browser, '/offscreen.html');
      const m = await doc.evaluate('globalThis.harkDebug.media()').finally(() => doc.close());
      return m.liveTracks === 0 && m.openPeers === 0;
    };
    /** One click → greeting heard; `measure` false for the cold warm-up (no document to arm yet). */
    const harkRun = async (measure = true) => {
      const doc = measure ? await targetSession(h.b.browser, '/offscreen.html') : null;
      try {
        if (doc && (await doc.evaluate(ARM)) !== 'armed') throw new Error('could not arm the offscreen document');
        const offset = doc ? await clockOffset((expr) => doc.evaluate(expr)) : { offset: 0 };
        await h.article.bringToFront();
        const n = srv.calls().length;
        const t0 = await h.click();
        // Generous: a loaded machine's first (cold) click can take many seconds.
        // In whichever call of this click carries it (a first attempt may fail and be retried).
        const found = await waitFor(
          () => {
            for (const c of srv.calls().slice(n)) {
              const e = c.clientEvents.find((/** @type {any} */ x) => x.type === 'response.create' && x.response?.instructions);
              if (e) return { call: c, greet: e };
            }
            return null;
          },
          { timeout: 180_000, interval: 50, what: 'the greeting response.create' },
        ).catch((e) => {
          const seen = srv.calls().slice(n).map((c) => c.clientEvents.map((/** @type {any} */ x) => x.type).join(','));
          throw new Error(`${e.message}; client events per call: ${JSON.stringify(seen)}`);
        });
        const { call, greet } = found;
        /** @type {any} */
        let B = null;
        if (doc) B = await waitFor(async () => ((B = await doc.evaluate('globalThis.__benchGreet')), B.done ? B : null), { timeout: 60_000, interval: 50, what: 'greeting heard' });
        await waitFor(() => call.serverEvents.some((/** @type {any} */ e) => e.type === 'response.done'), { timeout: 20_000, interval: 50, what: 'greeting done' });
        const started = call.serverEvents.find((/** @type {any} */ e) => e.type === 'output_audio_buffer.started');
        await h.click();
        await waitFor(() => call.closed, { timeout: 30_000, interval: 20, what: 'call hung up' });
        await waitFor(released, { timeout: 30_000, interval: 50, what: 'microphone and connection released' });
        if (B?.error || (doc && B?.at == null)) throw new Error(`greeting not heard: ${B?.error ?? 'no audible sample'}`);
        return {
          greet,
          ms: B ? B.at - offset.offset - t0 : NaN,
          stages: { createReceived: srv.at(greet) - t0, audioStartedSent: srv.at(started) - t0 },
        };
      } finally {
        await doc?.close();
      }
    };
    const warm = await harkRun(false); // opens the side panel; the document then stands by
    log('  greeting: warm-up done');
    const refPage = await h.b.ctx.newPage();
    await refPage.goto(`chrome-extension://${h.b.extensionId}/options.html`);
    const ref = await targetSession(h.b.browser, '/options.html');
    const harkUpdate = srv.calls().at(-1).clientEvents.find((/** @type {any} */ x) => x.type === 'session.update');
    const args = {
      base: srv.server.url,
      session: { ...harkUpdate.session, model: 'gpt-realtime' },
      update: { type: 'session.update', session: harkUpdate.session },
      response: warm.greet.response,
    };
    const refRun = async () => {
      const n = srv.calls().length;
      const m = await ref.evaluate(`(${greetingReference.toString()})(${JSON.stringify(args)}, ${firstAudio.toString()})`);
      if (m.audio == null) throw new Error('reference: no audible sample');
      const call = srv.calls()[n];
      const create = call.clientEvents.find((/** @type {any} */ e) => e.type === 'response.create');
      await waitFor(() => call.closed, { timeout: 5000, interval: 20 }).catch(() => {});
      return { ms: m.audio - m.start, stages: { ready: m.ready - m.start, createSent: m.sent - m.start, createReceived: srv.at(create) - m.start } };
    };
    await refRun(); // warm-up
    /** @type {{ hark: any[], ref: any[] }} */
    const res = { hark: [], ref: [] };
    for (let i = 0; i < runs; i++) {
      for (const name of i % 2 ? /** @type {const} */ (['ref', 'hark']) : /** @type {const} */ (['hark', 'ref'])) {
        res[name].push(await (name === 'hark' ? harkRun() : refRun()));
        await sleep(100);
      }
    }
    await ref.close();
    await refPage.close();
    const stat = (/** @type {any[]} */ l) => roundAll(summarize(l.map((x) => x.ms)), 1);
    const med = (/** @type {any[]} */ l) => {
      const keys = Object.keys(l[0]?.stages ?? {});
      return Object.fromEntries(keys.map((k) => [k, round(summarize(l.map((x) => x.stages[k]).filter(Number.isFinite)).p50, 1)]));
    };
    const hark = stat(res.hark);
    const reference = stat(res.ref);
    log(`  greeting: hark p50 ${hark.p50} ms, reference p50 ${reference.p50} ms`);
    return {
      runs,
      hark: { ...hark, stageMediansMs: med(res.hark) },
      reference: { ...reference, stageMediansMs: med(res.ref) },
      ratios: { harkOverReferenceP50: round(hark.p50 / reference.p50, 2), harkOverReferenceP95: round(hark.p95 / reference.p95, 2) },
      raw: { hark: res.hark.map((x) => round(x.ms, 1)), reference: res.ref.map((x) => round(x.ms, 1)) },
    };
  } finally {
    await h.close();
    await srv.server.close();
  }
}
