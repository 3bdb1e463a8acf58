// Starts the page (an external file: the Content-Security-Policy forbids inline scripts).
import init from './ocilens-web.js';

init({ module_or_path: new URL('./ocilens-web_bg.wasm', import.meta.url) }).catch((e) => {
  const el = document.getElementById('error') || document.body;
  el.hidden = false;
  el.textContent = 'ocilens could not start: ' + e + ' / ocilens を起動できませんでした: ' + e;
});

// Offline after one visit (sw.js). The worker keeps what was loaded before it ran, and the
// on-demand modules once the visitor does something (so the first load stays small).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch(() => {});
  const ready = navigator.serviceWorker.ready;
  ready.then((reg) => reg.active?.postMessage({ keep: performance.getEntriesByType('resource').map((r) => r.name) }));
  const used = () => ready.then((reg) => reg.active?.postMessage({ modules: true }));
  for (const type of ['input', 'change', 'drop', 'click']) addEventListener(type, used, { once: true, capture: true });
}
