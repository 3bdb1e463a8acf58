// Benchmark (not a test): a docs page with 10 <oci-lens> elements, one per screen, scrolled
// through in Chromium. For each element: milliseconds from entering the viewport's margin (the
// element starts) to its tree shown, from the element's own User Timing measure
// `oci-lens:shown`. The first element also waits for the shared module (wasm download and
// compile); the others reuse it. Run after scripts/build: node bench-embed.mjs [runs=5]
import { start, fixture } from './harness.mjs';

const sources = [
  'imagetools/text-index-with-attestations.txt',
  'manifests/dockerhub-python-latest-manifest-list.json',
  'manifests/dockerhub-python-linux-amd64-schema2.json',
  'manifests/regclient-index-with-artifacttype.json',
  'manifests/docker-schema1-signed.json',
  'manifests/regclient-artifact-manifest-subject.json',
  'manifests/docker-manifest-list-3space.json',
  'imagetools/json-image-multi.json',
  'manifests/oci-index-all-fields-synthetic.json',
  'docker-cli/manifest-inspect-verbose-manifest.golden',
];
const filler = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i}.</p>`).join('');
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>10 widgets</title>
<link rel="icon" href="/icon.svg"><script type="module" src="/oci-lens.js"></script></head><body>
${sources.map((f, i) => `${filler}<oci-lens id="w${i}" host="apple-silicon-mac"><script type="text/plain">${fixture(f)}</script></oci-lens>`).join('\n')}
</body></html>`;

const runs = Number(process.argv[2] || 5);
const env = await start({ pages: { '/bench.html': page } });
const all = sources.map(() => []);
try {
  for (let r = 0; r < runs; r++) {
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const p = await context.newPage();
    await p.goto(env.base + 'bench.html');
    for (let i = 0; i < sources.length; i++) {
      await p.locator(`#w${i}`).scrollIntoViewIfNeeded();
      await p.locator(`#w${i} #tree li[role=treeitem]`).first().waitFor();
    }
    const shown = await p.evaluate(() => performance.getEntriesByName('oci-lens:shown').map((m) => [m.detail, m.duration]));
    for (const [id, ms] of shown) all[Number(id.slice(1))].push(ms);
    await context.close();
  }
} finally {
  await env.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| element | source | entering the viewport → tree shown, ms (median of ${runs}) |`);
console.log('|---|---|---|');
sources.forEach((f, i) => console.log(`| ${i + 1} | ${f} | ${median(all[i]).toFixed(1)} |`));
const rest = all.slice(1).flat();
console.log(`\nfirst element (loads the shared module): ${median(all[0]).toFixed(1)} ms; the other nine: median ${median(rest).toFixed(1)} ms, max ${Math.max(...rest).toFixed(1)} ms`);
