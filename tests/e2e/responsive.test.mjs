// The page never freezes (issue 15): each slow case the issue measured, at its size, is pasted
// (or opened, for the layouts) and analysed in the page's worker while the main thread is
// probed: it must answer within 100 ms the whole time the worker works. Cancel stops a running
// analysis; a paste too large for the page says so. The inputs are written by the scaling
// benchmark (`ocilens-scaling --write DIR`), so the page and the benchmark measure the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, open, root } from './harness.mjs';

let env;
let cases;
before(async () => {
  cases = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-slow-'));
  execFileSync('cargo', ['run', '--quiet', '--profile', 'native', '-p', 'ocilens-bench', '--', '--write', cases],
    { cwd: root, stdio: 'inherit' });
  env = await start();
});
after(async () => {
  await env?.stop();
  fs.rmSync(cases, { recursive: true, force: true });
});

// The main thread's longest stall: a timer asks every 5 ms; a gap is time nothing could run.
// When the worker's answer has come (ocilens:received; the page decodes it a turn later), the
// probe reports on the console (read at once, without waiting for the drawing).
const PROBE = (started) => {
  const gaps = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    gaps.push([now, now - last]);
    last = now;
    const received = performance.getEntriesByName('ocilens:received')[0];
    if (!received) {
      setTimeout(tick, 5);
      return;
    }
    const posted = performance.getEntriesByName('ocilens:posted')[0].startTime;
    // The part of each gap between the job's posting and the answer's arrival: the page's
    // stalls while the worker worked (what came after is decoding and drawing).
    const R = received.startTime;
    const working = gaps.map(([t, g]) => Math.max(0, Math.min(t, R) - Math.max(t - g, posted)))
      .filter((_, i) => gaps[i][0] > posted);
    console.log('ocilens-probe ' + JSON.stringify({
      send: posted - started,
      work: R - posted,
      stalls: gaps.filter(([, g]) => g > 50).map(([t, g]) => `${(t - g - started).toFixed(0)}+${g.toFixed(0)}`).join(' '),
      worst: Math.max(0, ...working),
      probes: working.length,
    }));
  };
  setTimeout(tick, 5);
};

/** What the probe saw while the worker analysed what `go` started. */
async function measure(page, go) {
  await page.evaluate(() => performance.clearMarks());
  const report = new Promise((resolve, reject) => {
    page.on('console', (m) => {
      if (m.text().startsWith('ocilens-probe ')) resolve(JSON.parse(m.text().slice('ocilens-probe '.length)));
    });
    setTimeout(() => reject(new Error('the worker did not answer within 120 s')), 120_000);
  });
  const started = await page.evaluate(() => performance.now());
  await page.evaluate(PROBE, started);
  await go();
  return report;
}

const pastes = () => fs.readdirSync(cases).filter((c) => fs.existsSync(path.join(cases, c, 'paste')));

// Each case in a fresh page (no garbage or drawing left from the one before), its text put in
// the paste area and drawn (as a real paste is) before Analyse is pressed.
async function fresh() {
  const opened = await open(env);
  // The worker started and ready, as after the first use.
  await opened.page.fill('#input', '{"schemaVersion":2}');
  await opened.page.locator('#tree li[role=treeitem]').first().waitFor();
  // Analyse pressed once: the focus is on it already when the measured press comes.
  await opened.page.evaluate(() => performance.clearMarks());
  await opened.page.click('#analyse');
  await opened.page.waitForFunction(() => performance.getEntriesByName('ocilens:render').length > 0);
  return opened;
}
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('every slow case of the issue is analysed while the page answers within 100 ms', async () => {
  const rows = [];
  for (const c of pastes()) {
    const { context, page, errors } = await fresh();
    const text = fs.readFileSync(path.join(cases, c, 'paste'), 'utf8');
    // The text goes in without an input event (the button starts the analysis).
    await page.evaluate((t) => { const a = document.getElementById('input'); a.value = t; return a.scrollHeight; }, text);
    await settle(page);
    const m = await measure(page, () => page.click('#analyse'));
    // The result is drawn (a long level, or a long findings list, a page at a time).
    await page.waitForFunction(() => performance.getEntriesByName('ocilens:render').length > 0, null, { timeout: 60_000 });
    await page.locator('#tree li[role=treeitem]').first().waitFor();
    // The page's own marks: decoding (the worker's answer to the model), then drawing.
    Object.assign(m, await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n)[0].startTime;
      return { decode: at('ocilens:analysed') - at('ocilens:received'), draw: performance.getEntriesByName('ocilens:render')[0].duration };
    }));
    rows.push({ case: c, MB: (text.length / 1e6).toFixed(1), ...m });
    assert.ok(m.probes > 0, `${c}: the probe ran while the worker worked`);
    assert.ok(m.worst < 100, `${c}: the page did not answer for ${m.worst.toFixed(0)} ms while the worker worked (${m.work.toFixed(0)} ms; stalls at ${m.stalls})`);
    assert.deepEqual(errors, [], c);
    await context.close();
  }
  // The layouts: a folder of 9,000 files, opened like any folder.
  const { context, page, errors } = await fresh();
  const layouts = path.join(cases, 'n-OCI-layouts-in-one-analysis');
  const m = await measure(page, () => page.setInputFiles('#folder', layouts));
  await page.locator('#tree li[role=treeitem]').first().waitFor({ timeout: 60_000 });
  rows.push({ case: 'n-OCI-layouts-in-one-analysis (a folder)', MB: '3.6', ...m });
  assert.ok(m.worst < 100, `layouts: the page did not answer for ${m.worst.toFixed(0)} ms`);
  assert.deepEqual(errors, []);
  await context.close();
  console.log(rows.map((r) => `${r.case}: ${r.MB} MB; handing it to the worker ${r.send.toFixed(0)} ms; worker ${r.work.toFixed(0)} ms, longest main-thread stall meanwhile ${r.worst.toFixed(0)} ms (${r.probes} probes); then decoded in ${r.decode?.toFixed(0)} ms and drawn in ${r.draw?.toFixed(0)} ms`).join('\n'));
});

