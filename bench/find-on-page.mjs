// @ts-check
/**
 * find_on_page on a 1 MB page: the tool's search (lib/tools/search.ts, bundled with esbuild as the
 * extension bundles it) against the bare reference of one case-insensitive scan of the same text
 * (`toLowerCase` + `indexOf` for every query word), measured side by side in this run. The page is
 * built here: ~1 MB of paragraphs under headings, the answer in the last section.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { ROOT } from './lib/setup.mjs';
import { nowMs, round, summarize } from './lib/stats.mjs';

async function loadSearch() {
  const out = await build({
    entryPoints: [path.join(ROOT, 'lib/tools/search.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    alias: { '@': ROOT },
  });
  const code = out.outputFiles[0]?.text ?? '';
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** ~`bytes` of varied paragraphs, a heading every 20, and the answer at the very end. */
export function megabytePage(bytes = 1_000_000) {
  const words = 'fridge door seal shelf temperature cooling drawer light filter water bottle vegetable compressor energy label noise'.split(' ');
  const paras = [];
  const headings = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    if (i % 20 === 0) {
      headings.push(`Chapter ${i / 20}: ${words[i % words.length]}`);
      paras.push(headings.at(-1));
    }
    const p = Array.from({ length: 18 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + ` (paragraph ${i}).`;
    paras.push(p);
    size += p.length + 2;
  }
  headings.push('Troubleshooting the ice maker');
  paras.push('Troubleshooting the ice maker', 'If the ice maker stops, reset it by holding the defrost button for five seconds.');
  return { text: paras.join('\n\n'), headings };
}

/** @param {{ runs?: number }} [o] */
export async function benchFindOnPage({ runs = 30 } = {}) {
  const { findOnPage, queryTerms } = await loadSearch();
  const { text, headings } = megabytePage();
  const queries = ['how do I reset the ice maker', 'door seal', 'energy label noise', 'defrost'];
  const reference = (/** @type {string} */ q) => {
    const lower = text.toLowerCase();
    let n = 0;
    for (const t of queryTerms(q)) for (let i = lower.indexOf(t); i !== -1; i = lower.indexOf(t, i + t.length)) n++;
    return n;
  };
  const tool = [];
  const bare = [];
  let found = true;
  for (let r = 0; r < runs; r++) {
    const q = queries[r % queries.length];
    let t = nowMs();
    const res = findOnPage(text, q, { headings });
    tool.push(nowMs() - t);
    if (q.includes('ice maker')) found &&= res[0]?.heading === 'Troubleshooting the ice maker';
    t = nowMs();
    reference(q);
    bare.push(nowMs() - t);
  }
  const toolS = summarize(tool);
  const bareS = summarize(bare);
  return {
    pageChars: text.length,
    runs,
    findOnPageMs: toolS,
    bareScanMs: bareS,
    ratioP50: round(toolS.p50 / Math.max(bareS.p50, 0.01), 1),
    answerFound: found,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchFindOnPage(), null, 2));
}
