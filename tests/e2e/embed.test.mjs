// <oci-lens> on a docs page with a strict Content-Security-Policy: inline data and `src` data,
// one shared module loaded when the first element nears the viewport, every attribute reactive,
// events with plain details, themes, and axe-core inside the shadow root. Built by scripts/build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { start, fixture } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// What docs sites send (docs/embedding.md): scripts only from the site, wasm allowed.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";

// The imagetools text as a docs author pastes it: `<` cannot occur in it, so it goes in as is.
const imagetools = fixture('imagetools/text-index-with-attestations.txt');
const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} of the guide.</p>`).join('\n');

const guide = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A guide with ocilens</title>
<link rel="icon" href="/icon.svg">
<script type="module" src="/oci-lens.js"></script>
</head>
<body>
<main>
<h1>Multi-platform images</h1>
<oci-lens id="near" host="apple-silicon-mac">
<script type="text/plain">${imagetools}</script>
</oci-lens>
${filler}
<oci-lens id="far" src="/examples/manifests/dockerhub-python-latest-manifest-list.json" view="tree findings"></oci-lens>
<oci-lens id="json" view="tree details" depth="1"><script type="application/json">${fixture('manifests/dockerhub-python-linux-amd64-schema2.json')}</script></oci-lens>
</main>
</body>
</html>`;

const japanese = guide.replace('<html lang="en">', '<html lang="ja">');

let env;
before(async () => {
  env = await start({ pages: { '/docs/guide.html': guide, '/docs/ja.html': japanese }, headers: { 'content-security-policy': CSP } });
});
after(async () => { await env?.stop(); });

async function openGuide(path = 'docs/guide.html', options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env.base + path);
  return { page, context, errors, requests };
}

const treeItems = (page, id) => page.locator(`oci-lens#${id} #tree li[role=treeitem]`);

test('inline imagetools text becomes a tree under a strict CSP; one module serves every element', async () => {
  const { page, context, errors, requests } = await openGuide();
  await treeItems(page, 'near').first().waitFor();
  // The index, its platform manifests and the attestations all in the tree.
  assert.ok(await treeItems(page, 'near').count() >= 5, 'tree of the inline text');
  assert.equal(await page.locator('oci-lens#near #tree li[data-kind="index"]').count(), 1);
  // The host attribute: the simulator is shown with its answer, and the pulled entry marked.
  await page.locator('oci-lens#near #sim-summary').waitFor();
  assert.ok(await page.locator('oci-lens#near #tree li[data-chosen="true"]').count() >= 1, 'pulled entry marked');
  assert.equal(await page.locator('oci-lens#near #simulator').isVisible(), true);
  // The far element has not started: its src is not fetched yet.
  assert.ok(!requests.some((u) => u.includes('dockerhub-python-latest')), 'far element not loaded early');
  await page.locator('oci-lens#far').scrollIntoViewIfNeeded();
  await treeItems(page, 'far').first().waitFor();
  assert.ok(requests.some((u) => u.includes('dockerhub-python-latest')));
  // `view="tree findings"`: no details, no diagram.
  assert.equal(await page.locator('oci-lens#far #details-pane').isVisible(), false);
  assert.equal(await page.locator('oci-lens#far #findings-pane').isVisible(), true);
  // Shared: the element's wasm came once for three elements.
  await treeItems(page, 'json').first().waitFor();
  assert.equal(requests.filter((u) => u.endsWith('ocilens-embed_bg.wasm')).length, 1);
  // Nothing outside the site, and no CSP violation or error.
  const origin = new URL(env.base).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  assert.deepEqual(errors, []);
  // No data became markup: the text is in text nodes only.
  const scripts = await page.locator('oci-lens#near').evaluate((el) => el.shadowRoot.querySelectorAll('script').length);
  assert.equal(scripts, 0);
  await context.close();
});

