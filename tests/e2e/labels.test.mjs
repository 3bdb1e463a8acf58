// One vocabulary: on every capture (found from tests/fixtures, as the Rust snapshot test finds
// them), in English and Japanese, the page's tree rows and diagram boxes say what the JSON
// contract's tree says (tests/snapshots/captures/*.json: label, short media type, badge).
// tests/labels.rs holds the CLI's text and the diagram layout to the same JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, open, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const fixtures = path.join(root, 'tests/fixtures');

function filesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(path.join(fixtures, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(rel)); else out.push(rel);
  }
  return out;
}

/** Each file is a capture, except that a folder with an `oci-layout` marker is one as a whole. */
function captures() {
  const all = filesUnder('');
  const layouts = all.filter((f) => f.endsWith('/oci-layout')).map((f) => f.slice(0, -'/oci-layout'.length));
  const single = all.filter((f) => f !== 'README.md' && !layouts.some((d) => f.startsWith(`${d}/`)));
  return [...layouts.map((d) => ({ name: d, layout: true })), ...single.map((f) => ({ name: f, layout: false }))];
}

function preorder(tree) {
  const out = [];
  const stack = [...tree].reverse();
  while (stack.length) {
    const n = stack.pop();
    out.push(n);
    stack.push(...[...n.children].reverse());
  }
  return out;
}

const rows = (page) => page.$$eval('#tree li[role=treeitem] > .row', (rs) => rs.map((r) => ({
  label: r.querySelector('.kind')?.textContent ?? null,
  media: r.querySelector('.media-type')?.textContent ?? null,
  badge: r.querySelector('.badge')?.textContent ?? null,
})));
const boxes = (page) => page.$$eval('#diagram g.box', (gs) => gs.map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent)));

test('the page says what the JSON says, for every capture and in both languages', async () => {
  const { page, context, errors } = await open(env);
  const all = captures();
  assert.ok(all.length >= 25, String(all.length));
  let compared = 0;
  for (const c of all) {
    for (const lang of ['en', 'ja']) {
      const json = JSON.parse(fs.readFileSync(path.join(root, `tests/snapshots/captures/${c.name}.${lang}.json`), 'utf8'));
      const expected = preorder(json.tree).map((n) => ({
        label: n.label, media: n.shortName ?? n.mediaType, badge: n.badge,
      }));
      await page.selectOption('#lang', lang);
      await page.click('#clear');
      if (c.layout) await page.setInputFiles('#folder', path.join(fixtures, c.name));
      else await page.fill('#input', fs.readFileSync(path.join(fixtures, c.name), 'utf8'));
      if (expected.length === 0) continue;
      await page.waitForFunction((n) => document.querySelectorAll('#tree li[role=treeitem]').length === n, expected.length);
      assert.deepEqual(await rows(page), expected, `${c.name} (${lang})`);
      const drawn = await boxes(page);
      assert.equal(drawn.length, expected.length, c.name);
      drawn.forEach((texts, i) => {
        assert.ok(texts[0].startsWith(expected[i].label), `${c.name}: ${texts[0]}`);
        if (expected[i].media) assert.ok(expected[i].media.startsWith(texts[1].replace(/…$/, '')), `${c.name}: ${texts[1]}`);
      });
      compared += expected.length;
    }
  }
  assert.ok(compared > 100, String(compared));
  assert.deepEqual(errors, []);
  await context.close();
});
