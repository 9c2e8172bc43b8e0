/**
 * The side panel's first-run card, until the welcome page is done, the card dismissed, or the
 * first conversation connected (whoever has talked with Hark has no use for a welcome).
 */
import { effect, signal } from '@preact/signals';
import { FirstRunCard } from '@/components/FirstRunCard';
import { state } from './model';
import { actionShortcut, onboardedItem, WELCOME_PATH } from '@/lib/state/onboarding';

/** Unknown until storage answers: the card must not flash for users who finished long ago. */
const onboarded = signal<boolean | null>(null);
const shortcut = signal('');

export function connectFirstRun(): void {
  void onboardedItem.getValue().then((v) => (onboarded.value = v));
  onboardedItem.watch((v) => (onboarded.value = v));
  void actionShortcut().then((s) => (shortcut.value = s));
  effect(() => {
    if (onboarded.value === false && state.value.status === 'live') void onboardedItem.setValue(true);
  });
}

export function FirstRunSection() {
  if (onboarded.value !== false) return null;
  return (
    <FirstRunCard
      shortcut={shortcut.value}
      onOpen={() => void chrome.tabs.create({ url: chrome.runtime.getURL(WELCOME_PATH) })}
      onDismiss={() => void onboardedItem.setValue(true)}
    />
  );
}
