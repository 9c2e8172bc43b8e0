import { describe, type SessionState } from '@/lib/session/machine';
import type { PageContext } from '@/lib/page-context';

export function StatusBar({ state, page }: { state: SessionState; page: PageContext | null }) {
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
          About: <span class="page-title">{page.title || page.url || 'this page'}</span>
        </p>
      )}
    </header>
  );
}
