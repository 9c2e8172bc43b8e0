import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ToolConfirm } from '@/components/ToolConfirm';
import { ToolShared } from '@/components/ToolShared';
import type { PendingConfirmation } from '@/lib/tools/confirm';
import { setLocale, t } from '@/lib/i18n';

afterEach(cleanup);

const open: PendingConfirmation = {
  id: 'c1-ab',
  tool: 'open_link',
  action: 'Open this link in this tab',
  target: 'https://shop.example/buy?item=x200',
  detail: 'Buy now <script>alert(1)</script>',
};

describe('ToolConfirm', () => {
  it('names the exact action and target, takes focus, and answers by button', () => {
    const onAnswer = vi.fn();
    render(<ToolConfirm pending={[open, { ...open, id: 'c2' }]} onAnswer={onAnswer} />);
    const box = screen.getByRole('alertdialog');
    expect(box.textContent).toContain('The assistant asks to: Open this link in this tab');
    expect(box.textContent).toContain('https://shop.example/buy?item=x200');
    expect(box.textContent).toContain('1 more waiting');
    expect(document.activeElement).toBe(box);
    // Page text is shown as text, never as markup.
    expect(box.querySelector('script')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Deny' }));
    expect(onAnswer).toHaveBeenLastCalledWith('c1-ab', false);
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    expect(onAnswer).toHaveBeenLastCalledWith('c1-ab', true);
  });

  it('answers by keyboard: Y allows, N and Escape deny, Enter alone does nothing', () => {
    const onAnswer = vi.fn();
    render(<ToolConfirm pending={[open]} onAnswer={onAnswer} />);
    const box = screen.getByRole('alertdialog');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onAnswer).toHaveBeenLastCalledWith('c1-ab', false);
    fireEvent.keyDown(box, { key: 'y' });
    expect(onAnswer).toHaveBeenLastCalledWith('c1-ab', true);
  });

  it('shows nothing without a pending request', () => {
    const { container } = render(<ToolConfirm pending={[]} onAnswer={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('ToolShared', () => {
  it('lists what tools sent, with the screenshot that was sent', () => {
    render(
      <ToolShared
        entries={[
          { tool: 'find_on_page', summary: "Searched the page for 'defrost' — 3 passages", at: 0 },
          { tool: 'look_at_screen', summary: 'A screenshot of the visible tab', thumbnail: 'data:image/jpeg;base64,AAAA', at: 1 },
        ]}
      />,
    );
    expect(screen.getByText(/Shared with the assistant by page tools \(2\)/)).toBeTruthy();
    expect(screen.getByText(/Searched the page for 'defrost'/)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'The screenshot sent to the assistant', hidden: true }).getAttribute('src')).toBe('data:image/jpeg;base64,AAAA');
  });
});

describe('page tools in German', () => {
  afterEach(() => setLocale('en'));

  it('the confirmation, the shared log and a tool row speak German; J allows', async () => {
    setLocale('de');
    const onAnswer = vi.fn();
    render(<ToolConfirm pending={[{ ...open, action: t('tools.action.openHere') }]} onAnswer={onAnswer} />);
    const box = screen.getByRole('alertdialog');
    expect(box.textContent).toContain('Der Assistent möchte: Diesen Link in diesem Tab öffnen');
    expect(box.textContent).toContain('„ja“ oder „nein“');
    expect(screen.getByRole('button', { name: 'Erlauben' })).toBeTruthy();
    fireEvent.keyDown(box, { key: 'j' });
    expect(onAnswer).toHaveBeenLastCalledWith('c1-ab', true);
    render(<ToolShared entries={[{ tool: 'look_at_screen', summary: t('tools.shared.screenshot'), thumbnail: 'data:image/jpeg;base64,AAAA', at: 1 }]} />);
    expect(screen.getByText(/Von Seitenwerkzeugen mit dem Assistenten geteilt \(1\)/)).toBeTruthy();
    expect(screen.getByAltText('Das an den Assistenten gesendete Bildschirmfoto')).toBeTruthy();
    const { answerWord } = await import('@/lib/tools/row-text');
    expect(t('tools.row.answered', { what: t('tools.row.askedOpen', { site: 'shop.example/buy' }), answer: answerWord('denied') })).toBe('Bat darum, shop.example/buy zu öffnen — abgelehnt');
    expect(t('tools.row.searchedOne', { query: 'Abtauen' })).toBe('Auf der Seite nach „Abtauen“ gesucht — 1 Stelle');
  });
});
