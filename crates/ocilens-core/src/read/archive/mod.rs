//! Archives: `docker save` tars (every Docker version and store), OCI image layout tars (buildx
//! `type=oci`, skopeo `oci-archive:`), plain, gzip or zstd, read as one stream.
//!
//! A front door hands [`read`] a [`Source`] (a file, stdin, a browser `File` read by slices); it
//! comes back as inputs like a dropped folder's: the archive's [`Listing`] (what it held and what
//! was wrong with it) and one input per member, named `<archive>/<path>`, so the layout reader
//! and [`save`] find their files as in a folder. Small members are kept whole (documents); large
//! ones are never held: they are hashed as they stream by, or, when the source can seek,
//! listed in [`Scan::deferred`] for the front door to hash in parallel and fill in
//! ([`Streamed`]). The analysis can run before those hashes end: their claims wait.
//!
//! *Invariants*: memory is bounded by [`Options::keep_total`] plus a read buffer, whatever the
//! archive claims; a member's name never leaves its archive (`..`, absolute paths and links are
//! refused); a truncated, corrupted or hostile archive ends the read with a [`Problem`] and
//! whatever was read before it; nothing here panics.

pub(crate) mod save;
pub mod tar;

use std::io::{self, Read};

use crate::{Input, Streamed};

/// Members up to this size are kept whole by default: manifests, indexes and configs are far
/// smaller (registries refuse manifests over 4 MiB).
pub const KEEP: u64 = 4 << 20;
/// Kept members stop here by default; larger ones after it are hashed, not kept.
pub const KEEP_TOTAL: u64 = 256 << 20;
/// Members listed at most: a tar of a million empty files is not an image.
pub const MAX_MEMBERS: usize = 200_000;
/// A pax header or GNU long name larger than this is not a name.
const MAX_META: u64 = 1 << 20;
/// The read buffer.
const CHUNK: usize = 1 << 20;

/// Where the archive's bytes come from.
pub trait Source: Read {
    /// Skips `n` bytes; a source that can seek seeks (the default reads them).
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut buf = vec![0u8; CHUNK.min(usize::try_from(n).unwrap_or(CHUNK))];
        let mut done = 0;
        while done < n {
            let want = buf
                .len()
                .min(usize::try_from(n - done).unwrap_or(usize::MAX));
            match self.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(k) => done += k as u64,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
    /// Whether [`skip`](Source::skip) seeks, so that large members can be hashed later, in
    /// parallel, each from its own offset.
    fn seekable(&self) -> bool {
        false
    }
}

impl Source for &[u8] {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let n = usize::try_from(n).unwrap_or(usize::MAX).min(self.len());
        *self = &self[n..];
        Ok(n as u64)
    }
    fn seekable(&self) -> bool {
        true
    }
}

/// How an archive is read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Members at most this large are kept whole.
    pub keep: u64,
    /// Kept members stop at this total.
    pub keep_total: u64,
    /// Large members of a seekable source are skipped and listed in [`Scan::deferred`] rather
    /// than hashed as they stream by.
    pub defer: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keep: KEEP,
            keep_total: KEEP_TOTAL,
            defer: false,
        }
    }
}

/// The archive itself, as its first input: what it held and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listing {
    pub compression: Option<Compression>,
    /// Regular files read.
    pub members: usize,
    /// Bytes of the archive read (compressed, if it is).
    pub read: u64,
    /// Bytes of members (uncompressed tar data).
    pub member_bytes: u64,
    /// Members not kept whole (hashed as they streamed by, or later).
    pub streamed: usize,
    /// Links that stay inside the archive: `(member, target)`, both paths from its root. A
    /// reader looking for the member finds the target.
    pub links: Vec<(String, String)>,
    pub problems: Vec<Problem>,
}

