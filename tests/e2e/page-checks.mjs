// @ts-check
// Checks run on Hark's own pages: axe-core (injected through the DevTools protocol, which the
// pages' CSP does not apply to) and "no English left" for a page shown in another language.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('playwright-core').Page} Page */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA).
 * @param {Page} page
 * @returns {Promise<{ id: string, impact: string, help: string, nodes: string[] }[]>}
 */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  /** @type {any} */
  const result = await page.evaluate(() =>
    // @ts-ignore: injected above
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return result.violations
    .filter((/** @type {any} */ v) => v.impact === 'serious' || v.impact === 'critical')
    .map((/** @type {any} */ v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).slice(0, 5) }));
}

/** @param {string} lang */
const messages = (lang) => /** @type {Record<string, { message: string }>} */ (JSON.parse(fs.readFileSync(path.join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')));

/**
 * The English messages that have a different German translation, as what would show of them on a
 * page: the whole message when it has no placeholder, else its fixed pieces of 12+ characters.
 */
export function englishOnly() {
  const en = messages('en');
  const de = messages('de');
  /** @type {{ name: string, exact?: string, piece?: string }[]} */
  const out = [];
  for (const [name, { message }] of Object.entries(en)) {
    if (de[name]?.message === message) continue;
    if (!/\{\w+\}/.test(message)) out.push({ name, exact: message.trim() });
    // A piece German shares ("1 = normal)") is not a leak.
    for (const piece of message.split(/\{\w+\}/)) if (piece.trim().length >= 12 && !de[name]?.message.includes(piece.trim())) out.push({ name, piece: piece.trim() });
  }
  return out;
}

/**
 * Every piece of text a user can see or hear on the page: each element's own text, and the
 * placeholder, aria-label, title and alt attributes.
 * @param {Page} page
 */
export function visibleTexts(page) {
  return page.evaluate(() => {
    /** @type {string[]} */
    const out = [document.title];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (own) out.push(own);
      for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
        const v = el.getAttribute(attr);
        if (v) out.push(v.trim());
      }
    }
    return out;
  });
}

/**
 * English messages showing on the page: texts equal to one, or containing a piece of one.
 * @param {Page} page
 */
export async function englishLeaks(page) {
  const texts = await visibleTexts(page);
  const leaks = [];
  for (const m of englishOnly()) {
    const hit = texts.find((t) => (m.exact != null && t === m.exact) || (m.piece != null && t.includes(m.piece)));
    if (hit != null) leaks.push(`${m.name}: "${hit}"`);
  }
  return leaks;
}
