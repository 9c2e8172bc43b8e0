import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { ToolSwitches } from '@/components/ToolSwitches';
import { DEFAULT_TOOL_SETTINGS, type ToolSettings } from '@/lib/tools/settings';
import { toolDefinitions } from '@/lib/tools/definitions';
import { TOOL_NAMES } from '@/lib/tools/names';

afterEach(cleanup);

const box = (c: Element, name: string) => c.querySelector<HTMLInputElement>(`input[name="tool-${name}"]`)!;

describe('ToolSwitches', () => {
  it('shows every tool with its default (screen capture off) and turning one off drops it from the session', () => {
    const onChange = vi.fn<(next: ToolSettings) => void>();
    const { container } = render(<ToolSwitches tools={DEFAULT_TOOL_SETTINGS} onChange={onChange} />);
    expect(container.querySelectorAll('input[type=checkbox]')).toHaveLength(TOOL_NAMES.length);
    expect(box(container, 'look_at_screen').checked).toBe(false);
    expect(box(container, 'open_link').checked).toBe(true);
    fireEvent.click(box(container, 'open_link'));
    const next = onChange.mock.calls.at(-1)![0];
    expect(next.enabled.open_link).toBe(false);
    expect(toolDefinitions(next).map((d) => d.name)).not.toContain('open_link');
  });

  it('turning the screen capture on declares it', () => {
    const onChange = vi.fn<(next: ToolSettings) => void>();
    const { container } = render(<ToolSwitches tools={DEFAULT_TOOL_SETTINGS} onChange={onChange} />);
    fireEvent.click(box(container, 'look_at_screen'));
    expect(toolDefinitions(onChange.mock.calls.at(-1)![0]).map((d) => d.name)).toContain('look_at_screen');
  });

  it('edits the screen sites one a line, keeping blank lines while typing; says when the tool is off', () => {
    const onChange = vi.fn<(next: ToolSettings) => void>();
    const { container, rerender } = render(<ToolSwitches tools={DEFAULT_TOOL_SETTINGS} onChange={onChange} />);
    const area = container.querySelector<HTMLTextAreaElement>('textarea#screen-sites')!;
    expect(container.querySelector('label[for="screen-sites"]')!.textContent).toMatch(/look_at_screen may capture without asking/);
    expect(container.querySelector('#screen-sites-hint')!.textContent).toMatch(/switched off/);
    fireEvent.input(area, { target: { value: 'docs.example.com\n' } });
    expect(onChange.mock.calls.at(-1)![0].screenSites).toEqual(['docs.example.com', '']);
    rerender(<ToolSwitches tools={{ enabled: { look_at_screen: true }, screenSites: ['docs.example.com', ''] }} onChange={onChange} />);
    expect(container.querySelector<HTMLTextAreaElement>('textarea#screen-sites')!.value).toBe('docs.example.com\n');
    expect(container.querySelector('#screen-sites-hint')!.textContent).not.toMatch(/switched off/);
  });
});
