// @ts-check
// Fault injection in real headless Chromium against the local Realtime server: every fault a
// browsing session meets, and what the user sees afterwards. Each test prints its figure as a
// `[fault]` line. Nothing here asserts on time: recovery times are measured and printed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { evalInExtensionTarget, stopServiceWorkers, triggerAction, waitFor } from './harness.mjs';
import { closeSidePanel, readPanel, startHark, waitForPanel } from './support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';
import {
  control, ensureSilentWav, mediaReleased, offscreenCount, offscreenMedia, openPanelTab, patchSettings, prng, sendTyped, sessionRecord,
  sessionTranscript, sleep, stats, useLocalServer, waitForAssistant,
} from './fault-support.mjs';

/** On failure: what the worker, the server and the offscreen document looked like. */
const dumpAndThrow = (tab, server) => async (e) => {
  const rec = await sessionRecord(tab).catch(() => null);
  console.log('[debug] record', JSON.stringify(rec));
  console.log('[debug] http', JSON.stringify(server.state.http.log.slice(-10)));
  console.log('[debug] calls', JSON.stringify(server.state.calls.slice(-4).map((c) => ({ id: c.id, closed: c.closedReason, cs: c.connectionState, updates: c.sessionHistory.length }))));
  console.log('[debug] offscreen', JSON.stringify(await offscreenMedia(tab.context()).catch(() => null)));
  throw e;
};
/** How the server's calls ended, e.g. "hangup 9, peer_closed 6, open 1". */
const closedBy = (server) => {
  const counts = {};
  for (const c of server.state.calls) counts[c.closedReason ?? 'open'] = (counts[c.closedReason ?? 'open'] ?? 0) + 1;
  return Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
};
/** Short replies (the default speaks 180 ms per word): faults, not speech, are under test here. */
const FAST = { deltaMs: 2, wordMs: 30 };
const gaps = (panel) => panel.messages.filter((m) => m.role === 'notice' && /reconnected/i.test(m.text)).length;
const texts = (panel) => panel.messages.filter((m) => m.role !== 'notice').map((m) => m.text);

