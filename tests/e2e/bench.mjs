// Benchmark (not a test): time from paste to rendered tree for a large input, in Chromium.
// Run after `trunk build --release`: node bench.mjs [manifests=500]
import crypto from 'node:crypto';
import { start, open } from './harness.mjs';

/** An index of `n` manifests with their configs (real digests) and two layers each (not provided). */
export function bigPaste(n) {
  const sha = (s) => 'sha256:' + crypto.createHash('sha256').update(s).digest('hex');
  const hex = (i, salt) => (salt + i.toString(16)).padStart(64, '0');
  const manifests = [];
  const docs = [];
  for (let i = 0; i < n; i++) {
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2024-01-01T00:00:00Z',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `N=${i}`], Labels: { n: String(i) } },
      rootfs: { type: 'layers', diff_ids: [1, 2].map((l) => 'sha256:' + hex(i * 4 + l, 'd')) },
      history: [{ created: '2024-01-01T00:00:00Z', created_by: 'ADD rootfs.tar.gz / # buildkit' },
        { created: '2024-01-01T00:00:00Z', created_by: 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit' }] }, null, 2);
    const m = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [1, 2].map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:' + hex(i * 4 + l, 'a'), size: 1000 + l })) }, null, 2);
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(m), size: m.length,
      platform: { architecture: 'amd64', os: 'linux', 'os.version': String(i) } });
    docs.push(m, config);
  }
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }, null, 2);
  return [index, ...docs].join('\n');
}

/**
 * Puts `text` in the paste area as a paste would (one input event). Resolves with milliseconds:
 * `total` from the paste to the painted tree; `wait` from the input event to the start of the
 * analysis (the 150 ms debounce, and the browser laying out the pasted text); `analyse` and
 * `render`, ocilens' own steps (its User Timing measures).
 */
export async function timePaste(page, text) {
  return page.evaluate(async (text) => {
    performance.clearMarks();
    performance.clearMeasures();
    const area = document.getElementById('input');
    const t0 = performance.now();
    area.value = text;
    const sent = performance.now();
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      const check = () => (document.querySelector('#tree > li[data-kind="index"]') ? resolve() : requestAnimationFrame(check));
      check();
    });
    // One more frame: the tree is painted.
    await new Promise((r) => requestAnimationFrame(() => r()));
    const total = performance.now() - t0;
    const step = (n) => performance.getEntriesByName(n)[0];
    return {
      total,
      wait: step('ocilens:start').startTime - sent,
      analyse: step('ocilens:analyse').duration,
      render: step('ocilens:render').duration,
    };
  }, text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] || 500);
  const env = await start();
  const { page, context } = await open(env);
  const text = bigPaste(n);
  const times = [];
  for (let run = 0; run < 3; run++) {
    await page.evaluate(() => document.getElementById('clear').click());
    times.push(await timePaste(page, text));
  }
  const nodes = await page.locator('#tree li').count();
  const ms = (k) => times.map((t) => t[k].toFixed(0)).join(' / ');
  console.log(`${n} manifests, ${(text.length / 1e6).toFixed(2)} MB, ${nodes} items in the DOM, three runs (ms):`);
  console.log(`  paste to painted tree   ${ms('total')}`);
  console.log(`  input event to analysis ${ms('wait')} (the 150 ms debounce, and the browser laying out the pasted text)`);
  console.log(`  analysis (ocilens-core) ${ms('analyse')}`);
  console.log(`  render (tree, details)  ${ms('render')}`);
  await context.close();
  await env.stop();
}
