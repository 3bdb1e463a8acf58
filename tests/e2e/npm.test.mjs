// The npm package `ocilens` (built by scripts/build into dist/): the tarball installs into an empty
// folder; `analyze` and `analyzeFiles` work from Node and give the CLI's JSON; the declarations
// match docs/json-output.md and real output, and type-check; a page bundled by esbuild from npm
// shows the element in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { root, fixture, fixturePath } from './harness.mjs';

const bin = path.join(root, 'tests/e2e/node_modules/.bin');
const version = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m)[1];
const tarball = path.join(root, 'dist', `ocilens-${version}.tgz`);
let dir;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-npm-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (code) => execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' });

test('the tarball installs with nothing else, and analyze works from Node', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/ocilens/package.json'), 'utf8'));
  assert.equal(pkg.version, version);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.')), ['ocilens']);
  const text = fixture('imagetools/text-index-with-attestations.txt');
  const out = JSON.parse(run(`
    import { analyze } from 'ocilens';
    const en = await analyze(${JSON.stringify(text)});
    const ja = await analyze(${JSON.stringify(text)}, { lang: 'ja' });
    console.log(JSON.stringify({ en, ja }));
  `));
  assert.equal(out.en.version, 1);
  assert.equal(out.en.tree[0].kind, 'reference');
  assert.equal(out.en.tree[0].children[0].kind, 'index');
  assert.ok(out.en.findings.some((f) => f.code === 'attestation-manifests'));
  assert.equal(out.ja.tree[0].children[0].label, 'インデックス');
  assert.notEqual(out.en.findings[0].message, out.ja.findings[0].message);
  // Bad input is findings, never a throw.
  const bad = JSON.parse(run(`import { analyze } from 'ocilens'; console.log(JSON.stringify(await analyze('{"schemaVersion": 2,')));`));
  assert.ok(bad.findings.some((f) => f.severity === 'error'));
});

test('analyzeFiles from Node prints exactly what `ocilens analyze --format json` prints', () => {
  execFileSync('cargo', ['build', '-p', 'ocilens-cli', '--locked', '--quiet'], { cwd: root });
  const cli = path.join(process.env.CARGO_TARGET_DIR || path.join(root, 'target'), 'debug/ocilens');
  const layout = 'buildkit-oci-layout';
  const files = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(fixturePath(rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r); else files.push(r);
    }
  };
  walk(layout);
  files.sort();
  for (const [names, args] of [
    [['manifests/dockerhub-python-latest-manifest-list.json'], ['manifests/dockerhub-python-latest-manifest-list.json']],
    [files, [layout]],
  ]) {
    for (const lang of ['en', 'ja']) {
      const expected = JSON.parse(execFileSync(cli, ['analyze', '--format', 'json', '--lang', lang, ...args], { cwd: path.join(root, 'tests/fixtures'), encoding: 'utf8' }));
      const got = JSON.parse(run(`
        import { readFileSync } from 'node:fs';
        import { analyzeFiles } from 'ocilens';
        const names = ${JSON.stringify(names)};
        const files = names.map((name) => ({ name, bytes: readFileSync(${JSON.stringify(path.join(root, 'tests/fixtures'))} + '/' + name) }));
        console.log(JSON.stringify(await analyzeFiles(files, { lang: '${lang}' })));
      `));
      assert.deepEqual(got, expected, `${args} (${lang})`);
    }
  }
});

// The declarations: each interface is tagged with the section of docs/json-output.md it declares.
function declared() {
  const dts = fs.readFileSync(path.join(dir, 'node_modules/ocilens/index.d.ts'), 'utf8');
  const out = new Map();
  for (const m of dts.matchAll(/\/\*\* docs\/json-output\.md: (.+?) \*\/\nexport interface (\w+) \{\n([\s\S]*?)\n\}/g)) {
    const fields = [...m[3].matchAll(/^ {2}(\w+)\??:/gm)].map((f) => f[1]);
    out.set(m[1], { name: m[2], fields });
  }
  return out;
}

