// Shared by the page tests: serves dist/ (built by `trunk build --release`) on a random loopback
// port and drives Debian's Chromium (playwright-core, no downloaded browser).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');
export const fixturePath = (rel) => path.join(root, 'tests/fixtures', rel);
export const fixture = (rel) => fs.readFileSync(fixturePath(rel), 'utf8');
const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.txt': 'text/plain',
};

/**
 * Serves dist/ and, at their own paths, the pages given (`{ '/docs/a.html': html }`, a docs site
 * made by a test), each with the headers given (a Content-Security-Policy).
 */
export async function start({ pages = {}, headers = {} } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html', ...headers });
      res.end(pages[url.pathname]);
      return;
    }
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', ...headers });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    base,
    browser,
    async stop() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Opens the page in a fresh context; returns it with console errors and every request made. */
/** The page's analysis worker: fixed files of the page itself, fetched at the first use. */
export const ownWorker = (u) => /\/(worker\.js|ocilens-worker\.js|ocilens-worker_bg\.wasm)$/.test(u);

export async function open(env, { url, ...options } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url || env.base);
  await page.waitForSelector('#analyse');
  return { page, context, errors, requests };
}

/**
 * Resident bytes of Chromium's renderer processes (with one page open, the page's: the page, its
 * workers, their JS heaps, wasm memories and file buffers, all of it).
 */
export function rendererBytes() {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch { /* gone */ }
  }
  return total;
}

export function screenshot(page, name) {
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  return page.screenshot({ path: path.join(root, 'docs', name), fullPage: false });
}
