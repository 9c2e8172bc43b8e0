import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ErrorBanner } from '@/components/ErrorBanner';
import { StatusBar } from '@/components/StatusBar';
import { classifyHttpError, sessionError, unreachableError } from '@/lib/errors';

describe('ErrorBanner', () => {
  afterEach(cleanup);

  it('a start that could not reach the server: its message, Retry (starts again) and Open settings', () => {
    const onRetry = vi.fn();
    const onOpenSettings = vi.fn();
    const error = unreachableError('http://127.0.0.1:9/v1/realtime/client_secrets', 'Could not reach http://127.0.0.1:9. Check the Server URL and your connection.');
    render(<ErrorBanner error={error} onRetry={onRetry} onOpenSettings={onOpenSettings} />);
    expect(screen.getByRole('alert').textContent).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(onOpenSettings).toHaveBeenCalledWith('');
  });

  it('a 5xx offers the same two actions', () => {
    render(<ErrorBanner error={classifyHttpError(502, '')} onRetry={vi.fn()} onOpenSettings={vi.fn()} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Retry', 'Open settings']);
  });

  it('what retrying cannot fix offers no Retry, only its own action', () => {
    const onOpenSettings = vi.fn();
    render(<ErrorBanner error={sessionError('mic-denied', 'blocked')} onRetry={vi.fn()} onOpenSettings={onOpenSettings} />);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Fix microphone access' }));
    expect(onOpenSettings).toHaveBeenCalledWith('#microphone');
  });
});

describe('StatusBar while reconnecting', () => {
  afterEach(cleanup);

  it('a live session that dropped says the connection was lost, and which try of how many', () => {
    render(<StatusBar state={{ status: 'reconnecting', attempt: 3, nextAt: 0, wasLive: true }} page={null} />);
    expect(screen.getByRole('status').textContent).toBe('Connection lost — retrying, 3 of 10');
  });

  it('a first start waiting out a rate limit does not claim a lost connection', () => {
    render(<StatusBar state={{ status: 'reconnecting', attempt: 1, nextAt: 0, wasLive: false }} page={null} />);
    const text = screen.getByRole('status').textContent ?? '';
    expect(text).toBe('Connecting (retrying once)…');
  });
});
