// dist/ocilens.html (scripts/build): the page as one file, opened from disk (file://) in
// Chromium with the network off and every request but the file itself refused. Paste, tree,
// details (with the explanations module), the simulator (its module), both languages, an
// example, and SVG and PNG export all work from inside the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { root, fixture } from './harness.mjs';

const file = path.join(root, 'dist/ocilens.html');
const url = pathToFileURL(file).href;
let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});
after(async () => { await browser?.close(); });

async function openFile(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', ...options });
  await context.setOffline(true);
  const refused = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    refused.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('#analyse');
  return { page, context, errors, refused };
}

test('one file, from disk, with no network: paste, tree, details, simulator, languages', async () => {
  assert.ok(fs.existsSync(file), 'scripts/build made dist/ocilens.html');
  const { page, context, errors, refused } = await openFile();
  await page.fill('#input', fixture('imagetools/text-index-with-attestations.txt'));
  await page.click('#analyse');
  await page.locator('#tree li[data-kind="index"]').waitFor();
  assert.ok(await page.locator('#tree li[role=treeitem]').count() >= 7);
  // Details, with the media type explained by the explanations module from inside the file.
  await page.locator('#tree li[data-kind="index"] > .row').click();
  await page.locator('#details:not([aria-busy])').waitFor();
  assert.match(await page.locator('#details').textContent(), /index/i);
  assert.ok(await page.locator('#details .meaning, #details .explanation').count() >= 1, 'media type explained');
  // The simulator module, from inside the file.
  await page.selectOption('#host', 'apple-silicon-mac');
  await page.locator('#sim-summary').waitFor();
  assert.equal(await page.locator('#tree li[data-chosen="true"]').count(), 1);
  // Japanese.
  await page.selectOption('#lang', 'ja');
  await page.locator('#tree-heading', { hasText: 'ツリー' }).waitFor();
  assert.match(await page.locator('#sim-summary').textContent(), /プル/);
  // Fetching says it needs the network; online, that it needs the served page. (Chromium 148
  // reports navigator.onLine true for a page loaded in an offline context until the emulation
  // changes while it is open: set it again, as a real network going away does.)
  await context.setOffline(false);
  await context.setOffline(true);
  await page.fill('#fetch-ref', 'ghcr.io/example/app:1');
  await page.click('#fetch-go');
  await page.locator('#fetch-status', { hasText: 'オフライン' }).waitFor();
  await context.setOffline(false);
  await page.click('#fetch-go');
  await page.locator('#fetch-status', { hasText: 'ocilens.html' }).waitFor();
  assert.deepEqual(refused, [], 'no request left the file');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the examples and the SVG and PNG exports work from inside the file', async () => {
  const { page, context, errors, refused } = await openFile({ colorScheme: 'dark' });
  await page.click('button[data-example="reformatted"]');
  await page.locator('#tree li[data-verification="mismatch"]').waitFor();
  await page.locator('#diagram svg').waitFor();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#save-svg')]);
  assert.equal(svg.suggestedFilename(), 'ocilens-diagram.svg');
  assert.match(fs.readFileSync(await svg.path(), 'utf8'), /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#save-png')]);
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(bytes.length > 2000, String(bytes.length));
  assert.deepEqual(refused, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an archive opened in the single file is refused with where to open it', async () => {
  const { page, context, errors, refused } = await openFile();
  const tar = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-single-')), 'layout.tar');
  execFileSync('tar', ['-C', path.join(root, 'tests/fixtures/buildkit-oci-layout'), '-cf', tar, '.']);
  await page.setInputFiles('#files', tar);
  await page.locator('#error', { hasText: 'cannot open archives' }).waitFor();
  assert.match(await page.locator('#error').textContent(), /ocilens analyze FILE/);
  assert.deepEqual(refused, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Compare mode in the single file says where to compare (the file carries no comparison)', async () => {
  const { page, context, errors, refused } = await openFile();
  const m = fixture('manifests/ggcr-docker-schema2-compact.json');
  await page.fill('#input', m);
  await page.click('#compare-toggle');
  await page.fill('#input-b', m);
  await page.locator('#error', { hasText: 'ocilens.html has no Compare mode' }).waitFor();
  assert.match(await page.locator('#error').textContent(), /ocilens diff A B/);
  // The paste is still analysed alone when Compare mode is left.
  await page.click('#compare-toggle');
  await page.locator('#tree > li[data-kind="manifest"]').waitFor();
  assert.deepEqual(refused, []);
  assert.deepEqual(errors, []);
  await context.close();
});
