/** What a session is configured with, derived from the page snapshot and the user's settings. */
import { buildInstructions, transcriptionLanguage } from '@/lib/page/instructions';
import type { PageSnapshot } from '@/lib/page/budget';
import type { SessionOptions } from '@/lib/realtime/protocol';
import type { Settings } from '@/lib/settings';
import type { ConnectPrefs } from '@/lib/protocol/messages';
import { transcriptionModelFor } from '@/lib/connection';
import { toolDefinitions } from '@/lib/tools/definitions';
import { greetingDirective } from '@/lib/voice/greeting';

export function instructionsFor(page: PageSnapshot | null, settings: Settings): string {
  return buildInstructions(page, {
    template: settings.instructionsTemplate || undefined,
    date: new Date().toDateString(),
  });
}

/** `_page`: kept for callers; the page's language no longer shapes the session (the speaker's may differ). */
export function sessionOptions(_page: PageSnapshot | null, instructions: string, settings: Settings): SessionOptions {
  return {
    model: settings.model,
    voice: settings.voice,
    instructions,
    transcriptionLanguage: transcriptionLanguage(settings.transcriptionLanguage),
    turnDetection: settings.turnDetection,
    transcriptionModel: transcriptionModelFor(settings),
    speed: settings.speed,
    // Only the tools the user left on are declared; the runner refuses the others anyway.
    tools: toolDefinitions(settings.tools),
    noiseReduction: settings.noiseReduction === 'off' ? null : settings.noiseReduction,
    textOnly: settings.textReplies,
  };
}

export function connectPrefs(settings: Settings): ConnectPrefs {
  const { micDeviceId, micLabel, outputDeviceId, outputLabel } = settings;
  return {
    costCapUsd: settings.costCapUsd,
    volume: settings.assistantVolume,
    // The user's chosen speech language, else the browser's: the greeting is said in it.
    greeting: settings.greeting ? greetingDirective(settings.transcriptionLanguage || globalThis.navigator?.language) : null,
    devices: { micDeviceId, micLabel, outputDeviceId, outputLabel },
  };
}

export { getSettings } from '@/lib/state/storage';
