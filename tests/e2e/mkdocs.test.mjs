// A real docs site: examples/mkdocs built by MkDocs Material (`mkdocs build`), its ```ocilens
// fences turned into <oci-lens> elements, opened in Chromium: every widget shows its tree,
// follows the site's dark palette, speaks Japanese, and nothing is requested outside the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { root } from './harness.mjs';

let site;
let server;
let base;
let browser;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-mkdocs-'));
  execFileSync('python3', ['-m', 'mkdocs', 'build', '--quiet', '--strict', '--site-dir', site], {
    cwd: path.join(root, 'examples/mkdocs'),
    env: { ...process.env, OCILENS_DIST: path.join(root, 'dist'), NO_MKDOCS_2_WARNING: '1' },
    stdio: 'pipe',
  });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
  server = http.createServer((req, res) => {
    let file = path.join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file.endsWith('/')) file += 'index.html';
    if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server ? server.close(r) : r());
  fs.rmSync(site, { recursive: true, force: true });
});

async function visit(page, rel) {
  await page.goto(base + rel);
  const widgets = page.locator('oci-lens');
  const n = await widgets.count();
  assert.ok(n >= 1, `${rel}: no widget`);
  for (let i = 0; i < n; i++) {
    await widgets.nth(i).scrollIntoViewIfNeeded();
    await widgets.nth(i).locator('#tree li[role=treeitem]').first().waitFor();
  }
  return widgets;
}

test('every fence of every page is a widget showing its tree, with no request outside the site', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  let total = 0;
  for (const rel of ['', 'single/', 'ja/']) {
    const widgets = await visit(page, rel);
    total += await widgets.count();
    // Each widget is the fence's text: the markdown left it alone (no <p>, no entities).
    for (let i = 0; i < await widgets.count(); i++) {
      const text = await widgets.nth(i).locator('script[type="text/plain"]').textContent();
      assert.ok(!text.includes('&lt;') && !text.includes('&amp;'), 'fence text is not escaped');
    }
  }
  assert.equal(total, 4, 'the fences of the three pages');
  // The fence options became attributes: the Mac's pull, depth 1.
  await page.goto(base);
  const mac = page.locator('oci-lens').first();
  await mac.locator('#sim-summary').waitFor();
  assert.equal(await mac.locator('#tree li[data-chosen="true"]').count(), 1);
  const site = new URL(base).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(site)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the widgets follow the site\'s dark palette and its language', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const widgets = await visit(page, '');
  const colours = () => widgets.first().evaluate((el) => ({
    widget: getComputedStyle(el).backgroundColor,
    site: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(el).color,
  }));
  const light = await colours();
  assert.equal(light.widget, light.site, 'light: the site\'s background');
  // Material's palette toggle: the slate scheme.
  await page.locator('label[for="__palette_1"]').click();
  await page.waitForFunction(() => document.body.dataset.mdColorScheme === 'slate');
  const dark = await colours();
  assert.equal(dark.widget, dark.site, 'dark: the site\'s background');
  assert.notEqual(dark.widget, light.widget);
  assert.notEqual(dark.text, light.text);
  // The Japanese page's widget is in Japanese; an English one switches with its attribute.
  assert.equal(await widgets.first().locator('#tree-heading').textContent(), 'Tree');
  await widgets.first().evaluate((el) => el.setAttribute('lang', 'ja'));
  await widgets.first().locator('#tree-heading', { hasText: 'ツリー' }).waitFor();
  const ja = await visit(page, 'ja/');
  assert.equal(await ja.first().locator('#tree-heading').textContent(), 'ツリー');
  await ja.first().locator('#sim-summary').waitFor();
  assert.match(await ja.first().locator('#sim-summary').textContent(), /プル/);
  await context.close();
});