test('attributes are reactive: lang, view, host, select, depth; events carry plain details', async () => {
  const { page, context, errors } = await openGuide();
  await page.locator('oci-lens#json').scrollIntoViewIfNeeded();
  await treeItems(page, 'json').first().waitFor();
  const lens = page.locator('oci-lens#json');
  // depth="1": the root is open, its children closed.
  assert.equal(await lens.locator('#tree li[aria-level="1"]').getAttribute('aria-expanded'), 'true');
  await lens.evaluate((el) => {
    window.seen = [];
    for (const type of ['oci-lens-select', 'oci-lens-analyzed']) {
      document.addEventListener(type, (e) => window.seen.push({ type, target: e.target.id, detail: e.detail }));
    }
  });
  // select: a digest opens its node and says so in an event.
  const config = await lens.locator('#tree li[data-kind="config"]').getAttribute('data-digest');
  await lens.evaluate((el, d) => el.setAttribute('select', d), config);
  await lens.locator('#tree li[data-kind="config"][aria-selected="true"]').waitFor();
  await lens.locator('#details .class, #details h3').first().waitFor();
  let seen = await page.evaluate(() => window.seen);
  const selected = seen.find((e) => e.type === 'oci-lens-select');
  assert.equal(selected.target, 'json');
  assert.equal(selected.detail.kind, 'config');
  assert.equal(selected.detail.digest, config);
  assert.equal(typeof selected.detail.path, 'string');
  // A click selects too, and sends the event.
  await lens.locator('#tree li[aria-level="1"] > .row').click();
  seen = await page.evaluate(() => window.seen);
  assert.equal(seen.at(-1).detail.kind, 'manifest');
  // lang: the labels and the tree's words change.
  await lens.evaluate((el) => el.setAttribute('lang', 'ja'));
  await lens.locator('#tree-heading', { hasText: 'ツリー' }).waitFor();
  // view: only the diagram, drawn.
  await lens.evaluate((el) => el.setAttribute('view', 'diagram'));
  assert.equal(await lens.locator('#tree-pane').isVisible(), false);
  await lens.locator('#diagram svg').waitFor();
  // host: the simulator appears when named in the view, with the machine's answer.
  await lens.evaluate((el) => { el.setAttribute('view', 'simulator'); el.setAttribute('host', 'linux/s390x'); });
  await lens.locator('#sim .sim-error, #sim-summary').first().waitFor();
  assert.equal(await lens.locator('#host').inputValue(), 'custom');
  assert.equal(await lens.locator('#host-custom').inputValue(), 'linux/s390x');
  // src replaces the data and analyses again.
  await lens.evaluate((el) => {
    el.setAttribute('view', 'tree');
    el.setAttribute('src', '/examples/manifests/regclient-referrers-index.json');
  });
  await page.waitForFunction(() => window.seen.some((e) => e.type === 'oci-lens-analyzed' && e.target === 'json'));
  seen = await page.evaluate(() => window.seen);
  const analysed = seen.find((e) => e.type === 'oci-lens-analyzed');
  assert.equal(analysed.detail.documents, 1);
  assert.equal(analysed.detail.roots[0].kind, 'index');
  assert.ok(Array.isArray(analysed.detail.formats));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page language is the default; themes follow the site and the attribute', async () => {
  const { page, context } = await openGuide('docs/ja.html', { colorScheme: 'dark' });
  const lens = page.locator('oci-lens#near');
  await lens.locator('#tree li').first().waitFor();
  assert.equal(await lens.locator('#tree-heading').textContent(), 'ツリー');
  const bg = () => lens.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await bg(), 'rgb(21, 24, 28)', 'dark by the system setting');
  await lens.evaluate((el) => el.setAttribute('theme', 'light'));
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  // A site's palette, through the custom properties.
  await lens.evaluate((el) => el.style.setProperty('--oci-lens-bg', 'rgb(1, 2, 3)'));
  assert.equal(await bg(), 'rgb(1, 2, 3)');
  // A site's stylesheet reaches the parts (a constructed sheet: the CSP allows no inline style).
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('oci-lens::part(tree) { outline: 3px solid rgb(4, 5, 6); } oci-lens::part(findings) { display: none; }');
    document.adoptedStyleSheets = [sheet];
  });
  assert.equal(await lens.locator('#tree-pane').evaluate((e) => getComputedStyle(e).outlineColor), 'rgb(4, 5, 6)');
  assert.equal(await lens.locator('#findings-pane').isVisible(), false);
  await context.close();
});

test('keyboard and screen readers: axe-core finds nothing serious inside the element', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openGuide('docs/guide.html', { colorScheme });
    const lens = page.locator('oci-lens#near');
    await lens.locator('#tree li').first().waitFor();
    await lens.evaluate((el) => el.setAttribute('view', 'tree details diagram simulator findings'));
    await lens.locator('#diagram svg').waitFor();
    // The tree is one tab stop; arrows move and Enter selects.
    await lens.locator('#tree li[tabindex="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await lens.locator('#tree li[aria-selected="true"]').waitFor();
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run({ include: [['oci-lens#near']] }, { resultTypes: ['violations'] }));
    assert.ok(result.passes.length > 10, `axe checked only ${result.passes.length} rules`);
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(bad, [], colorScheme);
    await context.close();
  }
});
