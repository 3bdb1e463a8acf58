// The supply chain in one tree (issue 13), in the page: a real `cosign save` layout from
// ../shared (Docker Hub's hello-world signed with a local key) opened as a folder; its `.sig`
// and `.att` tags are drawn under the image they name, and the findings say what each is, what
// its payload signs and which command verifies it, in both languages; the details' "where is
// it?" box finds the signature and says where to look for the provenance and SBOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, open, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

test('a cosign save layout: signature and attestation under the image, explained', async (t) => {
  const dir = path.join(root, '../shared/fixtures/real/cosign-tag-scheme-single');
  if (!fs.existsSync(dir)) { t.skip('../shared/fixtures/real is absent here'); return; }
  const { page, errors } = await open(env);
  await page.setInputFiles('#folder', dir);
  const image = page.locator('#tree li[data-kind="manifest"][data-digest^="sha256:432f982638b3"]');
  await image.waitFor();
  assert.equal(await image.locator(':scope > ul > li[data-kind="cosign-tag"]').count(), 2);
  const sig = page.locator('#findings li[data-code="cosign-tag"]', { hasText: 'cosign signature' });
  assert.match(await sig.textContent(), /Its payload signs sha256:432f982638b3/);
  assert.match(await sig.textContent(), /cosign verify --key/);
  // Where is it? for the image: the signature found beside it, provenance and SBOM absent,
  // with where to look.
  await image.locator(':scope > .row').click();
  const where = page.locator('#supply-chain');
  await where.waitFor();
  assert.equal(await where.locator('li.found[data-need="signature"]').count(), 1);
  assert.match(await where.locator('li.found[data-need="signature"]').textContent(), /cosign tag/);
  assert.match(await where.locator('li.missing[data-need="provenance"]').textContent(), /imagetools inspect/);
  assert.match(await where.locator('li.missing[data-need="sbom"]').textContent(), /cosign download sbom/);
  await page.selectOption('#lang', 'ja');
  assert.match(await page.locator('#supply-chain summary').textContent(), /どこにある/);
  await page.locator('#tree li[data-kind="cosign-tag"] .kind', { hasText: 'cosign タグ' }).first().waitFor();
  assert.match(await page.locator('#findings li[data-code="cosign-tag"]').first().textContent(), /検証しません/);
  assert.deepEqual(errors, []);
});
