import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { TalkControls, type TalkControlsProps } from '@/components/TalkControls';
import { LiveMeters } from '@/components/LiveMeters';

function setup(over: Partial<TalkControlsProps> = {}) {
  const props: TalkControlsProps = {
    live: true,
    manual: true,
    talking: false,
    replying: false,
    volume: 0.8,
    onInterrupt: vi.fn(),
    onTalk: vi.fn(),
    onVolume: vi.fn(),
    ...over,
  };
  return { props, ...render(<TalkControls {...props} />) };
}

describe('TalkControls', () => {
  afterEach(cleanup);

  it('holding Space in the panel is push-to-talk; repeats are ignored; Space in a text field is typing', () => {
    const { props } = setup();
    fireEvent.keyDown(document.body, { code: 'Space', key: ' ' });
    fireEvent.keyDown(document.body, { code: 'Space', key: ' ', repeat: true });
    fireEvent.keyUp(document.body, { code: 'Space', key: ' ' });
    expect(vi.mocked(props.onTalk).mock.calls).toEqual([[true], [false]]);
    const input = document.createElement('input');
    document.body.append(input);
    fireEvent.keyDown(input, { code: 'Space', key: ' ' });
    expect(props.onTalk).toHaveBeenCalledTimes(2);
    input.remove();
  });

  it('the button is held with the pointer', () => {
    const { props } = setup();
    const button = screen.getByRole('button', { name: 'Hold to talk' });
    fireEvent.pointerDown(button);
    fireEvent.pointerUp(button);
    expect(vi.mocked(props.onTalk).mock.calls).toEqual([[true], [false]]);
  });

  it('no push-to-talk in automatic turn mode', () => {
    const { props } = setup({ manual: false });
    expect(screen.queryByRole('button', { name: 'Hold to talk' })).toBeNull();
    fireEvent.keyDown(document.body, { code: 'Space', key: ' ' });
    expect(props.onTalk).not.toHaveBeenCalled();
  });

  it('Interrupt (button or Escape) only while the assistant replies', () => {
    const idle = setup({ replying: false });
    expect((screen.getByRole('button', { name: 'Interrupt' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(idle.props.onInterrupt).not.toHaveBeenCalled();
    cleanup();
    const { props } = setup({ replying: true });
    fireEvent.click(screen.getByRole('button', { name: 'Interrupt' }));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(props.onInterrupt).toHaveBeenCalledTimes(2);
  });

  it('volume slider', () => {
    const { props } = setup();
    fireEvent.input(screen.getByRole('slider', { name: 'Assistant volume' }), { target: { value: '0.3' } });
    expect(props.onVolume).toHaveBeenCalledWith(0.3);
  });
});

describe('LiveMeters', () => {
  afterEach(cleanup);

  it('shows levels, quality, timer and cost with its cap', () => {
    const now = Date.now();
    render(
      <LiveMeters
        since={now - 75_000}
        userSpeaking={false}
        assistantSpeaking
        telemetry={{
          attempt: 1,
          inputLevel: 0.1,
          outputLevel: 0.6,
          rttMs: 48,
          jitterMs: 9,
          lossPct: 0,
          usage: { inputTokens: 10, outputTokens: 20, usd: 0.0123 },
          capUsd: 0.5,
          turnMode: 'server_vad',
          talking: false,
          replying: true,
        }}
      />,
    );
    expect(screen.getByRole('meter', { name: 'Assistant level' }).getAttribute('aria-valuenow')).toBe('60');
    expect(screen.getByText('1:15')).toBeTruthy();
    expect(document.querySelector('.cost')!.textContent).toBe('$0.0123 of $0.50 cap');
    expect(document.querySelector('.quality')!.textContent).toBe('good · RTT 48 ms · jitter 9 ms · loss 0%');
  });
});
