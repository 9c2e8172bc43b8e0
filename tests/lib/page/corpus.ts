/** Loads the saved HTML pages the extraction tests run on (paths from the vitest root). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CORPUS = ['article', 'docs', 'form-secrets', 'injection', 'german', 'empty'] as const;

export function corpusHtml(name: (typeof CORPUS)[number]): string {
  return readFileSync(resolve('tests/lib/page/corpus', `${name}.html`), 'utf8');
}

export function corpusDoc(name: (typeof CORPUS)[number]): Document {
  return new DOMParser().parseFromString(corpusHtml(name), 'text/html');
}