describe('faults during a live session', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b;
  /** @type {import('playwright-core').Page} */ let page;
  /** @type {import('playwright-core').Page} */ let tab;

  before(async () => {
    h = await startHark({ server: { timing: FAST }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    ({ server, b } = h);
    page = h.page;
    tab = await openPanelTab(b.ctx, b.extensionId);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
  });

  after(() => h?.close());

  it('server killed and restarted 20 times: 20 recoveries, transcript intact', async () => {
    const port = server.port;
    const recoveries = [];
    const accepted = [];
    let recovered = 0;
    await sendTyped(tab, 'Hello before any fault');
    await waitForAssistant(tab, 'Hello before any fault');
    for (let i = 1; i <= 20; i++) {
      await control(server, 'say', { text: `Reply number ${i} before the crash.` });
      await waitForAssistant(tab, `Reply number ${i} before the crash.`);
      await server.close();
      server = h.server = await createRealtimeServer({ port, timing: FAST, control: true });
      const back = Date.now();
      // The new server accepted the replayed session's session.update…
      const fresh = server;
      await waitFor(() => fresh.state.calls.some((c) => !c.closed && c.sessionHistory.length > 1), {
        timeout: 20_000,
        interval: 10,
        what: `reconnected to the restarted server (restart ${i})`,
      }).catch(dumpAndThrow(tab, fresh));
      accepted.push(Date.now() - back);
      // …and Hark is live again (the worker's record says since when).
      const rec = await waitFor(async () => {
        const r = await sessionRecord(tab);
        return r.state.status === 'live' && r.state.since >= back ? r : null;
      }, { interval: 20, what: `live again (restart ${i})` });
      recoveries.push(rec.state.since - back);
      recovered++;
    }
    const panel = await waitForPanel(b.ctx, (p) => gaps(p) === 20, 'the side panel shows 20 gap markers');
    const said = texts(panel);
    const expected = ['Hello before any fault', ...Array.from({ length: 20 }, (_, i) => `Reply number ${i + 1} before the crash.`)];
    const missing = expected.filter((t) => !said.some((s) => s.includes(t)));
    // In order: each earlier turn still shows, before the later ones.
    const order = expected.map((t) => said.findIndex((s) => s.includes(t)));
    const { median, p95, max } = stats(recoveries);
    const sent = stats(accepted);
    console.log(
      `[fault] server restarts: ${recovered}/20 recovered; recovery after server back (until live): median ${median} s, p95 ${p95} s, max ${max} s ` +
        `(its session.update reached the server after median ${sent.median} s); ` +
        `transcript: ${expected.length - missing.length}/${expected.length} earlier turns kept, ${gaps(panel)} gap markers`,
    );
    assert.equal(recovered, 20);
    assert.deepEqual(missing, []);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `turns out of order: ${JSON.stringify(said)}`);
    assert.equal(gaps(panel), 20);
    // The replayed conversation reached the last server: it knows what was said before.
    const replayed = server.state.calls.at(-1).clientEvents.filter((e) => e.type === 'conversation.item.create').map((e) => e.item.content?.[0]?.text);
    assert.ok(replayed.includes('Reply number 20 before the crash.'), `replayed: ${JSON.stringify(replayed)}`);
    assert.ok(replayed.includes('Hello before any fault'), `replayed: ${JSON.stringify(replayed)}`);
  });

  it('service worker stopped 10 times mid-session: the session continues', async () => {
    await ensureLive(b, page); // whatever the test before left (a recovery that failed, say)
    const call = server.state.calls.find((c) => !c.closed);
    assert.ok(call, 'a live call');
    const callsBefore = server.state.calls.length;
    let continued = 0;
    for (let i = 1; i <= 10; i++) {
      await stopServiceWorkers(b.ctx, tab);
      // The offscreen document owns the connection: the assistant still talks with no worker…
      await control(server, 'say', { text: `Still talking ${i}.` });
      await waitForAssistant(tab, `Still talking ${i}.`);
      // …and the restarted worker picks up the session from storage: typed text goes through it.
      await sendTyped(tab, `Typed after stop ${i}`);
      await waitForAssistant(tab, `Typed after stop ${i}`);
      const rec = await sessionRecord(tab);
      if (rec.state.status === 'live' && !call.closed && server.state.calls.length === callsBefore) continued++;
    }
    console.log(
      `[fault] service worker stopped 10 times mid-session: session continued ${continued}/10 ` +
        `(same call, ${server.state.calls.length - callsBefore} reconnects, ${await offscreenCount(tab)} offscreen document)`,
    );
    assert.equal(continued, 10);
  });

  it('offscreen document gone mid-session: detected, recreated, the conversation resumes', async () => {
    await ensureLive(b, page);
    const before = texts(await readPanel(b.ctx));
    const gapsBefore = gaps(await readPanel(b.ctx));
    const callsBefore = server.state.calls.length;
    // What a crash can keep is what the worker has been given: wait until its copy has every
    // finished message (a crash in the instant between would lose the last one).
    const copied = async () => Object.values((await sessionTranscript(tab))?.byId ?? {}).filter((m) => m.role !== 'notice').length;
    await waitFor(async () => (await copied()) >= before.length, {
      what: "the worker's copy of the transcript is up to date",
    });
    const t0 = Date.now();
    // As if it crashed: the document disappears without Hark closing it.
    await b.sw.evaluate(() => /** @type {any} */ (globalThis).chrome.offscreen.closeDocument());
    await waitFor(() => server.state.calls.length > callsBefore && server.state.calls.at(-1).sessionHistory.length > 1, {
      timeout: 15_000,
      interval: 20,
      what: 'a new session after the offscreen document vanished',
    }).catch(dumpAndThrow(tab, server));
    const recovered = Date.now() - t0;
    await waitForPanel(b.ctx, (p) => p.status === 'live' && gaps(p) === gapsBefore + 1, 'live again, with a gap marker');
    // A freshly opened panel (snapshot from the new document) shows the whole conversation.
    const fresh = await openPanelTab(b.ctx, b.extensionId);
    const shown = await waitFor(
      async () => {
        const t = await fresh.locator('.msg .text').allTextContents();
        return t.length >= before.length ? t : null;
      },
      { what: 'the reopened panel shows the conversation' },
    );
    await fresh.close();
    const kept = before.filter((t) => shown.includes(t)).length;
    console.log(
      `[fault] offscreen document gone: recreated and live again in ${(recovered / 1000).toFixed(2)} s; ` +
        `${kept}/${before.length} messages kept (reopened panel), ${await offscreenCount(tab)} offscreen document`,
    );
    assert.equal(kept, before.length);
    assert.equal(await offscreenCount(tab), 1);
  });

  it('offline: the link is dropped at once, no retries while offline, reconnects when back online', async () => {
    await ensureLive(b, page);
    const callsBefore = server.state.calls.length;
    const mintsBefore = server.state.clientSecrets.length;
    await evalInExtensionTarget(
      b.ctx,
      'offscreen.html',
      `Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false }); dispatchEvent(new Event('offline')); true`,
    );
    await waitForPanel(b.ctx, (p) => p.status === 'reconnecting', 'reconnecting while offline');
    // Proving an absence: give a retry loop time to show itself.
    await sleep(2000);
    const triedOffline = server.state.clientSecrets.length - mintsBefore;
    const t0 = Date.now();
    await evalInExtensionTarget(b.ctx, 'offscreen.html', `delete navigator.onLine; dispatchEvent(new Event('online')); true`);
    await waitFor(() => server.state.calls.length > callsBefore && server.state.calls.at(-1).sessionHistory.length > 1, {
      timeout: 15_000,
      interval: 20,
      what: 'reconnected after coming back online',
    }).catch(dumpAndThrow(tab, server));
    const back = Date.now() - t0;
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live after coming back online');
    console.log(`[fault] offline: dropped at once, ${triedOffline} connect attempts while offline; live ${(back / 1000).toFixed(2)} s after back online`);
    assert.equal(triedOffline, 0);
  });

  it('microphone unplugged mid-session: switches to the default one; none left: clear error, nothing held', async () => {
    await ensureLive(b, page);
    const calls = server.state.calls.length;
    await evalInExtensionTarget(b.ctx, 'offscreen.html', 'harkDebug.unplugMicrophone(); true');
    // The fake device is still there: Hark picks it up again, without reconnecting.
    const media = await waitFor(async () => {
      const m = await offscreenMedia(b.ctx);
      return m?.liveTracks === 1 ? m : null;
    }, { what: 'a new microphone track' });
    const sameCall = server.state.calls.length === calls && (await readPanel(b.ctx)).status === 'live';
    // Now no microphone at all.
    await evalInExtensionTarget(
      b.ctx,
      'offscreen.html',
      `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
       harkDebug.unplugMicrophone(); true`,
    );
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'error', 'error after the microphone is gone');
    await waitFor(async () => (await offscreenCount(tab)) === 0, { what: 'offscreen document closed' });
    await waitFor(() => server.state.calls.every((c) => c.closed), { what: 'server call hung up' });
    console.log(
      `[fault] microphone unplugged: ${sameCall ? 'switched to the default microphone, same call' : 'NOT recovered'} (${media.liveTracks} live track); ` +
        `with none left: "${panel.error}"; offscreen documents: 0`,
    );
    assert.ok(sameCall);
    assert.match(panel.error ?? '', /microphone was disconnected/i);
    assert.match(panel.error ?? '', /plug/i);
  });
});

