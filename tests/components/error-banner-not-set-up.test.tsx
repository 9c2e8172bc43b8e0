// Defect 8 on the side panel: starting with a field left empty says which one, with Open settings
// as the action (no Try again, which cannot help). The personal-key case used to say "The API key
// was rejected." though no key was sent.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ErrorBanner } from '@/components/ErrorBanner';
import { classifyHttpError } from '@/lib/errors';
import { explainMintError, mintTarget } from '@/lib/connection';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

afterEach(cleanup);

describe('side panel start with a field left empty', () => {
  const cases: [string, Partial<Settings>, string, RegExp][] = [
    ['token server, no access token', { mode: 'token-server', tokenServerUrl: 'https://tokens.example' }, '', /No access token is saved/],
    ['token server, no URL', { mode: 'token-server' }, 'tok', /token server URL/],
    ['Azure, no resource', { mode: 'azure', azureDeployment: 'd' }, 'k', /Azure resource URL/],
    ['Azure, no key', { mode: 'azure', azureResourceUrl: 'https://r.openai.azure.com', azureDeployment: 'd' }, '', /No Azure API key is saved/],
    ['personal key, none saved, the server asks for one', { mode: 'openai' }, '', /No API key is saved/],
  ];
  for (const [name, over, secret, says] of cases) {
    it(`${name}: names the field, offers Open settings and no Try again`, () => {
      const picked = mintTarget({ ...DEFAULT_SETTINGS, ...over }, secret);
      // Personal key: Hark sends without a key (an open server may not need one); OpenAI answers 401.
      const error = picked.ok ? explainMintError(picked.target, classifyHttpError(401, '{"error":{"message":"Missing bearer"}}'), secret !== '') : picked.error;
      const onOpenSettings = vi.fn();
      render(<ErrorBanner error={error} onOpenSettings={onOpenSettings} onRetry={() => {}} />);
      expect(screen.getByRole('alert').querySelector('.error-headline')?.textContent).toMatch(says);
      const buttons = screen.getAllByRole('button');
      expect(buttons.map((b) => b.textContent)).toEqual(['Open settings']);
      fireEvent.click(buttons[0]!);
      expect(onOpenSettings).toHaveBeenCalled();
    });
  }
});
