// Loads the wasm module. An external file (not Trunk's inline loader) so the
// Content-Security-Policy can forbid inline scripts.
import init from './ocilens-web.js';

init({ module_or_path: new URL('./ocilens-web_bg.wasm', import.meta.url) }).catch((e) => {
  const el = document.getElementById('error') || document.body;
  el.hidden = false;
  el.textContent = 'ocilens could not start: ' + e + ' / ocilens を起動できませんでした: ' + e;
});
