import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { TalkControls, VolumeControl, type TalkControlsProps } from '@/components/TalkControls';

function setup(over: Partial<TalkControlsProps> = {}) {
  const props: TalkControlsProps = {
    live: true,
    manual: true,
    talking: false,
    replying: false,
    onInterrupt: vi.fn(),
    onTalk: vi.fn(),
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
    // Not a dead button taking room from the conversation: absent until there is a reply to stop.
    expect(screen.queryByRole('button', { name: 'Interrupt' })).toBeNull();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(idle.props.onInterrupt).not.toHaveBeenCalled();
    cleanup();
    const { props } = setup({ replying: true });
    fireEvent.click(screen.getByRole('button', { name: 'Interrupt' }));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(props.onInterrupt).toHaveBeenCalledTimes(2);
  });

  it('volume slider', () => {
    const onVolume = vi.fn();
    render(<VolumeControl volume={0.8} onVolume={onVolume} />);
    fireEvent.input(screen.getByRole('slider', { name: 'Assistant volume' }), { target: { value: '0.3' } });
    expect(onVolume).toHaveBeenCalledWith(0.3);
  });
});

