//! Each layer's uncompressed digest checked against its config's `rootfs.diff_ids` entry at
//! its place, where that is cheap: a layer stored uncompressed (its digest is its diff_id), a
//! layer the front door decompressed while hashing it ([`crate::Streamed::uncompressed`],
//! [`hash_blob`]), or a layer kept whole of at most [`INFLATE_AT_MOST`] bytes, decompressed
//! here. Decompressing is the `inflate` feature's: the CLI has it; the page does not (in wasm it
//! halved the hashing workers' speed, and its analysis worker would carry 59 KB more), so there
//! only plain layers are checked. containerd and Docker compute the same digest when they unpack a layer and refuse the
//! image when it differs.
//!
//! *Invariants*: what a layer decompresses to is hashed as it comes, never held; at most
//! [`OUT_AT_MOST`] bytes come out of one layer (a decompression bomb is left unchecked, not
//! followed); a layer shared by many images is decompressed once.

use crate::hash::HashMap;
use std::io::{self, Read, Write};

use sha2::{Digest as _, Sha256};

use crate::findings::{Code, Finding};
use crate::text::Text;
use crate::{Ctx, DescriptorRole, Kind};

/// Layers kept whole up to this size are decompressed here to check them.
pub const INFLATE_AT_MOST: usize = 16 << 20;
/// What one layer may decompress to before it is left unchecked.
pub const OUT_AT_MOST: u64 = 64 << 30;

/// How gzip and zstd streams begin.
pub(crate) const GZIP: [u8; 2] = [0x1f, 0x8b];
pub(crate) const ZSTD: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// The first (up to) 4 bytes of `r`, enough to tell gzip and zstd, and how many there were; the
/// error that stopped the read, if one did.
pub(crate) fn head(r: &mut dyn Read) -> ([u8; 4], usize, Option<io::Error>) {
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match r.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (head, got, Some(e)),
        }
    }
    (head, got, None)
}

