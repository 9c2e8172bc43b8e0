import { describe, expect, it } from 'vitest';
import { rateLimitsUpdated, responseDone, transcriptionFailed, userAudioItem } from '../fixtures/realtime-events';
import { voiceSetup } from '../fakes/voice-setup';

const notices = (s: ReturnType<typeof voiceSetup>) => s.rows().filter((m) => m.role === 'notice').map((m) => m.text);

describe('voice session: rate limits nearly used up', () => {
  it('warns once, before the limit bites, and again only after it recovered', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 60, reset_seconds: 30 }]));
    expect(notices(s)).toEqual([]);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 5, reset_seconds: 30 }]));
    expect(notices(s)).toEqual(['Nearly at your OpenAI rate limit: 5 of 100 requests left until it resets in 30 s. Replies may pause.']);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 4, reset_seconds: 29 }]));
    expect(notices(s)).toHaveLength(1);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 90, reset_seconds: 60 }]));
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 3, reset_seconds: 30 }]));
    expect(notices(s)).toHaveLength(2);
  });

  it('measures the token budget by what the last reply cost', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    // 30 000 tokens left is plenty for a 4 000-token reply guess on a 200 k limit …
    t.server(rateLimitsUpdated([{ name: 'tokens', limit: 200_000, remaining: 70_000, reset_seconds: 40 }]));
    expect(notices(s)).toEqual([]);
    // … but not when each reply costs 40 000.
    t.server(responseDone('resp_1', 'completed', [], { usage: { total_tokens: 40_000 } }));
    t.server(rateLimitsUpdated([{ name: 'tokens', limit: 200_000, remaining: 70_000, reset_seconds: 40 }]));
    expect(notices(s)).toEqual([expect.stringMatching(/^Nearly at your OpenAI rate limit: 70,000 of 200,000 tokens left/)]);
  });

  it('stays quiet about a window that refills in seconds, and a new conversation starts with no warnings', () => {
    const s = voiceSetup();
    let t = s.connectLive(1);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 1, reset_seconds: 2 }]));
    expect(notices(s)).toEqual([]);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 1, reset_seconds: 20 }]));
    expect(notices(s)).toHaveLength(1);
    t = s.connectLive(2);
    t.server(rateLimitsUpdated([{ name: 'requests', limit: 100, remaining: 1, reset_seconds: 20 }]));
    expect(notices(s)).toHaveLength(1);
  });
});

describe('voice session: a failed transcription says why', () => {
  it('keeps the reason on the user turn (known code), and a bounded code for an unknown one', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(userAudioItem('item_u1'));
    t.server(transcriptionFailed('item_u1', 'audio_unintelligible'));
    expect(s.voice.transcript().byId.item_u1).toMatchObject({ role: 'user', final: true, failed: true, failedReason: { key: 'notes.transcription.unintelligible' } });
    t.server(userAudioItem('item_u2', 'item_u1'));
    t.server(transcriptionFailed('item_u2', 'weird<b>code</b>'));
    expect(s.voice.transcript().byId.item_u2?.failedReason).toEqual({ key: 'notes.transcription.code', params: { code: 'weirdbcodeb' } });
  });
});
