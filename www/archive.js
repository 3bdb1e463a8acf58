// Archives in the page (crates/ocilens-archive; ARCHITECTURE.md, "archives in the page"): a
// module worker the page starts when the user opens a tar, one that scans and others that hash.
//   in:  {op: 'scan', file}                     out: {op: 'read', read}… then {op: 'scanned', bytes, deferred}
//        {op: 'hash', file, k, offset, size}    out: {op: 'hashing', k, read}… then {op: 'hash', k, sha256 (64 bytes: the blob's, then its content's), read}
//        {op: 'hashed', members, sha256, read}  out: {op: 'analysis', bytes}
//   a failure: {op: 'error', error}. Each answer but progress carries `memory`, the module's
//   memory in bytes (the page reports the total). `bytes` is the analysis (ocilens_core::codec).
import init, { scan, hashed, Hasher, memoryBytes } from './ocilens-archive.js';

let ready;
const start = () => (ready ||= init({ module_or_path: new URL('ocilens-archive_bg.wasm', import.meta.url) }));

// A hashing worker reads its range as a byte stream into one 4 MiB buffer, used again for each
// read (measured in Chromium 156 on a 512 MiB file, read and hashed: 260 MiB/s; slices read with
// arrayBuffer(), 166, and each a new buffer for the collector, so the page's memory grew by
// 200 MB on a 1 GiB archive). A browser whose file streams have no such reader gives its own
// chunks.
const BUFFER = 4 << 20;

// The stream being read, held from the module so the collector never takes it mid-read: held
// only by its own pending read, Chromium 156 collected one and the read never ended (a worker
// stalled at its 14th range, reliably, until anything else kept a reference).
let reading;

async function hash({ file, k, offset, size }) {
  const h = new Hasher();
  const stream = file.slice(offset, offset + size).stream();
  let reader, buf;
  try {
    reader = stream.getReader({ mode: 'byob' });
    buf = new ArrayBuffer(BUFFER);
  } catch {
    reader = stream.getReader();
  }
  reading = { stream, reader };
  let read = 0, told = 0;
  for (;;) {
    const { done, value } = await (buf ? reader.read(new Uint8Array(buf)) : reader.read());
    if (done) {
      reading = undefined;
      break;
    }
    h.update(value);
    read += value.length;
    if (buf) buf = value.buffer;
    if (read - told >= 16 << 20) {
      told = read;
      self.postMessage({ op: 'hashing', k, read });
    }
  }
  // `read` is less than `size` when the file is shorter than its listing said: the core says so.
  const sha256 = h.finish();
  self.postMessage({ op: 'hash', k, sha256, read, memory: memoryBytes() }, [sha256.buffer]);
}

self.onmessage = async ({ data }) => {
  try {
    await start();
    if (data.op === 'scan') {
      const r = scan(data.file, (read) => self.postMessage({ op: 'read', read }));
      self.postMessage({ op: 'scanned', bytes: r.bytes, deferred: r.deferred, memory: memoryBytes() }, [r.bytes.buffer]);
    } else if (data.op === 'hash') {
      await hash(data);
    } else if (data.op === 'hashed') {
      const bytes = hashed(data.members, data.sha256, data.read);
      self.postMessage({ op: 'analysis', bytes, memory: memoryBytes() }, [bytes.buffer]);
    }
  } catch (e) {
    self.postMessage({ op: 'error', error: String((e && e.message) || e) });
  }
};
