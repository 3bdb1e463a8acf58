//! Archives in the page, as a wasm module of its own that `www/archive.js` runs in Web Workers
//! (ARCHITECTURE.md, "archives in the page"). One worker scans: it reads the archive from its
//! `File` in slices with `FileReaderSync` (never the whole file), keeps the small members,
//! skips the large ones (the core's `archive::read` with `defer`), analyses what it kept and
//! returns the analysis as bytes ([`ocilens_core::codec`]) with the list of members left to
//! hash. Other workers hash those members, each reading its own byte range ([`Hasher`]); as
//! their hashes arrive, the scanning worker analyses again ([`hashed`]) and each blob's badge
//! turns from "hashing" to verified. The page's first load and its analysis worker carry none
//! of this (the decompressors, the tar reader's texts).

use std::cell::RefCell;
use std::io;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use ocilens_core::codec;
use ocilens_core::read::archive::{self, Options, Scan, Source};
use ocilens_core::verify::diff_ids::BlobHasher;
use wasm_bindgen::prelude::*;
use web_sys::{File, FileReaderSync};

/// How much of the file one read asks for, at most: larger reads are faster (measured in
/// Chromium: 105 MiB/s in 1 MiB slices, 250 MiB/s in 16 MiB ones), and this is the most a scan
/// holds. After a skip, reads start at [`FIRST`] and double as they go on: past a large member
/// comes a header of 512 bytes, often another large member, and reading 8 MiB for each cost
/// half a second on an archive of 16 layers.
const SLICE: u64 = 8 << 20;
const FIRST: u64 = 64 << 10;

/// How often the scan reports how far it is (bytes of the archive).
const REPORT: u64 = 16 << 20;

/// The archive's `File`, read forward in slices; skipping moves past bytes without reading them.
struct Slices {
    file: File,
    reader: FileReaderSync,
    len: u64,
    /// Where the next slice starts.
    pos: u64,
    buf: Vec<u8>,
    /// How much of `buf` was read already.
    used: usize,
    /// How much the next read asks for.
    ask: u64,
}

impl Slices {
    fn new(file: File) -> Result<Slices, JsValue> {
        Ok(Slices {
            len: file.size() as u64,
            file,
            reader: FileReaderSync::new()?,
            pos: 0,
            buf: Vec::new(),
            used: 0,
            ask: FIRST,
        })
    }

    fn fill(&mut self) -> io::Result<()> {
        let end = self.len.min(self.pos.saturating_add(self.ask));
        self.ask = (self.ask * 2).min(SLICE);
        let blob = self
            .file
            .slice_with_f64_and_f64(self.pos as f64, end as f64)
            .map_err(js_error)?;
        let bytes = self.reader.read_as_array_buffer(&blob).map_err(js_error)?;
        self.buf = Uint8Array::new(&bytes).to_vec();
        self.used = 0;
        self.pos += self.buf.len() as u64;
        Ok(())
    }
}

fn js_error(e: JsValue) -> io::Error {
    let message = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the file could not be read".into());
    io::Error::other(message)
}

impl io::Read for Slices {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.used == self.buf.len() {
            if self.pos >= self.len {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = out.len().min(self.buf.len() - self.used);
        out[..n].copy_from_slice(&self.buf[self.used..self.used + n]);
        self.used += n;
        Ok(n)
    }
}

impl Source for Slices {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let left = (self.buf.len() - self.used) as u64;
        if n <= left {
            self.used += n as usize;
            return Ok(n);
        }
        let beyond = (n - left).min(self.len - self.pos);
        self.pos += beyond;
        self.buf.clear();
        self.used = 0;
        self.ask = FIRST;
        Ok(left + beyond)
    }
    fn seekable(&self) -> bool {
        true
    }
}

thread_local! {
    /// The scanning worker's archive: what it kept, and the members still to hash.
    static SCAN: RefCell<Option<Scan>> = const { RefCell::new(None) };
}

fn analysis(scan: &Scan) -> Vec<u8> {
    codec::encode(&codec::for_page(ocilens_core::analyze(&scan.inputs)))
}

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// Scans the archive `file` (in a worker: `FileReaderSync`), telling `progress` the bytes read
/// every 16 MiB. Returns `{bytes, deferred}`: the analysis of what was kept (large members
/// pending), and the members to hash as `{offset, size}`, their index in this list being what
/// [`hashed`] is told.
#[wasm_bindgen]
pub fn scan(file: File, progress: &Function) -> Result<Object, JsValue> {
    let name = file.name();
    let mut src = Slices::new(file)?;
    let opts = Options {
        defer: true,
        ..Options::default()
    };
    let mut told = 0;
    let scan = archive::read(&name, &mut src, &opts, &mut |n| {
        if n >= told + REPORT {
            told = n;
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64(n as f64));
        }
    });
    let deferred = Array::new();
    for d in &scan.deferred {
        let o = Object::new();
        set(&o, "offset", &JsValue::from_f64(d.offset as f64));
        set(&o, "size", &JsValue::from_f64(d.size as f64));
        deferred.push(&o);
    }
    let out = Object::new();
    set(&out, "bytes", &Uint8Array::from(analysis(&scan).as_slice()));
    set(&out, "deferred", &deferred);
    SCAN.with(|s| *s.borrow_mut() = Some(scan));
    Ok(out)
}

