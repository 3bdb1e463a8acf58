// Archives in the page (issue 12): tar files made here by real tools (GNU tar, umoci, skopeo,
// podman, containerd) and Docker 25's own save from ../shared, opened like any file: read in
// workers, the tree drawn as soon as the small documents are read, large blobs hashed in a pool
// of workers with a progress bar and Cancel, every badge verified at the end, the page's memory
// flat on a 1 GiB archive; damaged and hostile archives get findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { start, open, fixturePath, root, rendererBytes } from './harness.mjs';

let env, work;
before(async () => {
  env = await start();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-archive-'));
});
after(async () => {
  await env.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const sh = (cmd, args, cwd = work) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const has = (cmd) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`]); return true; } catch { return false; } };

// The tree as text: each node's kind, verification, digest and row, in order.
const tree = (page) => page.$$eval('#tree li', (lis) => lis.map((li) =>
  `${li.dataset.kind} ${li.dataset.verification} ${li.dataset.digest} ${li.querySelector(':scope > .row')?.textContent}`));

async function openFile(page, file) {
  await page.setInputFiles('#files', file);
}

// Waits for the archive's workers to finish: the `ocilens:archive` measure's detail.
const finished = (page) => page.waitForFunction(() => {
  const m = performance.getEntriesByName('ocilens:archive');
  return m.length ? m[m.length - 1].detail : false;
}, null, { timeout: 60_000 }).then((h) => h.jsonValue());

test('an OCI layout as a tar gives the folder\'s own tree, every blob verified', async () => {
  const layout = fixturePath('buildkit-oci-layout');
  const tar = path.join(work, 'layout.tar');
  sh('tar', ['-C', layout, '-cf', tar, '.']);
  const { page, errors } = await open(env);
  await page.setInputFiles('#folder', layout);
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  const folder = await tree(page);
  await openFile(page, tar);
  await finished(page);
  await page.locator('#formats', { hasText: 'Archive layout.tar' }).waitFor();
  assert.deepEqual(await tree(page), folder);
  assert.equal(await page.locator('#tree li[data-verification="mismatch"], #tree li[data-verification="hashing"]').count(), 0);
  assert.ok(await page.locator('#findings li[data-code="archive"]').count() >= 1);
  // Compressed by gzip and zstd (read as one stream, every byte through the decompressor).
  for (const [tool, ext] of [['gzip', 'gz'], ['zstd', 'zst']]) {
    if (!has(tool)) continue;
    sh(tool, ['-k', '-q', '-f', tar]);
    await openFile(page, `${tar}.${ext}`);
    await finished(page);
    await page.locator('#formats', { hasText: `Archive layout.tar.${ext}` }).waitFor();
    assert.deepEqual(await tree(page), folder, tool);
    assert.match(await page.locator('#findings li[data-code="archive"]').textContent(), new RegExp(tool === 'gzip' ? 'gzip' : 'zstd'));
  }
  assert.deepEqual(errors, []);
});

test('Docker 25\'s own docker save (untagged) opens with its config and layer verified', async (t) => {
  const tar = path.join(root, '../shared/fixtures/real/docker-save/ggcr-hello-world-docker-v25-classic.tar');
  if (!fs.existsSync(tar)) { t.skip('../shared/fixtures/real/docker-save is absent here'); return; }
  const { page, errors } = await open(env);
  await openFile(page, tar);
  await finished(page);
  await page.locator('#tree li[data-kind="config"][data-verification="verified"]').first().waitFor();
  assert.ok(await page.locator('#tree li[data-kind="layer"][data-verification="verified"]').count() >= 1);
  assert.equal(await page.locator('#tree li[data-verification="mismatch"]').count(), 0);
  assert.deepEqual(errors, []);
});

// Every archive tests/realtools/make-images.sh makes with real tools (skopeo oci-archive: and
// docker-archive:, podman save in each format, containerd's exporter as Docker 25+ with the
// containerd image store uses it): the kind named, every blob verified, no warning.
test('archives made by skopeo, podman and containerd open verified, each of its kind', async () => {
  const images = path.join(work, 'made');
  sh(path.join(root, 'tests/realtools/make-images.sh'), [images]);
  const kinds = {
    'oci-multi.tar': /OCI image layout as a tar/,
    'oci-multi.tar.gz': /OCI image layout as a tar .*, gzip-compressed/,
    'oci-multi.tar.zst': /OCI image layout as a tar .*, zstd-compressed/,
    'zstd-layers.tar': /OCI image layout as a tar/,
    'docker-archive.tar': /before Docker 25/,
    'podman-docker.tar': /before Docker 25/,
    'podman-multi.tar': /before Docker 25/,
    'podman-oci.tar': /OCI image layout as a tar/,
    'ctr-all.tar': /containerd image store/,
    'ctr-arm64.tar': /containerd image store/,
  };
  assert.deepEqual(fs.readdirSync(path.join(images, 'archives')).sort(), Object.keys(kinds).sort());
  const { page, errors } = await open(env);
  for (const [name, kind] of Object.entries(kinds)) {
    await openFile(page, path.join(images, 'archives', name));
    await finished(page);
    await page.locator('#formats', { hasText: `Archive ${name}` }).waitFor();
    assert.match(await page.locator('#findings li[data-code="archive"]').textContent(), kind, name);
    const rows = await tree(page);
    const verified = rows.filter((r) => r.includes(' verified '));
    assert.ok(verified.length >= 2, `${name}: ${rows.join('\n')}`);
    // Only the platforms ctr-arm64.tar left out on purpose are not provided; nothing else.
    const open = rows.filter((r) => !/ (verified|cannot-recompute|unclaimed) /.test(r));
    assert.equal(open.length, name === 'ctr-arm64.tar' ? 2 : 0, `${name}: ${open.join('\n')}`);
    const loud = await page.$$eval('#findings section[data-severity="warning"] li, #findings section[data-severity="error"] li',
      (ls) => ls.map((l) => l.dataset.code));
    assert.deepEqual(loud, [], name);
  }
  // podman's `<id>/layer.tar` links are followed inside the archive, and said so.
  await openFile(page, path.join(images, 'archives', 'podman-multi.tar'));
  await finished(page);
  await page.locator('#formats', { hasText: 'Archive podman-multi.tar' }).waitFor();
  assert.match(await page.locator('#findings li[data-code="docker-save-legacy"]').textContent(), /3 `<id>\/layer\.tar` link/);
  // The partial export: the two platforms left out are said as info, naming the one kept.
  await openFile(page, path.join(images, 'archives', 'ctr-arm64.tar'));
  await finished(page);
  await page.locator('#formats', { hasText: 'Archive ctr-arm64.tar' }).waitFor();
  const partial = await page.$$eval('#findings li[data-code="layout-missing-blob"]', (ls) => ls.map((l) => l.textContent));
  assert.equal(partial.length, 2);
  assert.ok(partial.every((t) => /holds only linux\/arm64/.test(t)), partial.join('\n'));
  assert.deepEqual(errors, []);
});

// An image of `layers` random layers of `mib` MiB each, made by umoci and written by skopeo as
// an `oci-archive:` tar.
function image(name, layers, mib) {
  const dir = path.join(work, name);
  sh('umoci', ['init', '--layout', dir]);
  sh('umoci', ['new', '--image', `${dir}:big`]);
  for (let i = 0; i < layers; i++) {
    const blob = path.join(work, `blob${i}`);
    sh('sh', ['-c', `head -c ${mib << 20} /dev/urandom > ${blob}`]);
    sh('umoci', ['insert', '--image', `${dir}:big`, blob, `/blob${i}`]);
    fs.rmSync(blob);
  }
  const tar = path.join(work, `${name}.tar`);
  sh('skopeo', ['copy', '--quiet', `oci:${dir}:big`, `oci-archive:${tar}:latest`]);
  return tar;
}

test('large layers are hashed in workers: a progress bar, then every badge verified, memory bounded', async (t) => {
  if (!has('umoci') || !has('skopeo')) { t.skip('umoci and skopeo are not installed (scripts/setup installs them)'); return; }
  const tar = image('big', 3, 24);
  const { page, errors } = await open(env);
  await openFile(page, tar);
  // The tree is drawn with the layers pending before they are hashed.
  const stats = await finished(page);
  assert.equal(stats.blobs, 3);
  assert.equal(stats.of, 3);
  assert.ok(stats.bytes > 72 << 20, `hashed ${stats.bytes} bytes`);
  assert.ok(stats.workers >= 1);
  assert.ok(stats.peak < 200 << 20, `the workers' memory peaked at ${stats.peak} bytes`);
  await page.locator('#busy-status', { hasText: '3 large blobs (72 MB) hashed' }).waitFor();
  assert.equal(await page.locator('#tree li[data-kind="layer"][data-verification="verified"]').count(), 3);
  assert.equal(await page.locator('#tree li[data-verification="hashing"]').count(), 0);
  assert.equal(await page.locator('#findings li[data-code="diff-id-mismatch"]').count(), 0);
  assert.deepEqual(errors, []);
});

