/**
 * Conversation preferences, right in the panel: voice, model, turn detection, cost cap, the
 * microphone and speaker, muting other tabs, text-only replies (quiet mode) and the greeting.
 * Turn detection also applies to the live conversation; the rest to the next one (the API cannot
 * change voice and model mid-conversation, and the offscreen document opens the chosen devices
 * when a conversation starts: it swaps the microphone only when one is unplugged).
 */
import type { ComponentChildren } from 'preact';
import { TURN_MODES, VOICES, type Settings, type TurnMode } from '@/lib/settings';
import { REALTIME_MODELS as MODELS } from '@/lib/models';
import { t } from '@/lib/i18n';
import { inputValue, isChecked } from './form-events';
import { DevicePicker } from './DevicePicker';

export interface ConversationPrefsProps {
  prefs: Settings;
  onChange(patch: Partial<Settings>): void;
  onTurnMode(mode: TurnMode): void;
  /** More controls shown first (the panel's volume slider). */
  children?: ComponentChildren;
  /** The device lists are read again when this changes (a first conversation may have just allowed the microphone, which shows their names). */
  relistDevices?: unknown;
}

export function ConversationPrefs({ prefs, onChange, onTurnMode, children, relistDevices }: ConversationPrefsProps) {
  return (
    <details class="prefs">
      <summary>{t('prefs.title')}</summary>
      {children}
      <div class="prefs-grid">
        <label for="pref-turns">{t('prefs.turns')}</label>
        <select id="pref-turns" value={prefs.turnDetection} onChange={(e) => onTurnMode(inputValue(e) as TurnMode)}>
          {TURN_MODES.map((m) => (
            <option value={m}>{t(`prefs.turns.${m}`)}</option>
          ))}
        </select>
        <label for="pref-voice">{t('prefs.voice')}</label>
        <select id="pref-voice" value={prefs.voice} onChange={(e) => onChange({ voice: inputValue(e) })}>
          {VOICES.map((v) => (
            <option value={v}>{v}</option>
          ))}
        </select>
        <label for="pref-model">{t('prefs.model')}</label>
        <input
          id="pref-model"
          type="text"
          list="pref-models"
          value={prefs.model}
          onChange={(e) => onChange({ model: inputValue(e).trim() || MODELS[0]! })}
        />
        <datalist id="pref-models">
          {MODELS.map((m) => (
            <option value={m} />
          ))}
        </datalist>
        <label for="pref-cap">{t('prefs.cap')}</label>
        <input
          id="pref-cap"
          type="number"
          min={0}
          step={0.05}
          value={prefs.costCapUsd}
          onChange={(e) => onChange({ costCapUsd: Math.max(0, Number(inputValue(e)) || 0) })}
        />
      </div>
      <DevicePicker
        choice={prefs}
        onChoose={onChange}
        relistOn={relistDevices}
        hints={{ named: t('prefs.devices.hint'), unnamed: t('prefs.devices.noNames') }}
      />
      <label class="check">
        <input type="checkbox" checked={prefs.muteOtherTabs} onChange={(e) => onChange({ muteOtherTabs: isChecked(e) })} />
        {t('prefs.duck')}
      </label>
      <label class="check">
        <input type="checkbox" checked={prefs.textReplies} onChange={(e) => onChange({ textReplies: isChecked(e) })} />
        {t('prefs.textReplies')}
      </label>
      <label class="check">
        <input type="checkbox" checked={prefs.greeting} onChange={(e) => onChange({ greeting: isChecked(e) })} />
        {t('prefs.greeting')}
      </label>
      <p class="hint">{t('prefs.nextSession')}</p>
    </details>
  );
}
