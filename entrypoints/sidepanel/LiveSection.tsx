/**
 * The dock under the conversation: the voice surface (start/stop, who is talking), one line of
 * meters while connected, Mute while live, Interrupt while the assistant replies, push-to-talk in
 * manual mode. And the preferences, collapsed at the bottom of the panel.
 */
import { signal } from '@preact/signals';
import { LiveMeters } from '@/components/LiveMeters';
import { TalkControls, VolumeControl } from '@/components/TalkControls';
import { ConversationPrefs } from '@/components/ConversationPrefs';
import { SoundCheck } from '@/components/SoundCheck';
import { VoiceOrb } from '@/components/VoiceOrb';
import { isActive } from '@/lib/session/machine';
import { voiceMode } from '@/lib/ui/voice-mode';
import { t } from '@/lib/i18n';
import { setMuted, state, toggle } from './model';
import { interrupt, prefs, pushToTalk, savePrefs, setTurnMode, setVolume, talking, telemetry } from './live';

export function LiveSection() {
  const s = state.value;
  const live = s.status === 'live';
  const manual = prefs.value.turnDetection === 'manual';
  const mode = voiceMode(s, manual ? { talking: talking.value } : undefined);
  const replying = live && (telemetry.replying.value || s.activity === 'assistant-speaking');
  return (
    <div class="dock controls" data-mode={mode}>
      <VoiceOrb mode={mode} active={isActive(s)} view={telemetry} onToggle={toggle} />
      <div class="dock-main">
        {live ? (
          <LiveMeters
            view={telemetry}
            since={s.since}
            userSpeaking={!s.muted && s.activity === 'user-speaking'}
            assistantSpeaking={s.activity === 'assistant-speaking'}
          />
        ) : (
          <p class="dock-hint">{isActive(s) ? '' : t('orb.hint')}</p>
        )}
        {live && (
          <div class="dock-actions">
            <button type="button" class="mute" aria-pressed={s.muted} onClick={() => setMuted(!s.muted)}>
              {s.muted ? t('controls.unmute') : t('controls.mute')}
            </button>
            <TalkControls live={live} manual={manual} talking={talking.value} replying={replying} onInterrupt={interrupt} onTalk={pushToTalk} />
          </div>
        )}
      </div>
    </div>
  );
}

/** The microphone check failed (permission, no device): said in the panel's words, detail after. */
const soundProblem = signal<string | null>(null);

export function PrefsSection() {
  return (
    <ConversationPrefs
      prefs={prefs.value}
      onChange={(patch) => void savePrefs(patch)}
      onTurnMode={(m) => void setTurnMode(m)}
      relistDevices={state.value.status === 'live'}
    >
      <VolumeControl volume={prefs.value.assistantVolume} onVolume={setVolume} />
      {/* The welcome page's sound check, here too: test the microphone and speakers any time. */}
      <details class="prefs-sound">
        <summary>{t('welcome.sound')}</summary>
        <p class="prefs-hint">{t('welcome.soundBody')}</p>
        <SoundCheck onProblem={(detail) => (soundProblem.value = t('error.micFailed', { detail }))} />
        {soundProblem.value && (
          <p class="problem" role="alert">
            {soundProblem.value}
          </p>
        )}
      </details>
    </ConversationPrefs>
  );
}
