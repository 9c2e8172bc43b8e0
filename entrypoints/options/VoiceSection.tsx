/** Voice & model: what the assistant sounds like and which models run (fields only where the mode uses them). */
import { t } from '@/lib/i18n';
import { NOISE_REDUCTIONS, VOICES, type NoiseReduction } from '@/lib/settings';
import { REALTIME_MODELS, SPEED, TRANSCRIPTION_MODELS, TRANSCRIPTION_OFF } from '@/lib/models';
import { MAX_TEMPLATE_CHARS, PLACEHOLDERS } from '@/lib/page/instructions';
import { transcriptionModelFor } from '@/lib/connection';
import { inputValue, isChecked, type SectionProps } from './section';
import { VoicePreview } from './VoicePreview';

interface VoiceProps extends SectionProps {
  /** The speed as typed (null = untouched): text, so "1." is not re-rendered as "1" mid-typing. */
  speedText: string | null;
  onSpeedText(text: string): void;
}

export function VoiceSection({ settings, set, speedText, onSpeedText }: VoiceProps) {
  const mode = settings.mode;
  return (
    <section aria-labelledby="voice-title" class="card">
      <h2 id="voice-title">{t('options.voice.title')}</h2>
      <label for="voice">{t('options.voice.voice')}</label>
      <select id="voice" value={settings.voice} onChange={(e) => set({ voice: inputValue(e) })}>
        {VOICES.map((v) => (
          <option value={v}>{v}</option>
        ))}
      </select>
      <VoicePreview voice={settings.voice} />
      <label for="speed">{t('options.voice.speed', { min: SPEED.min, max: SPEED.max })}</label>
      <input
        id="speed"
        type="number"
        // No min/max: the browser would then block Save with a tooltip instead of Hark's reason.
        step={0.05}
        value={speedText ?? String(settings.speed)}
        onInput={(e) => onSpeedText(inputValue(e))}
      />
      {/* A token server and Azure decide the model themselves (the deployment, the server's policy). */}
      {mode !== 'azure' && mode !== 'token-server' && (
        <>
          <label for="model">{t('options.voice.model')}</label>
          <input id="model" type="text" list="models" value={settings.model} onInput={(e) => set({ model: inputValue(e) })} />
          <datalist id="models">
            {REALTIME_MODELS.map((m) => (
              <option value={m} />
            ))}
          </datalist>
        </>
      )}
      {mode !== 'azure' && (
        <>
          <label for="transcription-model">{t('options.voice.transcription')}</label>
          <select id="transcription-model" value={settings.transcriptionModel} onChange={(e) => set({ transcriptionModel: inputValue(e) })}>
            {[...TRANSCRIPTION_MODELS, TRANSCRIPTION_OFF].map((m) => (
              <option value={m}>{m === TRANSCRIPTION_OFF ? t('options.voice.transcriptionOff') : m}</option>
            ))}
          </select>
        </>
      )}
      {transcriptionModelFor(settings) !== null && (
        <>
          <label for="language">{t('options.voice.language')}</label>
          <input
            id="language"
            type="text"
            placeholder={t('options.voice.languageAuto')}
            value={settings.transcriptionLanguage}
            onInput={(e) => set({ transcriptionLanguage: inputValue(e) })}
          />
        </>
      )}
      <label for="noise-reduction">{t('options.voice.noise')}</label>
      <select
        id="noise-reduction"
        aria-describedby="noise-hint"
        value={settings.noiseReduction}
        onChange={(e) => set({ noiseReduction: inputValue(e) as NoiseReduction })}
      >
        {NOISE_REDUCTIONS.map((n) => (
          <option value={n}>{t(`options.voice.noise.${n}`)}</option>
        ))}
      </select>
      <p class="hint" id="noise-hint">
        {t('options.voice.noiseHint')}
      </p>
      <label class="check">
        <input type="checkbox" checked={settings.greeting} onChange={(e) => set({ greeting: isChecked(e) })} />
        {t('options.voice.greeting')}
      </label>
      <label class="check">
        <input type="checkbox" checked={settings.textReplies} onChange={(e) => set({ textReplies: isChecked(e) })} />
        {t('options.voice.textReplies')}
      </label>
      <label for="template">{t('options.voice.instructions')}</label>
      <textarea
        id="template"
        rows={4}
        maxLength={MAX_TEMPLATE_CHARS}
        aria-describedby="template-hint"
        value={settings.instructionsTemplate}
        onInput={(e) => set({ instructionsTemplate: inputValue(e) })}
      />
      <p class="hint" id="template-hint">
        {t('options.voice.instructionsHint', { placeholders: PLACEHOLDER_LIST })}
      </p>
    </section>
  );
}

const PLACEHOLDER_LIST = PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ');