describe('HTTP error classes', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b;
  /** @type {import('playwright-core').Page} */ let tab;

  before(async () => {
    h = await startHark({ via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    ({ server, b } = h);
    const page = h.page;
    tab = await openPanelTab(b.ctx, b.extensionId);
  });

  after(() => h?.close());

  /** Clears the previous case (stop or dismiss), resets the server, injects `fail`, clicks Start. */
  async function startWith(fail) {
    const rec = await sessionRecord(tab);
    // Start works from idle and from an error; a running session is stopped first.
    if (rec && !['idle', 'error'].includes(rec.state.status)) {
      await tab.locator('.controls button.primary').click();
      await waitFor(async () => ['idle', 'error'].includes((await sessionRecord(tab)).state.status), { what: 'previous case stopped' });
    }
    await waitFor(async () => (await offscreenCount(tab)) === 0, { what: 'no offscreen document between cases' });
    await control(server, 'reset');
    if (fail) await control(server, 'fail-next', fail);
    const before = (await sessionRecord(tab))?.attempt ?? 0;
    await tab.locator('.controls button.primary').click();
    // The new session has begun (the previous case's error state is gone).
    await waitFor(async () => (await sessionRecord(tab)).attempt > before, { what: 'the new session started' });
  }

  const count = (route, status) => server.state.http.counts[`POST /v1/realtime/${route}`]?.[status] ?? 0;
  const total = (route) => Object.values(server.state.http.counts[`POST /v1/realtime/${route}`] ?? {}).reduce((a, b) => a + b, 0);
  const errorOf = async () => {
    const rec = await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status === 'error' ? r : null;
    }, { what: 'error state' });
    return rec.state.error;
  };
  const line = (what, outcome, error, extra = '') =>
    console.log(`[fault] ${what}: ${outcome}${error ? ` "${error.reason}" — ${error.message.slice(0, 90)}` : ''}${extra ? `; ${extra}` : ''}`);

  for (const [status, reason, pattern] of [
    [401, 'auth', /API key was rejected/],
    [403, 'forbidden', /no access/],
  ]) {
    it(`${status} when minting: error "${reason}", never retried (exactly one request)`, async () => {
      await startWith({ path: 'client_secrets', status });
      const error = await errorOf();
      // Proving an absence: give a retry loop time to show itself.
      await sleep(1000);
      line(`HTTP ${status} (client_secrets)`, 'error', error, `requests: ${total('client_secrets')} client_secrets, ${total('calls')} calls`);
      assert.equal(error.reason, reason);
      assert.match(error.message, pattern);
      assert.equal(total('client_secrets'), 1);
      assert.equal(total('calls'), 0);
      assert.equal(await offscreenCount(tab), 0, 'no microphone held');
    });
  }

  it('429 with retry-after: waits at least that long, then connects', async () => {
    await startWith({ path: 'client_secrets', status: 429, headers: { 'retry-after': '2' } });
    const rec = await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status === 'reconnecting' ? r : null;
    }, { what: 'reconnecting after 429' });
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live after the rate limit passed');
    const [first, second] = server.state.http.log.filter((l) => l.route === '/v1/realtime/client_secrets');
    const waited = Date.parse(second.at) - Date.parse(first.at);
    line('HTTP 429 retry-after: 2 (client_secrets)', `reconnecting (attempt ${rec.state.attempt}), next try after ${(waited / 1000).toFixed(2)} s, then live`, null);
    assert.equal(first.status, 429);
    assert.equal(second.status, 200);
    assert.ok(waited >= 2000, `retried after ${waited} ms, before retry-after`);
  });

  for (const route of ['client_secrets', 'calls']) {
    // A first start is never retried on a 5xx (issue 17): the user sees it at once, with Retry.
    it(`500 on ${route} at a first start: error "server" at once, not retried; Retry → live`, async () => {
      await startWith({ path: route, status: 500 });
      const error = await errorOf();
      const rec = await sessionRecord(tab);
      line(`HTTP 500 (${route})`, 'error', error, `requests: ${total(route)} ${route}`);
      assert.equal(error.reason, 'server');
      assert.equal(rec.retries, 0, 'no reconnect attempt scheduled');
      assert.equal(total(route), 1);
      await tab.locator('.error button', { hasText: 'Retry' }).click();
      await waitForPanel(b.ctx, (p) => p.status === 'live', 'live after Retry');
      const panel = await readPanel(b.ctx);
      assert.equal(count(route, 500), 1);
      assert.equal(gaps(panel), 0, 'no "connection lost" marker for a first connect');
    });
  }

  it('401 on calls (the ephemeral key refused): one fresh key, then live', async () => {
    await startWith({ path: 'calls', status: 401 });
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live after a fresh key');
    line('HTTP 401 (calls)', `fresh key → live; requests: ${total('client_secrets')} client_secrets, ${total('calls')} calls`, null);
    assert.equal(total('client_secrets'), 2);
  });

  for (const [what, body, pattern] of [
    ['invalid SDP answer', 'v=0\r\nthis is not an SDP answer\r\n', /not valid SDP/],
    ['non-SDP answer', '<html>gateway</html>', /did not answer with SDP/],
  ]) {
    it(`${what}: error "protocol", not retried`, async () => {
      await startWith({ path: 'calls', status: 201, body });
      const error = await errorOf();
      await sleep(500);
      line(`${what} (calls 201)`, 'error', error, `requests: ${total('calls')} calls`);
      assert.equal(error.reason, 'protocol');
      assert.match(error.message, pattern);
      assert.equal(total('calls'), 1);
      await waitFor(async () => (await offscreenCount(tab)) === 0, { what: 'no microphone held' });
    });
  }
});