/// How the whole tar was compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    pub fn id(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// What stopped or troubled the read. The first four end it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The archive ends inside a member (`member`) or a header; `at` is the tar offset.
    Truncated {
        member: Option<String>,
        at: u64,
        expected: u64,
        got: u64,
    },
    /// A block that should be a header is not one (corrupted, or not a tar after this point).
    BadHeader { at: u64 },
    /// The compressed stream is broken.
    Decompress { message: String },
    /// Reading failed (the front door's error).
    Io { message: String },
    /// Not a tar at all (the first block is no header).
    NotTar,
    /// A name that climbs out of the archive (`../x`) or starts at the root (`/x`): skipped.
    UnsafePath { path: String },
    /// A link whose target leaves the archive (or is empty): not followed.
    Link { path: String, target: String },
    /// A device, FIFO or other member type: skipped.
    OtherType { path: String, kind: u8 },
    /// The same path twice: the first is read, like `docker load` (which extracts in order and
    /// would keep the last) cannot be trusted to.
    Duplicate { path: String },
    /// A pax header or long name claiming more than a name can be: skipped.
    HugeMeta { at: u64, size: u64 },
    /// More members than [`MAX_MEMBERS`]: the rest are not listed.
    TooManyMembers,
    /// The archive has no end-of-archive blocks (two zero blocks): it was cut at a member
    /// boundary, or written by a tool that omits them.
    NoEnd,
}

/// A large member to hash: at `offset` in the source, `size` bytes, for `inputs[input]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferred {
    pub input: usize,
    pub offset: u64,
    pub size: u64,
}

/// What [`read`] found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The listing first, then one input per member kept or streamed.
    pub inputs: Vec<Input>,
    pub deferred: Vec<Deferred>,
}

impl Scan {
    /// Records the hash of a deferred member (what the front door computed), and of what it
    /// decompresses to when the front door decompressed it while hashing.
    pub fn hashed(
        &mut self,
        input: usize,
        sha256: [u8; 32],
        read: u64,
        uncompressed: Option<[u8; 32]>,
    ) {
        if let Some(s) = self.inputs.get_mut(input).and_then(|i| i.streamed.as_mut()) {
            s.sha256 = Some(crate::verify::diff_ids::named(sha256));
            s.size = read;
            s.uncompressed = uncompressed.map(crate::verify::diff_ids::named);
        }
    }
}

/// Whether the bytes start like an archive: gzip, zstd, or a tar header (`ustar` magic, or a
/// valid old-style header).
pub fn sniff(head: &[u8]) -> bool {
    head.starts_with(&crate::verify::diff_ids::GZIP)
        || head.starts_with(&crate::verify::diff_ids::ZSTD)
        || head.get(257..262) == Some(b"ustar")
        || (head.len() >= tar::BLOCK
            && !tar::is_zero(&head[..tar::BLOCK])
            && tar::parse(&head[..tar::BLOCK]).is_ok())
}

/// Whether a file is an archive to open: it starts like one ([`sniff`]) and is not a blob named
/// by its digest (an uncompressed layer is a tar too: skopeo's `dir:` files, a layout's blobs).
pub fn opens(name: &str, head: &[u8]) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base
        .trim_start_matches("sha256:")
        .split('.')
        .next()
        .unwrap_or("");
    let digest_named = stem.len() >= 64 && stem.bytes().all(|b| b.is_ascii_hexdigit());
    !digest_named && !name.replace('\\', "/").contains("/blobs/") && sniff(head)
}

