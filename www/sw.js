// The service worker (ARCHITECTURE.md, www/): network first, the kept copy offline; same-origin GETs only.
const CACHE = 'ocilens';
const PAGE = ['./', 'index.html', 'boot.js', 'style.css', 'manifest.webmanifest', 'icon.svg',
  'ocilens-web.js', 'ocilens-web_bg.wasm', 'worker.js', 'ocilens-worker.js', 'ocilens-worker_bg.wasm'];
const MODULES = ['ocilens-explain', 'ocilens-simulator', 'ocilens-fetch', 'ocilens-archive']
  .flatMap((m) => [`${m}.js`, `${m}_bg.wasm`]).concat(['archive.js', 'archive-pool.js']);

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PAGE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

// `keep`: what the page loaded before this worker ran; `modules`: the page is in use.
self.addEventListener('message', (e) => {
  const keep = Array.isArray(e.data?.keep) ? e.data.keep : [];
  if (e.data?.modules) keep.push(...MODULES.map((f) => new URL(f, self.registration.scope).href));
  const mine = keep.filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin);
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all(mine.map((u) => c.add(u).catch(() => {})))));
});

self.addEventListener('fetch', (e) => {
  const r = e.request;
  if (r.method !== 'GET' || new URL(r.url).origin !== self.location.origin) return;
  e.respondWith(fetch(r).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      e.waitUntil(caches.open(CACHE).then((c) => c.put(r, copy)));
    }
    return res;
  }).catch(() => caches.match(r, { ignoreSearch: true }).then((hit) => hit || Response.error())));
});