/// Records the hashes of members of the last [`scan`] (`members[i]` its index in `deferred`,
/// `sha256` 64 bytes each, as [`Hasher::finish`] gives them, `read[i]` the bytes hashed) and
/// analyses again: the analysis' bytes.
#[wasm_bindgen]
pub fn hashed(members: Vec<u32>, sha256: Vec<u8>, read: Vec<f64>) -> Result<Vec<u8>, JsValue> {
    SCAN.with(|s| {
        let mut s = s.borrow_mut();
        let scan = s.as_mut().ok_or("no archive was scanned")?;
        for ((k, h), n) in members.iter().zip(sha256.chunks_exact(64)).zip(&read) {
            let Some(d) = scan.deferred.get(*k as usize).copied() else {
                continue;
            };
            let (mut digest, mut inner) = ([0u8; 32], [0u8; 32]);
            digest.copy_from_slice(&h[..32]);
            inner.copy_from_slice(&h[32..]);
            let uncompressed = (inner != [0u8; 32]).then_some(inner);
            scan.hashed(d.input, digest, *n as u64, uncompressed);
        }
        Ok(analysis(scan))
    })
}

/// SHA-256 over bytes given in pieces: a hashing worker feeds it its range of the archive
/// (`verify::diff_ids::BlobHasher`: a plain layer's digest is its diff_id, so it is checked too;
/// compressed layers are not decompressed in the page).
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Hasher(BlobHasher);

#[wasm_bindgen]
impl Hasher {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Hasher {
        Hasher::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// 64 bytes: the digest, then the digest of what it decompresses to (its own for a plain
    /// tar), or 32 zeros when that is not known (zstd, or damaged).
    pub fn finish(self) -> Vec<u8> {
        let (sha, uncompressed) = self.0.finish();
        let mut out = sha.to_vec();
        out.extend_from_slice(&uncompressed.unwrap_or([0u8; 32]));
        out
    }
}

/// The bytes of this module's memory (what the page reports of its memory use).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| b.byte_length() as f64)
        })
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocilens_core::read::archive::tar;
    use ocilens_core::{NodeKind, TreeNode, Verification};
    use wasm_bindgen_test::*;

    // `FileReaderSync` exists only in workers, where the page runs this module.
    wasm_bindgen_test_configure!(run_in_dedicated_worker);

    fn sha(b: &[u8]) -> String {
        let h = <sha2::Sha256 as sha2::Digest>::digest(b);
        format!(
            "sha256:{}",
            h.iter().map(|x| format!("{x:02x}")).collect::<String>()
        )
    }

    /// An OCI layout tar whose one layer (6 MiB) is larger than what a scan keeps.
    fn layout() -> (Vec<u8>, Vec<u8>) {
        let layer: Vec<u8> = (0..6u32 << 20).map(|i| (i % 251) as u8).collect();
        let config =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{}","size":{}}}]}}"#,
            sha(config),
            config.len(),
            sha(&layer),
            layer.len()
        );
        let index = format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}]}}"#,
            sha(manifest.as_bytes()),
            manifest.len()
        );
        let blob = |b: &[u8]| format!("blobs/sha256/{}", &sha(b)[7..]);
        let members: Vec<(String, Vec<u8>)> = vec![
            (
                "oci-layout".into(),
                br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
            ),
            ("index.json".into(), index.into_bytes()),
            (blob(manifest.as_bytes()), manifest.clone().into_bytes()),
            (blob(config), config.to_vec()),
            (blob(&layer), layer.clone()),
        ];
        (tar::archive(&members), layer)
    }

    fn file(bytes: &[u8]) -> File {
        let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
        File::new_with_u8_array_sequence(&parts, "app.tar").unwrap()
    }

    fn layer(bytes: &[u8]) -> Verification {
        let a = codec::decode(bytes).unwrap();
        TreeNode::walk(&a.tree)
            .find(|(_, n)| n.kind == NodeKind::Layer)
            .unwrap()
            .1
            .verification
    }

    // The scan reads the File in slices, skips the layer and lists its byte range; the layer
    // waits ("hashing") until its hash is given, then is verified, or a mismatch when the
    // bytes hashed were not its own.
    #[wasm_bindgen_test]
    fn a_large_layer_is_listed_then_verified_by_its_hash() {
        let (tar, bytes) = layout();
        let none = Function::new_no_args("");
        let out = scan(file(&tar), &none).unwrap();
        let first = Uint8Array::new(&Reflect::get(&out, &"bytes".into()).unwrap()).to_vec();
        assert_eq!(layer(&first), Verification::Hashing);
        let deferred = Array::from(&Reflect::get(&out, &"deferred".into()).unwrap());
        assert_eq!(deferred.length(), 1);
        let at = |k: &str| {
            Reflect::get(&deferred.get(0), &k.into())
                .unwrap()
                .as_f64()
                .unwrap() as usize
        };
        let (offset, size) = (at("offset"), at("size"));
        assert_eq!(&tar[offset..offset + size], &bytes[..]);

        let mut h = Hasher::new();
        for piece in tar[offset..offset + size].chunks(1 << 20) {
            h.update(piece);
        }
        let digest = h.finish();
        let again = hashed(vec![0], digest.clone(), vec![size as f64]).unwrap();
        assert_eq!(layer(&again), Verification::Verified);

        // A plain layer: its own digest is what it decompresses to.
        assert_eq!(digest[..32], digest[32..]);
        let mut wrong = digest;
        wrong[0] ^= 1;
        let bad = hashed(vec![0], wrong, vec![size as f64]).unwrap();
        assert_eq!(layer(&bad), Verification::Mismatch);
    }
}
