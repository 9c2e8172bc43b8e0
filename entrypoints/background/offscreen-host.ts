/**
 * The audio host the supervisor talks to (lib/session/supervisor-deps.ts): the platform's audio
 * context (in Chromium the one offscreen document), created on demand, and the messages it
 * answers. When a conversation ends it hangs up (microphone and peer connection released), and
 * then either closes or, while a side panel is open, stays on standby for the next start.
 */
import { offscreenMessenger } from '@/lib/protocol/messages';
import { standbyMs } from '@/lib/session/standby';
import type { AudioHost } from '@/lib/session/supervisor-deps';
import type { Platform } from '@/lib/platform';

export function createAudioHost({ audioContext, panel }: Platform): AudioHost {
  return {
    exists: audioContext.exists,
    ensure: audioContext.create,
    close: audioContext.close,
    ...(audioContext.microphoneRefusal ? { microphoneRefusal: audioContext.microphoneRefusal } : {}),
    /** While a side panel is open (the user may well talk again), stand by per `keepReadyMinutes`. */
    async release(keepReadyMinutes) {
      const ms = standbyMs(keepReadyMinutes, (await panel.openCount()) > 0);
      if (ms > 0 && (await audioContext.exists())) {
        const ok = await offscreenMessenger.sendMessage('offscreen:standby', { ms }).then(() => true, () => false);
        if (ok) return;
      }
      await audioContext.close();
    },
    connect: (request) => offscreenMessenger.sendMessage('offscreen:connect', request),
    disconnect: async () => (await offscreenMessenger.sendMessage('offscreen:disconnect', undefined)).transcript,
    scheduleRetry: (retry) => offscreenMessenger.sendMessage('offscreen:scheduleRetry', retry),
    transcript: async () => (await offscreenMessenger.sendMessage('offscreen:getState', undefined)).transcript,
    sendText: (text) => offscreenMessenger.sendMessage('offscreen:sendText', { text }),
    setMuted: (muted) => offscreenMessenger.sendMessage('offscreen:setMuted', { muted }),
    updateInstructions: (instructions) => offscreenMessenger.sendMessage('offscreen:updateInstructions', { instructions }),
  };
}
