/** The live part of the panel: meters while connected, the talk controls, the preferences. */
import { LiveMeters } from '@/components/LiveMeters';
import { TalkControls } from '@/components/TalkControls';
import { ConversationPrefs } from '@/components/ConversationPrefs';
import { state } from './model';
import { interrupt, prefs, pushToTalk, savePrefs, setTurnMode, setVolume, talking, telemetry } from './live';

export function LiveSection() {
  const s = state.value;
  const live = s.status === 'live';
  const tm = telemetry.value;
  const p = prefs.value;
  return (
    <>
      {live && (
        <LiveMeters
          telemetry={tm}
          since={s.since}
          userSpeaking={!s.muted && s.activity === 'user-speaking'}
          assistantSpeaking={s.activity === 'assistant-speaking'}
        />
      )}
      <TalkControls
        live={live}
        manual={p.turnDetection === 'manual'}
        talking={talking.value}
        replying={live && (!!tm?.replying || s.activity === 'assistant-speaking')}
        volume={p.assistantVolume}
        onInterrupt={interrupt}
        onTalk={pushToTalk}
        onVolume={setVolume}
      />
    </>
  );
}

export function PrefsSection() {
  return <ConversationPrefs prefs={prefs.value} onChange={(patch) => void savePrefs(patch)} onTurnMode={(m) => void setTurnMode(m)} />;
}
