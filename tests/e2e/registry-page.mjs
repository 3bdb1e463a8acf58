// The page's fetch against a real registry (Debian's docker-registry), in Debian's Chromium.
// Not part of `node --test .`: tests/registry/run.py starts the registries and runs this with
//   OCILENS_REGISTRY         host:port of a registry sending CORS headers, filled by run.py
//   OCILENS_REGISTRY_NOCORS  host:port of a registry without CORS headers (same storage)
//   OCILENS_DIGESTS          JSON: {index, amd64, arm64, attestation, artifact, cosignSig, cosignAtt, bundle, notation, ...}
//   OCILENS_IMAGES           the folder make-images.sh filled (its pairs: ../realtools/pairs.json)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, open, screenshot } from './harness.mjs';

const reg = process.env.OCILENS_REGISTRY;
const noCors = process.env.OCILENS_REGISTRY_NOCORS;
const digests = JSON.parse(process.env.OCILENS_DIGESTS || '{}');
let env;

before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function fetchRef(page, ref) {
  await page.fill('#fetch-ref', ref);
  await page.click('#fetch-go');
  await page.locator('#fetch-status', { hasText: /Fetched|fetch module could not/ }).waitFor({ timeout: 30000 });
}

test('the page fetches a multi-platform image from a CORS-enabled registry and draws its verified tree', async () => {
  const { page, context, errors, requests } = await open(env);
  // Pasting never loads the fetch module.
  await page.fill('#input', '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}');
  await page.locator('#formats').waitFor();
  assert.ok(!requests.some((u) => u.includes('ocilens-fetch')), 'the fetch module loaded without a fetch');

  const before = requests.length;
  await fetchRef(page, `${reg}/multi:attested`);
  await page.locator(`#tree li[data-digest="${digests.index}"]`).first().waitFor();
  // Three platform images, the attestation under the amd64 one, the artifact found through the
  // fallback tag: every document fetched is verified.
  for (const d of [digests.amd64, digests.arm64, digests.attestation, digests.artifact]) {
    const all = await page.$$eval('#tree li[data-digest]', (ls) => ls.map((l) => `${l.dataset.kind} ${l.dataset.digest}`));
    assert.ok(await page.locator(`#tree li[data-digest="${d}"]`).count() >= 1, `no node for ${d} in ${JSON.stringify(digests)}: ${all.join('\n')}`);
  }
  const amd = page.locator(`#tree li[data-digest="${digests.amd64}"]`).first();
  assert.equal(await amd.getAttribute('data-verification'), 'verified');
  assert.equal(await amd.locator(`li[data-digest="${digests.attestation}"][data-kind="attestation-manifest"]`).count(), 1);
  assert.equal(await page.locator('#findings li[data-code^="fetch-"]').count(), 0);
  assert.equal(await page.locator('#findings li[data-code="digest-mismatch"]').count(), 0);
  // Only the page's own origin and the registry were asked.
  const origins = new Set(requests.slice(before).map((u) => new URL(u).host));
  assert.deepEqual([...origins].sort(), [new URL(env.base).host, reg].sort());
  assert.match(await page.textContent('#formats'), /Fetched from/);
  await screenshot(page, 'screenshot-fetch.png');
  // The browser logs the 404s and the referrers route distribution 2.8 answers without CORS
  // headers (ocilens then asks the fallback tag); nothing else may be logged.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|blocked by CORS policy/.test(e)), []);
  await context.close();
});

