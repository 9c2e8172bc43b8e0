import { isActive } from '@/lib/session/machine';
import { StatusBar, emptyHint } from '@/components/StatusBar';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TranscriptView } from '@/components/TranscriptView';
import { Composer } from '@/components/Composer';
import { InstructionsPreview } from '@/components/InstructionsPreview';
import { t } from '@/lib/i18n';
import { LiveSection, PrefsSection } from './LiveSection';
import { HistorySection, ViewTabs } from './HistorySection';
import { view } from './history';
import { FirstRunSection } from './FirstRunSection';
import { ToolPanel } from '@/components/ToolPanel';
import { prefs, talking } from './live';
import { allowAllSites, instructions, notice, openOptions, openSettings, page, sendText, setMuted, state, toggle, transcript } from './model';

export function App() {
  const s = state.value;
  const active = isActive(s);
  const live = s.status === 'live';
  return (
    <main class="panel">
      <StatusBar state={s} page={page.value} pushToTalk={prefs.value.turnDetection === 'manual' ? { talking: talking.value } : undefined} />
      <div class="controls">
        <button type="button" class="primary" onClick={toggle} aria-pressed={active}>
          {active ? t('controls.stop') : t('controls.start')}
        </button>
        <button type="button" disabled={!live} aria-pressed={live && s.muted} onClick={() => live && setMuted(!s.muted)}>
          {live && s.muted ? t('controls.unmute') : t('controls.mute')}
        </button>
        <button type="button" class="link" onClick={() => openSettings()}>
          {t('controls.settings')}
        </button>
      </div>
      <FirstRunSection />
      <LiveSection />
      <ToolPanel />
      {s.status === 'error' && (
        <ErrorBanner error={s.error} onOpenSettings={(hash) => (hash ? openSettings(hash) : openOptions())} onRetry={toggle} />
      )}
      {notice.value && (
        <p class="notice" role="alert">
          {notice.value}
        </p>
      )}
      {page.value?.noteCode === 'no-access' && (
        <button type="button" class="link" onClick={allowAllSites}>
          {t('page.allowAll')}
        </button>
      )}
      <ViewTabs />
      {view.value === 'history' ? (
        <HistorySection />
      ) : (
        <>
          <InstructionsPreview instructions={instructions.value} />
          <TranscriptView source={transcript} emptyText={emptyHint(s)} />
          <Composer status={s.status} onSend={sendText} />
          <PrefsSection />
        </>
      )}
    </main>
  );
}
