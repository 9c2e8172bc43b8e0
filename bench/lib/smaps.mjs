// @ts-check
/**
 * Where a process's resident pages are, by mapping (Linux /proc/<pid>/smaps): each mapped file by
 * its name (the browser's own code, ICU's data, fonts), each named anonymous region (where a
 * build names them, e.g. "[anon:partition_alloc]"; Debian's Chromium 150 did not), shared memory
 * ("/memfd:…") and the unnamed rest. RSS says *that* the extension renderer grew; memory-infra
 * (memory-infra.mjs) what its allocators hold; this what the kernel actually keeps resident, so the
 * three can be set side by side.
 */
import fs from 'node:fs';

/** A mapping's group: the file's base name, the anonymous region's name, or "[anon]". @param {string} name */
export function mappingGroup(name) {
  if (!name) return '[anon]';
  if (name.startsWith('/memfd:')) return `memfd:${name.slice(7).replace(/ \(deleted\)$/, '').replace(/[-_.]?\d+$/, '')}`;
  if (name.startsWith('/')) return name.slice(name.lastIndexOf('/') + 1).replace(/ \(deleted\)$/, '');
  return name.replace(/\d+/g, '#');
}

/**
 * Resident bytes per mapping group in one smaps text.
 * @param {string} smaps
 * @returns {Record<string, number>}
 */
export function residentByMapping(smaps) {
  /** @type {Record<string, number>} */
  const out = {};
  let group = '[anon]';
  for (const line of smaps.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      group = mappingGroup(head[1] ?? '');
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[group] = (out[group] ?? 0) + Number(rss[1]) * 1024;
  }
  return out;
}

/** Resident bytes per mapping group, summed over the given processes (null off Linux). @param {number[]} pids */
export function processMappings(pids) {
  /** @type {Record<string, number>} */
  const total = {};
  for (const pid of pids) {
    let text;
    try {
      text = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8');
    } catch {
      continue;
    }
    for (const [k, v] of Object.entries(residentByMapping(text))) total[k] = (total[k] ?? 0) + v;
  }
  return Object.keys(total).length ? total : null;
}
