// Accessibility: axe-core (npm, run inside the page) finds no serious or critical violation on
// the main views, in light and dark themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { start, open } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function audit(page) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays as it is.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  // axe really ran: it checked many rules (passes) on this page.
  assert.ok(result.passes.length > 10, `axe checked only ${result.passes.length} rules`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no serious or critical violations (${colorScheme})`, async () => {
    const { page, context } = await open(env, { colorScheme });
    assert.deepEqual(await audit(page), [], 'empty page');
    await page.click('button[data-example="reformatted"]');
    await page.locator('#tree li[data-verification="mismatch"]').waitFor();
    await page.click('#findings li[data-code="digest-mismatch"] button.show-node');
    await page.selectOption('#host', 'raspberry-pi-64');
    await page.locator('#sim-summary').waitFor();
    assert.deepEqual(await audit(page), [], 'tree, details, simulator and findings');
    await page.selectOption('#lang', 'ja');
    assert.deepEqual(await audit(page), [], 'in Japanese');
    // Compare mode: B's area, the platform lists and the comparison (B: the same text).
    await page.selectOption('#lang', 'en');
    await page.click('#compare-toggle');
    await page.fill('#input-b', await page.inputValue('#input'));
    await page.locator('#compare .verdict').waitFor();
    assert.deepEqual(await audit(page), [], 'Compare mode');
    await context.close();
  });
}
