//! `ocilens-scaling`: how analysis time grows with input size, for every input shape
//! (`shapes.rs`), and how fast the realistic paste is read (issue 15).
//!
//! For each shape the input is doubled six times from its base size; each size is analysed
//! (and its JSON and text output made) a few times and the fastest run kept. The growth
//! exponent is the slope of log(time) over log(bytes) across the doublings: 1 is linear, 2
//! quadratic.
//!
//!     cargo run --profile native -p ocilens-bench -- [--check] [--doublings N] [SHAPE...]
//!
//! `--check` (what CI runs): fewer doublings, and exit 1 when an exponent passes 1.3.
//! `--write DIR`: the slow cases of issue 15 at its sizes, as files (for the page's test).
//! `--realistic`: only the realistic paste (for profiling it).

/// mimalloc: a quarter of the analysis was malloc and free with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use ocilens_core::present::json::to_json_string;
use ocilens_core::present::text::to_text;
use ocilens_core::{Input, Lang};

mod shapes;

const LIMIT: f64 = 1.3;

fn time(f: impl Fn()) -> Duration {
    // The fastest of a few runs, and of at least 100 ms of runs: noise only ever adds time.
    let mut best = Duration::MAX;
    let started = Instant::now();
    let mut runs = 0;
    while runs < 3 || (started.elapsed() < Duration::from_millis(100) && runs < 50) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

fn inputs(files: &[(String, Vec<u8>)]) -> Vec<Input> {
    files
        .iter()
        .map(|(n, b)| Input::new(n.clone(), b.clone()))
        .collect()
}

/// Least-squares slope of ln(t) over ln(x).
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x.ln(), b + y.ln()));
    let (mx, my) = (sx / n, sy / n);
    let (num, den) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
        (a + (x.ln() - mx) * (y.ln() - my), b + (x.ln() - mx).powi(2))
    });
    num / den
}

/// `--write DIR`: each slow case of issue 15 at the size the issue measured, as files under
/// `DIR/<shape>/` (a paste is the one file `paste`), for the page's responsiveness test
/// (tests/e2e/responsive.test.mjs).
fn write(dir: &std::path::Path) -> std::io::Result<()> {
    for &(name, n) in shapes::ISSUE_SIZES {
        let shape = shapes::SHAPES
            .iter()
            .find(|s| s.name == name)
            .expect("a shape of the table");
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        for (file, bytes) in (shape.make)(n) {
            let path = dir.join(&slug).join(file);
            std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
            std::fs::write(path, bytes)?;
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir =
            std::path::PathBuf::from(args.get(i + 1).map_or("target/slow-cases", String::as_str));
        if let Err(e) = write(&dir) {
            eprintln!("ocilens-scaling: {}: {e}", dir.display());
            std::process::exit(1);
        }
        return;
    }
    let check = args.iter().any(|a| a == "--check");
    let doublings: u32 = args
        .iter()
        .position(|a| a == "--doublings")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(if check { 4 } else { 6 });
    let wanted: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--doublings"))
        .map(|(_, a)| a)
        .collect();

    println!(
        "| shape | sizes (bytes) | ms at the largest (analyse + JSON + text) | growth exponent |"
    );
    println!("|---|---|---:|---:|");
    let mut worst: Vec<(&str, f64)> = Vec::new();
    let realistic = args.iter().any(|a| a == "--realistic");
    for shape in shapes::SHAPES {
        if realistic
            || !wanted.is_empty() && !wanted.iter().any(|w| shape.name.contains(w.as_str()))
        {
            continue;
        }
        let mut points = Vec::new();
        for k in 0..=doublings {
            let files = (shape.make)(shape.base << k);
            let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
            let inputs = inputs(&files);
            let t = time(|| {
                let a = ocilens_core::analyze(&inputs);
                std::hint::black_box(to_json_string(&a, Lang::En, false));
                std::hint::black_box(to_text(&a, Lang::En));
            });
            points.push((bytes as f64, t.as_secs_f64()));
        }
        let e = slope(&points);
        let (first, last) = (points[0], points[points.len() - 1]);
        println!(
            "| {} | {:.0}–{:.0} | {:.1} | {e:.2} |",
            shape.name,
            first.0,
            last.0,
            last.1 * 1000.0
        );
        if e > LIMIT {
            worst.push((shape.name, e));
        }
    }

    // The realistic paste: speed of the analysis and of its JSON output.
    if wanted.is_empty() {
        let sizes: &[usize] = if check { &[1] } else { &[1, 10] };
        for &mb in sizes {
            let text = shapes::realistic_of(mb << 20);
            let input = [Input::new("paste", text.clone().into_bytes())];
            let a = ocilens_core::analyze(&input);
            let analyse = time(|| {
                std::hint::black_box(ocilens_core::analyze(&input));
            });
            let json = time(|| {
                std::hint::black_box(to_json_string(&a, Lang::En, false));
            });
            let rate = |d: Duration| text.len() as f64 / d.as_secs_f64() / 1e6;
            println!(
                "\nrealistic paste, {:.2} MB: analysis {:.1} ms ({:.0} MB/s), JSON output {:.1} ms ({:.0} MB/s)",
                text.len() as f64 / 1e6,
                analyse.as_secs_f64() * 1000.0,
                rate(analyse),
                json.as_secs_f64() * 1000.0,
                rate(json)
            );
        }
    }
    if !worst.is_empty() {
        for (name, e) in &worst {
            eprintln!("grows faster than n^{LIMIT}: {name} (exponent {e:.2})");
        }
        if check {
            std::process::exit(1);
        }
    }
}
