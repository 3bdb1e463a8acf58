// The analysis API over the embedders' wasm module (ocilens-api): bytes in, the JSON contract
// of docs/json-output.md out. `index.js` (browsers, bundlers) and `node.js` (Node 20) differ
// only in how they hand the wasm to it.
import init, { analyze as analyzeText, analyzeFiles as analyzeInputs } from './ocilens-api.js';

const encoder = new TextEncoder();

async function bytesOf(file) {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  const b = file.bytes;
  if (typeof b === 'string') return encoder.encode(b);
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  throw new TypeError(`analyzeFiles: ${file.name}: bytes must be a string, an ArrayBuffer or a typed array`);
}

/** The API, given a function that returns what `init` takes (a URL or the wasm's bytes). */
export function bind(wasm) {
  let ready;
  const start = () => {
    ready ||= Promise.resolve(wasm()).then((source) => init({ module_or_path: source }));
    return ready;
  };
  return {
    async analyze(text, { lang = 'en' } = {}) {
      if (typeof text !== 'string') throw new TypeError('analyze: text must be a string');
      await start();
      return JSON.parse(analyzeText(text, lang));
    },
    async analyzeFiles(files, { lang = 'en' } = {}) {
      const list = [...files];
      const contents = await Promise.all(list.map(bytesOf));
      await start();
      return JSON.parse(analyzeInputs(list.map((f) => String(f.name)), contents, lang));
    },
  };
}