describe('rapid toggling', () => {
  it('100 random toggles (side-panel button and toolbar, any interleaving): nothing leaks', async () => {
    const h = await startHark({ via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    const { server, b, page } = h;
    try {
      const tab = await openPanelTab(b.ctx, b.extensionId);
      const random = prng(20261124);
      const done = { panel: 0, toolbar: 0 };
      const pending = [];
      for (let i = 0; i < 100; i++) {
        if (random() < 0.6) {
          pending.push(tab.locator('.controls button.primary').click({ timeout: 10_000 }));
          done.panel++;
        } else {
          pending.push(triggerAction(b.ctx, b.extensionId, page));
          done.toolbar++;
        }
        // Faster than a start or a stop takes, about as long, or long enough to get live: every
        // interleaving shows up (mid-mint, mid-handshake, mid-stop, live).
        const r = random();
        await sleep(r < 0.35 ? random() * 50 : r < 0.85 ? 50 + random() * 250 : 300 + random() * 700);
      }
      await Promise.all(pending);
      // Settled: not half-way through a start or a stop.
      const rec = await waitFor(async () => {
        const r = await sessionRecord(tab);
        return ['idle', 'live', 'error'].includes(r.state.status) ? r : null;
      }, { timeout: 20_000, what: 'a settled state' });
      const docs = await offscreenCount(tab);
      const media = (await offscreenMedia(b.ctx)) ?? { liveTracks: 0, openPeers: 0 };
      const openCalls = await waitFor(() => {
        const open = server.state.calls.filter((c) => !c.closed).length;
        return open <= (rec.state.status === 'live' ? 1 : 0) ? String(open) : null;
      }, { timeout: 15_000, what: 'server: only the live call open' }).catch(() => String(server.state.calls.filter((c) => !c.closed).length));
      // Then stop: everything must be released.
      if (rec.state.status === 'live') await tab.locator('.controls button.primary').click();
      await waitFor(() => mediaReleased(b.ctx), { what: 'microphone and connection released after the final stop' });
      await waitFor(() => server.state.calls.every((c) => c.closed), { what: 'every server call closed after the final stop' });
      console.log(
        `[fault] 100 random toggles (${done.panel} side-panel button, ${done.toolbar} toolbar): settled ${rec.state.status}; ` +
          `${docs} offscreen doc, ${media.liveTracks} live mic tracks, ${media.openPeers} peer connections, ` +
          `server calls open ${openCalls} of ${server.state.calls.length} created (${server.state.calls.filter((c) => c.sessionHistory.length > 1).length} got live; ` +
          `closed by: ${closedBy(server)}); ` +
          `after stop: no microphone, no peer connection, 0 open calls`,
      );
      assert.ok(docs <= 1, `${docs} offscreen documents`);
      assert.ok(media.liveTracks <= (rec.state.status === 'live' ? 1 : 0), `${media.liveTracks} live tracks`);
      assert.ok(media.openPeers <= (rec.state.status === 'live' ? 1 : 0), `${media.openPeers} peer connections`);
      assert.ok(Number(openCalls) <= (rec.state.status === 'live' ? 1 : 0), `${openCalls} server calls open`);
    } finally {
      await h.close();
    }
  });
});

describe('time limits', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b;
  /** @type {import('playwright-core').Page} */ let page;
  /** @type {import('playwright-core').Page} */ let tab;
  const LIMIT_MS = 15_000;

  before(async () => {
    h = await startHark({ server: { maxSessionMs: LIMIT_MS }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    ({ server, b } = h);
    page = h.page;
    tab = await openPanelTab(b.ctx, b.extensionId);
  });

  after(() => h?.close());

  it('rolls over before the session limit, at a quiet moment, with the conversation replayed', async () => {
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live');
    const first = server.state.calls.at(-1);
    const created = Date.parse(first.createdAt);
    await sendTyped(tab, 'Remember the tide pools');
    await waitForAssistant(tab, 'Remember the tide pools');
    // The assistant starts a long reply just before the rollover window (the last quarter) opens.
    await sleep(Math.max(0, created + LIMIT_MS * 0.63 - Date.now()));
    const words = 'This reply is long on purpose so it is still playing when the session should renew itself';
    await control(server, 'say', { text: words });
    await waitFor(() => first.closed, { timeout: LIMIT_MS, interval: 20, what: 'the first session ends' });
    const endedAt = Date.now() - created;
    const second = await waitFor(() => server.state.calls.find((c) => c !== first && c.sessionHistory.length > 1), {
      timeout: 10_000,
      interval: 20,
      what: 'the next session is live',
    });
    const gap = Date.parse(second.createdAt) - created - endedAt;
    const reply = first.responses.find((r) => r.text === words);
    const stoppedAfterReply = first.serverEvents.some((e) => e.type === 'output_audio_buffer.stopped' && e.response_id === reply?.id);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'live' && p.messages.some((m) => m.role === 'notice' && /renewed/i.test(m.text)), 'rollover marker');
    // The replay is sent once the new session is live (the marker shows then too).
    const replayed = await waitFor(() => {
      const items = second.clientEvents.filter((e) => e.type === 'conversation.item.create').map((e) => e.item.content?.[0]?.text);
      return items.length ? items : null;
    }, { what: 'replayed items reach the new session' }).catch(() => []);
    console.log(
      `[fault] rollover: renewed at ${(endedAt / 1000).toFixed(1)} s of a ${LIMIT_MS / 1000} s session ` +
        `(${first.closedReason === 'session_expired' ? 'LIMIT HIT' : 'before the limit'}), reply ${reply?.status ?? 'missing'}` +
        `${stoppedAfterReply ? ', its audio played to the end' : ''}; new session ${Math.max(0, gap)} ms later, ${replayed.length} items replayed`,
    );
    assert.notEqual(first.closedReason, 'session_expired');
    assert.equal(reply?.status, 'completed');
    assert.ok(stoppedAfterReply, 'the reply was not cut off');
    assert.ok(replayed.includes('Remember the tide pools'), `replayed: ${JSON.stringify(replayed)}`);
    assert.ok(texts(panel).some((t) => t.includes('Remember the tide pools')));
  });

  it('idle auto-end: a silent session ends itself and releases the microphone', async () => {
    if ((await sessionRecord(tab))?.state.status === 'live') await tab.locator('.controls button.primary').click(); // stop
    await waitFor(async () => ['idle', 'error'].includes((await sessionRecord(tab))?.state.status ?? 'idle'), { what: 'stopped' });
    await patchSettings(tab, { idleTimeoutMinutes: 0.05 }); // 3 s
    await tab.locator('.controls button.primary').click();
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live');
    const t0 = Date.now();
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'idle', 'ended by itself', 15_000);
    const after = Date.now() - t0;
    await waitFor(() => mediaReleased(b.ctx), { what: 'microphone and connection released' });
    const notice = panel.messages.find((m) => m.role === 'notice' && /silence/.test(m.text));
    console.log(`[fault] idle auto-end: ended ${(after / 1000).toFixed(1)} s after going live (limit 3 s of silence); microphone released; notice: "${notice?.text}"`);
    assert.ok(notice, 'the transcript says why it stopped');
    assert.ok(await mediaReleased(b.ctx));
    await patchSettings(tab, { idleTimeoutMinutes: 5 });
  });

  it('"stop when the side panel closes": closing it ends the session and releases the microphone', async () => {
    // The idle limit too: the test before sets it to 3 s, and may have failed before restoring it.
    await patchSettings(tab, { stopWhenPanelCloses: true, idleTimeoutMinutes: 5 });
    await ensureStopped(b, page);
    await ensureLive(b, page); // the toolbar click opens the real side panel and starts
    await waitFor(() => b.sw.evaluate(() => /** @type {any} */ (globalThis).harkDebug.panelPorts() > 0), { what: 'the side panel holds its port' });
    const t0 = Date.now();
    await closeSidePanel(b.sw);
    await waitFor(async () => (await sessionRecord(tab)).state.status === 'idle', { what: 'stopped after the panel closed' });
    await waitFor(async () => (await offscreenCount(tab)) === 0, { what: 'offscreen document closed' });
    console.log(`[fault] side panel closed (stop-on-close on): session ended ${((Date.now() - t0) / 1000).toFixed(2)} s later; microphone released`);
    await patchSettings(tab, { stopWhenPanelCloses: false });
  });
});
