import { describe, expect, it } from 'vitest';
import { deviceGone, deviceOptions, isPresent, micConstraints, openChosenMic, selectChosenSink, type DeviceInfo } from '@/lib/audio/devices';
import { DEFAULT_SETTINGS, withDefaults } from '@/lib/settings';

const DEVICES: DeviceInfo[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - Headset' },
  { kind: 'audioinput', deviceId: 'mic-a', label: 'Headset' },
  { kind: 'audioinput', deviceId: 'mic-b', label: 'USB microphone' },
  { kind: 'videoinput', deviceId: 'cam', label: 'Camera' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default - Speakers' },
  { kind: 'audiooutput', deviceId: 'out-a', label: 'Speakers' },
];
const named = (name: string) => Object.assign(new Error(name), { name });
const NAMES = { systemDefault: 'System default', unnamed: (n: number) => `Device ${n}` };

describe('micConstraints', () => {
  it('asks for an exact device only when one is chosen; the default never fails on a missing id', () => {
    expect(micConstraints('mic-a')).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: true, deviceId: { exact: 'mic-a' } });
    for (const none of ['', 'default', 'communications', undefined]) expect(micConstraints(none)).not.toHaveProperty('deviceId');
  });
});

describe('openChosenMic', () => {
  it('opens the chosen microphone when it is there', async () => {
    const asked: MediaTrackConstraints[] = [];
    const r = await openChosenMic('mic-a', async (c) => (asked.push(c), 'stream'));
    expect(r).toEqual({ value: 'stream', fellBack: false });
    expect(asked).toHaveLength(1);
  });

  it('falls back to the default, and says so, when the chosen one is unplugged (OverconstrainedError / NotFoundError)', async () => {
    for (const name of ['OverconstrainedError', 'NotFoundError']) {
      const asked: MediaTrackConstraints[] = [];
      const r = await openChosenMic('mic-a', async (c) => {
        asked.push(c);
        if (c.deviceId) throw named(name);
        return 'default-stream';
      });
      expect(r).toEqual({ value: 'default-stream', fellBack: true });
      expect(asked.map((c) => c.deviceId)).toEqual([{ exact: 'mic-a' }, undefined]);
    }
  });

  it('does not retry what the default would fail the same way: refused permission, no microphone at all', async () => {
    await expect(openChosenMic('mic-a', async () => Promise.reject(named('NotAllowedError')))).rejects.toThrow('NotAllowedError');
    let calls = 0;
    await expect(openChosenMic('', async () => (calls++, Promise.reject(named('NotFoundError'))))).rejects.toThrow('NotFoundError');
    expect(calls).toBe(1);
  });

  it('reports the default failing too (the chosen one gone and nothing else plugged in)', async () => {
    await expect(openChosenMic('mic-a', async (c) => Promise.reject(named(c.deviceId ? 'OverconstrainedError' : 'NotFoundError')))).rejects.toThrow('NotFoundError');
  });
});

describe('selectChosenSink', () => {
  it('selects the chosen speaker, or the default (which also undoes an earlier choice)', async () => {
    const set: string[] = [];
    const setSink = async (id: string) => void set.push(id);
    expect(await selectChosenSink('out-a', setSink)).toEqual({ fellBack: false });
    expect(await selectChosenSink('', setSink)).toEqual({ fellBack: false });
    expect(set).toEqual(['out-a', '']);
  });

  it('falls back to the default when the chosen speaker is gone, and never throws', async () => {
    const set: string[] = [];
    const r = await selectChosenSink('out-gone', async (id) => {
      set.push(id);
      if (id) throw named('NotFoundError');
    });
    expect(r).toEqual({ fellBack: true });
    expect(set).toEqual(['out-gone', '']);
    expect(await selectChosenSink('', async () => Promise.reject(named('AbortError')))).toEqual({ fellBack: false });
  });

  it('a browser without setSinkId plays on the default: a chosen speaker counts as fallen back', async () => {
    expect(await selectChosenSink('out-a', undefined)).toEqual({ fellBack: true });
    expect(await selectChosenSink('', undefined)).toEqual({ fellBack: false });
  });
});

describe('device lists', () => {
  it('isPresent: by kind and id; the default is always present', () => {
    expect(isPresent(DEVICES, 'audioinput', 'mic-b')).toBe(true);
    expect(isPresent(DEVICES, 'audiooutput', 'mic-b')).toBe(false);
    expect(isPresent(DEVICES, 'audioinput', 'gone')).toBe(false);
    expect(isPresent([], 'audiooutput', '')).toBe(true);
  });

  it('deviceOptions: the default first, the devices by label, no duplicate "default" entry', () => {
    expect(deviceOptions(DEVICES, 'audioinput', { id: '', label: '' }, NAMES)).toEqual([
      { id: '', label: 'System default', absent: false },
      { id: 'mic-a', label: 'Headset', absent: false },
      { id: 'mic-b', label: 'USB microphone', absent: false },
    ]);
  });

  it('deviceOptions: a saved device that is unplugged stays listed, marked absent', () => {
    const opts = deviceOptions(DEVICES, 'audiooutput', { id: 'bt', label: 'Bluetooth headphones' }, NAMES);
    expect(opts.at(-1)).toEqual({ id: 'bt', label: 'Bluetooth headphones', absent: true });
    expect(opts).toHaveLength(3);
  });

  it('deviceOptions: without the permission the browser hides labels; entries are numbered', () => {
    const hidden = [{ kind: 'audioinput', deviceId: 'x', label: '' }];
    expect(deviceOptions(hidden, 'audioinput', { id: '', label: '' }, NAMES)[1]?.label).toBe('Device 1');
  });

  it('deviceGone: only the errors that mean "not plugged in"', () => {
    expect(deviceGone(named('OverconstrainedError'))).toBe(true);
    expect(deviceGone(named('NotFoundError'))).toBe(true);
    expect(deviceGone(named('NotAllowedError'))).toBe(false);
    expect(deviceGone(null)).toBe(false);
  });

  it('settings: the defaults until chosen; older saved settings get them too', () => {
    expect(DEFAULT_SETTINGS.micDeviceId).toBe('');
    expect(withDefaults({ voice: 'cedar' }).outputDeviceId).toBe('');
    expect(withDefaults({ micDeviceId: 'mic-a', micLabel: 'Headset' }).micDeviceId).toBe('mic-a');
  });
});