/// A writer that hashes what it is given and stops past [`OUT_AT_MOST`] bytes.
struct Hashing {
    sha: Sha256,
    out: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out = self.out.saturating_add(buf.len() as u64);
        if self.out > OUT_AT_MOST {
            return Err(io::Error::other("decompresses to too much"));
        }
        self.sha.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A reader that hashes what passes through it.
struct Tee<R> {
    inner: R,
    sha: Sha256,
    read: u64,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

/// `sha256:<hex>` of a hash.
pub fn named(sha256: [u8; 32]) -> String {
    format!("sha256:{}", hex::encode(sha256))
}

/// What a front door learns of a blob in one read ([`hash_blob`]).
#[derive(Debug)]
pub struct Hashed {
    /// The sha256 of the bytes read.
    pub sha256: [u8; 32],
    /// How many bytes were read.
    pub read: u64,
    /// The sha256 of what the blob decompresses to: when it is gzip or zstd, and decompresses
    /// whole to at most [`OUT_AT_MOST`] bytes; its own when it is neither (a plain tar).
    pub uncompressed: Option<[u8; 32]>,
    /// Why reading stopped before the end, if it did: the digests are of what was read.
    pub error: Option<io::Error>,
}

/// Reads `r` to its end once, hashing it and, when it is gzip or zstd, what it decompresses to
/// (see [`Hashed`]).
pub fn hash_blob(r: impl Read) -> Hashed {
    let mut tee = Tee {
        inner: r,
        sha: Sha256::new(),
        read: 0,
    };
    let (bytes, got, mut error) = head(&mut tee);
    let head = &bytes[..got];
    let mut out = Hashing {
        sha: Sha256::new(),
        out: 0,
    };
    let compressed = head.starts_with(&GZIP) || head.starts_with(&ZSTD);
    let inflated = cfg!(feature = "inflate") && error.is_none() && compressed && {
        let chained = io::Cursor::new(head).chain(&mut tee);
        if head.starts_with(&GZIP) {
            io::copy(&mut flate2::read::MultiGzDecoder::new(chained), &mut out).is_ok()
        } else if head.starts_with(&ZSTD) {
            let mut chained = chained;
            ruzstd::decoding::StreamingDecoder::new(&mut chained)
                .ok()
                .is_some_and(|mut d| io::copy(&mut d, &mut out).is_ok())
        } else {
            false
        }
    };
    // The rest of the blob (all of it when it did not decompress): its digest covers every byte.
    if error.is_none() {
        error = io::copy(&mut tee, &mut io::sink()).err();
    }
    let sha256: [u8; 32] = tee.sha.finalize().into();
    let uncompressed = match (compressed, inflated) {
        _ if error.is_some() => None,
        (false, _) => Some(sha256),
        (true, true) => Some(out.sha.finalize().into()),
        (true, false) => None,
    };
    Hashed {
        sha256,
        read: tee.read,
        uncompressed,
        error,
    }
}

/// [`hash_blob`] for bytes given in pieces (the page's hashing workers): the blob's sha256, and
/// what it decompresses to when it is gzip (zstd is left unknown here) or its own when it is
/// plain.
#[derive(Default)]
pub struct BlobHasher {
    sha: Sha256,
    head: Vec<u8>,
    mode: Mode,
}

#[derive(Default)]
enum Mode {
    /// Fewer than 4 bytes seen yet.
    #[default]
    Head,
    Plain,
    Gzip(Box<flate2::write::MultiGzDecoder<Hashing>>),
    /// zstd, or a gzip that stopped decompressing (damaged, or too large).
    Unknown,
}

impl BlobHasher {
    pub fn new() -> BlobHasher {
        BlobHasher::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        let mut bytes = bytes;
        if let Mode::Head = self.mode {
            let take = (4 - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.head.len() < 4 {
                return;
            }
            self.decide();
        }
        self.inflate(bytes);
    }

    fn decide(&mut self) {
        self.mode = if self.head.starts_with(&GZIP) && cfg!(feature = "inflate") {
            let out = Hashing {
                sha: Sha256::new(),
                out: 0,
            };
            Mode::Gzip(Box::new(flate2::write::MultiGzDecoder::new(out)))
        } else if self.head.starts_with(&GZIP) || self.head.starts_with(&ZSTD) {
            Mode::Unknown
        } else {
            Mode::Plain
        };
        let head = std::mem::take(&mut self.head);
        self.inflate(&head);
    }

    fn inflate(&mut self, bytes: &[u8]) {
        if let Mode::Gzip(d) = &mut self.mode {
            if d.write_all(bytes).is_err() {
                self.mode = Mode::Unknown;
            }
        }
    }

    /// The blob's sha256, and what it decompresses to (see [`Hashed::uncompressed`]).
    pub fn finish(mut self) -> ([u8; 32], Option<[u8; 32]>) {
        if let Mode::Head = self.mode {
            self.decide();
        }
        let sha: [u8; 32] = self.sha.finalize().into();
        let uncompressed = match self.mode {
            Mode::Head | Mode::Unknown => None,
            Mode::Plain => Some(sha),
            Mode::Gzip(d) => d.finish().ok().map(|h| h.sha.finalize().into()),
        };
        (sha, uncompressed)
    }
}

impl std::fmt::Debug for BlobHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlobHasher")
    }
}

/// What the kept bytes of a layer decompress to, as a digest: their own (`digest`, computed
/// already) when they are not gzip or zstd. Built without `inflate`, compressed bytes are left
/// unchecked.
fn diff_id_of(bytes: &[u8], digest: Option<&str>) -> Option<String> {
    let compressed = bytes.starts_with(&GZIP) || bytes.starts_with(&ZSTD);
    if !compressed {
        return digest.map(str::to_string);
    }
    if cfg!(feature = "inflate") {
        return hash_blob(bytes).uncompressed.map(named);
    }
    None
}

/// Checks every image's layers against its config's `diff_ids` (see the module).
pub(crate) fn check(cx: &mut Ctx) {
    let mut by_digest: HashMap<&str, usize> = HashMap::default();
    for (i, d) in cx.documents.iter().enumerate() {
        if let Some(g) = &d.digest {
            by_digest.entry(g.as_str()).or_insert(i);
        }
    }
    // Each layer's uncompressed digest, once: `None` when it cannot be known cheaply.
    let mut known: HashMap<usize, Option<String>> = HashMap::default();
    let mut findings = Vec::new();
    for m in cx.documents.iter().filter(|d| d.kind == Kind::Manifest) {
        let config = m
            .descriptors
            .iter()
            .find(|d| d.role == DescriptorRole::Config)
            .and_then(|d| by_digest.get(d.digest.as_deref()?))
            .map(|&c| (c, &cx.documents[c]));
        let Some((c, config)) = config.filter(|(_, c)| c.kind == Kind::Config) else {
            continue;
        };
        let Some(diff_ids) = config
            .json
            .as_ref()
            .and_then(|j| j.get("rootfs"))
            .and_then(|r| r.get("diff_ids"))
            .and_then(|d| d.array())
        else {
            continue;
        };
        let layers = m
            .descriptors
            .iter()
            .filter(|d| d.role == DescriptorRole::Layer);
        for (n, l) in layers.enumerate() {
            let (Some(want), Some(&doc)) = (
                diff_ids.get(n).and_then(|d| d.str()),
                l.digest.as_deref().and_then(|g| by_digest.get(g)),
            ) else {
                continue;
            };
            let layer = &cx.documents[doc];
            let got = known.entry(doc).or_insert_with(|| match &layer.streamed {
                Some(s) => s.uncompressed.clone(),
                None if layer.bytes.len() <= INFLATE_AT_MOST => {
                    diff_id_of(&layer.bytes, layer.digest.as_ref().map(|d| d.as_str()))
                }
                None => None,
            });
            let Some(got) = got.as_deref().filter(|g| !g.eq_ignore_ascii_case(want)) else {
                continue;
            };
            findings.push(
                Finding::new(
                    Code::DiffIdMismatch,
                    Text::new(
                        format!("Layer {} ({}) uncompresses to {got}, but the config's `rootfs.diff_ids[{n}]` is {want}: this is not the layer the config was built with. containerd and Docker compute the same digest when they unpack it, and refuse the image.", n + 1, l.digest.as_deref().unwrap_or("")),
                        format!("レイヤー {}（{}）を展開した内容は {got} ですが、config の `rootfs.diff_ids[{n}]` は {want} です。config が作られたときのレイヤーではありません。containerd と Docker は展開するときに同じダイジェストを計算し、このイメージを拒否します。", n + 1, l.digest.as_deref().unwrap_or("")),
                    ),
                )
                .with_fix(Text::new(
                    "Rebuild or re-export the image so that its manifest, config and layers come from one build (`docker save`, `skopeo copy` or `buildx --output type=oci` again); a layer replaced by hand needs its diff_id (and the config's digest) written anew.",
                    "マニフェスト、config、レイヤーが同じビルドのものになるよう、イメージを作り直すかエクスポートし直してください（`docker save`、`skopeo copy`、`buildx --output type=oci` をもう一度）。手で差し替えたレイヤーには、その diff_id（と config のダイジェスト）を書き直す必要があります。",
                ))
                .at_input(config.input)
                .at_document(c)
                .at_path(format!("$.rootfs.diff_ids[{n}]")),
            );
        }
    }
    cx.findings.extend(findings);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_blob_and_what_it_decompresses_to_are_hashed_in_one_read() {
        let tar = b"a tar, as far as hashing goes".repeat(1000);
        let sha = |b: &[u8]| format!("sha256:{}", hex::encode(Sha256::digest(b)));
        let gz = gzip(&tar);
        let h = |b: &[u8]| {
            let h = hash_blob(b);
            assert!(h.error.is_none());
            (named(h.sha256), h.read, h.uncompressed.map(named))
        };
        // Decompressed with `inflate` (the CLI), left unknown without (the page).
        let inflate = cfg!(feature = "inflate");
        assert_eq!(
            h(&gz),
            (sha(&gz), gz.len() as u64, inflate.then(|| sha(&tar)))
        );
        // Plain bytes (a tar): their digest is their diff_id.
        assert_eq!(h(&tar), (sha(&tar), tar.len() as u64, Some(sha(&tar))));
        assert_eq!(
            diff_id_of(&tar, Some("sha256:own")).as_deref(),
            Some("sha256:own")
        );
        // A gzip cut short: the blob is still hashed whole, its content left unknown.
        let cut = &gz[..gz.len() / 2];
        assert_eq!(h(cut), (sha(cut), cut.len() as u64, None));
        assert_eq!(diff_id_of(cut, Some("sha256:own")), None);
        assert_eq!(h(b""), (sha(b""), 0, Some(sha(b""))));
        // In pieces of every size, as the page's workers give them: the same answers.
        for piece in [1, 3, 1000, 1 << 20] {
            for b in [&gz[..], &tar[..], cut] {
                let mut p = BlobHasher::new();
                for c in b.chunks(piece) {
                    p.update(c);
                }
                let (s, u) = p.finish();
                let whole = hash_blob(b);
                assert_eq!(
                    (s, u),
                    (whole.sha256, whole.uncompressed),
                    "pieces of {piece}"
                );
            }
        }
    }
}
