// The pool of archive workers (crates/ocilens-web/src/archive.rs; ARCHITECTURE.md, "the page
// never holds an archive"), imported by the page the first time the user opens a tar, so the
// first load carries none of it. One worker (archive.js) scans the archive and analyses what it
// kept; others hash the large members, largest first, each its own byte range; the scanning
// worker analyses again as hashes arrive (at most once a second, and at the end). `on` is told
// each analysis ({kind: 'analysis', bytes}) and the progress ({kind: 'reading' | 'hashing', ...}).
let run;
const num = (d, k) => (typeof d[k] === 'number' ? d[k] : 0);
export function open_archive(base, file, on) {
  run?.stop(new Error('cancelled'));
  const own = globalThis.ocilensArchiveWorker;
  const spawn = () => (own ? own() : new Worker(new URL('archive.js', base), { type: 'module' }));
  return new Promise((resolve, reject) => {
    const t0 = performance.now(), workers = new Set(), memory = new Map();
    let over = false, peak = 0, deferred = [], order = [], hashT0 = 0, reported = 0;
    let blobs = 0, total = 0, hashing = 0, sending = false, sent = 0, timer;
    const reading = { read: 0 }, progress = new Map(), pending = { members: [], sha256: [], read: [] };
    const stop = (err) => {
      if (over) return;
      over = true; clearTimeout(timer); clearInterval(dog);
      for (const w of workers) w.terminate();
      if (run?.stop === stop) run = undefined;
      const ms = performance.now() - t0, hashed = [...progress.values()].reduce((a, b) => a + b, 0);
      const stats = { ms, hashMs: hashT0 ? performance.now() - hashT0 : 0, blobs, of: deferred.length, bytes: hashed, size: file.size, workers: hashing, peak };
      performance.measure('ocilens:archive', { start: t0, detail: stats });
      if (err) reject(err); else resolve(stats);
    };
    run = { stop };
    // A browser that stops giving the file's bytes (a file changed or removed meanwhile) ends
    // the work with an error rather than a bar that never moves.
    let heard = performance.now();
    const dog = setInterval(() => { if (hashT0 && performance.now() - heard > 30000) stop(new Error('stalled')); }, 5000);
    const note = (w, d) => {
      heard = performance.now();
      if (typeof d.memory === 'number') memory.set(w, d.memory);
      peak = Math.max(peak, [...memory.values()].reduce((a, b) => a + b, 0));
    };
    const report = (force) => {
      const now = performance.now();
      if (!force && now - reported < 100) return;
      reported = now;
      const done = [...progress.values()].reduce((a, b) => a + b, 0);
      on(hashT0 ? { kind: 'hashing', blobs, of: deferred.length, done, total, ms: now - hashT0 }
        : { kind: 'reading', done: reading.read, total: file.size, ms: now - t0 });
    };
    const watch = (w, handle) => {
      workers.add(w);
      w.onerror = (e) => { e.preventDefault(); stop(new Error(e.message || 'the archive worker could not start')); };
      w.onmessage = ({ data }) => { if (over) return; note(w, data); if (data.op === 'error') stop(new Error(data.error)); else handle(data); };
      return w;
    };
    const retire = (w) => { w.terminate(); workers.delete(w); memory.delete(w); };
    const finished = () => blobs === deferred.length && !pending.members.length && !sending;
    // Hashes go to the scanning worker, which analyses again: at most once a second, and at the end.
    const send = () => {
      if (sending || !pending.members.length) return;
      const wait = 1000 - (performance.now() - sent);
      if (blobs < deferred.length && wait > 0) { clearTimeout(timer); timer = setTimeout(send, wait); return; }
      sending = true; sent = performance.now();
      // Each hash is 64 bytes: the blob's, then what it decompresses to (Hasher.finish).
      const sha = new Uint8Array(64 * pending.members.length);
      pending.sha256.forEach((h, i) => sha.set(h, 64 * i));
      scanner.postMessage({ op: 'hashed', members: pending.members, sha256: sha, read: pending.read }, [sha.buffer]);
      pending.members = []; pending.sha256 = []; pending.read = [];
    };
    const give = (w) => {
      const k = order.shift();
      if (k === undefined) { retire(w); return; }
      w.postMessage({ op: 'hash', file, k, offset: deferred[k].offset, size: deferred[k].size });
    };
    const hashers = () => {
      order = deferred.map((_, k) => k).sort((a, b) => deferred[b].size - deferred[a].size);
      total = deferred.reduce((a, d) => a + d.size, 0);
      hashT0 = performance.now();
      const cores = globalThis.ocilensHashWorkers || Math.min(navigator.hardwareConcurrency || 2, 4);
      hashing = Math.max(1, Math.min(cores, order.length));
      for (let i = 0; i < hashing; i++) {
        const w = watch(spawn(), (d) => {
          if (d.op === 'hashing') { progress.set(d.k, d.read); report(false); return; }
          if (d.op !== 'hash') return;
          progress.set(d.k, d.read); blobs += 1;
          pending.members.push(d.k); pending.sha256.push(d.sha256); pending.read.push(d.read);
          report(true); send(); give(w);
        });
        give(w);
      }
      report(true);
    };
    const scanner = watch(spawn(), (d) => {
      if (d.op === 'read') { reading.read = num(d, 'read'); report(false); return; }
      if (d.op === 'scanned') {
        deferred = d.deferred; report(true);
        on({ kind: 'analysis', bytes: d.bytes });
        if (deferred.length) hashers(); else stop();
        return;
      }
      if (d.op === 'analysis') {
        sending = false;
        on({ kind: 'analysis', bytes: d.bytes });
        if (finished()) stop(); else send();
      }
    });
    scanner.postMessage({ op: 'scan', file });
  });
}
export function stop_archive() { run?.stop(new Error('cancelled')); }