// A layout of `layers` plain layers of `mib` MiB of random bytes each, as a tar (Docker's own
// saves store layers plain): made here, block by block, so that no step holds a layer.
function plainArchive(name, layers, mib) {
  const dir = path.join(work, name);
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (bytes) => {
    const hex = crypto.createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return `sha256:${hex}`;
  };
  const descriptors = [];
  for (let i = 0; i < layers; i++) {
    const tmp = path.join(dir, 'layer'), fd = fs.openSync(tmp, 'w'), h = crypto.createHash('sha256');
    for (let m = 0; m < mib; m++) { const b = crypto.randomBytes(1 << 20); h.update(b); fs.writeSync(fd, b); }
    fs.closeSync(fd);
    const hex = h.digest('hex');
    fs.renameSync(tmp, path.join(blobs, hex));
    descriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size: mib << 20 });
  }
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux',
    rootfs: { type: 'layers', diff_ids: descriptors.map((d) => d.digest) } });
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
    layers: descriptors });
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: put(manifest), size: manifest.length }] }));
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const tar = path.join(work, `${name}.tar`);
  sh('tar', ['-C', dir, '-cf', tar, '.']);
  fs.rmSync(dir, { recursive: true });
  return tar;
}

test('a 1 GiB archive: every layer verified (its diff_id too), the page\'s memory flat', async () => {
  const tar = plainArchive('gib', 16, 64);
  const { page, errors } = await open(env);
  await page.waitForTimeout(500);
  const before = rendererBytes();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rendererBytes()); }, 50);
  await openFile(page, tar);
  const stats = await finished(page);
  clearInterval(sampler);
  assert.equal(stats.blobs, 16);
  assert.equal(stats.bytes, 16 * (64 << 20));
  assert.equal(await page.locator('#tree li[data-kind="layer"][data-verification="verified"]').count(), 16);
  assert.equal(await page.locator('#findings li[data-code="diff-id-mismatch"], #findings li[data-code="digest-mismatch"]').count(), 0);
  // The page, its workers, their heaps, wasm memories and file buffers: under 200 MB more than
  // before the file was chosen, for a file five times that size.
  assert.ok(peak - before < 200e6, `the renderer grew by ${peak - before} bytes`);
  assert.ok(stats.peak < 64 << 20, `the workers' wasm memories peaked at ${stats.peak} bytes`);
  assert.deepEqual(errors, []);
  fs.rmSync(tar);
});

