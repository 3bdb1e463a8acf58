#!/usr/bin/env node
// Writes DIST/ocilens.html: the page as one self-contained file that works opened from disk
// (file://) with no network. Everything is inside: the page's wasm and one module that holds the
// analysis worker, the simulator and the explanations (crates/ocilens-offline, which scripts/build
// leaves in DIST/.offline: their shared code once), each packed by zopfli, then base64, and
// unpacked by the browser's own DecompressionStream when first needed; their JS glue bundled by
// esbuild into one inline module; the stylesheet; and the examples. Only the registry fetch is left out: it needs a
// network, and says so. Usage: node scripts/single-file.mjs DIST (scripts/build runs it).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(process.argv[2] || 'dist');
const here = path.dirname(fileURLToPath(import.meta.url));
// esbuild from the test tools' npm packages (scripts/setup installs them).
const { buildSync } = createRequire(path.join(here, '../tests/e2e/package.json'))('esbuild');
const read = (f) => fs.readFileSync(path.join(dist, f));
// zopfli (Debian's, scripts/setup installs it) packs about 4% tighter than gzip -9 and any
// gzip reader unpacks it; without it, zlib's gzip -9.
const packed = (f) => {
  try {
    return execFileSync('zopfli', ['-c', '--gzip', path.join(dist, f)], { maxBuffer: 1 << 28 }).toString('base64');
  } catch {
    return zlib.gzipSync(read(f), { level: 9 }).toString('base64');
  }
};

// Text inside <script> must not close it: in JS strings and regexps \/ and \! mean / and !;
// in JSON every < is in a string, where \u003c means <.
const safeJs = (text) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const safeJson = (text) => text.replace(/</g, '\\u003c');
const css = read('style.css').toString('utf8');
if (css.includes('</')) throw new Error('style.css contains </');

// The examples, by the URL the page fetches them with (`examples/<path>`).
const examples = {};
const walk = (rel) => {
  for (const e of fs.readdirSync(path.join(dist, rel), { withFileTypes: true })) {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(r);
    else examples[r] = read(r).toString('utf8');
  }
};
walk('examples');

// The analysis worker (www/worker.js with its module's glue), as one classic script for a blob
// worker (a page opened from disk cannot start a module worker); its wasm is sent to it in its
// first message.
// The worker imports the analysis from the one module: a copy of worker.js beside it that says so.
const workerJs = read('worker.js').toString('utf8');
if (!workerJs.includes('./ocilens-worker.js')) throw new Error('worker.js no longer imports ./ocilens-worker.js');
fs.writeFileSync(path.join(dist, '.offline', 'worker.js'), workerJs.replaceAll('./ocilens-worker.js', './ocilens-offline.js'));
const workerScript = buildSync({
  entryPoints: [path.join(dist, '.offline', 'worker.js')],
  bundle: true, format: 'iife', minify: true, write: false, platform: 'browser', target: 'es2022',
  logLevel: 'error',
}).outputFiles[0].text;

const entry = `
import init from './.offline/ocilens-web.js';
import * as one from './.offline/ocilens-offline.js';

// Bytes of a wasm module carried in this file (gzip, base64).
async function wasm(id) {
  const text = document.getElementById(id).textContent;
  const raw = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const start = (m, id) => { let p; return () => (p ||= wasm(id).then((b) => m.default({ module_or_path: b })).then(() => m)); };
// The simulator and the explanations are the one module, started once for both.
const started = start(one, 'wasm-ocilens-offline');
globalThis.ocilensModules = {
  'ocilens-simulator': started,
  'ocilens-explain': started,
  'ocilens-fetch': () => Promise.reject(new Error('ocilens.html has no registry fetch (it is made to work with no network): fetch in the served page or with \`ocilens fetch\`, or paste what \`crane manifest\` prints / ocilens.html にはレジストリからの取得がありません（ネットワークなしで動くためのファイルです）。配信されているページか \`ocilens fetch\` で取得するか、\`crane manifest\` の出力を貼り付けてください')),
};

// The analysis worker, from a blob (a page opened from disk cannot start one from a file).
const workerScript = ${JSON.stringify(workerScript)};
globalThis.ocilensWorker = () => {
  const w = new Worker(URL.createObjectURL(new Blob([workerScript], { type: 'text/javascript' })));
  wasm('wasm-ocilens-offline').then((b) => w.postMessage({ wasm: b }, [b.buffer]));
  return w;
};

// No archives in the single file (their module would carry a second copy of the analysis,
// 260 KB gzip): the page says so, and where to open one.
globalThis.ocilensArchiveWorker = null;

// The examples are answered from this file.
const files = JSON.parse(document.getElementById('ocilens-examples').textContent);
const folder = new URL('./', document.baseURI).href;
const networkFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = (input, options) => {
  const url = new URL(typeof input === 'string' ? input : input.url, document.baseURI).href;
  const own = url.startsWith(folder) ? files[url.slice(folder.length)] : undefined;
  return own === undefined ? networkFetch(input, options) : Promise.resolve(new Response(own));
};

wasm('wasm-ocilens-web').then((b) => init({ module_or_path: b })).catch((e) => {
  const el = document.getElementById('error') || document.body;
  el.hidden = false;
  el.textContent = 'ocilens could not start: ' + e + ' / ocilens を起動できませんでした: ' + e;
});
`;
fs.writeFileSync(path.join(dist, '.single-entry.js'), entry);
let script;
try {
  script = buildSync({
    entryPoints: [path.join(dist, '.single-entry.js')],
    bundle: true, format: 'esm', minify: true, write: false, platform: 'browser', target: 'es2022',
    logLevel: 'error',
  }).outputFiles[0].text;
} finally {
  fs.rmSync(path.join(dist, '.single-entry.js'));
}

// The page's own document, with what it links replaced by what it would load.
const csp = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="description" content="ocilens: understand container image manifests, indexes and digests, privately in your browser. This one file works with no network.">
<title>ocilens</title>
<link rel="icon" href="data:,">
<style>${css}</style>
</head>
<body>
<main id="ocilens"><noscript>ocilens needs JavaScript and WebAssembly. / ocilens には JavaScript と WebAssembly が必要です。</noscript></main>
<script type="application/octet-stream" id="wasm-ocilens-web">${packed('.offline/ocilens-web_bg.wasm')}</script>
<script type="application/octet-stream" id="wasm-ocilens-offline">${packed('.offline/ocilens-offline_bg.wasm')}</script>
<script type="application/json" id="ocilens-examples">${safeJson(JSON.stringify(examples))}</script>
<script type="module">${safeJs(script)}</script>
</body>
</html>
`;
fs.writeFileSync(path.join(dist, 'ocilens.html'), html);
const gz = zlib.gzipSync(html, { level: 9 }).length;
console.log(`wrote ${path.relative(here + '/..', path.join(dist, 'ocilens.html'))}: ${html.length} bytes, ${gz} gzip`);
