/**
 * The sites where look_at_screen may capture without asking each time (`tools.screenSites`), one
 * pattern a line, as in the never-send list. The lines are kept as typed while editing (blank
 * lines included, so Enter works); Save normalises them (lib/normalize-settings.ts) and refuses a
 * line that is not a site.
 */
import { t } from '@/lib/i18n';
import { toolEnabled, type ToolSettings } from '@/lib/tools/settings';
import { inputValue } from './form-events';

export function ToolScreenSites({ tools, onChange }: { tools: ToolSettings; onChange: (next: ToolSettings) => void }) {
  const on = toolEnabled(tools, 'look_at_screen');
  return (
    <div class="tool-screen-sites">
      <label for="screen-sites">{t('tools.screenSites.label')}</label>
      <textarea
        id="screen-sites"
        rows={3}
        spellcheck={false}
        aria-describedby="screen-sites-hint"
        value={tools.screenSites.join('\n')}
        onInput={(e) => onChange({ ...tools, screenSites: inputValue(e).split('\n') })}
      />
      <p id="screen-sites-hint" class="hint">
        {t('tools.screenSites.hint')}
        {on ? '' : ` ${t('tools.screenSites.off')}`}
      </p>
    </div>
  );
}
