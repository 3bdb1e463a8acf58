//! `ocilens-fuzz`: a mutation fuzzer on stable Rust. It starts from a corpus (the captures in
//! `tests/fixtures/`, the team's shared captures and peers' test data when present, and every
//! kept reproducer), mutates inputs (bit flips, byte and chunk edits, splices of two inputs,
//! JSON tokens and boundary numbers from a dictionary, deep nesting), and feeds each to every
//! door of the core (`ocilens_fuzz::exercise`). A panic, or an input slower than the hang
//! limit (5 s), is written to `tests/fuzz/reproducers/` (replayed by `tests/replay.rs`) and ends the
//! run with exit 1. Inputs that reach a finding code or a format not seen before join the
//! corpus (the coverage this reports, for want of instrumentation on stable).
//!
//!     cargo run --profile native -p ocilens-fuzz -- [--runs N] [--seed S] [--hang-ms MS]

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ocilens_core::{Input, Lang};

/// Inputs are kept small, so a run makes many executions; size is the scaling benchmark's job.
const MAX_INPUT: usize = 64 * 1024;

const DICTIONARY: &[&str] = &[
    "\"mediaType\":",
    "\"digest\":",
    "\"size\":",
    "\"manifests\":",
    "\"layers\":",
    "\"config\":",
    "\"platform\":",
    "\"annotations\":",
    "\"subject\":",
    "\"artifactType\":",
    "\"data\":",
    "\"schemaVersion\":2",
    "\"os\":\"linux\"",
    "\"architecture\":\"arm64\"",
    "\"variant\":\"v8\"",
    "\"os.version\":\"10.0.17763.1\"",
    "\"urls\":[]",
    "\"history\":[",
    "\"rootfs\":",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.in-toto+json",
    "sha256:",
    "sha512:",
    "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "18446744073709551615",
    "-1",
    "1e999",
    "-0",
    "9007199254740993",
    "0.5",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "null",
    "true",
    "[]",
    "{}",
    ",",
    ":",
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\u{feff}",
    "Name:      ",
    "MediaType: ",
    "Digest:    ",
    "Manifests: ",
    "  Platform:    ",
    "Annotations: ",
    "HTTP/1.1 200 OK\r\n",
    "Content-Length: ",
    "Content-Type: ",
    "Docker-Content-Digest: ",
    "$ crane manifest x\n",
    "[[[[[[[[[[[[[[[[",
    "}}}}}}}}",
    "\"Raw\":\"",
    "\"Descriptor\":",
    "unknown/unknown",
    "vnd.docker.reference.digest",
    "\"payload\":\"",
    "\"payloadType\":",
];

/// xorshift64*: small, fast, reproducible from a seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(9) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            2 => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                b.splice(at..at, word.iter().copied());
            }
            4 => {
                // Repeat a chunk (long lines, many members).
                let end = (at + 1 + rng.below(32)).min(b.len());
                let chunk = b[at.min(end)..end].to_vec();
                for _ in 0..rng.below(64) {
                    b.splice(at..at, chunk.iter().copied());
                }
            }
            5 => {
                // Splice in part of another input.
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                b.splice(at..at, other[from..end].iter().copied());
            }
            6 => {
                // Replace a number with a boundary one.
                let digits = b.iter().position(|c| c.is_ascii_digit());
                if let Some(i) = digits {
                    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let n = [
                        "18446744073709551615",
                        "4294967296",
                        "-1",
                        "0",
                        "1e308",
                        "99999999999999999999",
                    ];
                    b.splice(i..end, n[rng.below(n.len())].bytes());
                }
            }
            7 => b.truncate(at),
            _ => {
                let depth = rng.below(300);
                let open = if rng.below(2) == 0 { b'[' } else { b'{' };
                b.splice(at..at, std::iter::repeat_n(open, depth));
            }
        }
        if b.len() > MAX_INPUT {
            b.truncate(MAX_INPUT);
        }
    }
    b
}

