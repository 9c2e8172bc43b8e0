import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { HistoryView, type HistoryViewProps } from '@/components/HistoryView';
import type { Conversation } from '@/lib/history/export';
import type { HistoryEntry } from '@/lib/history/store';

const T0 = Date.UTC(2025, 4, 1, 14, 2, 3);
const entries: HistoryEntry[] = [
  { id: 'b', startedAt: T0 + 60_000, endedAt: T0 + 90_000, title: 'Tide Pools', url: 'https://example.org/tide', count: 4 },
  { id: 'a', startedAt: T0, endedAt: T0 + 5000, title: '', url: 'https://example.org/other', count: 2 },
];
const conversation: Conversation = {
  id: 'b',
  startedAt: T0 + 60_000,
  endedAt: T0 + 90_000,
  page: { title: 'Tide Pools', url: 'https://example.org/tide' },
  messages: [
    { id: 'u1', role: 'user', text: 'What lives here?', final: true, at: T0 + 60_000 },
    { id: 'a1', role: 'assistant', text: 'Anemones and crabs.', final: true, at: T0 + 62_000 },
  ],
};

function setup(over: Partial<HistoryViewProps> = {}) {
  const props: HistoryViewProps = {
    entries,
    opened: null,
    onOpen: vi.fn(),
    onClose: vi.fn(),
    onDelete: vi.fn(),
    onDeleteAll: vi.fn(),
    onExport: vi.fn(),
    ...over,
  };
  return { props, ...render(<HistoryView {...props} />) };
}

describe('HistoryView', () => {
  afterEach(cleanup);

  it('lists saved conversations newest first, with page, date and size', () => {
    const { container } = setup();
    const titles = [...container.querySelectorAll('.history-item-title')].map((e) => e.textContent);
    expect(titles).toEqual(['Tide Pools', 'https://example.org/other']);
    expect(container.querySelector('.history-item-meta')!.textContent).toMatch(/4 messages/);
  });

  it('opens and deletes one conversation', () => {
    const { props } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Open: Tide Pools' }));
    expect(props.onOpen).toHaveBeenCalledWith('b');
    fireEvent.click(screen.getByRole('button', { name: 'Delete: https://example.org/other' }));
    expect(props.onDelete).toHaveBeenCalledWith('a');
  });

  it('delete all asks first, and can be cancelled', () => {
    const { props } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    expect(props.onDeleteAll).not.toHaveBeenCalled();
    expect(screen.getByRole('alertdialog').textContent).toMatch(/Delete all 2 saved conversations\?/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    fireEvent.click(screen.getAllByRole('button', { name: 'Delete all' }).at(-1)!);
    expect(props.onDeleteAll).toHaveBeenCalledTimes(1);
  });

  it('a reopened conversation shows its page and transcript, exports and goes back', () => {
    const { props, container } = setup({ opened: conversation });
    expect(screen.getByRole('heading', { name: 'Tide Pools' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'https://example.org/tide' })).toBeTruthy();
    expect([...container.querySelectorAll('.msg .text')].map((e) => e.textContent)).toEqual(['What lives here?', 'Anemones and crabs.']);
    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(props.onExport).toHaveBeenNthCalledWith(1, conversation, 'md');
    expect(props.onExport).toHaveBeenNthCalledWith(2, conversation, 'json');
    fireEvent.click(screen.getByRole('button', { name: /Back to the list/ }));
    expect(props.onClose).toHaveBeenCalled();
  });

  it('says so when nothing is saved', () => {
    setup({ entries: [] });
    expect(screen.getByText(/No saved conversations yet/)).toBeTruthy();
  });
});
