// The CLI's Mermaid export (`ocilens analyze --format mermaid`) is drawn by Mermaid itself (the
// npm package, in Chromium) for every capture: the snapshots in tests/snapshots/captures/*.mmd
// are that output (`cargo test` holds them equal to it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, root } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env.stop(); });

function snapshots(dir = path.join(root, 'tests/snapshots/captures')) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? snapshots(p) : p.endsWith('.mmd') ? [p] : [];
  });
}

test('Mermaid draws the export of every capture: a node per box, an edge per parent', async () => {
  const files = snapshots();
  assert.ok(files.length >= 25, `${files.length} exports`);
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ path: path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  for (const [i, file] of files.entries()) {
    const text = fs.readFileSync(file, 'utf8');
    const nodes = text.split('\n').filter((l) => /^ {2}n\d+\["/.test(l)).length;
    const edges = text.split('\n').filter((l) => / --> /.test(l)).length;
    const drawn = await page.evaluate(async ([id, t]) => {
      const { svg } = await window.mermaid.render(id, t);
      // Parsed inert (DOMParser runs no script and loads nothing).
      const box = new DOMParser().parseFromString(svg, 'text/html');
      return {
        nodes: box.querySelectorAll('g.node').length,
        edges: box.querySelectorAll('path.flowchart-link').length,
        text: box.body.textContent,
        markup: box.querySelectorAll('img, script, iframe').length,
      };
    }, [`m${i}`, text]);
    const name = path.relative(root, file);
    assert.equal(drawn.nodes, nodes, `${name}: nodes`);
    assert.equal(drawn.edges, edges, `${name}: edges`);
    assert.equal(drawn.markup, 0, name);
    const digest = text.match(/sha256:[0-9a-f]{12}/);
    if (digest) assert.ok(drawn.text.includes(digest[0]), `${name}: ${digest[0]} is drawn`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