test('the page fetches the supply chain: cosign tags, provenance, SBOM and signature referrers, each under its image and found where it is', async () => {
  const { page, context, errors } = await open(env);
  await fetchRef(page, `${reg}/multi:attested`);
  const index = page.locator(`#tree li[data-kind="index"][data-digest="${digests.index}"]`);
  await index.waitFor();
  // cosign's .sig and .att (from the tag list) under the index they sign.
  const tags = index.locator(':scope > ul > li[data-kind="cosign-tag"]');
  assert.deepEqual((await tags.evaluateAll((ls) => ls.map((l) => l.dataset.digest))).sort(),
    [digests.cosignSig, digests.cosignAtt].sort());
  // The Sigstore bundle and the Notation signatures, JWS and COSE (referrers, by the fallback
  // tag), under arm64.
  const arm = page.locator(`#tree li[data-kind="manifest"][data-digest="${digests.arm64}"]`).first();
  for (const d of [digests.bundle, digests.notation, digests['notation-cose']]) {
    assert.equal(await arm.locator(`:scope > ul > li[data-digest="${d}"]`).count(), 1, d);
  }
  // Decoded: who signed the bundle, what Notation signs, what cosign's payload signs.
  assert.match(await page.locator('#findings li[data-code="sigstore-bundle"]').textContent(), /token\.actions\.githubusercontent\.com/);
  const notations = page.locator('#findings li[data-code="notation-signature"]');
  assert.equal(await notations.count(), 2);
  for (const text of await notations.allTextContents()) assert.match(text, new RegExp(digests.arm64));
  assert.match(await notations.filter({ hasText: 'COSE envelope' }).textContent(), /signed at 2024-03-01 10:02:08 UTC/);
  for (const bad of ['cosign-payload-mismatch', 'notation-target-mismatch', 'digest-mismatch']) {
    assert.equal(await page.locator(`#findings li[data-code="${bad}"]`).count(), 0, bad);
  }
  // Where is it? The index: signature and SBOM beside it and as a referrer.
  await index.locator(':scope > .row').click();
  const where = page.locator('#supply-chain');
  await where.waitFor();
  assert.equal(await where.locator('li.found[data-need="signature"][data-store="cosign-tag"]').count(), 1);
  assert.equal(await where.locator('li.found[data-need="sbom"][data-store="referrer"]').count(), 1);
  // amd64: provenance in the index; the index's signature is not about it.
  await page.locator(`#tree li[data-kind="manifest"][data-digest="${digests.amd64}"] > .row`).first().click();
  await where.locator('li.found[data-need="provenance"][data-store="index"]').waitFor({ state: 'attached' });
  assert.match(await where.textContent(), /not this manifest/);
  // arm64, in Japanese: three signatures found as referrers.
  await arm.locator(':scope > .row').click();
  await page.selectOption('#lang', 'ja');
  await page.locator('#supply-chain summary', { hasText: 'どこにある' }).waitFor();
  assert.equal(await page.locator('#supply-chain li.found[data-need="signature"][data-store="referrer"]').count(), 3);
  assert.match(await page.locator('#supply-chain li.found').first().textContent(), /リファラー/);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|blocked by CORS policy/.test(e)), []);
  await context.close();
});

test('a pull log pasted alone offers to fetch its image, and the fetch names every id', async () => {
  const { page, context, errors } = await open(env);
  // The amd64 image's layers, as the registry has them: the ids a pull of it prints.
  await fetchRef(page, `${reg}/multi:attested`);
  const amd = page.locator(`#tree li[data-digest="${digests.amd64}"]`).first();
  await amd.waitFor();
  const layers = await amd.locator(':scope > ul > li[data-kind="layer"]').evaluateAll((ls) => ls.map((l) => l.dataset.digest));
  assert.ok(layers.length > 0);
  const log = [`attested: Pulling from multi`, ...layers.map((l) => `${l.slice(7, 19)}: Pull complete`),
    `Digest: ${digests.index}`, `Status: Downloaded newer image for ${reg}/multi:attested`, `${reg}/multi:attested`, ''].join('\n');
  await page.fill('#input', log);
  const button = page.locator('#pull-logs button[data-fetch]');
  await button.waitFor();
  assert.equal(await button.getAttribute('data-fetch'), `${reg}/multi:attested`);
  await button.click();
  await page.locator('#fetch-status', { hasText: /Fetched/ }).waitFor({ timeout: 30000 });
  // The log and the fetched documents are one analysis: each id is its layer, amd64 was pulled.
  const first = page.locator(`#pull-logs li[data-id="${layers[0].slice(7, 19)}"]`);
  await page.waitForFunction((d) => document.querySelector(`#pull-logs li[data-names="${d}"]`), layers[0]);
  assert.equal(await first.getAttribute('data-names'), layers[0]);
  assert.match(await page.locator('#pull-logs .pulled').textContent(), /linux\/amd64/);
  assert.equal(await page.locator('#pull-logs button[data-fetch]').count(), 0);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|blocked by CORS policy/.test(e)), []);
  await context.close();
});

test('an unknown tag is a registry error, in the findings', async () => {
  const { page, context } = await open(env);
  await fetchRef(page, `${reg}/multi:nope`);
  await page.locator('#findings li[data-code="registry-error"]').waitFor();
  assert.match(await page.textContent('#findings'), /MANIFEST_UNKNOWN/);
  await context.close();
});

test('a registry without CORS headers is explained, with what to run and paste instead', async () => {
  const { page, context } = await open(env);
  await fetchRef(page, `${noCors}/multi:attested`);
  const f = page.locator('#findings li[data-code="fetch-cors"]');
  await f.waitFor();
  const text = await f.textContent();
  assert.match(text, /CORS/);
  assert.match(text, /docker buildx imagetools inspect --raw/);
  assert.match(text, /crane manifest/);
  // And in Japanese.
  await page.selectOption('#lang', 'ja');
  assert.match(await page.locator('#findings li[data-code="fetch-cors"]').textContent(), /貼り付けてください/);
  await context.close();
});