test('typing goes on while a large paste is analysed, and Cancel stops it', async () => {
  const { page, errors } = await open(env);
  const big = fs.readFileSync(path.join(cases, 'index-whose-n-entries-name-the-same-pasted-manifest', 'paste'), 'utf8');
  await page.evaluate((t) => { document.getElementById('input').value = t; }, big);
  await page.click('#analyse');
  // The busy line shows after a moment, with the size and Cancel.
  await page.locator('#busy:not([hidden])').waitFor();
  assert.match(await page.locator('#busy-text').textContent(), /Analysing 1\d\.\d MB/);
  // A field of the page takes keys meanwhile.
  await page.click('#fetch-ref');
  await page.keyboard.type('alpine:3');
  assert.equal(await page.inputValue('#fetch-ref'), 'alpine:3');
  await page.click('#analysis-cancel');
  await page.locator('#busy[hidden]').waitFor({ state: 'attached' });
  assert.match(await page.locator('#busy-status').textContent(), /cancelled/);
  assert.equal(await page.locator('#tree li').count(), 0, 'nothing half-done is shown');
  // The next analysis runs in a new worker.
  await page.fill('#input', fs.readFileSync(path.join(root, 'tests/fixtures/imagetools/text-index-with-attestations.txt'), 'utf8'));
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  assert.equal(await page.locator('#busy-status').textContent(), '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file larger than the page can hold is refused with what to do, unread', async () => {
  const { page, errors } = await open(env);
  const huge = path.join(cases, 'huge.json');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, 300 << 20);
  await page.setInputFiles('#files', huge);
  await page.locator('#error:not([hidden])').waitFor();
  assert.match(await page.locator('#error').textContent(), /too large for the page: 300 MB .*`ocilens analyze FILE`/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a level of 100,000 items shows 200 at a time, and more on asking', async () => {
  const { page, errors } = await open(env);
  const big = fs.readFileSync(path.join(cases, 'index-whose-n-entries-name-the-same-pasted-manifest', 'paste'), 'utf8');
  await page.evaluate((t) => { document.getElementById('input').value = t; }, big);
  await page.click('#analyse');
  const entries = page.locator('#tree li[data-path="0"] > ul > li[role=treeitem]');
  await entries.first().waitFor({ timeout: 60_000 });
  assert.equal(await entries.count(), 200);
  const more = page.locator('#tree li[data-path="0"] > ul > li.more button');
  assert.equal(await more.textContent(), 'Show 200 more (200 of 100000 shown)');
  // Pressed from the keyboard: the next 200 come, the focus on the first of them.
  await more.focus();
  await page.keyboard.press('Enter');
  await page.locator('#tree li[data-path="0-399"]').waitFor();
  assert.equal(await entries.count(), 400);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), '0-200');
  assert.equal(await more.textContent(), 'Show 200 more (400 of 100000 shown)');
  // The keys of the tree go on from there.
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), '0-201');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a finding on a document past the first page shows it in the tree, building the pages on the way', async () => {
  const { page, errors } = await open(env);
  const text = fs.readFileSync(path.join(cases, 'n-small-documents-with-one-schema-problem-each', 'paste'), 'utf8');
  await page.evaluate((t) => { document.getElementById('input').value = t; }, text);
  await page.click('#analyse');
  await page.locator('#tree > li[role=treeitem]').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#tree > li[role=treeitem]').count(), 200, 'the roots, a page of them');
  const group = page.locator('#findings section[data-severity=error] > ul');
  assert.equal(await group.locator(':scope > li.finding').count(), 200, 'the findings, a page of them');
  await group.locator(':scope > li.more button').click();
  assert.equal(await group.locator(':scope > li.finding').count(), 400);
  // The 301st finding names a document whose root is not built yet.
  const finding = group.locator(':scope > li.finding').nth(300);
  const doc = await finding.getAttribute('data-document');
  await finding.locator('button.show-node').click();
  const selected = page.locator('#tree li[aria-selected=true]');
  await selected.waitFor();
  assert.equal(await selected.getAttribute('data-document'), doc);
  assert.ok(Number(await selected.getAttribute('data-path')) >= 200, 'a root past the first page');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-selected')), 'true');
  assert.deepEqual(errors, []);
  await page.close();
});
