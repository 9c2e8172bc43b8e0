// @ts-check
/**
 * The two reference flows of benchmark 1, run in an extension page (same origin kind as Hark's
 * offscreen document) of the same browser, against the same server:
 *
 * - limit: the least any client can do: getUserMedia → POST client_secrets (with the session, as
 *   Hark mints) → RTCPeerConnection (mic track + `oai-events` channel) → offer → POST calls →
 *   answer → `session.update` the moment the channel opens → ready at the first server event that
 *   carries the instructions: `session.created` already does (the key was minted with them), else
 *   `session.updated`. Hark applies the same rule. Nothing else: no page reading, no messaging.
 * - seed: the same, but like the seed's flow the instructions are sent 2 s after the connection
 *   is up (answer applied), instead of on the channel's `open` event, and it is ready when
 *   `session.updated` confirms them.
 *
 * This function is serialised into the page (page.evaluate); it must stay self-contained.
 * Returns epoch-ms marks (performance.timeOrigin + performance.now()).
 *
 * @param {{ base: string, session: any, update: any, delayAfterConnectMs: number }} a
 */
export async function referenceFlow(a) {
  const now = () => performance.timeOrigin + performance.now();
  /** @type {Record<string, number>} */
  const marks = { start: now() };
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  marks.mic = now();
  const minted = await fetch(`${a.base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: 120 }, session: a.session }),
  });
  const { value } = await minted.json();
  marks.key = now();
  const pc = new RTCPeerConnection();
  const audio = new Audio();
  pc.ontrack = (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    audio.play().catch(() => {});
  };
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  const dc = pc.createDataChannel('oai-events');
  /** @type {(v?: unknown) => void} */ let opened = () => {};
  const open = new Promise((r) => (opened = r));
  const send = () => {
    marks.sent = now();
    dc.send(JSON.stringify(a.update));
  };
  const updated = new Promise((resolve, reject) => {
    dc.onmessage = (m) => {
      const e = JSON.parse(m.data);
      if (!marks[e.type]) marks[e.type] = now();
      const carries = e.type === 'session.created' && !a.delayAfterConnectMs && e.session?.instructions === a.update.session.instructions;
      if (e.type === 'session.updated' || carries) resolve(e);
      else if (e.type === 'error') reject(new Error(e.error?.message));
    };
  });
  dc.onopen = () => {
    marks.open = now();
    opened();
    if (!a.delayAfterConnectMs) send();
  };
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(`${a.base}/v1/realtime/calls`, {
    method: 'POST',
    body: pc.localDescription?.sdp,
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${value}` },
  });
  const answer = await res.text();
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  marks.connected = now();
  if (a.delayAfterConnectMs) {
    await new Promise((r) => setTimeout(r, a.delayAfterConnectMs));
    await open;
    send();
  }
  const ev = /** @type {any} */ (await updated);
  marks.updated = now();
  const ok = typeof ev.session?.instructions === 'string' && ev.session.instructions === a.update.session.instructions;
  dc.close();
  pc.close();
  stream.getTracks().forEach((t) => t.stop());
  audio.srcObject = null;
  return { marks, ok };
}
