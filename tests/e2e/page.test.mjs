// End-to-end tests of the page in Debian's Chromium (playwright-core, no downloaded browser).
// Serves dist/ (built by `trunk build --release`) on a random loopback port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');
const fixture = (rel) => fs.readFileSync(path.join(root, 'tests/fixtures', rel), 'utf8');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

let server, base, browser;

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** Opens the page; returns it with the console errors and every request it makes. */
async function open() {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(base);
  await page.waitForSelector('#analyse');
  return { page, errors, requests };
}

async function analyse(page, text) {
  await page.fill('#input', text);
  await page.click('#analyse');
}

test('pasting imagetools text shows the index, three platforms and three attestations', async () => {
  const { page, errors, requests } = await open();
  const loaded = requests.length;
  await analyse(page, fixture('imagetools/text-index-with-attestations.txt'));
  const index = page.locator('#tree li[data-kind="index"]');
  await index.first().waitFor();
  assert.equal(await index.first().getAttribute('data-digest'),
    'sha256:f261f5076b8a1fd3f53cfbd10f647899d5875e4fcd40b1854598a18f580b422d');
  for (const d of ['c99c9b5edfe005e0454c4160388a70520844d1856c1fcc3f8557532d6a034f32',
    'f1b520af44d5e22b9b8702cbbcd651092df8672ed7822851266b17947c2a0962',
    '6105d973c1c672379abfdb63486a0327d612c4fe67bb62e4d20cb910c0008aa9']) {
    assert.equal(await page.locator(`#tree li[data-kind="manifest"][data-digest="sha256:${d}"]`).count(), 1, d);
  }
  const platforms = await page.locator('#tree li[data-kind="manifest"] > .row .platform').allTextContents();
  assert.deepEqual(platforms.sort(), ['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
  assert.equal(await page.locator('#tree li[data-kind="attestation-manifest"]').count(), 3);
  assert.ok(await page.locator('#findings li[data-code="attestation-manifests"]').count() === 1);
  // Analysing sent nothing anywhere: the only requests after the page loaded are the page's own
  // analysis worker, started at the first use (no data in them: GETs of fixed files).
  const after = requests.slice(loaded).map((u) => u.slice(base.length));
  assert.ok(after.includes('ocilens-worker_bg.wasm'), after.join('\n'));
  assert.deepEqual(after.filter((u) => !['worker.js', 'ocilens-worker.js', 'ocilens-worker_bg.wasm'].includes(u)), []);
  assert.ok(requests.every((u) => u.startsWith(base)), requests.join('\n'));
  assert.deepEqual(errors, []);
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(root, 'docs/screenshot.png'), fullPage: false });
  await page.close();
});

test('a raw manifest pasted with its index verifies against the index', async () => {
  const { page, errors } = await open();
  const dir = 'buildkit-oci-layout/blobs/sha256/';
  const index = fixture(dir + '5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c');
  const amd64 = fixture(dir + '0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b');
  await analyse(page, `$ crane manifest example/app\n${index}\n\n$ crane manifest example/app@sha256:0f90\n${amd64}\n`);
  const m = page.locator('#tree li[data-digest="sha256:0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b"]');
  await m.first().waitFor();
  assert.equal(await m.first().getAttribute('data-verification'), 'verified');
  assert.equal(await m.first().locator(':scope > .row .platform').textContent(), 'linux/amd64');
  assert.deepEqual(errors, []);
  await page.close();
});

test('markup in pasted values stays text', async () => {
  const { page, errors } = await open();
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: evil, digest: 'sha256:' + 'a'.repeat(64), size: 1,
      platform: { os: evil, architecture: 'amd64' }, annotations: { [evil]: evil } }],
  });
  await analyse(page, manifest);
  await page.locator('#tree li').first().waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#tree img, #findings img, #tree script').count(), 0);
  assert.ok((await page.locator('#tree').textContent()).includes('<img src=x'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the language switch relabels the page and the findings', async () => {
  const { page } = await open();
  await analyse(page, fixture('manifests/ggcr-docker-schema2-compact.json'));
  await page.locator('#findings li').first().waitFor();
  await page.selectOption('#lang', 'ja');
  assert.equal(await page.locator('#analyse').textContent(), '解析');
  assert.match(await page.locator('#findings').textContent(), /[\u3040-\u30ff]/);
  await page.close();
});
