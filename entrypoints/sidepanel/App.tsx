import { isActive } from '@/lib/session/machine';
import { messages } from '@/lib/transcript/reduce';
import { StatusBar } from '@/components/StatusBar';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TranscriptView } from '@/components/TranscriptView';
import { Composer } from '@/components/Composer';
import { InstructionsPreview } from '@/components/InstructionsPreview';
import { allowAllSites, instructions, notice, openSettings, page, sendText, setMuted, state, toggle, transcript } from './model';

export function App() {
  const s = state.value;
  const active = isActive(s);
  const live = s.status === 'live';
  return (
    <main class="panel">
      <StatusBar state={s} page={page.value} />
      <div class="controls">
        <button type="button" class="primary" onClick={toggle} aria-pressed={active}>
          {active ? 'Stop' : 'Start'}
        </button>
        <button type="button" disabled={!live} aria-pressed={live && s.muted} onClick={() => live && setMuted(!s.muted)}>
          {live && s.muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" class="link" onClick={() => openSettings()}>
          Settings
        </button>
      </div>
      {s.status === 'error' && <ErrorBanner error={s.error} onOpenSettings={openSettings} />}
      {notice.value && (
        <p class="notice" role="alert">
          {notice.value}
        </p>
      )}
      {page.value?.note?.includes('no access') && (
        <button type="button" class="link" onClick={allowAllSites}>
          Let Hark read the tabs you switch to
        </button>
      )}
      <InstructionsPreview instructions={instructions.value} />
      <TranscriptView messages={messages(transcript.value)} />
      <Composer disabled={!live} onSend={sendText} />
    </main>
  );
}