/// Reads the archive `name` from `src`. `progress` is told the source bytes read so far.
pub fn read(
    name: &str,
    src: &mut dyn Source,
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> Scan {
    let mut listing = Listing::default();
    let (bytes, got, error) = crate::verify::diff_ids::head(&mut *src);
    if let Some(e) = error {
        listing.problems.push(Problem::Io {
            message: e.to_string(),
        });
    }
    let head = &bytes[..got];
    use crate::verify::diff_ids::{GZIP, ZSTD};
    let compression = if head.starts_with(&GZIP) {
        Some(Compression::Gzip)
    } else if head.starts_with(&ZSTD) {
        Some(Compression::Zstd)
    } else {
        None
    };
    listing.compression = compression;
    let counted = Counted {
        inner: Prefixed {
            head: head.to_vec(),
            at: 0,
            inner: src,
        },
        read: 0,
        progress,
    };
    let mut scan = Scan {
        inputs: vec![Input::new(name, Vec::new())],
        deferred: Vec::new(),
    };
    let mut r = Reader {
        name,
        opts: opts.clone(),
        kept: 0,
        scan: &mut scan,
        listing: &mut listing,
        seen: crate::hash::HashSet::default(),
    };
    match compression {
        None => {
            let mut s = counted;
            r.tar(&mut s);
            r.listing.read = s.read;
        }
        Some(Compression::Gzip) => {
            let mut s = Plain(flate2::read::MultiGzDecoder::new(counted));
            r.tar(&mut s);
            r.listing.read = s.0.get_ref().read;
        }
        Some(Compression::Zstd) => {
            let mut counted = counted;
            match ruzstd::decoding::StreamingDecoder::new(&mut counted) {
                Ok(d) => {
                    let mut s = Plain(d);
                    r.tar(&mut s);
                }
                Err(e) => r.listing.problems.push(Problem::Decompress {
                    message: e.to_string(),
                }),
            }
            r.listing.read = counted.read;
        }
    }
    if let Some(first) = scan.inputs.first_mut() {
        first.listing = Some(Box::new(listing));
    }
    scan
}

struct Reader<'a> {
    name: &'a str,
    opts: Options,
    kept: u64,
    scan: &'a mut Scan,
    listing: &'a mut Listing,
    seen: crate::hash::HashSet<String>,
}

/// A read error as a problem: a broken compressed stream, or the front door's.
fn io_problem(e: &io::Error, compressed: bool) -> Problem {
    if compressed {
        Problem::Decompress {
            message: e.to_string(),
        }
    } else {
        Problem::Io {
            message: e.to_string(),
        }
    }
}