test('a bad reference is a finding, and nothing is requested', async () => {
  const { page, context, requests } = await open(env);
  await page.fill('#fetch-ref', 'Not A/Reference:-x');
  const n = requests.length;
  await page.click('#fetch-go');
  await page.locator('#findings li[data-code="reference-invalid"]').waitFor();
  // Why, and what Docker prints for the same reference (distribution/reference's error).
  assert.match(await page.locator('#findings li[data-code="reference-invalid"]').textContent(),
    /`-x` is not a valid tag.*\(Docker: `invalid reference format`\)/);
  assert.ok(!requests.slice(n).some((u) => !u.startsWith(env.base)), 'a request left the page');
  await context.close();
});

test('credentials typed in the settings are used for that fetch and nowhere else', async () => {
  const basic = process.env.OCILENS_REGISTRY_BASIC;
  const { page, context, requests } = await open(env);
  await fetchRef(page, `${basic}/single:latest`);
  await page.locator('#findings li[data-code="fetch-unauthorized"]').waitFor();

  await page.click('#fetch-settings summary');
  await page.fill('#fetch-user', 'alice');
  await page.fill('#fetch-pass', 's3cret');
  await fetchRef(page, `${basic}/single:latest`);
  await page.locator('#tree li[data-kind="manifest"][data-verification="verified"]').first().waitFor();
  assert.equal(await page.locator('#findings li[data-code^="fetch-"]').count(), 0);
  // Never in the URL, storage or the share link.
  assert.ok(!page.url().includes('s3cret'));
  assert.ok(requests.every((u) => !u.includes('s3cret') && !u.includes('alice')));
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes('s3cret'), stored);
  await context.close();
});

test('an oversized manifest is refused with a reason; a registry that never answers times out', async () => {
  const { page, context } = await open(env);
  await fetchRef(page, `${process.env.OCILENS_BIG}/x`);
  await page.locator('#findings li[data-code="fetch-too-large"]').waitFor();
  assert.match(await page.textContent('#findings'), /4194304-byte limit/);

  await page.fill('#fetch-ref', `${process.env.OCILENS_SLOW}/x`);
  await page.click('#fetch-go');
  await page.locator('#findings li[data-code="fetch-timeout"]').waitFor({ timeout: 40000 });
  assert.match(await page.textContent('#findings'), /20 s/);
  await context.close();
});

