/**
 * The options page's per-tool switches: each page tool can be turned off (it is then neither
 * declared to the model nor run). Looking at the screen starts off, because an image cannot be
 * redacted; the sites where it may capture without asking are listed below the switches. The
 * parent saves `tools` with the rest of the settings.
 */
import { TOOL_KIND, TOOL_NAMES, type ToolKind } from '@/lib/tools/names';
import { toolEnabled, type ToolSettings } from '@/lib/tools/settings';
import { t, type MessageKey } from '@/lib/i18n';
import { ToolScreenSites } from './ToolScreenSites';
import { isChecked } from './form-events';

const KIND_LABEL: Record<ToolKind, MessageKey> = {
  reading: 'tools.kind.reading',
  pointing: 'tools.kind.pointing',
  acting: 'tools.kind.acting',
};

export function ToolSwitches({ tools, onChange }: { tools: ToolSettings; onChange: (next: ToolSettings) => void }) {
  const set = (name: (typeof TOOL_NAMES)[number], on: boolean) => onChange({ ...tools, enabled: { ...tools.enabled, [name]: on } });
  return (
    <fieldset id="page-tools">
      <legend>{t('tools.switches.legend')}</legend>
      <p class="hint">{t('tools.switches.hint')}</p>
      {TOOL_NAMES.map((name) => (
        <label key={name} class="tool-switch">
          <input type="checkbox" name={`tool-${name}`} checked={toolEnabled(tools, name)} onChange={(e) => set(name, isChecked(e))} />{' '}
          <code>{name}</code> — {t(KIND_LABEL[TOOL_KIND[name]])}
        </label>
      ))}
      <ToolScreenSites tools={tools} onChange={onChange} />
    </fieldset>
  );
}