impl Reader<'_> {
    fn tar(&mut self, s: &mut dyn Source) {
        let compressed = self.listing.compression.is_some();
        let mut at: u64 = 0;
        let mut block = [0u8; tar::BLOCK];
        let mut long_name: Option<String> = None;
        let mut pax = tar::Pax::default();
        let mut zeros = 0;
        let mut first = true;
        loop {
            let n = match fill(s, &mut block) {
                Ok(n) => n,
                Err(e) => {
                    self.listing.problems.push(io_problem(&e, compressed));
                    return;
                }
            };
            if n == 0 {
                if first {
                    self.listing.problems.push(Problem::NotTar);
                } else if zeros == 0 {
                    self.listing.problems.push(Problem::NoEnd);
                }
                return;
            }
            if n < tar::BLOCK {
                self.listing.problems.push(Problem::Truncated {
                    member: None,
                    at,
                    expected: tar::BLOCK as u64,
                    got: n as u64,
                });
                return;
            }
            let here = at;
            at += tar::BLOCK as u64;
            if tar::is_zero(&block) {
                zeros += 1;
                if zeros == 2 {
                    return;
                }
                continue;
            }
            zeros = 0;
            let h = match tar::parse(&block) {
                Ok(h) => h,
                Err(_) => {
                    self.listing.problems.push(if first {
                        Problem::NotTar
                    } else {
                        Problem::BadHeader { at: here }
                    });
                    return;
                }
            };
            first = false;
            let size = match h.kind {
                tar::EntryKind::File => pax.size.unwrap_or(h.size),
                _ => h.size,
            };
            let data_end = at.saturating_add(size);
            match h.kind {
                tar::EntryKind::PaxNext
                | tar::EntryKind::PaxGlobal
                | tar::EntryKind::GnuLongName
                | tar::EntryKind::GnuLongLink => {
                    if size > MAX_META {
                        self.listing
                            .problems
                            .push(Problem::HugeMeta { at: here, size });
                        if !self.skip(s, size, &mut at, None) {
                            return;
                        }
                        continue;
                    }
                    let mut data = vec![0u8; size as usize];
                    match fill(s, &mut data) {
                        Ok(n) if n as u64 == size => {}
                        Ok(n) => {
                            self.truncated(None, at, size, n as u64);
                            return;
                        }
                        Err(e) => {
                            self.listing.problems.push(io_problem(&e, compressed));
                            return;
                        }
                    }
                    at = data_end;
                    match h.kind {
                        tar::EntryKind::PaxNext => pax = tar::pax(&data),
                        tar::EntryKind::GnuLongName => {
                            let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
                            long_name = Some(String::from_utf8_lossy(&data[..end]).into_owned());
                        }
                        _ => {}
                    }
                    if !self.skip(s, tar::padding(size), &mut at, None) {
                        return;
                    }
                    continue;
                }
                _ => {}
            }
            let raw = pax.path.take().or(long_name.take()).unwrap_or(h.name);
            let link = pax.link.take().unwrap_or(h.link);
            pax = tar::Pax::default();
            let path = match clean(&raw) {
                Some(p) => p,
                None => {
                    self.listing
                        .problems
                        .push(Problem::UnsafePath { path: raw.clone() });
                    if !self.skip(
                        s,
                        size.saturating_add(tar::padding(size)),
                        &mut at,
                        Some(&raw),
                    ) {
                        return;
                    }
                    continue;
                }
            };
            let take = match h.kind {
                tar::EntryKind::File => {
                    if path.is_empty() {
                        false
                    } else if self.listing.members >= MAX_MEMBERS {
                        if self.listing.members == MAX_MEMBERS {
                            self.listing.problems.push(Problem::TooManyMembers);
                            self.listing.members += 1;
                        }
                        false
                    } else if !self.seen.insert(path.clone()) {
                        self.listing
                            .problems
                            .push(Problem::Duplicate { path: path.clone() });
                        false
                    } else {
                        true
                    }
                }
                tar::EntryKind::Directory => false,
                tar::EntryKind::Symlink | tar::EntryKind::HardLink => {
                    match link_target(&path, &link, h.kind == tar::EntryKind::HardLink) {
                        Some(to) if !path.is_empty() => self.listing.links.push((path.clone(), to)),
                        _ => self.listing.problems.push(Problem::Link {
                            path: path.clone(),
                            target: link,
                        }),
                    }
                    false
                }
                tar::EntryKind::Other(k) => {
                    self.listing.problems.push(Problem::OtherType {
                        path: path.clone(),
                        kind: k,
                    });
                    false
                }
                _ => false,
            };
            if !take {
                if !self.skip(
                    s,
                    size.saturating_add(tar::padding(size)),
                    &mut at,
                    Some(&path),
                ) {
                    return;
                }
                continue;
            }
            self.listing.members += 1;
            self.listing.member_bytes = self.listing.member_bytes.saturating_add(size);
            let name = format!("{}/{}", self.name, path);
            let keep =
                size <= self.opts.keep && self.kept.saturating_add(size) <= self.opts.keep_total;
            if keep {
                self.kept += size;
                let mut data = vec![0u8; size as usize];
                let n = match fill(s, &mut data) {
                    Ok(n) => n,
                    Err(e) => {
                        self.listing.problems.push(io_problem(&e, compressed));
                        0
                    }
                };
                let whole = n as u64 == size;
                data.truncate(n);
                self.scan.inputs.push(Input::file(name, data));
                if !whole {
                    self.truncated(Some(&path), at, size, n as u64);
                    return;
                }
                at = data_end;
            } else if self.opts.defer && s.seekable() {
                let input = self.scan.inputs.len();
                let mut inp = Input::file(name, Vec::new());
                inp.streamed = Some(Streamed {
                    size,
                    sha256: None,
                    uncompressed: None,
                });
                self.scan.inputs.push(inp);
                self.listing.streamed += 1;
                self.scan.deferred.push(Deferred {
                    input,
                    offset: at,
                    size,
                });
                match s.skip(size) {
                    Ok(n) if n == size => at = data_end,
                    _ => {
                        // The deferred hash will find the end; the listing says so now.
                        self.truncated(Some(&path), at, size, 0);
                        return;
                    }
                }
            } else {
                // Hashed as it streams by, and what it decompresses to with it.
                let h = crate::verify::diff_ids::hash_blob((&mut *s).take(size));
                let failed = h.error.as_ref().map(|e| io_problem(e, compressed));
                let read = h.read;
                let left = size - read;
                let mut inp = Input::file(name, Vec::new());
                inp.streamed = Some(Streamed {
                    size: read,
                    sha256: Some(crate::verify::diff_ids::named(h.sha256)),
                    uncompressed: h.uncompressed.map(crate::verify::diff_ids::named),
                });
                self.scan.inputs.push(inp);
                self.listing.streamed += 1;
                if let Some(p) = failed {
                    self.listing.problems.push(p);
                    return;
                }
                if left > 0 {
                    self.truncated(Some(&path), at, size, read);
                    return;
                }
                at = data_end;
            }
            if !self.skip(s, tar::padding(size), &mut at, Some(&path)) {
                return;
            }
        }
    }

    /// Skips `n` bytes (data not wanted, or padding); false when the archive ended first.
    fn skip(&mut self, s: &mut dyn Source, n: u64, at: &mut u64, member: Option<&str>) -> bool {
        if n == 0 {
            return true;
        }
        match s.skip(n) {
            Ok(k) if k == n => {
                *at += n;
                true
            }
            Ok(k) => {
                self.truncated(member, *at, n, k);
                false
            }
            Err(e) => {
                let p = io_problem(&e, self.listing.compression.is_some());
                self.listing.problems.push(p);
                false
            }
        }
    }

    fn truncated(&mut self, member: Option<&str>, at: u64, expected: u64, got: u64) {
        self.listing.problems.push(Problem::Truncated {
            member: member.map(str::to_string),
            at,
            expected,
            got,
        });
    }
}

