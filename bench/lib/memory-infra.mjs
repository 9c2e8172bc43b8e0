// @ts-check
/**
 * Chromium's own account of a renderer's memory, by allocator (the memory-infra dumps behind
 * chrome://tracing): PartitionAlloc's partitions, malloc, V8, Blink's GC heap, Skia, fonts, cc,
 * WebRTC's and the audio stack's allocations where they are tracked. RSS says *that* a process
 * grew; this says *which allocator* holds it.
 */
import fs from 'node:fs';

/** Top-level allocator names and their second level (e.g. "partition_alloc/partitions/buffer"). */
const DEPTH = 3;

/**
 * One detailed, deterministic dump (it forces GC first); returns size in bytes per allocator
 * path (up to DEPTH levels) for each process whose command line includes `--extension-process`.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<Record<string, number>>}
 */
export async function extensionRendererAllocators(browser) {
  const cdp = await browser.newBrowserCDPSession();
  /** @type {any[]} */
  const events = [];
  try {
    cdp.on('Tracing.dataCollected', (/** @type {any} */ e) => events.push(...e.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    // No periodic dumps: only the one requested below, so each process's allocators come once
    // (the protocol types this config loosely).
    const memoryDumpConfig = /** @type {any} */ ({ triggers: [] });
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig },
    });
    await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
    await cdp.send('Tracing.end');
    await done;
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const ext = new Set(
      processInfo
        .filter((p) => p.type === 'renderer')
        .filter((p) => {
          try {
            return fs.readFileSync(`/proc/${p.id}/cmdline`, 'utf8').includes('--extension-process');
          } catch {
            return false;
          }
        })
        .map((p) => p.id),
    );
    /** @type {Record<string, number>} */
    const sizes = {};
    for (const e of events) {
      if (e.ph !== 'v' || !ext.has(e.pid)) continue;
      const allocators = e.args?.dumps?.allocators ?? {};
      for (const [name, node] of Object.entries(allocators)) {
        const parts = name.split('/');
        if (parts.length > DEPTH) continue;
        const size = /** @type {any} */ (node).attrs?.size;
        if (!size) continue;
        sizes[name] = (sizes[name] ?? 0) + Number.parseInt(size.value, 16);
      }
    }
    return sizes;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Allocators that changed by at least `minBytes` between two dumps, largest change first. @param {Record<string, number>} a @param {Record<string, number>} b */
export function allocatorGrowth(a, b, minBytes = 256 * 1024) {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names]
    .map((n) => ({ name: n, from: a[n] ?? 0, to: b[n] ?? 0, delta: (b[n] ?? 0) - (a[n] ?? 0) }))
    .filter((r) => Math.abs(r.delta) >= minBytes)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
}

/**
 * Bytes held by live objects, as the allocators count them: malloc's and PartitionAlloc's
 * allocated objects and Blink's GC heap after its collection (V8's heaps are read apart, through
 * Runtime.getHeapUsage). Unlike RSS it leaves out free pages an allocator keeps for reuse.
 * @param {Record<string, number>} a
 */
export const liveNativeBytes = (a) =>
  (a['malloc/allocated_objects'] ?? 0) + (a['partition_alloc/allocated_objects'] ?? 0) + (a['blink_gc/main/allocated_objects'] ?? 0);
