// <oci-lens>: a live ocilens view for docs pages (docs/embedding.md).
//
//   <script type="module" src="/ocilens/oci-lens.js"></script>
//   <oci-lens lang="ja" view="tree details" host="apple-silicon">
//     <script type="application/json">{ "schemaVersion": 2, ... }</script>
//   </oci-lens>
//
// This file only defines the element. The view is the page's own Rust code (the module
// `ocilens-embed`, the page's crate with its `embed` door), loaded once for every element of a
// page when the first one comes near the viewport; each element is a view of its own in its
// shadow root. Data comes from the element's child scripts or from the URLs its `src` names;
// nothing else is ever fetched, and no data ever becomes markup.

const VIEW_ATTRS = ['lang', 'view', 'host', 'select', 'depth'];
let base = new URL('./', import.meta.url);
let core;

/** Where `ocilens-embed.js`, its wasm and the styles are, when not beside this file (a bundle). */
export function setBasePath(url) {
  base = new URL(url, document.baseURI);
  if (!base.href.endsWith('/')) base = new URL(base.href + '/');
}

/** The one module every element shares, imported and started once. */
function loadCore() {
  core ||= import(new URL('ocilens-embed.js', base).href)
    .then(async (m) => {
      await m.default({ module_or_path: new URL('ocilens-embed_bg.wasm', base) });
      return m;
    })
    .catch((e) => {
      core = undefined;
      throw e;
    });
  return core;
}

// Elements start when they come within a screen of the viewport.
let watcher;
function watch(el) {
  watcher ||= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (e.isIntersecting) {
          watcher.unobserve(e.target);
          e.target.start();
        }
      }
    },
    { rootMargin: '100% 0px' },
  );
  watcher.observe(el);
}

function pickLang(value) {
  return String(value || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const said = {
  en: { loading: 'Loading ocilens…', failed: 'ocilens could not start: ', src: 'Could not read ' },
  ja: { loading: 'ocilens を読み込んでいます…', failed: 'ocilens を起動できませんでした: ', src: '読み込めませんでした: ' },
};

export class OciLens extends HTMLElement {
  static observedAttributes = [...VIEW_ATTRS, 'src'];

  #lens;
  #started = false;

  connectedCallback() {
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      const note = document.createElement('p');
      note.className = 'loading';
      note.setAttribute('role', 'status');
      note.textContent = said[this.#language()].loading;
      root.append(note);
    }
    if (!this.#started) watch(this);
  }

  disconnectedCallback() {
    watcher?.unobserve(this);
  }

  /** The view's language: its `lang`, else the page's (the closest `lang` around it). */
  #language() {
    return pickLang(this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#lens || old === value) return;
    if (name === 'src') this.#read();
    else this.#lens.set(name, name === 'lang' ? this.#language() : value ?? undefined);
  }

  /** Loads the shared module (the first element does) and shows this element's data. */
  async start() {
    if (this.#started) return;
    this.#started = true;
    const began = performance.now();
    const root = this.shadowRoot;
    let m;
    try {
      m = await loadCore();
    } catch (e) {
      root.querySelector('.loading').textContent = said[this.#language()].failed + e;
      this.#started = false;
      return;
    }
    root.querySelector('.loading')?.remove();
    // The styles from where the module came from (known now: setBasePath runs after a bundle
    // defines the element).
    for (const sheet of ['style.css', 'oci-lens.css']) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(sheet, base).href;
      root.append(link);
    }
    this.#lens = new m.Lens(root, this.#language(), base.href);
    for (const a of VIEW_ATTRS) {
      if (a !== 'lang' && this.hasAttribute(a)) this.#lens.set(a, this.getAttribute(a));
    }
    await this.#read();
    // From coming near the viewport to the tree shown (tests/e2e/bench-embed.mjs reads it).
    performance.measure('oci-lens:shown', { start: began, detail: this.id });
  }

  /** The documents: the files `src` names (space-separated), or the child scripts' text. */
  async #read() {
    const src = (this.getAttribute('src') || '').trim();
    let names;
    let bytes;
    if (src) {
      names = src.split(/\s+/);
      try {
        bytes = await Promise.all(names.map(async (u) => {
          const r = await fetch(new URL(u, document.baseURI));
          if (!r.ok) throw new Error(`${u}: ${r.status}`);
          return new Uint8Array(await r.arrayBuffer());
        }));
      } catch (e) {
        this.#lens.fail(said[this.#language()].src + (e.message || e));
        return;
      }
    } else {
      const scripts = this.querySelectorAll(':scope > script[type="application/json"], :scope > script[type="text/plain"]');
      const enc = new TextEncoder();
      names = [...scripts].map((s, i) => s.dataset.name || `inline-${i + 1}`);
      bytes = [...scripts].map((s) => enc.encode(s.textContent));
    }
    this.#lens.load(names, bytes);
  }
}

if (!customElements.get('oci-lens')) customElements.define('oci-lens', OciLens);
