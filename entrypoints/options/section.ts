/** What every options section gets: the settings being edited and a way to change some of them. */
import type { Settings } from '@/lib/settings';

export interface SectionProps {
  settings: Settings;
  /** Merges a change into the draft; nothing is stored until Save or Test. */
  set(patch: Partial<Settings>): void;
}

export { inputValue, isChecked } from '@/components/form-events';
export const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
