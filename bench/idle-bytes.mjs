// @ts-check
/**
 * Data-channel bytes per idle minute (issue 16): a live session with a silent microphone, nobody
 * speaking, counted at the local server over `seconds`: every client event it received and every
 * server event it sent, as the JSON that crossed the channel. Idle, that is mostly the liveness
 * probe and its answer (lib/session/liveness.ts).
 *
 * Reference, from the same run: the old probe, a no-op `session.update` whose `session.updated`
 * echoes the whole session. Its size is this session's own `session.updated` (the one that
 * answered Hark's opening `session.update`), so the figure is what the same minute cost with the
 * same number of probes of the old kind.
 */
import { triggerAction } from '../tests/e2e/harness.mjs';
import { startHark, waitForPanel } from '../tests/e2e/support.mjs';
import { round } from './lib/stats.mjs';
import { silentWav, waitFor } from './lib/setup.mjs';
import { sleep } from './lib/stats.mjs';

const bytes = (/** @type {unknown} */ e) => Buffer.byteLength(JSON.stringify(e));
const sum = (/** @type {unknown[]} */ list) => list.reduce((/** @type {number} */ n, e) => n + bytes(e), 0);
/** The old probe as Hark sent it. */
const OLD_PROBE = { type: 'session.update', session: { type: 'realtime' }, event_id: 'hark_probe' };

/** @param {{ extensionPath?: string, seconds: number, log?: (s: string) => void }} o */
export async function benchIdleBytes({ extensionPath, seconds, log = () => {} }) {
  const h = await startHark({ via: 'storage', browser: { wav: silentWav() }, page: 'article.html', extensionPath });
  try {
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session', 60_000);
    const call = await waitFor(() => h.server.state.calls.find((/** @type {any} */ c) => !c.closed), { timeout: 30_000, what: 'a server call' });
    await sleep(2000); // the opening exchange is over
    const from = { client: call.clientEvents.length, server: call.serverEvents.length };
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const minutes = (performance.now() - t0) / 60_000;
    const client = call.clientEvents.slice(from.client);
    const server = call.serverEvents.slice(from.server);
    const isProbe = (/** @type {any} */ e) => e.event_id === 'hark_probe';
    const probes = client.filter(isProbe);
    const answers = server.filter((/** @type {any} */ e) => e.type === 'error' && e.error?.event_id === 'hark_probe');
    const echo = call.serverEvents.findLast((/** @type {any} */ e) => e.type === 'session.updated');
    const sent = sum(client);
    const received = sum(server);
    const probeRoundTrip = probes.length ? (sum(probes) + sum(answers)) / probes.length : 0;
    const oldRoundTrip = bytes(OLD_PROBE) + (echo ? bytes(echo) : 0);
    const now = (sent + received) / minutes;
    const old = (sent + received + probes.length * (oldRoundTrip - probeRoundTrip)) / minutes;
    log(`idle ${round(minutes * 60, 0)} s: ${probes.length} probes, ${round(now / 1024, 2)} KB/min (old probe: ${round(old / 1024, 1)} KB/min)`);
    return {
      seconds: round(minutes * 60, 1),
      probes: probes.length,
      probesAnswered: answers.length,
      sameCall: !call.closed,
      bytesPerMinute: { sent: Math.round(sent / minutes), received: Math.round(received / minutes), total: Math.round(now) },
      probeRoundTripBytes: Math.round(probeRoundTrip),
      reference: { oldProbeRoundTripBytes: oldRoundTrip, bytesPerMinute: Math.round(old) },
      oldOverNew: now > 0 ? round(old / now, 1) : null,
    };
  } finally {
    await h.close();
  }
}
