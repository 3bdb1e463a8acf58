// XSS, wider (issue 15, point 5): 60 payloads (script tags, event handlers, javascript: URLs,
// SVG, CSS injection, bidi and zero-width tricks, very long tokens) in every field a user
// controls: media types, annotation keys and values, platforms, references, file names, JSON
// paths (unknown keys), history, labels, the custom platform field and share links. In the
// page, its SVG export and an <oci-lens> element, none may run (no dialog, no CSP violation,
// no element or attribute the payload made) and each is shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, open } from './harness.mjs';

const PAYLOADS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
  'javascript:alert(1)', '<a href="javascript:alert(1)">x</a>', '<iframe src=javascript:alert(1)>',
  '<style>*{display:none}</style>', '</textarea><script>alert(1)</script>', ']]><script>alert(1)</script>',
  "{{constructor.constructor('alert(1)')()}}", '${alert(1)}', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  'abc\u202Edef', 'zero\u200Bwidth\u200Djoin', 'line\u2028sep\u2029para', 'A'.repeat(4000),
  '<!--', '-->', 'red;background:url(javascript:alert(1))', '</style><script>alert(1)</script>',
  '" onmouseover="alert(1)', "'--><svg/onload=alert(1)>", 'click A call alert(1)', '%3Cscript%3Ealert(1)%3C/script%3E',
  '&lt;script&gt;alert(1)&lt;/script&gt;', '<svg><script>alert(1)</script></svg>', '<object data=javascript:alert(1)>',
  '<base href=//evil.example/>', '<meta http-equiv=refresh content="0;url=//evil.example">', '<form action=//evil.example><button>go</button></form>',
  '<details open ontoggle=alert(1)>', '<video><source onerror=alert(1)></video>', '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>', '<marquee onstart=alert(1)>', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<x contenteditable onblur=alert(1)>x</x>', '<link rel=stylesheet href=//evil.example/x.css>', 'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)', '<table background=javascript:alert(1)>', '<img src=1 onerror="javascript:alert(1)">',
  '<audio src onloadstart=alert(1)>', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<template><script>alert(1)</script></template>',
  '<plaintext>', '<xmp><script>alert(1)</script></xmp>', '"});alert(1);//', '<scr\u0000ipt>alert(1)</scr\u0000ipt>',
  '<<script>script>alert(1)<</script>/script>', '\u0000\u0001\u0007\u001b[31mred\u001b[0m', '`<b>md</b>` **bold** [x](javascript:alert(1))',
  '|a|b|\n|-|-|', '"]; alert(1); ["', 'A-->B; click B "javascript:alert(1)"', '<foreignObject><div onclick=alert(1)>',
  '<svg><style>@import "//evil.example";</style></svg>', '\uFEFF<script>alert(1)</script>', '＜script＞alert(1)＜/script＞',
];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const hex = (i) => i.toString(16).padStart(64, '0');

/** One index naming one manifest per payload, and one config, each field holding the payload. */
function hostilePaste(payloads) {
  const docs = [];
  const manifests = payloads.map((p, i) => ({
    mediaType: p, digest: `sha256:${hex(i + 1)}`, size: 1, artifactType: p,
    platform: { os: p, architecture: p, variant: p, 'os.version': p, 'os.features': [p] },
    annotations: { [p]: p, 'org.opencontainers.image.ref.name': p },
  }));
  docs.push(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests,
    annotations: Object.fromEntries(payloads.map((p) => [p, p])), [payloads[0]]: payloads[1] }, null, 2));
  docs.push(JSON.stringify({ architecture: payloads[2], os: payloads[3], created: payloads[4],
    config: { Labels: Object.fromEntries(payloads.map((p) => [p, p])), Env: payloads, Entrypoint: payloads.slice(0, 5), User: payloads[5] },
    history: payloads.map((p) => ({ created: p, created_by: p, comment: p })),
    rootfs: { type: payloads[6], diff_ids: payloads.slice(0, 3) } }, null, 2));
  // imagetools text: the payload as the reference (one line each).
  for (const p of payloads.slice(0, 12)) {
    const line = p.replace(/[\r\n\u2028\u2029]/g, ' ');
    docs.push(`Name:      ${line}\nMediaType: application/vnd.oci.image.index.v1+json\nDigest:    sha256:${hex(7)}\n`);
  }
  return docs.join('\n');
}