/// Files under `dir`, recursively (a missing folder is none).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// What an input reached: its finding codes and formats (new ones keep the input).
fn reached(bytes: &[u8]) -> Vec<String> {
    let a = ocilens_core::analyze(&[Input::new("paste", bytes.to_vec())]);
    let mut out: Vec<String> = a
        .findings
        .iter()
        .map(|f| format!("finding {}", f.code.id()))
        .collect();
    out.extend(
        a.inputs
            .iter()
            .flat_map(|i| i.formats.iter().map(|f| format!("format {}", f.id()))),
    );
    out.extend(a.documents.iter().map(|d| format!("kind {}", d.kind.id())));
    let _ = Lang::En;
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter().position(|a| a == name).and_then(|i| {
            let v = args.get(i + 1)?;
            match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => v.parse::<u64>().ok(),
            }
        })
    };
    let runs = value("--runs").unwrap_or(100_000);
    let seed = value("--seed").unwrap_or(0x00C1_1E45);
    let hang = Duration::from_millis(value("--hang-ms").unwrap_or(5_000));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // `--replay FILE...`: each file through every door, timed.
    if let Some(i) = args.iter().position(|a| a == "--replay") {
        for f in &args[i + 1..] {
            let bytes = std::fs::read(f).unwrap_or_default();
            let t = Instant::now();
            ocilens_fuzz::exercise(&bytes);
            println!("{f}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        return;
    }
    let reproducers = root.join("tests/fuzz/reproducers");

    let mut paths = Vec::new();
    for dir in [
        "tests/fixtures",
        "tests/fuzz/reproducers",
        "../shared/fixtures",
    ] {
        files(&root.join(dir), &mut paths);
    }
    paths.sort();
    let mut corpus: Vec<Vec<u8>> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| !b.is_empty() && b.len() <= MAX_INPUT)
        .collect();
    let seeds = corpus.len();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for c in &corpus {
        seen.extend(reached(c));
    }
    let at_start = seen.len();
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for n in 1..=runs {
        let pick = rng.below(corpus.len());
        let input = mutate(&mut rng, &corpus, &corpus[pick]);
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| ocilens_fuzz::exercise(&input)));
        let mut took = t.elapsed();
        if outcome.is_ok() && took > hang {
            // A slow run on a busy machine is timed again: a hang is slow both times.
            let t = Instant::now();
            ocilens_fuzz::exercise(&input);
            took = took.min(t.elapsed());
        }
        if took > slowest {
            slowest = took;
            // The slowest input so far, to look at (target/, never committed).
            let _ = std::fs::write(root.join("target/fuzz-slowest.bin"), &input);
        }
        if outcome.is_err() || took > hang {
            let what = if outcome.is_err() { "panic" } else { "hang" };
            let name = format!("{what}-{seed:x}-{n}.bin");
            let _ = std::fs::create_dir_all(&reproducers);
            let _ = std::fs::write(reproducers.join(&name), &input);
            eprintln!("{what} after {n} executions ({took:?}): tests/fuzz/reproducers/{name}");
            std::process::exit(1);
        }
        // Keep inputs that reach something new (cheap enough one in 16 runs).
        if n % 16 == 0 && corpus.len() < 20_000 {
            let new: Vec<String> = reached(&input)
                .into_iter()
                .filter(|r| !seen.contains(r))
                .collect();
            if !new.is_empty() {
                seen.extend(new);
                corpus.push(input);
            }
        }
        if n % 100_000 == 0 {
            let s = started.elapsed().as_secs_f64();
            eprintln!(
                "{n} executions, {:.0}/s, corpus {}, reached {}",
                n as f64 / s,
                corpus.len(),
                seen.len()
            );
        }
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "{runs} executions in {s:.1} s ({:.0}/s), seed {seed:#x}: no panic, no hang (slowest {:.1} ms, limit {} ms); corpus {seeds} seeds + {} kept; reached {} finding codes, formats and kinds ({} from the seeds)",
        runs as f64 / s,
        slowest.as_secs_f64() * 1000.0,
        hang.as_millis(),
        corpus.len() - seeds,
        seen.len(),
        at_start
    );
}
