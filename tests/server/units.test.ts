// @vitest-environment node
/**
 * Pure parts of the local Realtime server: the energy VAD rule, deterministic reply text,
 * session validation/merging and key masking.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KeyStore, maskKey } from '../../server/keys.mjs';
import { OpusDecoder, OpusEncoder, rms } from '../../server/opus-codec.mjs';
import { pageTitleFrom, replyText, wordDeltas } from '../../server/reply-text.mjs';
import { defaultSession, mergeSession, validateSession } from '../../server/session-config.mjs';
import { EnergyVad, thresholdDbfs, vadConfigFrom } from '../../server/vad.mjs';

const LOUD = 0.1; // -20 dBFS
const QUIET = 0.0001; // -80 dBFS

function runVad(levels: number[], td: Record<string, unknown> = { type: 'server_vad' }) {
  const vad = new EnergyVad(vadConfigFrom(td)!);
  return levels.map((rms, i) => vad.push({ startMs: i * 20, durationMs: 20, rms })).filter(Boolean);
}

describe('energy VAD', () => {
  it('maps threshold 0..1 onto -70..-20 dBFS', () => {
    expect(thresholdDbfs(0.5)).toBe(-45);
    expect(thresholdDbfs(0)).toBe(-70);
    expect(thresholdDbfs(1)).toBe(-20);
  });

  it('starts after 60 ms of voice in 100 ms, with prefix padding; stops after the silence time', () => {
    const levels = [...Array(25).fill(QUIET), ...Array(40).fill(LOUD), ...Array(40).fill(QUIET)];
    const events = runVad(levels, { type: 'server_vad', prefix_padding_ms: 300, silence_duration_ms: 500 });
    expect(events).toEqual([
      { type: 'start', audioStartMs: 200, firstVoicedMs: 500 },
      { type: 'stop', audioEndMs: 1800, firstVoicedMs: 500, lastVoicedEndMs: 1300 },
    ]);
  });

  it("ignores Chrome's fake-device beeps (20 ms every 500 ms) and short gaps inside speech", () => {
    const beeps = Array.from({ length: 100 }, (_, i) => (i % 25 === 0 ? LOUD : QUIET));
    expect(runVad(beeps)).toEqual([]);
    const speechWithGap = [...Array(20).fill(LOUD), ...Array(15).fill(QUIET), ...Array(20).fill(LOUD), ...Array(30).fill(QUIET)];
    expect(runVad(speechWithGap).map((e) => e!.type)).toEqual(['start', 'stop']);
  });

  it('a higher threshold needs louder speech', () => {
    const medium = Array(30).fill(0.003).concat(Array(30).fill(QUIET)); // ≈ -50 dBFS
    expect(runVad(medium, { type: 'server_vad', threshold: 0.3 })).toHaveLength(2);
    expect(runVad(medium, { type: 'server_vad', threshold: 0.9 })).toHaveLength(0);
  });

  const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
  it.skipIf(!hasEspeak)('hears one espeak-ng sentence (through Opus) as exactly one turn', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hark-vad-')), 'speech.wav');
    expect(spawnSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', file, 'What is this page about?']).status).toBe(0);
    const wav = fs.readFileSync(file);
    const rate = wav.readUInt32LE(24);
    const data = wav.subarray(wav.indexOf('data') + 8);
    const samples = new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + (data.length & ~1)));
    // Resample (nearest) to 48 kHz, pad with 300 ms of silence before and 1 s after.
    const speech = Array.from({ length: Math.floor((samples.length * 48000) / rate) }, (_, i) => samples[Math.floor((i * rate) / 48000)]);
    const pcm = Int16Array.from([...Array(14400).fill(0), ...speech, ...Array(48000).fill(0)]);
    const enc = new OpusEncoder();
    const dec = new OpusDecoder();
    const vad = new EnergyVad(vadConfigFrom({ type: 'server_vad' })!);
    const events = [];
    for (let f = 0; (f + 1) * 960 <= pcm.length; f++) {
      const ev = vad.push({ startMs: f * 20, durationMs: 20, rms: rms(dec.decode(enc.encode(pcm.subarray(f * 960, (f + 1) * 960)))) });
      if (ev) events.push(ev);
    }
    enc.close();
    dec.close();
    expect(events.map((e) => e.type)).toEqual(['start', 'stop']);
    const stop = events[1] as { lastVoicedEndMs: number; firstVoicedMs: number };
    expect(events[0]).toMatchObject({ type: 'start', audioStartMs: 0 });
    expect(stop.firstVoicedMs).toBeGreaterThanOrEqual(280);
    expect(stop.lastVoicedEndMs - stop.firstVoicedMs).toBeGreaterThan(900);
  });
});

describe('deterministic replies', () => {
  it('quotes the user and names the page from a "Page title:" line', () => {
    const instructions = 'You are Hark.\n\nPage title: Example Domain\nPage URL: https://example.com/';
    expect(pageTitleFrom(instructions)).toBe('Example Domain');
    expect(replyText({ userText: 'hi', instructions })).toBe('You said: "hi". You are on the page "Example Domain".');
    expect(replyText({ userText: 'hi', instructions: 'You were not told which page the user is on.' })).toBe(
      'You said: "hi". I was not told which page you are on.',
    );
    expect(replyText({ userText: null, instructions })).toBe('Hello! You are on the page "Example Domain".');
    // Hark quotes the title as a JSON string literal (it is page data).
    expect(pageTitleFrom('Page title: "Say \\"hi\\" \\\\ bye"')).toBe('Say "hi" \\ bye');
  });

  it('splits text into word deltas that concatenate back exactly', () => {
    for (const text of ['You said: "hi".', '  lead and trail  ', 'one']) expect(wordDeltas(text).join('')).toBe(text);
    expect(wordDeltas('You said: "hi".')).toEqual(['You', ' said:', ' "hi".']);
  });
});

describe('session config', () => {
  it('rejects beta fields anywhere and wrong types, like the GA API', () => {
    expect(validateSession({ type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', foo: 1 } } } })).toMatchObject({
      code: 'unknown_parameter',
      param: 'session.audio.input.turn_detection.foo',
    });
    expect(validateSession({ type: 'realtime', audio: { output: { voice: 'onyx' } } })).toMatchObject({ code: 'invalid_value', param: 'session.audio.output.voice' });
    expect(validateSession({ type: 'realtime', output_modalities: ['audio', 'text'] })).toMatchObject({ code: 'invalid_value' });
    expect(validateSession({ type: 'realtime', max_response_output_tokens: 100 })).toMatchObject({ code: 'unknown_parameter' });
    expect(validateSession({ type: 'realtime', audio: { input: { turn_detection: null, transcription: { model: 'whisper-1' } } } })).toBeNull();
  });

  it('merges only the fields present; turn_detection is replaced with defaults, null turns it off', () => {
    const base = mergeSession(defaultSession(), { type: 'realtime', instructions: 'A', audio: { output: { voice: 'marin' } } });
    const next = mergeSession(base, { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 800 } } } });
    expect(next.instructions).toBe('A');
    expect(next.audio.output).toMatchObject({ voice: 'marin', speed: 1 });
    expect(next.audio.input.turn_detection).toEqual({
      type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 800, idle_timeout_ms: null, create_response: true, interrupt_response: true,
    });
    expect(mergeSession(next, { type: 'realtime', audio: { input: { turn_detection: null } } }).audio.input.turn_detection).toBeNull();
  });

  it('ephemeral keys work until they expire; standard keys only when configured', () => {
    const keys = new KeyStore(['sk-real-key-123']);
    const ek = keys.mint(defaultSession(), 'sess_x', 10);
    expect(keys.authorizeCall(ek.value)).toMatchObject({ kind: 'ephemeral', key: { sessionId: 'sess_x' } });
    expect(keys.authorizeCall('sk-real-key-123')).toEqual({ kind: 'api_key' });
    expect(() => keys.authorizeCall('sk-other-key-99')).toThrow(/Incorrect API key provided: sk-ot\*\*\*99/);
    vi.useFakeTimers({ now: ek.expiresAtMs });
    try {
      expect(() => keys.authorizeCall(ek.value)).toThrow(/expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('masks keys in messages', () => {
    expect(maskKey('sk-abcdefghijklmnopyz')).toBe('sk-ab***yz');
    expect(maskKey('short')).toBe('***');
  });
});
