/** "Hear this voice": a real, short reply in the selected voice (entrypoints/options/voice-preview.ts). */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { errorView } from '@/lib/ui/error-view';
import { playPreview, stopPreview } from './voice-preview';

export function VoicePreview({ voice }: { voice: string }) {
  const [playing, setPlaying] = useState<string | null>(null);
  const [error, setError] = useState('');
  // Leaving the page (or this section) ends a call still playing.
  useEffect(() => stopPreview, []);
  const play = async () => {
    if (playing) {
      stopPreview();
      return;
    }
    setError('');
    setPlaying(voice);
    const r = await playPreview(voice, t('options.voice.previewSentence', { voice }));
    setPlaying(null);
    if (!r.ok) setError(t('options.voice.previewError', { detail: errorView(r.message).headline }));
  };
  return (
    <div class="voice-preview">
      <button type="button" id="voice-preview" aria-describedby="voice-preview-hint" onClick={() => void play()}>
        {playing ? t('options.voice.previewStop') : t('options.voice.preview')}
      </button>
      <p class="hint" id="voice-preview-hint">
        {t('options.voice.previewHint')}
      </p>
      <p role="status" class={error ? 'bad' : undefined}>
        {playing ? t('options.voice.previewPlaying', { voice: playing }) : error}
      </p>
    </div>
  );
}
