// After one visit the page works with no network (its service worker, www/sw.js): the page,
// the explanations and the simulator load from the copy it keeps; fetching says it needs the
// network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, fixture } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

test('after one visit the page loads and analyses with the network off', async () => {
  const { page, context, errors } = await open(env);
  // The worker took the page over and kept its files.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const kept = (part) => page.waitForFunction(async (p) => (await (await caches.open('ocilens')).keys())
    .some((r) => r.url.includes(p)), part);
  await kept('/snippets/');
  // A visit that does nothing downloads no module; using the page keeps them.
  const cached = async () => (await page.evaluate(async () =>
    (await (await caches.open('ocilens')).keys()).map((r) => r.url))).filter((u) => u.includes('ocilens-explain'));
  assert.deepEqual(await cached(), []);
  await page.fill('#input', '{}');
  await kept('ocilens-explain_bg.wasm');
  await kept('ocilens-simulator_bg.wasm');
  // Installable: a web app manifest with a name, a start URL in the page's folder and an icon.
  const manifest = await page.evaluate(async () =>
    (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  assert.equal(manifest.short_name, 'ocilens');
  assert.equal(manifest.start_url, './');
  assert.ok(manifest.icons.length > 0);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#analyse');
  await page.fill('#input', fixture('manifests/dockerhub-python-latest-manifest-list.json'));
  const entry = page.locator('#tree li[data-kind="manifest"]').first();
  await entry.waitFor();
  // The modules imported on first use come from the kept copy too.
  await entry.locator(':scope > .row').click();
  await page.locator('#details-explanation:not([aria-busy])').waitFor();
  assert.match(await page.locator('#details-explanation').textContent(), /Docker manifest/);
  await page.selectOption('#host', 'raspberry-pi-32');
  assert.match(await page.locator('#sim-summary').textContent(), /linux\/arm\/v7/);
  // Fetching is the one thing that needs the network, and says so. (Chromium 148 reports
  // navigator.onLine true after a reload in an offline context until the emulation changes while
  // the page is open: set it again, as a real network going away does.)
  await context.setOffline(false);
  await context.setOffline(true);
  await page.fill('#fetch-ref', 'alpine:3.20');
  await page.click('#fetch-go');
  assert.match(await page.locator('#fetch-status').textContent(), /offline/);
  assert.deepEqual(errors, []);
  await context.close();
});
