// Issue 12's page benchmark (not a test; tests/bench/archive.sh runs it): opens an archive in the
// built page (dist/, scripts/build) in headless Chromium, as a user does (the file input), and
// times it from the file's choice to the last blob's hash (the `ocilens:archive` measure), with
// one hashing worker and with the page's default pool. Memory: the renderer process' resident
// size (the page, its workers, their JS heaps, wasm memories and file buffers: all of it),
// sampled every 50 ms, above what it was before the file was chosen; and the peak of the
// workers' wasm memories as they report it.
// Usage: node tests/bench/archive-page.mjs ARCHIVE  -> one JSON line per run.
import { start, open, rendererBytes as renderers } from '../e2e/harness.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: archive-page.mjs ARCHIVE');

const env = await start();
try {
  for (const workers of [1, 0]) {
    const { page, context } = await open(env);
    if (workers) await page.evaluate((n) => { globalThis.ocilensHashWorkers = n; }, workers);
    // The page's own modules loaded and settled first.
    await page.waitForTimeout(500);
    const before = renderers();
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, renderers()); }, 50);
    await page.setInputFiles('#files', file);
    const detail = await page.waitForFunction(() => {
      const m = performance.getEntriesByName('ocilens:archive');
      return m.length ? m[m.length - 1].detail : false;
    }, null, { timeout: 120_000, polling: 100 }).then((h) => h.jsonValue());
    clearInterval(sampler);
    const verified = await page.locator('#tree li[data-kind="layer"][data-verification="verified"]').count();
    console.log(JSON.stringify({
      workers: detail.workers, seconds: detail.ms / 1000, hashSeconds: detail.hashMs / 1000,
      blobs: detail.blobs, bytes: detail.bytes, size: detail.size, verifiedLayers: verified,
      rendererGrowth: peak - before, wasmPeak: detail.peak,
    }));
    await context.close();
  }
} finally {
  await env.stop();
}
