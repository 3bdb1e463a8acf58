// The learner's page: analyse as you paste, examples, files and drops, details, keyboard tree,
// simulator, grouped findings, themes and phone width. See harness.mjs for the server/browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { start, open, fixture, fixturePath, screenshot, ownWorker } from './harness.mjs';
import { bigPaste, timePaste } from './bench.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const BUILDKIT = 'buildkit-oci-layout/blobs/sha256/';
const INDEX = 'sha256:5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c';
const AMD64 = 'sha256:0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b';
const PY_AMD64 = 'sha256:ec43d739179d1979274d05ac081e279c97cfe5ca31777b7de3ec77ff82909073';

async function example(page, id) {
  // Start from an empty tree, so the wait below sees this example's tree, not the last one.
  await page.click('#clear');
  await page.click(`button[data-example="${id}"]`);
  await page.locator('#tree li[role=treeitem]').first().waitFor();
}

test('pasting analyses without the button, names the format, makes no request, and survives a reload; Clear empties it', async () => {
  const { page, context, errors, requests } = await open(env);
  const loaded = requests.length;
  // fill() fires one input event; the button is never pressed.
  await page.fill('#input', fixture('imagetools/text-index-with-attestations.txt'));
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  assert.equal(await page.locator('#formats [data-format="imagetools-text"]').count(), 1);
  assert.equal(await page.locator('#tree li[data-kind="attestation-manifest"]').count(), 3);
  assert.deepEqual(requests.slice(loaded).filter((u) => !ownWorker(u)), [], 'analysing a paste made a request');

  await page.reload();
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  assert.equal(await page.inputValue('#input'), fixture('imagetools/text-index-with-attestations.txt'));

  await page.click('#clear');
  assert.equal(await page.inputValue('#input'), '');
  assert.equal(await page.locator('#tree li').count(), 0);
  assert.equal(await page.locator('#findings li').count(), 0);
  await page.reload();
  await page.waitForSelector('#analyse');
  assert.equal(await page.inputValue('#input'), '');
  assert.equal(await page.locator('#tree li').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('typing is debounced: only the last text is analysed', async () => {
  const { page, context } = await open(env);
  await page.locator('#input').pressSequentially('{"schemaVersion"', { delay: 5 });
  await page.fill('#input', fixture('manifests/dockerhub-python-linux-amd64-schema2.json'));
  await page.locator(`#tree li[data-digest="${PY_AMD64}"]`).waitFor();
  assert.equal(await page.locator('#findings li[data-code="json-syntax"]').count(), 0);
  // A prompt line is set aside, and the page says so.
  await page.fill('#input', '$ crane manifest python@sha256:ec43\n' + fixture('manifests/dockerhub-python-linux-amd64-schema2.json'));
  await page.locator('#set-aside li').waitFor();
  assert.match(await page.locator('#set-aside').textContent(), /line 1/);
  await context.close();
});

test('the language follows the browser, and a chosen language is remembered', async () => {
  const ja = await open(env, { locale: 'ja-JP' });
  assert.equal(await ja.page.locator('#analyse').textContent(), '解析');
  assert.equal(await ja.page.getAttribute('html', 'lang'), 'ja');
  await ja.page.selectOption('#lang', 'en');
  assert.equal(await ja.page.locator('#analyse').textContent(), 'Analyse');
  await ja.page.reload();
  await ja.page.waitForSelector('#analyse');
  assert.equal(await ja.page.locator('#analyse').textContent(), 'Analyse');
  await ja.context.close();

  const en = await open(env);
  assert.equal(await en.page.locator('#clear').textContent(), 'Clear');
  await en.context.close();

  // Everything the page says switches: labels, gallery, details, simulator, findings.
  const { page, context } = await open(env);
  await example(page, 'windows');
  await page.click('#tree li[data-kind="manifest"] > .row');
  // The explanation arrives from the explanations module.
  await page.locator('#details-explanation:not([aria-busy])').waitFor();
  await page.selectOption('#lang', 'ja');
  const jp = /[\u3040-\u30ff\u4e00-\u9fff]/;
  for (const sel of ['#tagline', '#input-label', '#clear', '#open-label', '#folder-label', '#share', '#drop-hint',
    '#examples-heading', '#tree-heading', '#details-heading', '#diagram-heading', '#save-svg', '#save-png',
    '#sim-heading', '#host-label', '#custom-label', '#findings-heading', '#formats',
    '#details-title', '#details-explanation', '#sim-summary', '#host option[value="windows-server-2022"]',
    '#examples button[data-example="windows"] .caption', '#findings .finding .message', '#diagram g.box text']) {
    assert.match(await page.locator(sel).first().textContent(), jp, sel);
  }
  await context.close();
});

test('every example loads from the page itself and teaches what its caption says', async () => {
  const { page, context, errors, requests } = await open(env);
  const loaded = requests.length;
  assert.equal(await page.locator('#examples button[data-example]').count(), 8);
  for (const b of await page.locator('#examples button[data-example]').all()) {
    assert.ok((await b.locator('.caption').textContent()).length > 40);
  }

  await example(page, 'multi-platform-text');
  assert.equal(await page.locator('#tree li[data-kind="attestation-manifest"]').count(), 3);
  await page.evaluate(() => document.getElementById('formats').scrollIntoView());
  await screenshot(page, 'screenshot-examples.png');

  await example(page, 'multi-platform-json');
  await page.locator('#tree li[data-kind="index"][data-verification="cannot-recompute"]').waitFor();
  assert.equal(await page.inputValue('#host'), 'apple-silicon-mac');
  assert.equal(await page.locator('#tree li[data-chosen="true"] > .row .platform').first().textContent(), 'linux/arm64');

  await example(page, 'single-platform');
  await page.locator('#findings li[data-code="single-platform-image"]').waitFor();
  assert.equal(await page.locator('#tree > li').first().getAttribute('data-kind'), 'manifest');

  await example(page, 'windows');
  assert.equal(await page.inputValue('#host'), 'windows-server-2022');
  const platforms = await page.locator('#tree li[data-kind="manifest"] > .row .platform').allTextContents();
  assert.ok(platforms.filter((p) => p.startsWith('windows/')).length >= 2, platforms.join());
  assert.equal(await page.locator('#tree li[data-chosen="true"] > .row .platform').textContent(), 'windows/amd64');

  await example(page, 'artifact');
  await page.locator('#tree li[data-kind="referrer"]').waitFor();
  await page.click('#tree li[data-kind="referrer"] > .row');
  assert.match(await page.locator('#details-class').textContent(), /artifact/i);

  await example(page, 'schema1');
  await page.locator('#tree li[data-kind="schema1-manifest"]').waitFor();
  assert.equal(await page.locator('#findings li[data-code="schema1-legacy"]').count(), 1);

  await example(page, 'reformatted');
  await page.locator('#tree li[data-kind="manifest"][data-verification="mismatch"]').waitFor();
  await page.click('#findings li[data-code="digest-mismatch"] button.show-node');
  const claim = page.locator('#digest-check li[data-verdict="mismatch"]');
  assert.equal(await claim.locator('[data-cause="reformatted"]').count(), 1);
  // The claim is the list's digest for linux/amd64, the bytes hash to another.
  assert.equal(await claim.locator('code').textContent(), PY_AMD64);
  assert.match(await claim.textContent(), /the descriptor pointing at it/);

  await example(page, 'arm64-on-amd64');
  assert.equal(await page.inputValue('#host'), 'ubuntu-x86-64');
  assert.match(await page.locator('#sim-summary').textContent(), /exec format error/);
  assert.ok((await page.locator('#sim-fix').textContent()).includes('--platform linux/amd64'));

  const extra = requests.slice(loaded);
  assert.ok(extra.length > 0);
  // The examples, and the simulator module the last one's host needs: all from the page itself.
  const own = (u) => ['examples/', 'ocilens-simulator', 'ocilens-explain', 'worker.js', 'ocilens-worker'].some((p) => u.startsWith(env.base + p));
  assert.ok(extra.every(own), extra.join('\n'));
  assert.ok(extra.some((u) => u.startsWith(env.base + 'ocilens-simulator')), 'the simulator module is imported for the host');
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening several files and dropping files analyse them as one', async () => {
  const { page, context, errors, requests } = await open(env);
  const loaded = requests.length;
  await page.setInputFiles('#files', [fixturePath(BUILDKIT + INDEX.slice(7)), fixturePath(BUILDKIT + AMD64.slice(7))]);
  const m = page.locator(`#tree li[data-digest="${AMD64}"]`).first();
  await m.waitFor();
  assert.equal(await m.getAttribute('data-verification'), 'verified');
  assert.match(await page.locator('#formats').textContent(), /2 file/);

  await page.click('#clear');
  const files = ['index.json', 'oci-layout', ...fs.readdirSync(fixturePath('buildkit-oci-layout/blobs/sha256')).map((f) => 'blobs/sha256/' + f)]
    .map((name) => ({ name: 'layout/' + name, bytes: [...fs.readFileSync(fixturePath('buildkit-oci-layout/' + name))] }));
  const dragging = await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    const main = document.getElementById('ocilens');
    main.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const shown = main.classList.contains('dragging');
    main.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return [shown, main.classList.contains('dragging')];
  }, files);
  assert.deepEqual(dragging, [true, false], 'the drop target is shown while dragging, then hidden');
  const idx = page.locator(`#tree li[data-digest="${INDEX}"]`).first();
  await idx.waitFor();
  assert.equal(await idx.getAttribute('data-verification'), 'verified');
  assert.deepEqual(requests.slice(loaded).filter((u) => !ownWorker(u)), [], 'reading files made a request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chosen file is its bytes, even tab-indented; the same text pasted is taken for docker manifest inspect output', async () => {
  const { page, context, errors } = await open(env);
  const rel = 'docker-cli/manifest-inspect-plain-manifest.golden';
  const digest = 'sha256:' + crypto.createHash('sha256').update(fs.readFileSync(fixturePath(rel))).digest('hex');
  await page.setInputFiles('#files', [fixturePath(rel)]);
  await page.locator(`#tree li[data-digest="${digest}"]`).first().waitFor();
  await page.locator('#findings li[data-code="looks-reindented"]').waitFor();
  await page.click('#clear');
  await page.fill('#input', fixture(rel));
  await page.locator('#findings li[data-code="digest-not-recomputable"]').waitFor();
  assert.equal(await page.locator(`#tree li[data-digest="${digest}"]`).count(), 0);
  assert.equal(await page.locator('#findings li[data-code="looks-reindented"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a Windows host the simulator gives classic Docker\'s answer beside containerd\'s', async () => {
  const { page, context, errors } = await open(env);
  const entry = (c, p) => ({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: 'sha256:' + c.repeat(64), size: 10, platform: p });
  const index = {
    schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', manifests: [
      entry('a', { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763.6054' }),
      entry('b', { architecture: 'amd64', os: 'windows', 'os.version': '10.0.20348.2582' }),
    ],
  };
  await page.fill('#input', JSON.stringify(index));
  await page.locator('#tree li[role=treeitem]').first().waitFor();
  await page.selectOption('#host', 'windows-server-2025');
  await page.locator('#sim-classic').waitFor();
  // containerd takes 2022 (its floor is 20348); classic Docker takes the first build not newer than the host's.
  assert.equal(await page.locator('#candidates li[data-chosen="true"]').getAttribute('data-digest'), 'sha256:' + 'b'.repeat(64));
  assert.match(await page.locator('#sim-classic').textContent(), /classic image store.*pulls entry 0 instead.*takes entry 1/);
  await page.selectOption('#host', 'windows-server-2022');
  await page.waitForFunction(() => /same entry, 1/.test(document.getElementById('sim-classic')?.textContent || ''));
  await page.selectOption('#host', 'ubuntu-x86-64');
  await page.locator('#sim-summary').waitFor();
  await page.waitForFunction(() => !document.getElementById('sim-classic'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a pasted docker pull log is shown beside the tree, each id with the blob it names', async () => {
  const { page, context, errors } = await open(env);
  const layer = 'sha256:' + '5'.repeat(64);
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:' + '6'.repeat(64), size: 2 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 10 }],
  });
  const digest = 'sha256:' + crypto.createHash('sha256').update(manifest).digest('hex');
  const log = ['$ docker pull registry.example/app:1.0', '1.0: Pulling from app', '555555555555: Pull complete',
    '777777777777: Already exists', `Digest: ${digest}`, 'Status: Downloaded newer image for registry.example/app:1.0',
    'registry.example/app:1.0', ''].join('\n');
  await page.fill('#input', log + manifest);
  const row = page.locator('#pull-logs li[data-id="555555555555"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-names'), layer);
  assert.match(await row.textContent(), /Pull complete.*layer sha256:555555555555/);
  assert.match(await page.locator('#pull-logs li[data-id="777777777777"]').textContent(), /in none of the documents given/);
  assert.match(await page.locator('#pull-logs h3').textContent(), /docker pull registry\.example\/app:1\.0/);
  await row.locator('button').click();
  assert.equal(await page.locator(`#tree li[data-digest="${layer}"]`).first().getAttribute('aria-selected'), 'true');
  // What it means, in words: the pull-log finding; and the input is named a pull log.
  assert.match(await page.locator('#findings li[data-code="pull-log"]').textContent(), /single-platform image/);
  assert.equal(await page.locator('#formats [data-format="docker-pull"]').count(), 1);
  await page.selectOption('#lang', 'ja');
  await page.waitForFunction(() => /ツリーで表示/.test(document.getElementById('pull-logs').textContent));
  assert.match(await page.locator('#pull-logs li[data-id="555555555555"]').textContent(), /レイヤー/);
  assert.match(await page.locator('#findings li[data-code="pull-log"]').textContent(), /単一プラットフォーム/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('docker history and docker images from a real daemon are shown row by row, and the box says which digest is which', async () => {
  const { page, context, errors } = await open(env);
  const d = (f) => fixture(`docker-daemon/${f}`);
  const manifest = JSON.parse(d('registry/app-manifest.json'));
  const config = manifest.config.digest;
  const layer3 = manifest.layers[2].digest;
  await page.fill('#input', [d('history.txt'), d('images-digests.txt'), d('registry/app-manifest.json'), d('registry/app-config.json')].join('\n'));
  const tables = page.locator('#pull-logs section.docker-table');
  await tables.nth(1).waitFor();
  // The history: the top row is the config (the classic store's IMAGE ID), the COPY of app.bin made layer 3.
  const top = tables.nth(0).locator('li.table-row').first();
  assert.equal(await top.getAttribute('data-names'), config);
  assert.match(await top.textContent(), /the image's ID: its config's digest/);
  const copy = tables.nth(0).locator(`li.table-row[data-names="${layer3}"]`);
  assert.match(await copy.textContent(), /<missing>.*layer 3 sha256:.*Made layer 3/);
  await copy.locator('button').click();
  assert.equal(await page.locator(`#tree li[data-digest="${layer3}"]`).first().getAttribute('aria-selected'), 'true');
  // The details of a layer say which digest is which for its whole image: manifest, config, each
  // layer compressed and its diff_id (the config's, as docker inspect's RootFS.Layers).
  await page.locator('#identities summary').click();
  assert.equal(await page.locator('#identities li[data-role="layer"]').count(), manifest.layers.length);
  assert.equal(await page.locator('#identities li[data-role="diff-id"]').count(), manifest.layers.length);
  assert.match(await page.locator('#identities li[data-role="config"]').textContent(), new RegExp(config.slice(7)));
  assert.match(await page.locator('#identities li[data-role="diff-id"]').first().textContent(), /RootFS\.Layers/);
  assert.match(await tables.nth(1).locator('li.table-row').first().textContent(), /IMAGE ID [0-9a-f]{12} is the config's digest/);
  assert.equal(await page.locator('#findings li[data-code="docker-history"]').count(), 1);
  assert.equal(await page.locator('#formats [data-format="docker-history"]').count(), 1);
  // Which digest is this? The 12 digits docker images printed, then a diff_id from docker inspect.
  await page.fill('#which-hash', config.slice(7, 19));
  await page.locator('#which-out li[data-role="config"]').waitFor();
  assert.match(await page.locator('#which-out').textContent(), /IMAGE ID of Docker's classic image store/);
  const inspect = JSON.parse(d('inspect-app.json'))[0];
  await page.fill('#which-hash', inspect.RootFS.Layers[0]);
  await page.locator('#which-out li[data-role="diff-id"]').waitFor();
  await page.fill('#which-hash', 'not a hash');
  await page.waitForFunction(() => /Not a hash/.test(document.getElementById('which-out').textContent));
  await page.fill('#which-hash', manifest.layers[0].digest);
  await page.locator('#which-out li[data-role="layer"] button').click();
  assert.equal(await page.locator(`#tree li[data-digest="${manifest.layers[0].digest}"]`).first().getAttribute('aria-selected'), 'true');
  await page.selectOption('#lang', 'ja');
  await page.waitForFunction(() => /レイヤー 1（圧縮後）/.test(document.getElementById('which-out').textContent));
  assert.match(await top.textContent(), /config のダイジェスト/);
  assert.match(await page.locator('#which-hash-label').textContent(), /このダイジェストは何/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a docker push log names each layer by its diff_id, beside the tree', async () => {
  const { page, context, errors } = await open(env);
  const d = (f) => fixture(`docker-daemon/${f}`);
  const manifest = JSON.parse(d('registry/app-manifest.json'));
  const config = JSON.parse(d('registry/app-config.json'));
  await page.fill('#input', [d('push-app.txt'), d('registry/app-manifest.json'), d('registry/app-config.json')].join('\n'));
  await page.locator('#pull-logs section.pull-log').waitFor();
  assert.match(await page.locator('#pull-logs h3').textContent(), /^docker push 127\.0\.0\.1:\d+\/ocilens\/app:1/);
  // The last layer's id is its diff_id's first 12 digits; it names the compressed layer.
  const last = config.rootfs.diff_ids[2].slice(7, 19);
  assert.equal(await page.locator(`#pull-logs li[data-id="${last}"]`).getAttribute('data-names'), manifest.layers[2].digest);
  assert.match(await page.locator('#findings li[data-code="push-log"]').textContent(), /diff_id/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the diagram draws the tree left to right, selects on click, shows the pulled image, and saves as SVG and PNG', async () => {
  const { page, context, errors } = await open(env);
  await example(page, 'multi-platform-text');
  const boxes = page.locator('#diagram g.box');
  assert.equal(await boxes.count(), await page.locator('#tree li[role=treeitem]').count());
  // Left to right: the index box is left of its manifests.
  const x = async (sel) => Number(await page.locator(`${sel} rect`).first().getAttribute('x'));
  assert.ok(await x('#diagram g[data-kind="index"]') < await x('#diagram g[data-kind="manifest"]'));
  const box = page.locator('#diagram g[data-kind="manifest"]').nth(1);
  const path = await box.getAttribute('data-path');
  await box.click();
  assert.equal(await page.locator(`#tree li[data-path="${path}"]`).getAttribute('aria-selected'), 'true');
  assert.equal(await box.getAttribute('aria-current'), 'true');
  assert.match(await page.locator('#details-title').textContent(), /manifest/);

  await page.selectOption('#host', 'raspberry-pi-32');
  await page.locator('#sim-summary').waitFor();
  const chosen = page.locator('#diagram g[data-chosen="true"]');
  assert.equal(await chosen.count(), 1);
  assert.equal(await chosen.getAttribute('data-path'), await page.locator('#tree li[data-chosen="true"]').getAttribute('data-path'));
  await page.locator('#diagram-pane').scrollIntoViewIfNeeded();
  await screenshot(page, 'screenshot-diagram.png');

  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#save-svg')]);
  assert.equal(svg.suggestedFilename(), 'ocilens-diagram.svg');
  const text = fs.readFileSync(await svg.path(), 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(text.includes('sha256:f261f5076b8a'), 'the index digest is in the file');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#save-png')]);
  assert.equal(png.suggestedFilename(), 'ocilens-diagram.png');
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(bytes.length > 2000, String(bytes.length));
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening an OCI layout folder reads it as a layout', async () => {
  const { page, context, errors } = await open(env);
  await page.setInputFiles('#folder', fixturePath('buildkit-oci-layout'));
  const idx = page.locator(`#tree li[data-digest="${INDEX}"]`).first();
  await idx.waitFor();
  assert.equal(await idx.getAttribute('data-verification'), 'verified');
  assert.equal(await page.locator('#formats [data-format="oci-layout"]').count(), 1);
  assert.match(await page.locator('#formats').textContent(), /buildkit-oci-layout\/index\.json/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the tree works with the keyboard and the details explain the selected node', async () => {
  const { page, context, errors } = await open(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  const text = fixture('manifests/dockerhub-python-latest-manifest-list.json');
  await page.fill('#input', text);
  const root = page.locator('#tree > li').first();
  await root.waitFor();
  assert.equal(await page.locator('#tree li[tabindex="0"]').count(), 1);

  await root.click({ position: { x: 40, y: 8 } });
  assert.equal(await root.getAttribute('aria-selected'), 'true');
  assert.ok(await root.evaluate((e) => e === document.activeElement));
  assert.match(await page.locator('#details-title').textContent(), /index|list/i);
  // The explanation comes from the explanations module, in the core's words; the focus stays.
  await page.locator('#details-explanation:not([aria-busy])').waitFor();
  assert.match(await page.locator('#details-explanation').textContent(), /^Docker manifest list: .*Spec: https:/);
  assert.ok(await root.evaluate((e) => e === document.activeElement));
  // The raw document is the exact pasted text.
  assert.equal(await page.locator('#raw').textContent(), text);
  assert.match(await page.locator('#digest-check').textContent(), /2355 bytes/);

  await page.keyboard.press('ArrowDown');
  const first = page.locator('#tree > li > ul > li').first();
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  assert.equal(await root.getAttribute('aria-selected'), 'false');
  assert.equal(await page.locator('#full-digest').textContent(), await first.getAttribute('data-digest'));
  await page.keyboard.press('End');
  assert.equal(await page.locator('#tree > li > ul > li').last().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Home');
  assert.equal(await root.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await root.getAttribute('aria-expanded'), 'false');
  assert.equal(await first.isVisible(), false);
  await page.keyboard.press('ArrowDown'); // nothing below a collapsed root
  assert.equal(await root.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await root.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await root.getAttribute('aria-selected'), 'true');

  // Annotations and platform of an entry; the copy button copies the full digest.
  const win = page.locator('#tree li[data-kind="manifest"]').filter({ hasText: 'windows/amd64' }).first();
  await win.locator(':scope > .row').click();
  assert.match(await page.locator('#details dl.facts').first().textContent(), /os\.version|10\.0\./);
  await page.click('#copy-digest');
  await page.locator('#copy-status').filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await win.getAttribute('data-digest'));
  await screenshot(page, 'screenshot-details.png');

  // A config: os/arch and created; an attestation: its decoded statement.
  await page.fill('#input', fixture(BUILDKIT + '6b2a0dfca3903c0a2022f224f818eedd9d055ebbef7c8208b35cd7d3b4f54088') + '\n'
    + fixture(BUILDKIT + '5970ba3213a11ce3effb14d9c38d9714a180d846cf8e8a53650acd09111c902f'));
  await page.locator('#tree li[data-kind="config"][data-verification="verified"]').waitFor();
  await page.click('#tree li[data-kind="config"] > .row');
  assert.match(await page.locator('#config-facts').textContent(), /linux\/arm64/);
  assert.ok(await page.locator('#config-facts #history li').count() >= 1);
  assert.match(await page.locator('#digest-check').textContent(), /matches|一致/);
  await page.fill('#input', fixture('attestations/intoto-slsa-v1-provenance-buildkit.json'));
  await page.locator('#tree li[data-kind="attestation"]').waitFor();
  await page.click('#tree li[data-kind="attestation"] > .row');
  assert.match(await page.locator('#attestation-facts').textContent(), /slsa\.dev\/provenance\/v1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('markup in annotations, labels, media types, reference names and the custom host stays text everywhere', async () => {
  const { page, context, errors, requests } = await open(env);
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', created: evil,
    config: { Labels: { [evil]: evil }, Env: [evil] }, rootfs: { type: 'layers', diff_ids: [] } });
  const sha = (s) => 'sha256:' + crypto.createHash('sha256').update(s).digest('hex');
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: [{ mediaType: evil, digest: 'sha256:' + 'b'.repeat(64), size: 1, annotations: { [evil]: evil } }],
    annotations: { 'org.opencontainers.image.ref.name': evil } });
  const loaded = requests.length;
  await page.fill('#input', `$ crane manifest ${evil}\n${manifest}\n${config}\n`);
  const nodes = page.locator('#tree li[role=treeitem]');
  await nodes.first().waitFor();
  for (let i = 0; i < await nodes.count(); i++) {
    await nodes.nth(i).locator(':scope > .row').click();
    await page.locator('#details-title').waitFor();
  }
  await page.click('#tree li[data-kind="config"] > .row');
  assert.ok((await page.locator('#config-facts').textContent()).includes('<script>'));
  await page.click('#tree li[data-kind="layer"] > .row');
  assert.ok((await page.locator('#annotations').textContent()).includes('<img src=x'));
  await page.selectOption('#host', 'custom');
  await page.fill('#host-custom', evil);
  await page.locator('#sim-parse-error').waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  for (const region of ['#tree', '#details', '#diagram', '#findings', '#sim', '#formats']) {
    assert.equal(await page.locator(`${region} img, ${region} script`).count(), 0, region);
  }
  assert.ok((await page.locator('#diagram').textContent()).includes('<img'));
  // Only the page's own analysis worker, explanations and simulator modules (an injected image
  // would load x).
  const modules = ['ocilens-explain', 'ocilens-simulator'].map((m) => env.base + m);
  const made = requests.slice(loaded).filter((u) => !modules.some((m) => u.startsWith(m)) && !ownWorker(u));
  assert.deepEqual(made, [], 'a request was made (an injected image would load x)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('annotations are explained', async () => {
  const { page, context } = await open(env);
  await page.fill('#input', fixture(BUILDKIT + INDEX.slice(7)));
  const att = page.locator('#tree li[data-kind="attestation-manifest"]').first();
  await att.waitFor();
  await att.locator(':scope > .row').click();
  const ann = page.locator('#annotations');
  assert.match(await ann.textContent(), /vnd\.docker\.reference\.type/);
  // The meanings come from the explanations module, imported on the first selection.
  await page.locator('#annotations .meaning:not([aria-busy])').first().waitFor();
  assert.equal(await ann.locator('[aria-busy]').count(), 0);
  assert.match(await ann.locator('.meaning').first().textContent(), /\w{4}/);
  await context.close();
});

test('the simulator picks an entry, explains each candidate, prints the runtime error, and explains a single manifest', async () => {
  const { page, context, errors } = await open(env);
  await page.fill('#input', fixture('manifests/dockerhub-python-latest-manifest-list.json'));
  await page.locator('#tree > li').first().waitFor();
  assert.ok(await page.locator('#host option').count() >= 12);

  await page.selectOption('#host', 'raspberry-pi-32');
  await page.locator('#candidates').waitFor();
  const chosen = page.locator('#tree li[data-chosen="true"]');
  assert.equal(await chosen.count(), 1);
  assert.equal(await chosen.locator(':scope > .row .platform').textContent(), 'linux/arm/v7');
  assert.ok(await page.locator('#candidates li[data-accepted="false"]').count() > 5);
  assert.equal(await page.locator('#candidates li[data-chosen="true"]').getAttribute('data-digest'), await chosen.getAttribute('data-digest'));
  await page.evaluate(() => document.getElementById('simulator').scrollIntoView());
  await screenshot(page, 'screenshot-simulator.png');

  await page.selectOption('#host', 'custom');
  // A Windows host of a given build pulls the entry of that build.
  await page.fill('#host-custom', 'windows(10.0.17763)/amd64');
  await page.locator('#candidates').waitFor();
  assert.equal(await page.locator('#tree li[data-chosen="true"]').getAttribute('data-digest'),
    'sha256:28a844614587f4594626999fe4193dcfc68a9f37fbc688f9af704016f3d53fa1');
  await page.fill('#host-custom', 'linux/riscv64');
  await page.locator('#sim-runtime-error').waitFor();
  assert.match(await page.locator('#sim-runtime-error').textContent(), /no match|not found|manifest/i);
  assert.match(await page.locator('#sim-fix').textContent(), /buildx build --platform linux\/riscv64/);
  assert.equal(await page.locator('#tree li[data-chosen]').count(), 0);

  await page.fill('#input', fixture('manifests/dockerhub-python-linux-amd64-schema2.json'));
  await page.locator(`#tree > li[data-kind="manifest"][data-digest="${PY_AMD64}"]`).waitFor();
  assert.match(await page.locator('#sim-summary').textContent(), /no index/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('findings are grouped by severity, carry their fix, and select their node', async () => {
  const { page, context } = await open(env);
  await example(page, 'reformatted');
  const groups = await page.locator('#findings section[data-severity]').evaluateAll((s) => s.map((e) => e.dataset.severity));
  assert.deepEqual(groups, ['error', 'info']);
  const f = page.locator('#findings section[data-severity="error"] li[data-code="digest-mismatch"]');
  assert.ok((await f.locator('.fix').textContent()).length > 10);
  await f.locator('button.show-node').click();
  const node = page.locator('#tree li[aria-selected="true"]');
  assert.equal(await node.getAttribute('data-kind'), 'manifest');
  assert.equal(await node.getAttribute('data-verification'), 'mismatch');
  assert.equal(await node.locator(':scope > .row .platform').textContent(), 'linux/amd64');
  // Every "Show in tree" button of every example leads to the node of its document.
  for (const id of ['multi-platform-text', 'multi-platform-json', 'single-platform', 'windows', 'artifact', 'schema1', 'arm64-on-amd64']) {
    await example(page, id);
    for (const b of await page.locator('#findings button.show-node').all()) {
      const d = await b.getAttribute('data-document');
      await b.click();
      assert.equal(await page.locator('#tree li[aria-selected="true"]').getAttribute('data-document'), d, `${id}: document ${d}`);
    }
  }
  await context.close();
});

test('phone width and dark theme: nothing overflows sideways, focus is visible', async () => {
  const { page, context } = await open(env, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await example(page, 'windows');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    'the page scrolls sideways at 390 px');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(21, 24, 28)');
  await page.focus('#analyse');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
  await page.click('#tree li[data-kind="manifest"] > .row');
  await page.evaluate(() => document.getElementById('tree-heading').scrollIntoView());
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    'the page scrolls sideways at 390 px with a node selected');
  await screenshot(page, 'screenshot-phone-dark.png');
  await context.close();
});

test('a large input (500 manifests with configs) renders lazily and stays usable', async () => {
  const { page, context, errors } = await open(env);
  const text = bigPaste(500);
  assert.ok(text.length > 800_000, String(text.length));
  await timePaste(page, text);
  // The index's 500 entries, 200 at a time.
  const verified = page.locator('#tree li[data-kind="manifest"][data-verification="verified"]');
  assert.equal(await verified.count(), 200);
  const more = page.locator('#tree li.more button');
  assert.equal(await more.textContent(), 'Show 200 more (200 of 500 shown)');
  await more.click();
  assert.equal(await more.textContent(), 'Show 100 more (400 of 500 shown)');
  await more.click();
  assert.equal(await more.count(), 0);
  assert.equal(await verified.count(), 500);
  assert.equal(await page.locator('#tree > li').count(), 1);
  // Configs and layers are built only when their manifest opens.
  assert.equal(await page.locator('#tree li[data-kind="layer"]').count(), 0);
  const m = page.locator('#tree li[data-kind="manifest"]').nth(3);
  assert.equal(await m.getAttribute('aria-expanded'), 'false');
  await m.locator(':scope > .row .toggle').click();
  assert.equal(await m.getAttribute('aria-expanded'), 'true');
  assert.equal(await m.locator(':scope > ul > li[data-kind="layer"]').count(), 2);
  assert.equal(await m.locator(':scope > ul > li[data-kind="config"][data-verification="verified"]').count(), 1);
  // Keyboard opening builds them too.
  const m2 = page.locator('#tree li[data-kind="manifest"]').nth(4);
  await m2.locator(':scope > .row').click();
  await page.keyboard.press('ArrowRight');
  assert.equal(await m2.locator(':scope > ul > li').count(), 3);
  // The diagram of a large tree is drawn on request.
  await page.click('#draw-diagram');
  // 2,001 nodes: the diagram stops at 2,000 boxes and says so.
  assert.equal(await page.locator('#diagram g.box').count(), 2000);
  assert.match(await page.locator('#diagram .hint').textContent(), /2,000/);
  // The simulator marks the chosen entry among 500.
  await page.selectOption('#host', 'ubuntu-x86-64');
  await page.locator('#sim-summary').waitFor();
  assert.equal(await page.locator('#tree li[data-chosen="true"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the simulator shows the entry it pulls when that entry is past the first page', async () => {
  const { page, context, errors } = await open(env);
  const entry = (i, architecture) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: 'sha256:' + i.toString(16).padStart(64, 'e'), size: 500, platform: { architecture, os: 'linux' } });
  const manifests = [...Array(250).keys()].map((i) => entry(i, 's390x'));
  manifests.push(entry(250, 'amd64'));
  await page.fill('#input', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  await page.locator('#tree li[data-path="0-199"]').waitFor();
  assert.equal(await page.locator('#tree li[data-path="0-250"]').count(), 0, 'past the first page');
  await page.selectOption('#host', 'ubuntu-x86-64');
  const chosen = page.locator('#tree li[data-chosen="true"]');
  await chosen.waitFor();
  assert.equal(await chosen.getAttribute('data-path'), '0-250');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link keeps input, language, host and selection in the fragment and restores them', async () => {
  const { page, context, errors, requests } = await open(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  const text = fixture('manifests/dockerhub-python-latest-manifest-list.json');
  await page.fill('#input', text);
  const entry = page.locator('#tree li[data-kind="manifest"]').nth(2);
  await entry.waitFor();
  await entry.locator(':scope > .row').click();
  const path = await entry.getAttribute('data-path');
  await page.selectOption('#host', 'aws-graviton');
  await page.selectOption('#lang', 'ja');
  // What the selection and the host asked for (the explanations, the simulator) has arrived.
  await page.locator('#details:not([aria-busy])').waitFor();
  await page.locator('#sim-summary').waitFor();
  await page.waitForLoadState('networkidle');
  const before = requests.length;
  await page.click('#share');
  await page.locator('#share-status').filter({ hasText: 'コピー' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, page.url());
  const hash = new URL(link).hash;
  assert.match(hash, /^#s=[A-Za-z0-9_-]+$/);
  assert.ok(hash.length < text.length, `${hash.length} >= ${text.length}: not compressed`);
  assert.deepEqual(requests.slice(before).filter((u) => !ownWorker(u)), [], 'making the link made a request');
  await context.close();

  // A fresh browser context (no local storage) opens the link.
  const other = await open(env, { url: link });
  const selected = other.page.locator(`#tree li[data-path="${path}"][aria-selected="true"]`);
  await selected.waitFor();
  assert.equal(await other.page.inputValue('#input'), text);
  assert.equal(await other.page.inputValue('#lang'), 'ja');
  assert.equal(await other.page.locator('#analyse').textContent(), '解析');
  assert.equal(await other.page.inputValue('#host'), 'aws-graviton');
  assert.equal(await other.page.locator('#tree li[data-chosen="true"] > .row .platform').textContent(), 'linux/arm64/v8');
  assert.equal(await other.page.locator('#full-digest').textContent(), await selected.getAttribute('data-digest'));
  // Only the page itself was loaded: the fragment never left the browser.
  assert.ok(other.requests.every((u) => !u.includes('#') && !u.includes('s=')), other.requests.join('\n'));
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();

  // The same link pasted into the address bar of an open page (only the fragment changes).
  const third = await open(env);
  await third.page.fill('#input', fixture('manifests/ggcr-docker-schema2-compact.json'));
  await third.page.locator('#tree > li[data-kind="manifest"]').waitFor();
  await third.page.evaluate((h) => { location.hash = h; }, hash);
  await third.page.locator(`#tree li[data-path="${path}"][aria-selected="true"]`).waitFor();
  assert.equal(await third.page.inputValue('#input'), text);
  await third.context.close();
});

test('an input too large to keep is not replaced by an older one on reload', async () => {
  const { page, context } = await open(env);
  await page.fill('#input', fixture('manifests/ggcr-docker-schema2-compact.json'));
  await page.locator('#tree > li[data-kind="manifest"]').waitFor();
  const big = JSON.stringify({ schemaVersion: 2, note: 'x'.repeat(2_100_000) });
  await page.evaluate((text) => {
    const area = document.getElementById('input');
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, big);
  await page.waitForFunction(() => !document.querySelector('#tree > li[data-kind="manifest"]'));
  await page.reload();
  await page.waitForSelector('#analyse');
  assert.equal(await page.inputValue('#input'), '');
  await context.close();
});
