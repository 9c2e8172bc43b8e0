/**
 * Sends the assistant's voice to the speaker chosen in the settings (`HTMLMediaElement.setSinkId`,
 * allowed in offscreen documents), and back to the default, with a notice, when it is missing at
 * the start or unplugged during the conversation (`devicechange`); plugged back in, it is used again.
 */
import { isPresent, isSpecific, selectChosenSink, type DeviceChoice } from '@/lib/audio/devices';
import { t } from '@/lib/i18n';

export type Notice = (id: string, text: string) => void;

type SinkAudio = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

/** Selects the chosen speaker now and while the conversation lasts; returns the function that stops watching. */
export function followChosenSpeaker(audio: HTMLAudioElement, choice: DeviceChoice | undefined, notice: Notice): () => void {
  const el = audio as SinkAudio;
  const setSink = el.setSinkId ? (sinkId: string) => el.setSinkId!(sinkId) : undefined;
  const id = choice?.outputDeviceId ?? '';
  const missing = () => notice(`speaker-${Date.now()}`, t('devices.outputMissing', { device: choice?.outputLabel || t('devices.chosenOutput') }));
  let fellBack = false;
  let stopped = false;
  const select = async () => {
    const was = fellBack;
    fellBack = (await selectChosenSink(id, setSink)).fellBack;
    if (fellBack && !was && !stopped) missing();
  };
  void select();
  if (!isSpecific(id) || !setSink) return () => {};
  const onChange = async () => {
    const present = isPresent(await navigator.mediaDevices.enumerateDevices(), 'audiooutput', id);
    // Gone: the default, said once. Back: the chosen one again.
    if (present === fellBack) await select();
  };
  const listener = () => void onChange().catch(() => {});
  navigator.mediaDevices.addEventListener('devicechange', listener);
  return () => {
    stopped = true;
    navigator.mediaDevices.removeEventListener('devicechange', listener);
  };
}