/// A member name as a relative path with `/` (`./` and empty parts dropped); `None` when it
/// climbs out (`..`) or starts at the root.
fn clean(raw: &str) -> Option<String> {
    if raw.starts_with('/') || raw.starts_with('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for p in raw.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Where a link at `path` leads, as a path from the archive's root, when it stays inside: a
/// hard link's target is written from the root, a symbolic link's from the link's folder.
fn link_target(path: &str, target: &str, hard: bool) -> Option<String> {
    if hard {
        return clean(target).filter(|t| !t.is_empty());
    }
    if target.starts_with('/') || target.starts_with('\\') {
        return None;
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for p in target.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let to = parts.join("/");
    (!to.is_empty()).then_some(to)
}

/// Reads until `buf` is full or the source ends; the count read.
fn fill(s: &mut dyn Source, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match s.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The sniffed bytes put back in front of the source.
struct Prefixed<'a> {
    head: Vec<u8>,
    at: usize,
    inner: &'a mut dyn Source,
}

impl Read for Prefixed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at < self.head.len() {
            let n = buf.len().min(self.head.len() - self.at);
            buf[..n].copy_from_slice(&self.head[self.at..self.at + n]);
            self.at += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Counts the source bytes read (and skipped) for the progress bar.
struct Counted<'a, 'p> {
    inner: Prefixed<'a>,
    read: u64,
    progress: &'p mut dyn FnMut(u64),
}

impl Read for Counted<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(self.read);
        Ok(n)
    }
}

impl Source for Counted<'_, '_> {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut left = n;
        // The sniffed bytes first.
        let from_head = (self.inner.head.len() - self.inner.at.min(self.inner.head.len())) as u64;
        let h = from_head.min(left);
        self.inner.at += h as usize;
        left -= h;
        let k = if left > 0 {
            self.inner.inner.skip(left)?
        } else {
            0
        };
        self.read += h + k;
        (self.progress)(self.read);
        Ok(h + k)
    }
    fn seekable(&self) -> bool {
        self.inner.inner.seekable()
    }
}

/// A decompressing reader: skips by reading.
struct Plain<R: Read>(R);

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> Source for Plain<R> {}

#[cfg(test)]
mod tests;