test('a large plain layer that is not the one its config names: diff-id-mismatch, found as the workers hash it', async (t) => {
  if (!has('umoci')) { t.skip('umoci is not installed (scripts/setup installs them)'); return; }
  const dir = path.join(work, 'swap');
  sh('umoci', ['init', '--layout', dir]);
  sh('umoci', ['new', '--image', `${dir}:x`]);
  for (let i = 0; i < 2; i++) {
    const blob = path.join(work, `swap${i}`);
    sh('sh', ['-c', `head -c ${6 << 20} /dev/urandom > ${blob}`]);
    sh('umoci', ['insert', '--image', `${dir}:x`, blob, `/blob${i}`]);
    fs.rmSync(blob);
  }
  // The layers stored plain, as Docker's own saves store them (the page checks those: it does
  // not decompress layers), then the second layer's descriptor replaced by the first's: every
  // blob is still what its name says, but layer 2's content is not the config's diff_ids[1].
  const blobPath = (d) => path.join(dir, 'blobs', 'sha256', d.slice(7));
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(blobPath(index.manifests[0].digest), 'utf8'));
  manifest.layers = manifest.layers.map((l) => {
    const plain = zlib.gunzipSync(fs.readFileSync(blobPath(l.digest)));
    const digest = `sha256:${crypto.createHash('sha256').update(plain).digest('hex')}`;
    fs.writeFileSync(blobPath(digest), plain);
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: plain.length };
  });
  manifest.layers[1] = manifest.layers[0];
  const text = JSON.stringify(manifest);
  const digest = `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`;
  fs.writeFileSync(blobPath(digest), text);
  index.manifests = [{ ...index.manifests[0], digest, size: Buffer.byteLength(text) }];
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  const tar = path.join(work, 'swap.tar');
  sh('tar', ['-C', dir, '-cf', tar, '.']);
  const { page, errors } = await open(env);
  await openFile(page, tar);
  await finished(page);
  const found = page.locator('#findings li[data-code="diff-id-mismatch"]');
  await found.waitFor();
  assert.equal(await found.count(), 1);
  assert.match(await found.textContent(), /Layer 2 .*rootfs\.diff_ids\[1\]/s);
  assert.equal(await page.locator('#tree li[data-verification="mismatch"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('Cancel stops the hashing: what was not hashed stays "hashing", never a mismatch', async (t) => {
  if (!has('umoci') || !has('skopeo')) { t.skip('umoci and skopeo are not installed (scripts/setup installs them)'); return; }
  const tar = image('slow', 6, 24);
  const { page, errors } = await open(env);
  // One hashing worker, so the work lasts long enough to be cancelled.
  await page.evaluate(() => { globalThis.ocilensHashWorkers = 1; });
  await openFile(page, tar);
  await page.locator('#tree li[data-kind="layer"][data-verification="hashing"]').first().waitFor();
  assert.equal(await page.locator('#busy-bar').isVisible(), true);
  assert.match(await page.locator('#busy-text').textContent(), /Hashing slow\.tar's large blobs: \d of 6/);
  await page.click('#analysis-cancel');
  await page.locator('#busy-status', { hasText: 'cancelled' }).waitFor();
  assert.ok(await page.locator('#tree li[data-kind="layer"][data-verification="hashing"]').count() >= 1);
  assert.equal(await page.locator('#tree li[data-verification="mismatch"]').count(), 0);
  assert.equal(await page.locator('#busy').getAttribute('hidden'), '');
  assert.deepEqual(errors, []);
});

test('damaged and hostile archives get findings, never a hang', async () => {
  const layout = fixturePath('buildkit-oci-layout');
  const whole = path.join(work, 'whole.tar');
  sh('tar', ['-C', layout, '-cf', whole, '.']);
  const bytes = fs.readFileSync(whole);
  const cut = path.join(work, 'cut.tar');
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  // A member named `../x`: GNU tar keeps it with -P.
  fs.mkdirSync(path.join(work, 'in'), { recursive: true });
  fs.writeFileSync(path.join(work, 'x'), 'outside\n');
  const evil = path.join(work, 'evil.tar');
  sh('tar', ['-cPf', evil, '../x'], path.join(work, 'in'));
  const { page, errors } = await open(env);
  await openFile(page, cut);
  await finished(page);
  await page.locator('#findings li[data-code="archive-damaged"]').waitFor();
  await openFile(page, evil);
  await finished(page);
  await page.locator('#findings li[data-code="archive-unsafe-member"]').waitFor();
  assert.match(await page.locator('#findings li[data-code="archive-unsafe-member"]').textContent(), /\.\.\/x/);
  assert.deepEqual(errors, []);
});
