// Compare mode (issue 14), in the page: each side is a paste, files, an archive or a layout
// folder (opened, or dropped on B's area); each is analysed and the two compared in the worker;
// the comparison lists exactly the differences, each explained, with buttons that show its node
// in A's tree or B's; with B empty, two platforms of A, chosen in lists; timestamps alone give
// the reproducible verdict; Japanese; a share link carries both sides; B's data is shown as text.
// (Fetched sides, and the pairs made by umoci and skopeo: tests/e2e/registry-page.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, open, fixturePath } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

const sha = (s) => `sha256:${crypto.createHash('sha256').update(s).digest('hex')}`;

/** An OCI manifest and its config, pasted one after the other: `env` and `created` vary. */
function image(env, created) {
  const layers = ['base', 'app'];
  const config = JSON.stringify({
    architecture: 'amd64', os: 'linux', created,
    config: { Env: env, Cmd: ['/app'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => sha(`${l}-diff`)) },
    history: layers.map((l) => ({ created, created_by: `COPY ${l} /${l}` })),
  });
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: 1000 })),
  });
  return { text: `${manifest}\n${config}\n`, config: sha(config), manifest: sha(manifest) };
}

async function compare(page, a, b) {
  await page.fill('#input', a);
  await page.click('#compare-toggle');
  assert.equal(await page.getAttribute('#compare-toggle', 'aria-pressed'), 'true');
  await page.locator('#input-b').waitFor();
  await page.fill('#input-b', b);
}