function documented() {
  const md = fs.readFileSync(path.join(root, 'docs/json-output.md'), 'utf8');
  const out = new Map();
  let section;
  for (const line of md.split('\n')) {
    const h = line.match(/^#{2,4} (.+)$/);
    if (h) { section = h[1].replace(/`/g, ''); continue; }
    const row = line.match(/^\| `(\w+)` \|/);
    if (row && section) {
      if (!out.has(section)) out.set(section, []);
      out.get(section).push(row[1]);
    }
  }
  return out;
}

test('the TypeScript declarations are the JSON contract: the document, real output, tsc', () => {
  const types = declared();
  const docs = documented();
  assert.ok(types.size >= 8, `only ${types.size} tagged interfaces`);
  for (const [section, { name, fields }] of types) {
    assert.ok(docs.has(section), `${name}: no section "${section}" in docs/json-output.md`);
    assert.deepEqual(fields, docs.get(section), `${name} against "${section}"`);
  }
  // Real output has exactly the declared fields (optional ones only from CLI flags).
  const check = (value, section, where) => {
    const { fields } = types.get(section);
    const extra = Object.keys(value).filter((k) => !fields.includes(k));
    assert.deepEqual(extra, [], `${where}: undeclared fields`);
  };
  const out = JSON.parse(run(`
    import { analyze } from 'ocilens';
    console.log(JSON.stringify(await analyze(${JSON.stringify(fixture('imagetools/text-index-with-attestations.txt') + '\n' + fixture('manifests/regclient-referrers-index.json'))})));
  `));
  check(out, 'Top level', '$');
  out.inputs.forEach((x, i) => check(x, 'inputs[]', `inputs[${i}]`));
  out.documents.forEach((x, i) => {
    check(x, 'documents[]', `documents[${i}]`);
    x.claimedDigests.forEach((c, j) => check(c, 'claimedDigests[]', `documents[${i}].claimedDigests[${j}]`));
  });
  const nodes = (ns) => ns.flatMap((n) => [n, ...nodes(n.children)]);
  nodes(out.tree).forEach((n, i) => check(n, 'tree[] (nodes, recursive)', `node ${i}`));
  out.findings.forEach((x, i) => check(x, 'findings[]', `findings[${i}]`));
  // A pull log, through the same door.
  const pulled = JSON.parse(run(`
    import { analyze } from 'ocilens';
    console.log(JSON.stringify(await analyze(${JSON.stringify('latest: Pulling from library/debian\ne756f3fdd6a3: Pull complete\nDigest: sha256:' + 'a'.repeat(64) + '\nStatus: Downloaded newer image for debian:latest\ndocker.io/library/debian:latest\n')})));
  `));
  assert.equal(pulled.pullLogs.length, 1);
  check(pulled.pullLogs[0], 'pullLogs[]', 'pullLogs[0]');
  // A consumer's TypeScript compiles against both entry points.
  fs.writeFileSync(path.join(dir, 'use.ts'), `
    import { analyze, type Analysis, type TreeNode } from 'ocilens';
    import { setBasePath, type OciLens } from 'ocilens/element';
    setBasePath('/assets/ocilens/');
    const a: Analysis = await analyze('{}', { lang: 'ja' });
    const first: TreeNode | undefined = a.tree[0];
    const el: OciLens = document.createElement('oci-lens');
    el.addEventListener('oci-lens-select', (e) => console.log(e.detail.digest, first?.label));
    export {};
  `);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, lib: ['es2022', 'dom'], types: [] },
    files: ['use.ts'],
  }));
  execFileSync(path.join(bin, 'tsc'), ['-p', dir], { cwd: dir, encoding: 'utf8' });
});

test('a page bundled by esbuild from the package shows the element in Chromium', async () => {
  const site = path.join(dir, 'site');
  fs.mkdirSync(path.join(site, 'ocilens'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.js'), `
    import { setBasePath } from 'ocilens/element';
    setBasePath('/ocilens/');
    document.addEventListener('oci-lens-analyzed', (e) => { document.body.dataset.roots = e.detail.roots.map((r) => r.kind).join(' '); });
  `);
  execFileSync(path.join(bin, 'esbuild'), ['app.js', '--bundle', '--format=esm', '--platform=browser', `--outfile=${path.join(site, 'app.js')}`], { cwd: dir, stdio: 'pipe' });
  const bundle = fs.readFileSync(path.join(site, 'app.js'), 'utf8');
  assert.ok(bundle.includes('customElements.define'), 'the element is in the bundle');
  // The modules the element loads at run time, copied where setBasePath says.
  const pkg = path.join(dir, 'node_modules/ocilens');
  fs.cpSync(pkg, path.join(site, 'ocilens'), { recursive: true });
  fs.writeFileSync(path.join(site, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundled</title>
<link rel="icon" href="data:,"><script type="module" src="/app.js"></script></head><body>
<oci-lens><script type="application/json">${fixture('manifests/dockerhub-python-latest-manifest-list.json')}</script></oci-lens></body></html>`);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const file = path.join(site, new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html'));
    if (!file.startsWith(site) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src data:" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.locator('oci-lens #tree li[data-kind="index"]').waitFor();
    assert.ok(await page.locator('oci-lens #tree li[data-kind="manifest"]').count() >= 5);
    await page.waitForFunction(() => document.body.dataset.roots === 'index');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
});
