/** "Shared with the assistant" by the page tools: each thing a tool sent, and the screenshots themselves. */
import type { SharedEntry } from '@/lib/tools/deps';
import { t } from '@/lib/i18n';

export function ToolShared({ entries }: { entries: SharedEntry[] }) {
  if (!entries.length) return null;
  const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <details class="preview tool-shared">
      <summary>{t('tools.shared.title', { count: entries.length })}</summary>
      <ul>
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`} data-tool={e.tool}>
            <span class="tool-time">{time(e.at)}</span> {e.summary}
            {e.thumbnail && <img class="tool-thumb" src={e.thumbnail} alt={t('tools.shared.thumbAlt')} width={160} />}
          </li>
        ))}
      </ul>
    </details>
  );
}