test('one env var: exactly its differences, explained, linked to both trees', async () => {
  const a = image(['PATH=/bin', 'MODE=dev'], '2024-01-01T00:00:00Z');
  const b = image(['PATH=/bin', 'MODE=prod'], '2024-01-01T00:00:00Z');
  const { page, errors } = await open(env);
  await compare(page, a.text, b.text);
  await page.locator('#compare .verdict[data-verdict="differs"]').waitFor();
  const kinds = await page.locator('#compare li.change').evaluateAll((ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(kinds, ['env', 'config-digest', 'manifest-digest']);
  const mode = page.locator('#compare li.change[data-kind="env"]');
  assert.match(await mode.textContent(), /MODE/);
  assert.match(await mode.locator('.explanation').textContent(), /`MODE` is `dev` in A and `prod` in B/);
  assert.match(await page.locator('#compare li[data-kind="manifest-digest"] .explanation').textContent(), /differ in the config/);
  assert.match(await page.locator('#compare h3').first().textContent(), /linux\/amd64: the images differ/);
  // The tree shows A; "Show in B" shows B's tree with B's config selected.
  assert.equal(await page.getAttribute('#compare-side-a', 'aria-pressed'), 'true');
  await page.locator(`#tree li[data-digest="${a.manifest}"]`).waitFor();
  await mode.locator('button[data-side="b"]').click();
  await page.locator(`#tree li[data-digest="${b.config}"][aria-selected="true"]`).waitFor();
  assert.equal(await page.getAttribute('#compare-side-b', 'aria-pressed'), 'true');
  assert.equal(await page.locator(`#tree li[data-digest="${a.manifest}"]`).count(), 0);
  // And back to A's, its config selected.
  await mode.locator('button[data-side="a"]').click();
  await page.locator(`#tree li[data-digest="${a.config}"][aria-selected="true"]`).waitFor();
  // Compare mode off: the input alone is analysed again.
  await page.click('#compare-toggle');
  await page.locator('#compare-pane[hidden]').waitFor({ state: 'attached' });
  assert.equal(await page.isHidden('#input-b'), true);
  assert.deepEqual(errors, []);
});

test('only timestamps: reproducible once set aside, in Japanese too; a share link keeps both', async () => {
  const a = image(['PATH=/bin'], '2024-01-01T00:00:00Z');
  const b = image(['PATH=/bin'], '2025-06-30T12:00:00Z');
  const { page, errors, context } = await open(env);
  await compare(page, a.text, b.text);
  const verdict = page.locator('#compare .verdict[data-verdict="only-timestamps"]');
  await verdict.waitFor();
  assert.match(await page.locator('#compare .meaning').textContent(), /SOURCE_DATE_EPOCH.*rewrite-timestamp/s);
  const classes = await page.locator('#compare li.change').evaluateAll((ls) => ls.map((l) => `${l.dataset.kind}:${l.dataset.class}`));
  assert.deepEqual(classes, ['created:timestamp', 'history-dates:timestamp', 'config-digest:consequence', 'manifest-digest:consequence']);
  await page.selectOption('#lang', 'ja');
  await page.locator('#compare .verdict strong', { hasText: 'タイムスタンプだけが違います' }).waitFor();
  assert.equal(await page.locator('#compare-toggle').textContent(), '比較…');
  assert.match(await page.locator('#compare li[data-kind="created"] .explanation').textContent(), /タイムスタンプ/);
  // Timestamps set aside (as `ocilens diff --ignore-timestamps`): nothing remains in the list.
  await page.check('#compare-ignore-times');
  await page.locator('#compare .set-aside', { hasText: '4 件' }).waitFor();
  assert.equal(await page.locator('#compare li.change').count(), 0);
  assert.equal(await page.getAttribute('#compare .verdict', 'data-verdict'), 'only-timestamps');
  await page.click('#share');
  await page.locator('#share-status', { hasText: /./ }).waitFor();
  const link = page.url();
  assert.match(new URL(link).hash, /^#s=/);
  await context.close();
  const other = await open(env, { url: link });
  await other.page.locator('#compare .verdict[data-verdict="only-timestamps"]').waitFor();
  assert.equal(await other.page.inputValue('#input'), a.text);
  assert.equal(await other.page.inputValue('#input-b'), b.text);
  assert.equal(await other.page.getAttribute('#compare-toggle', 'aria-pressed'), 'true');
  await other.page.locator('#compare .set-aside').waitFor();
  assert.equal(await other.page.isChecked('#compare-ignore-times'), true);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});

test("B's values are text, never markup", async () => {
  const payload = '<img src=x onerror="window.pwned=1">';
  const a = image(['MODE=dev'], '2024-01-01T00:00:00Z');
  const b = image([`MODE=${payload}`], '2024-01-01T00:00:00Z');
  const { page, errors } = await open(env);
  await compare(page, a.text, b.text);
  const env_ = page.locator('#compare li.change[data-kind="env"]');
  await env_.waitFor();
  assert.equal(await env_.locator('code.right').textContent(), payload);
  assert.equal(await page.locator('#compare img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors, []);
});

const kindsOf = (page) => page.locator('#compare li.change').evaluateAll((ls) => ls.map((l) => l.dataset.kind));

test('B empty: two platforms of the one index in A, chosen in lists; one tree for both', async () => {
  const { page, errors } = await open(env);
  await page.setInputFiles('#folder', fixturePath('buildkit-oci-layout'));
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  await page.click('#compare-toggle');
  await page.locator('#compare .verdict[data-verdict="differs"]').waitFor();
  assert.match(await page.textContent('#input-b-status'), /B is empty: .* two platforms of A are compared/);
  assert.equal(await page.inputValue('#compare-platform-a'), 'linux/amd64');
  assert.equal(await page.inputValue('#compare-platform-b'), 'linux/arm64');
  assert.match(await page.locator('#compare h3').first().textContent(), /linux\/amd64 ↔ linux\/arm64/);
  const kinds = await kindsOf(page);
  assert.deepEqual(kinds.slice(0, 2), ['platform', 'layer-changed']);
  assert.ok(kinds.includes('manifest-digest'), kinds.join());
  // B is A itself: no second tree, and "Show in B" shows the node in this one.
  assert.equal(await page.locator('#compare-side-b').count(), 0);
  await page.locator('#compare li[data-kind="layer-changed"] button[data-side="b"]').click();
  await page.locator('#tree li[data-kind="layer"][aria-selected="true"]').waitFor();
  // The same platform on both sides: identical.
  await page.selectOption('#compare-platform-b', 'linux/amd64');
  await page.locator('#compare .verdict[data-verdict="identical"]').waitFor();
  assert.deepEqual(await kindsOf(page), []);
  assert.equal(await page.inputValue('#compare-platform-b'), 'linux/amd64');
  assert.deepEqual(errors, []);
});

test('B empty and A of one platform: the panel says to give B', async () => {
  const a = image(['MODE=dev'], '2024-01-01T00:00:00Z');
  const { page, errors } = await open(env);
  await page.fill('#input', a.text);
  await page.locator('#tree li[data-kind="manifest"]').waitFor();
  await page.click('#compare-toggle');
  await page.locator('#compare .meaning', { hasText: /A holds one platform/ }).waitFor();
  assert.equal(await page.locator('#compare .verdict').count(), 0);
  assert.deepEqual(errors, []);
});

test('B from files, from an archive, and dropped on its area; A from a layout folder', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-compare-'));
  try {
    const a = image(['PATH=/bin', 'MODE=dev'], '2024-01-01T00:00:00Z');
    const b = image(['PATH=/bin', 'MODE=prod'], '2024-01-01T00:00:00Z');
    const [manifest, config] = b.text.trim().split('\n');
    fs.writeFileSync(path.join(work, 'manifest.json'), manifest);
    fs.writeFileSync(path.join(work, 'config.json'), config);
    const { page, errors } = await open(env);
    await page.fill('#input', a.text);
    await page.click('#compare-toggle');
    await page.fill('#input-b', 'left here, to be replaced');
    await page.setInputFiles('#files-b', [path.join(work, 'manifest.json'), path.join(work, 'config.json')]);
    await page.locator('#input-b-status', { hasText: 'B: 2 file(s) (manifest.json, config.json)' }).waitFor();
    await page.locator('#compare .verdict[data-verdict="differs"]').waitFor();
    assert.deepEqual(await kindsOf(page), ['env', 'config-digest', 'manifest-digest']);
    assert.equal(await page.inputValue('#input-b'), '', "B's paste area is emptied: B is the files");
    // Tree of B shows B's files.
    await page.click('#compare-side-b');
    await page.locator(`#tree li[data-digest="${b.manifest}"]`).waitFor();
    await page.click('#compare-side-a');
    await page.locator(`#tree li[data-digest="${a.manifest}"]`).waitFor();

    // The same layout as A (a folder) and as B (its tar, read in the archive workers).
    const layout = fixturePath('buildkit-oci-layout');
    const tar = path.join(work, 'layout.tar');
    execFileSync('tar', ['-C', layout, '-cf', tar, '.']);
    await page.setInputFiles('#folder', layout);
    await page.setInputFiles('#files-b', tar);
    await page.locator('#input-b-status', { hasText: /B: Archive layout\.tar/ }).waitFor();
    await page.locator('#compare .verdict[data-verdict="identical"]').waitFor();
    assert.deepEqual(await kindsOf(page), []);
    assert.equal(await page.locator('#formats', { hasText: 'buildkit-oci-layout' }).count(), 1, 'the tree shows A');

    // Dropped on B's area: B; and A is untouched.
    await page.evaluate(({ manifest, config }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([manifest], 'manifest.json'));
      dt.items.add(new File([config], 'config.json'));
      document.querySelector('#input-b').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { manifest, config });
    await page.locator('#input-b-status', { hasText: 'B: 2 file(s)' }).waitFor();
    await page.locator('#compare .verdict[data-verdict="differs"]').waitFor();
    assert.equal(await page.locator('#formats', { hasText: 'buildkit-oci-layout' }).count(), 1, 'A is still the folder');
    assert.equal((await kindsOf(page))[0], 'index');
    // A share link cannot carry opened files: it says so.
    await page.click('#share');
    await page.locator('#share-status', { hasText: /opened files stay on this computer/ }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
