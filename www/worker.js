// The page's analysis, off its main thread (crates/ocilens-worker; ARCHITECTURE.md, "the
// analysis runs in a worker"). One message in, one out:
//   in:  {id, op: 'text', text} | {id, op: 'files', names, contents} | {id, op: 'fetched', fetched}
//        | {id, op: 'compare', a, b, platform, rightPlatform, ignoreTimestamps} (two analyses' bytes; no b: a with itself)
//   out: {id, bytes} (the analysis, or for 'compare' the comparison, ocilens_core::codec; its
//        buffer transferred) | {id, error}
// {warm: true} starts the module before the first analysis; a page that carries the module's
// bytes itself (ocilens.html) sends {wasm: bytes} first.
import init, * as analysis from './ocilens-worker.js';

// Where the module's bytes come from: beside this file, or (the single file's worker, a classic
// script made from a blob, where import.meta is empty) the {wasm} message.
const here = import.meta.url;
let ready, gave;
const given = new Promise((resolve) => { gave = resolve; });
const start = () => (ready ||= (!here || here.startsWith('blob:') ? given
  : Promise.resolve(new URL('ocilens-worker_bg.wasm', here))).then((wasm) => init({ module_or_path: wasm })));

self.onmessage = async ({ data }) => {
  if (data.wasm) {
    gave(data.wasm);
    return;
  }
  if (data.warm) {
    start();
    return;
  }
  const { id } = data;
  try {
    await start();
    const bytes = data.op === 'text' ? analysis.analyseText(data.text)
      : data.op === 'files' ? analysis.analyseFiles(data.names, data.contents)
        : data.op === 'compare' ? analysis.compareAnalyses(data.a, data.b, data.platform, data.rightPlatform, !!data.ignoreTimestamps)
          : analysis.analyseFetched(data.fetched);
    self.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String((e && e.message) || e) });
  }
};
