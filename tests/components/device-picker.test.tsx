import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ConversationPrefs } from '@/components/ConversationPrefs';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import type { DeviceInfo } from '@/lib/audio/devices';

/** What Chromium lists with the microphone allowed: the default entries, then each device by name. */
const NAMED: DeviceInfo[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - USB headset' },
  { kind: 'audioinput', deviceId: 'usb-1', label: 'USB headset' },
  { kind: 'audioinput', deviceId: 'laptop-2', label: 'Laptop microphone' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default - Speakers' },
  { kind: 'audiooutput', deviceId: 'spk-1', label: 'Speakers' },
];
/** And without it: one nameless entry per kind, no ids. */
const HIDDEN: DeviceInfo[] = [
  { kind: 'audioinput', deviceId: '', label: '' },
  { kind: 'audiooutput', deviceId: '', label: '' },
];

let listed: DeviceInfo[] = NAMED;
const listeners = new Set<() => void>();
beforeEach(() => {
  listed = NAMED;
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      enumerateDevices: async () => listed.map((d) => ({ ...d, groupId: '', toJSON: () => d })),
      addEventListener: (_: string, f: () => void) => listeners.add(f),
      removeEventListener: (_: string, f: () => void) => listeners.delete(f),
    },
  });
});
afterEach(() => {
  cleanup();
  listeners.clear();
  Reflect.deleteProperty(navigator, 'mediaDevices');
});

const panel = (prefs: Partial<Settings> = {}, onChange = vi.fn<(patch: Partial<Settings>) => void>()) => {
  render(<ConversationPrefs prefs={{ ...DEFAULT_SETTINGS, ...prefs }} onChange={onChange} onTurnMode={vi.fn()} />);
  return onChange;
};
const optionTexts = (select: HTMLElement) => [...select.querySelectorAll('option')].map((o) => o.textContent);

describe('the panel’s preferences: microphone and speaker (issue 17)', () => {
  it('lists the devices by name and saves the chosen microphone and speaker by id and name', async () => {
    const onChange = panel();
    const mic = screen.getByLabelText('Microphone to use');
    await waitFor(() => expect(optionTexts(mic)).toEqual(['System default', 'USB headset', 'Laptop microphone']));
    fireEvent.change(mic, { target: { value: 'laptop-2' } });
    expect(onChange).toHaveBeenLastCalledWith({ micDeviceId: 'laptop-2', micLabel: 'Laptop microphone' });
    const out = screen.getByLabelText('Play the assistant on');
    expect(optionTexts(out)).toEqual(['System default', 'Speakers']);
    fireEvent.change(out, { target: { value: 'spk-1' } });
    expect(onChange).toHaveBeenLastCalledWith({ outputDeviceId: 'spk-1', outputLabel: 'Speakers' });
    // Back to the default: no name kept for it.
    fireEvent.change(mic, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ micDeviceId: '', micLabel: '' });
    // Says when a choice applies.
    expect(document.querySelector('.devices-hint')!.textContent).toMatch(/next conversation/);
  });

  it('shows the saved choice selected, and a saved device that is unplugged as not connected', async () => {
    panel({ micDeviceId: 'usb-1', micLabel: 'USB headset', outputDeviceId: 'old-phones', outputLabel: 'Old headphones' });
    const mic = screen.getByLabelText<HTMLSelectElement>('Microphone to use');
    await waitFor(() => expect(optionTexts(mic)).toContain('USB headset'));
    expect(mic.value).toBe('usb-1');
    expect(optionTexts(screen.getByLabelText('Play the assistant on'))).toContain('Old headphones (not connected)');
  });

  it('without the microphone permission the browser hides the names: a hint says how to get them, no blank entries', async () => {
    listed = HIDDEN;
    panel();
    const mic = screen.getByLabelText('Microphone to use');
    await waitFor(() => expect(document.querySelector('.devices-hint')!.textContent).toMatch(/Device names appear once Hark may use the microphone/));
    expect(optionTexts(mic)).toEqual(['System default']);
    expect(optionTexts(mic).every((t) => t?.trim())).toBe(true);
  });

  it('names that appear later (a device plugged in, the microphone allowed) replace the hint', async () => {
    listed = HIDDEN;
    panel();
    await waitFor(() => expect(document.querySelector('.devices-hint')!.textContent).toMatch(/Device names appear/));
    listed = NAMED;
    for (const f of listeners) f();
    await waitFor(() => expect(optionTexts(screen.getByLabelText('Microphone to use'))).toContain('USB headset'));
    expect(document.querySelector('.devices-hint')!.textContent).toMatch(/next conversation/);
  });

  it('no speaker list where the browser cannot choose one (no setSinkId)', async () => {
    const proto = HTMLMediaElement.prototype as unknown as Record<string, unknown>;
    const had = Object.getOwnPropertyDescriptor(proto, 'setSinkId');
    Reflect.deleteProperty(proto, 'setSinkId');
    try {
      panel();
      await waitFor(() => expect(optionTexts(screen.getByLabelText('Microphone to use'))).toContain('USB headset'));
      expect(screen.queryByLabelText('Play the assistant on')).toBeNull();
    } finally {
      if (had) Object.defineProperty(proto, 'setSinkId', had);
    }
  });
});