/** What in `root` (and its shadow roots) a payload could have made: elements and attributes. */
async function injected(page) {
  return page.evaluate(() => {
    const bad = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        // The page's head, and an element's data script (text the browser never runs).
        if (el.closest('head') || (el.matches('oci-lens > script[type="text/plain"]'))) continue;
        if (['script', 'iframe', 'object', 'embed', 'img', 'video', 'audio', 'source', 'base', 'meta', 'form', 'math',
          'marquee', 'template', 'noscript', 'plaintext', 'xmp', 'x', 'foreignobject', 'animate', 'link', 'style', 'body']
          .includes(tag) && !el.closest('head') && !(tag === 'link' && el.getAttribute('rel') === 'stylesheet' && el.href.startsWith(location.origin))
          && !(tag === 'body' && el === document.body) && !(tag === 'noscript' && el.parentElement?.id === 'ocilens')) {
          bad.push(`<${tag}>`);
        }
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
          if (/^\s*(javascript|vbscript|data):/i.test(a.value) && ['href', 'src', 'action', 'xlink:href', 'data', 'background'].includes(a.name)) bad.push(`${tag}[${a.name}=${a.value.slice(0, 30)}]`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return bad;
  });
}

async function guard(page) {
  const seen = { dialogs: 0, violations: [] };
  page.on('dialog', async (d) => { seen.dialogs++; await d.dismiss(); });
  await page.exposeFunction('reportViolation', (v) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

test('60 payloads in every field of a paste: shown as text, none runs', async () => {
  const { page, context, errors } = await open(env);
  const seen = await guard(page);
  await page.reload();
  await page.waitForSelector('#analyse');
  await page.fill('#input', hostilePaste(PAYLOADS));
  await page.click('#analyse');
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  // Open the details of the index, an entry, the config and an imagetools root.
  for (const sel of ['#tree li[data-kind="index"]', '#tree li[data-kind="manifest"]', '#tree li[data-kind="config"]', '#tree li[data-kind="reference"]']) {
    const n = page.locator(sel).first();
    if (await n.count()) {
      await n.locator(':scope > .row').click();
      await page.locator('#details:not([aria-busy])').waitFor();
    }
  }
  // The custom platform field, the diagram.
  await page.selectOption('#host', 'custom');
  await page.fill('#host-custom', PAYLOADS[1]);
  await page.locator('#sim').filter({ hasText: /./ }).waitFor();
  const drawn = page.locator('#draw-diagram');
  if (await drawn.count()) await drawn.click();
  await page.locator('#diagram svg').waitFor();
  // Shown as text: the payloads are in the page's text.
  const text = await page.evaluate(() => document.body.innerText + document.getElementById('diagram').textContent);
  for (const p of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '" onmouseover="alert(1)']) {
    assert.ok(text.includes(p), `shown as text: ${p}`);
  }
  assert.deepEqual(await injected(page), []);
  // The SVG export: one <svg>, no script, no handler, no javascript: link; the text escaped.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#save-svg')]);
  const file = fs.readFileSync(await svg.path(), 'utf8');
  const parsed = await page.evaluate((s) => {
    const d = new DOMParser().parseFromString(s, 'image/svg+xml');
    const all = [...d.querySelectorAll('*')];
    return { error: !!d.querySelector('parsererror'), tags: [...new Set(all.map((e) => e.localName))],
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => a.name)) };
  }, file);
  assert.equal(parsed.error, false, 'the SVG parses');
  assert.deepEqual(parsed.tags.filter((t) => !['svg', 'title', 'desc', 'g', 'rect', 'text', 'tspan', 'path', 'line', 'style', 'defs', 'marker'].includes(t)), []);
  assert.deepEqual(parsed.handlers, []);
  assert.ok(file.includes('&lt;script&gt;') || !file.includes('<script'), 'text escaped in the SVG');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#save-png')]);
  assert.ok(fs.statSync(await png.path()).size > 1000);
  assert.equal(seen.dialogs, 0);
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('payloads as file names and in a share link are text too', async () => {
  const { page, context, errors } = await open(env);
  const seen = await guard(page);
  await page.reload();
  await page.waitForSelector('#analyse');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocilens-xss-'));
  const names = PAYLOADS.filter((p) => !/[\/\u0000]/.test(p) && p.length < 200).slice(0, 20)
    .map((p, i) => `${i}-${p.replace(/[\r\n\u2028\u2029]/g, ' ')}.json`);
  const files = names.map((n, i) => {
    const f = path.join(dir, n);
    fs.writeFileSync(f, JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${hex(i)}`, size: 2 }, layers: [] }));
    return f;
  });
  await page.setInputFiles('#files', files);
  await page.locator('#formats', { hasText: names[0] }).waitFor();
  assert.deepEqual(await injected(page), []);
  // A share link made from a hostile paste opens as the same text.
  await page.fill('#input', hostilePaste(PAYLOADS.slice(0, 20)));
  await page.click('#analyse');
  await page.locator('#tree li[data-kind="index"]').first().waitFor();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#share');
  await page.locator('#share-status', { hasText: /./ }).waitFor();
  const link = page.url();
  const other = await context.newPage();
  other.on('dialog', async (d) => { seen.dialogs++; await d.dismiss(); });
  await other.goto(link);
  await other.locator('#tree li[data-kind="index"]').first().waitFor();
  assert.equal(await other.locator('#input').inputValue(), await page.locator('#input').inputValue());
  assert.deepEqual(await injected(other), []);
  assert.equal(seen.dialogs, 0);
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

test('in an <oci-lens> element the payloads are text as well', async () => {
  const paste = hostilePaste(PAYLOADS).replace(/<\/script/gi, '<\\/script');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title><link rel="icon" href="/icon.svg">
<script type="module" src="/oci-lens.js"></script></head><body>
<oci-lens view="tree details diagram findings simulator" host="${PAYLOADS[2].replace(/"/g, '&quot;')}"><script type="text/plain">${paste}</script></oci-lens></body></html>`;
  const e2 = await start({ pages: { '/xss.html': html }, headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'" } });
  try {
    const context = await e2.browser.newContext();
    const page = await context.newPage();
    const seen = await guard(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(e2.base + 'xss.html');
    const lens = page.locator('oci-lens');
    await lens.locator('#tree li[data-kind="index"]').first().waitFor();
    await lens.locator('#tree li[aria-level="2"] > .row').first().click();
    await lens.locator('#details:not([aria-busy])').waitFor();
    await lens.locator('#diagram svg').waitFor();
    assert.ok((await lens.locator('#details').textContent()).includes('<'), 'payload shown as text');
    assert.deepEqual(await injected(page), []);
    assert.equal(seen.dialogs, 0);
    assert.deepEqual(seen.violations, []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await e2.stop();
  }
});
