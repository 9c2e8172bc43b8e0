import { describe, type SessionState } from '@/lib/session/machine';
import type { PageSnapshot } from '@/lib/page/budget';

export function StatusBar({ state, page }: { state: SessionState; page: PageSnapshot | null }) {
  const { label } = describe(state);
  const activity = state.status === 'live' ? (state.muted ? 'muted' : state.activity) : state.status;
  return (
    <header class="status">
      <p class="status-line" role="status" data-status={state.status} data-activity={activity}>
        <span class="dot" aria-hidden="true" />
        <span class="status-label">{label}</span>
      </p>
      {page && (
        <p class="page" title={page.url}>
          About: <span class="page-title">{page.title || page.url || 'no page'}</span>
          {page.note && <span class="page-note"> — {page.note}</span>}
        </p>
      )}
    </header>
  );
}
