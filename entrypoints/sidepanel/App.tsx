import { signal } from '@preact/signals';
import { StatusBar, emptyHint } from '@/components/StatusBar';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TranscriptView } from '@/components/TranscriptView';
import { Composer } from '@/components/Composer';
import { SharedCard } from '@/components/SharedCard';
import { TuneIcon } from '@/components/icons';
import { stopReason } from '@/lib/ui/stop-reason';
import { t } from '@/lib/i18n';
import { LiveSection, PrefsSection } from './LiveSection';
import { HistorySection, ViewTabs } from './HistorySection';
import { view } from './history';
import { FirstRunSection } from './FirstRunSection';
import { ToolPanel } from '@/components/ToolPanel';
import { prefs, talking } from './live';
import { allowAllSites, instructions, notice, openOptions, openSettings, page, sendText, state, toggle, transcript } from './model';

/** The "Shared with the assistant" card is open. */
const sharedOpen = signal(false);
/** Bumped on each send: the transcript scrolls to the message just sent. */
const sent = signal(0);

async function send(text: string): Promise<boolean> {
  const ok = await sendText(text);
  if (ok) sent.value++;
  return ok;
}

/**
 * The panel, top to bottom: one compact header (state, page chip, views, settings), the
 * conversation taking the rest of the height, the dock (voice surface, meters, Mute, Interrupt),
 * the message box, and the preferences collapsed into one line.
 */
export function App() {
  const s = state.value;
  const order = transcript.order.value;
  const lastId = order[order.length - 1];
  const last = lastId ? transcript.row(lastId).peek() : undefined;
  return (
    <main class="panel">
      <header class="bar">
        <div class="bar-row">
          <StatusBar
            state={s}
            page={page.value}
            pushToTalk={prefs.value.turnDetection === 'manual' ? { talking: talking.value } : undefined}
            stopped={stopReason(s, last)}
            sharedOpen={sharedOpen.value}
            onPage={() => (sharedOpen.value = !sharedOpen.value)}
          />
          <button type="button" class="icon-button" aria-label={t('controls.settings')} title={t('controls.settingsTitle')} onClick={() => openSettings()}>
            <TuneIcon />
          </button>
        </div>
        <ViewTabs />
      </header>
      {sharedOpen.value && page.value && <SharedCard page={page.value} instructions={instructions.value} onAllowAll={allowAllSites} />}
      <FirstRunSection />
      <ToolPanel />
      {s.status === 'error' && (
        <ErrorBanner error={s.error} onOpenSettings={(hash) => (hash ? openSettings(hash) : openOptions())} onRetry={toggle} />
      )}
      {notice.value && (
        <p class="notice" role="alert">
          {notice.value}
        </p>
      )}
      {view.value === 'history' ? (
        <HistorySection />
      ) : (
        <>
          <TranscriptView source={transcript} emptyText={emptyHint(s)} jumpOn={sent} />
          <LiveSection />
          <Composer status={s.status} onSend={send} />
          <PrefsSection />
        </>
      )}
    </main>
  );
}