test('a fetched view shares as its exact documents: the link opens with the same digests and asks no registry', async () => {
  const { page, context } = await open(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  await fetchRef(page, `${reg}/multi:attested`);
  await page.locator(`#tree li[data-digest="${digests.amd64}"]`).first().waitFor();
  await page.click('#share');
  await page.locator('#share-status', { hasText: 'Link' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!link.includes('s3cret'));
  await context.close();

  const other = await open(env, { url: link });
  await other.page.locator(`#tree li[data-digest="${digests.index}"]`).first().waitFor();
  for (const d of [digests.amd64, digests.arm64, digests.attestation, digests.artifact]) {
    const n = other.page.locator(`#tree li[data-digest="${d}"]`).first();
    assert.equal(await n.getAttribute('data-verification'), 'verified', d);
  }
  assert.equal(await other.page.locator('#findings li[data-code="digest-mismatch"]').count(), 0);
  assert.ok(other.requests.every((u) => u.startsWith(env.base)), other.requests.join('\n'));
  await other.context.close();
});

test('through a CORS proxy prefix, a registry without CORS headers can be read', async () => {
  const { page, context, requests } = await open(env);
  await page.click('#fetch-settings summary');
  await page.fill('#fetch-proxy', process.env.OCILENS_CORS_PROXY);
  const n = requests.length;
  await fetchRef(page, `${noCors}/multi:attested`);
  await page.locator(`#tree li[data-digest="${digests.amd64}"]`).first().waitFor();
  assert.equal(await page.locator('#findings li[data-code^="fetch-"]').count(), 0);
  // Every registry request went to the proxy, none to the registry itself.
  const asked = requests.slice(n).filter((u) => !u.startsWith(env.base));
  assert.ok(asked.length > 0 && asked.every((u) => u.startsWith(process.env.OCILENS_CORS_PROXY)), asked.join('\n'));
  await context.close();
});

test('Cancel stops a running fetch and says so', async () => {
  const { page, context } = await open(env);
  await page.fill('#fetch-ref', `${process.env.OCILENS_SLOW}/x`);
  await page.click('#fetch-go');
  await page.locator('#fetch-status', { hasText: 'Fetching' }).waitFor();
  await page.click('#fetch-cancel');
  await page.locator('#findings li[data-code="fetch-cancelled"]').waitFor({ timeout: 10000 });
  assert.ok(await page.locator('#fetch-cancel').isHidden());
  await context.close();
});

test('an https:// (here http://) URL of a JSON document is fetched and analysed as it came', async () => {
  const { page, context } = await open(env);
  await fetchRef(page, `${env.base}examples/manifests/dockerhub-python-latest-manifest-list.json`);
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  assert.equal(await page.locator('#tree li[data-kind="manifest"]').count(), 10);
  assert.match(await page.textContent('#fetch-status'), /Fetched 1 document/);
  await context.close();
});

// Issue 14: the pairs made by umoci and skopeo, and exactly their differences (the table
// check.py holds the CLI to).
const pairs = JSON.parse(fs.readFileSync(new URL('../realtools/pairs.json', import.meta.url), 'utf8')).pairs;
const images = process.env.OCILENS_IMAGES;
const kindsOf = (page) => page.locator('#compare li.change').evaluateAll((ls) => ls.map((l) => l.dataset.kind));

/** Compare mode with B given first, then A: the only comparison shown is of both. */
async function compareFetched(page, [a, b]) {
  await page.click('#compare-toggle');
  await page.fill('#fetch-ref', `${reg}/${b}`);
  await page.click('#fetch-b');
  await page.locator('#input-b-status', { hasText: `B: Fetched from ${reg}/${b}` }).waitFor({ timeout: 30000 });
  await page.fill('#fetch-ref', `${reg}/${a}`);
  await page.click('#fetch-go');
  await page.locator('#formats', { hasText: `Fetched from ${reg}/${a}` }).waitFor({ timeout: 30000 });
}

test('Compare: each pair made by umoci and skopeo, both sides fetched, gets exactly its differences', async () => {
  for (const p of pairs) {
    const { page, context, errors } = await open(env);
    await compareFetched(page, p.refs);
    await page.locator('#compare .verdict').waitFor({ timeout: 30000 }).catch(() => {});
    const seen = async () => [await page.locator('#compare .verdict').getAttribute('data-verdict', { timeout: 1000 }).catch(() => null), await kindsOf(page)];
    assert.deepEqual(await seen(), [p.verdict, p.kinds],
      `${p.name}: B ${await page.textContent('#input-b-status')}; A ${await page.textContent('#formats')}; ${await page.textContent('#error')}; ${await page.textContent('#compare-pane')}`);
    const texts = await page.locator('#compare li.change .explanation').allTextContents();
    assert.ok(texts.every((t) => t.length > 20), `${p.name}: a change unexplained`);
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|blocked by CORS policy/.test(e)), [], p.name);
    await context.close();
  }
});

test('Compare: each pair opened as two layout folders gets exactly its differences', async () => {
  for (const p of pairs) {
    const { page, context, errors } = await open(env);
    await page.click('#compare-toggle');
    await page.setInputFiles('#folder-b', path.join(images, p.b));
    await page.locator('#input-b-status', { hasText: /B: \d+ file\(s\)/ }).waitFor();
    await page.setInputFiles('#folder', path.join(images, p.a));
    await page.locator(`#compare .verdict[data-verdict="${p.verdict}"]`).waitFor({ timeout: 30000 });
    assert.deepEqual(await kindsOf(page), p.kinds, p.name);
    assert.deepEqual(errors, [], p.name);
    await context.close();
  }
});

test('Compare: a share link carries both fetched sides as their documents, and opens with no registry', async () => {
  const p = pairs.find((x) => x.verdict === 'only-timestamps');
  const { page, context } = await open(env);
  await compareFetched(page, p.refs);
  await page.locator(`#compare .verdict[data-verdict="${p.verdict}"]`).waitFor({ timeout: 30000 });
  await page.click('#share');
  await page.locator('#share-status', { hasText: /Link copied|address bar/ }).waitFor();
  const link = page.url();
  await context.close();
  const other = await open(env, { url: link });
  await other.page.locator(`#compare .verdict[data-verdict="${p.verdict}"]`).waitFor();
  assert.deepEqual(await kindsOf(other.page), p.kinds);
  assert.match(await other.page.textContent('#input-b-status'), /B: 2 file\(s\)|B: \d+ file\(s\)/);
  assert.ok(other.requests.every((u) => u.startsWith(env.base)), other.requests.join('\n'));
  assert.deepEqual(other.errors, []);
  await other.context.close();
});
