// @ts-check
/**
 * 6. Voice surface cost: CPU time of the browser's processes (all of them: the extension's renderer
 * with the side panel, the offscreen document and the worker, plus the GPU/viz, network and audio
 * utility processes) over a stretch of a live conversation, silent and with the assistant
 * speaking, against a bare extension page holding the same WebRTC call (getUserMedia, one
 * RTCPeerConnection with the mic track and the `oai-events` channel, the reply played through an
 * <audio> element; nothing drawn). Same browser, same server, interleaved rounds.
 *
 * CPU time is Chromium's own per-process figure (CDP SystemInfo.getProcessInfo, cumulative
 * seconds), summed over the processes alive at the end (a process that appeared meanwhile counts
 * from zero). The ratio Hark / bare is the figure to read; absolute numbers depend on the machine.
 */
import { startServer, launchHark, hasOffscreen, waitFor } from './lib/setup.mjs';
import { extensionWithFloorPages } from './lib/first-click-floor.mjs';
import { round, sleep } from './lib/stats.mjs';

/**
 * Holds a call open in an extension page, as bare as a client can be. Serialised into the page.
 * @param {{ base: string, session: any }} a
 */
export async function holdBareCall(a) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
  const minted = await fetch(`${a.base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: 600 }, session: a.session }),
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
  const ready = new Promise((resolve) => {
    dc.onmessage = (m) => {
      if (JSON.parse(m.data).type === 'session.created') resolve(undefined);
    };
  });
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(`${a.base}/v1/realtime/calls`, {
    method: 'POST',
    body: pc.localDescription?.sdp,
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${value}` },
  });
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  await ready;
  /** @type {any} */ (globalThis).__benchPc = pc;
  /** @type {any} */ (globalThis).__benchHangUp = () => {
    dc.close();
    pc.close();
    stream.getTracks().forEach((t) => t.stop());
    audio.srcObject = null;
  };
}

/**
 * @param {{ extensionPath: string, seconds: number, rounds: number, log: (s: string) => void }} o
 */
export async function benchVoiceCpu({ extensionPath, seconds, rounds, log }) {
  const ext = extensionWithFloorPages(extensionPath);
  const srv = await startServer();
  const h = await launchHark({ extensionPath: ext.path, serverUrl: srv.server.url });
  const cdp = await h.b.browser.newBrowserCDPSession();
  /** @returns {Promise<Map<number, { type: string, cpu: number }>>} */
  const processes = async () => {
    const { processInfo } = /** @type {any} */ (await cdp.send(/** @type {any} */ ('SystemInfo.getProcessInfo')));
    return new Map(processInfo.map((/** @type {any} */ p) => [p.id, { type: p.type, cpu: p.cpuTime }]));
  };
  /** CPU seconds used by all processes over `seconds`, per process type too. */
  const measure = async () => {
    const a = await processes();
    await sleep(seconds * 1000);
    const b = await processes();
    /** @type {Record<string, number>} */
    const byType = {};
    let total = 0;
    for (const [id, p] of b) {
      const d = Math.max(0, p.cpu - (a.get(id)?.cpu ?? 0));
      total += d;
      byType[p.type] = (byType[p.type] ?? 0) + d;
    }
    return { cpuS: total, byType };
  };
  const wordMs = 180;
  /** Keeps the assistant talking for the whole window (one long unprompted reply). */
  const sayForWindow = async (/** @type {string | undefined} */ callId) => {
    const words = Math.ceil(((seconds + 5) * 1000) / wordMs);
    const text = Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
    const r = await fetch(`${srv.server.url}/_control/say`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text, callId }) });
    if (!r.ok) throw new Error(`say: ${r.status} ${await r.text()}`);
    await waitFor(() => srv.calls().at(-1)?.audioOut?.playing, { timeout: 10_000, interval: 50, what: 'assistant audio playing' });
    await sleep(500);
  };
  const settle = () => sleep(3000);

  const hark = async () => {
    await h.article.bringToFront();
    const n = srv.calls().length;
    await h.click();
    await waitFor(() => srv.calls()[n]?.clientEvents.some((/** @type {any} */ e) => e.type === 'session.update'), {
      timeout: 20_000, interval: 100, what: 'Hark connected',
    });
    await settle();
    const silent = await measure();
    await sayForWindow(srv.calls()[n].id);
    const speaking = await measure();
    await h.click(); // stop
    await waitFor(() => srv.calls()[n].closed, { timeout: 10_000, interval: 50, what: 'Hark hung up' });
    return { silent, speaking };
  };

  const refPage = await h.b.ctx.newPage();
  await refPage.goto(`chrome-extension://${h.b.extensionId}/bench-blank.html?tab`);
  const bare = async () => {
    // Nothing of Hark's runs meanwhile: no side panel, no offscreen document.
    await h.b.sw.evaluate(async () => {
      // @ts-ignore chrome in the service worker
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      // @ts-ignore
      await chrome.sidePanel.close({ windowId: tab.windowId }).catch(() => {});
      // @ts-ignore
      await chrome.offscreen.closeDocument().catch(() => {});
    });
    await waitFor(async () => !(await hasOffscreen(h.b.sw)), { timeout: 10_000, interval: 50, what: 'offscreen document closed' });
    await refPage.bringToFront();
    const n = srv.calls().length;
    await refPage.evaluate(holdBareCall, { base: srv.server.url, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'bench' } });
    await settle();
    const silent = await measure();
    await sayForWindow(srv.calls()[n].id);
    const speaking = await measure();
    await refPage.evaluate(() => /** @type {any} */ (globalThis).__benchHangUp());
    await waitFor(() => srv.calls()[n].closed, { timeout: 10_000, interval: 50, what: 'bare call hung up' });
    return { silent, speaking };
  };

  /** @type {{ hark: any[], bare: any[] }} */
  const runs = { hark: [], bare: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? ['bare', 'hark'] : ['hark', 'bare'];
      for (const which of order) {
        const res = which === 'hark' ? await hark() : await bare();
        runs[/** @type {'hark' | 'bare'} */ (which)].push(res);
        log(`  voice cpu round ${r + 1} ${which}: silent ${res.silent.cpuS.toFixed(2)} s, speaking ${res.speaking.cpuS.toFixed(2)} s CPU over ${seconds} s`);
      }
    }
  } finally {
    await cdp.detach().catch(() => {});
    await h.close();
    await srv.server.close();
    ext.remove();
  }
  const sum = (/** @type {any[]} */ list, /** @type {'silent' | 'speaking'} */ k) => list.reduce((n, x) => n + x[k].cpuS, 0);
  const ratio = (/** @type {'silent' | 'speaking'} */ k) => round(sum(runs.hark, k) / sum(runs.bare, k), 2);
  const perMin = (/** @type {any[]} */ list, /** @type {'silent' | 'speaking'} */ k) => round((sum(list, k) / list.length) * (60 / seconds), 2);
  return {
    seconds,
    rounds,
    cpuSecondsPerMinute: {
      harkSilent: perMin(runs.hark, 'silent'),
      harkSpeaking: perMin(runs.hark, 'speaking'),
      bareSilent: perMin(runs.bare, 'silent'),
      bareSpeaking: perMin(runs.bare, 'speaking'),
    },
    ratios: { silent: ratio('silent'), speaking: ratio('speaking') },
    byType: { hark: runs.hark.map((x) => ({ silent: x.silent.byType, speaking: x.speaking.byType })), bare: runs.bare.map((x) => ({ silent: x.silent.byType, speaking: x.speaking.byType })) },
  };
}
