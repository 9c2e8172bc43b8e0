import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { SharedCard } from '@/components/SharedCard';
import { StatusBar } from '@/components/StatusBar';
import { ErrorBanner } from '@/components/ErrorBanner';
import { classifyHttpError } from '@/lib/errors';
import type { PageSnapshot } from '@/lib/page/budget';
import { setLocale } from '@/lib/i18n';

const page: PageSnapshot = {
  title: 'Tide Pools',
  url: 'https://example.test/tide-pools',
  lang: 'en',
  description: '',
  selection: 'rocky shores',
  headings: [],
  text: 'Tide pools are rocky pools by the sea.',
  redactions: { email: 2, phone: 1 },
};

describe('Shared with the assistant (issue 17, defect 7)', () => {
  afterEach(cleanup);

  it('title, address, selection, word count and hidden items; the full prompt behind a toggle', () => {
    render(<SharedCard page={page} instructions="RULES… Page title: Tide Pools" onAllowAll={vi.fn()} />);
    const card = screen.getByRole('region', { name: 'Shared with the assistant' });
    expect(card.querySelector('.shared-page-title')!.textContent).toBe('Tide Pools');
    expect(card.querySelector('.shared-url')!.textContent).toBe('https://example.test/tide-pools');
    expect(card.querySelector('.shared-selection')!.textContent).toBe('rocky shores');
    expect(card.querySelector('.shared-text')!.textContent).toBe('8 words · 3 items hidden');
    const details = card.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('What the assistant was told');
  });

  it('a chrome:// page says it cannot be read, and offers no permission link', () => {
    render(
      <SharedCard
        page={{ ...page, title: '', url: 'chrome://settings/', text: '', selection: '', redactions: undefined, noteCode: 'browser-page', note: 'This is a browser page…' }}
        instructions=""
        onAllowAll={vi.fn()}
      />,
    );
    expect(document.querySelector('.shared-note')!.textContent).toMatch(/can't be read by extensions/);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('a tab Hark may not read yet offers the permission', () => {
    const onAllowAll = vi.fn();
    render(<SharedCard page={{ ...page, text: '', noteCode: 'no-access', note: 'Hark has no access to this tab yet.' }} instructions="" onAllowAll={onAllowAll} />);
    fireEvent.click(screen.getByRole('button', { name: 'Let Hark read the tabs you switch to' }));
    expect(onAllowAll).toHaveBeenCalledOnce();
  });

  it('the header chip names the page and opens the card', () => {
    const onPage = vi.fn();
    render(<StatusBar state={{ status: 'idle' }} page={page} onPage={onPage} />);
    const chip = screen.getByRole('button', { name: /Tide Pools/ });
    expect(chip.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(chip);
    expect(onPage).toHaveBeenCalledOnce();
  });
});

describe('status line says why a session stopped (issue 17, defect 12)', () => {
  afterEach(cleanup);
  it('cost cap, silence', () => {
    render(<StatusBar state={{ status: 'idle' }} page={null} stopped="cap" />);
    expect(screen.getByRole('status').textContent).toBe('Stopped: cost cap');
    cleanup();
    render(<StatusBar state={{ status: 'idle' }} page={null} stopped="idle" />);
    expect(screen.getByRole('status').textContent).toBe('Stopped: silence');
  });
});

describe('errors (issue 17, defect 8)', () => {
  afterEach(cleanup);
  it('one line; the server text behind Details, without its dead link; one action', () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.' } });
    render(<ErrorBanner error={classifyHttpError(401, body)} onRetry={vi.fn()} onOpenSettings={vi.fn()} />);
    expect(document.querySelector('.error-headline')!.textContent).toBe("The API key was rejected.");
    const details = document.querySelector('details.error-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.textContent).toMatch(/Incorrect API key provided/);
    expect(screen.getByRole('alert').textContent).not.toMatch(/https?:\/\//);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Open settings']);
  });
});

describe('page notes in the panel come from the code, in the panel’s language', () => {
  afterEach(() => {
    cleanup();
    setLocale('en');
  });

  it('a page without readable text: the card and the chip say so in German, from the code alone', () => {
    setLocale('de');
    const empty: PageSnapshot = { ...page, text: '', selection: '', redactions: undefined, noteCode: 'no-text' };
    render(<SharedCard page={empty} instructions="" onAllowAll={vi.fn()} />);
    expect(document.querySelector('.shared-note')!.textContent).toBe('Hark hat auf dieser Seite keinen lesbaren Text gefunden.');
    cleanup();
    render(<StatusBar state={{ status: 'idle' }} page={empty} />);
    expect(document.querySelector('.page-note')!.textContent).toContain('keinen lesbaren Text');
  });
});
