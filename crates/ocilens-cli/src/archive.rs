//! Archives on the command line: a tar file (or `-`) read as one stream by the core's
//! `archive::read`, its large members hashed on every core (each thread reads its own byte
//! range of the file), with a progress bar on a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use ocilens_core::read::archive::{self, Deferred, Options, Scan, Source};
use ocilens_core::verify::diff_ids::{hash_blob, Hashed};
use ocilens_core::Input;

/// A file read by the scan: seeks past the members it does not keep.
struct Seekable(File);

impl Read for Seekable {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Source for Seekable {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let here = self.0.stream_position()?;
        let end = self.0.metadata()?.len();
        let to = here.saturating_add(n).min(end.max(here));
        self.0.seek(SeekFrom::Start(to))?;
        Ok(to - here)
    }
    fn seekable(&self) -> bool {
        true
    }
}

/// A pipe: skipping reads.
struct Stream<R: Read>(R);

impl<R: Read> Read for Stream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> Source for Stream<R> {}

/// Whether the file is an archive to open (`archive::opens`: not a blob named by its digest).
pub fn is_archive(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let mut got = 0;
    while got < head.len() {
        match f.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    archive::opens(&path.to_string_lossy(), &head[..got])
}

fn bar(total: u64, what: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(total);
    b.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    b.set_message(what.to_string());
    b
}

/// Reads an archive from stdin, whose first bytes (`head`) were read to sniff it.
pub fn read_stdin(head: &[u8]) -> Vec<Input> {
    let b = bar(0, "reading stdin");
    let mut src = Stream(head.chain(io::stdin().lock()));
    let scan = archive::read("-", &mut src, &Options::default(), &mut |n| {
        b.set_position(n)
    });
    b.finish_and_clear();
    scan.inputs
}

/// Reads the archive at `path` into inputs, every member hashed.
pub fn read(path: &str) -> io::Result<Vec<Input>> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    let scanning = bar(len, "reading");
    let mut src = Seekable(file);
    let opts = Options {
        defer: true,
        ..Options::default()
    };
    let mut scan = archive::read(path, &mut src, &opts, &mut |n| scanning.set_position(n));
    scanning.finish_and_clear();
    hash_deferred(Path::new(path), &mut scan)?;
    Ok(scan.inputs)
}

/// Hashes the deferred members on every core, largest first, each thread reading its own range.
fn hash_deferred(path: &Path, scan: &mut Scan) -> io::Result<()> {
    let mut work: Vec<Deferred> = scan.deferred.clone();
    if work.is_empty() {
        return Ok(());
    }
    work.sort_by_key(|d| std::cmp::Reverse(d.size));
    let total: u64 = work.iter().map(|d| d.size).sum();
    let b = bar(total, &format!("hashing {} blobs", work.len()));
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(work.len());
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let results: Mutex<Vec<(usize, Hashed)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<io::Error>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(d) = work.get(k) else { break };
                match hash_range(path, d, &|n| {
                    let t = done.fetch_add(n, Ordering::Relaxed) + n;
                    b.set_position(t);
                }) {
                    Ok(h) => results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((d.input, h)),
                    Err(e) => {
                        *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                        break;
                    }
                }
            });
        }
    });
    b.finish_and_clear();
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    for (input, h) in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        scan.hashed(input, h.sha256, h.read, h.uncompressed);
    }
    Ok(())
}

/// Reports each read's bytes to `progress`.
struct Progress<'a, R> {
    inner: R,
    progress: &'a dyn Fn(u64),
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

/// The sha256 of `d.size` bytes at `d.offset` (fewer if the file ends first), how many, and
/// the sha256 of what they decompress to when they are a gzip or zstd layer (read once: the
/// layer's diff_id checked as it is hashed).
fn hash_range(path: &Path, d: &Deferred, progress: &dyn Fn(u64)) -> io::Result<Hashed> {
    let mut f = File::open(path)?;
    f.seek(SeekFrom::Start(d.offset))?;
    let inner = io::BufReader::with_capacity(1 << 20, f.take(d.size));
    let h = hash_blob(Progress { inner, progress });
    match h.error {
        Some(e) => Err(e),
        None => Ok(h),
    }
}
