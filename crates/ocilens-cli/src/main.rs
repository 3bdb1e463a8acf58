//! `ocilens`: analyse OCI/Docker manifests, indexes, configs, layouts and tool output from files.
//!
//! The only place that touches files natively: it reads the paths (stdin for `-`, an OCI image
//! layout directory recursively), hands the bytes to `ocilens_core::analyze` as one analysis, and
//! prints text or the stable JSON. Exit codes: 0 the analysis ran (whatever it found), 1 a
//! finding at or above `--fail-on`, 2 unusable arguments or unreadable files.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use ocilens_core::{analyze, output, render, Analysis, Input, Lang, Severity};

/// A single file larger than this is refused: a layer blob can be big, but reading several
/// GiB into memory is never what someone checking a layout wants.
const MAX_FILE: u64 = 512 * 1024 * 1024;
/// Directory walks stop this deep (an OCI layout is 3 levels deep).
const MAX_DIR_DEPTH: usize = 16;

#[derive(Debug, Parser)]
#[command(
    name = "ocilens",
    version,
    about = "Recompute OCI/Docker digests over the exact bytes, draw the image tree, explain findings",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse manifests, indexes, configs, attestations, tool output or an OCI layout.
    #[command(after_help = ANALYZE_EXAMPLES)]
    Analyze(AnalyzeArgs),
}

const ANALYZE_EXAMPLES: &str = "\
Examples:
  docker buildx imagetools inspect --raw alpine | ocilens analyze -
  ocilens analyze index.json manifest.json
  ocilens analyze --format json ./oci-layout-dir > report.json
  ocilens analyze --lang ja --fail-on error pasted.txt

Exit codes: 0 analysis ran; 1 a finding at or above --fail-on; 2 bad arguments or unreadable input.";

#[derive(Debug, clap::Args)]
struct AnalyzeArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Language of labels and messages (default: from LC_ALL/LANG, `ja*` gives Japanese, else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Exit with 1 when a finding of this severity or worse is present.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Files to analyse together (`-` for stdin); a directory must hold an OCI image layout.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Ja,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => match run_analyze(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("ocilens: error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

fn run_analyze(args: &AnalyzeArgs) -> Result<ExitCode> {
    let lang = match args.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => lang_from_env(),
    };
    let mut inputs = Vec::new();
    let mut stdin_read = false;
    for p in &args.paths {
        if p == "-" {
            if stdin_read {
                bail!("`-` (stdin) given more than once");
            }
            stdin_read = true;
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_FILE + 1)
                .read_to_end(&mut buf)
                .context("cannot read stdin")?;
            if buf.len() as u64 > MAX_FILE {
                bail!("stdin is larger than {} MiB", MAX_FILE >> 20);
            }
            inputs.push(Input::new("-", buf));
        } else {
            read_path(p, &mut inputs)?;
        }
    }
    let analysis = analyze(&inputs);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        OutputFormat::Text => out.write_all(render::to_text(&analysis, lang).as_bytes()),
        OutputFormat::Json => {
            let v = output::to_json(&analysis, lang);
            let s = serde_json::to_string_pretty(&v).context("cannot serialise the JSON output")?;
            out.write_all(s.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
        }
    };
    // A closed pipe (`| head`) is not a failure of the analysis.
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write the output");
        }
    }
    Ok(exit_code(&analysis, args.fail_on))
}

fn exit_code(analysis: &Analysis, fail_on: Option<FailOn>) -> ExitCode {
    let threshold = match fail_on {
        None => return ExitCode::SUCCESS,
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
    };
    if analysis.findings.iter().any(|f| f.severity >= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `ja` when `LC_ALL` (else `LANG`) starts with `ja` (`ja_JP.UTF-8`), else English.
fn lang_from_env() -> Lang {
    let var = std::env::var("LC_ALL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("LANG").ok());
    match var {
        Some(v) if v.to_ascii_lowercase().starts_with("ja") => Lang::Ja,
        _ => Lang::En,
    }
}

fn read_path(p: &str, inputs: &mut Vec<Input>) -> Result<()> {
    let path = Path::new(p);
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read `{p}`"))?;
    if meta.is_dir() {
        if !path.join("index.json").is_file() && !path.join("oci-layout").is_file() {
            bail!(
                "`{p}` is a directory without `index.json` or `oci-layout`: only OCI image \
                 layout directories can be read; give the files instead"
            );
        }
        let root = p.trim_end_matches(['/', '\\']);
        let root = if root.is_empty() { "/" } else { root };
        let mut files = Vec::new();
        walk(path, "", 0, &mut files)?;
        files.sort();
        for rel in files {
            let bytes = read_file(&path.join(&rel), &format!("{root}/{rel}"))?;
            inputs.push(Input::new(format!("{root}/{rel}"), bytes));
        }
        Ok(())
    } else {
        let bytes = read_file(path, p)?;
        inputs.push(Input::new(p, bytes));
        Ok(())
    }
}

/// Relative paths (with '/') of the regular files under `dir`.
fn walk(dir: &Path, rel: &str, depth: usize, files: &mut Vec<String>) -> Result<()> {
    if depth > MAX_DIR_DEPTH {
        bail!(
            "`{}` is nested too deeply for an OCI image layout",
            dir.display()
        );
    }
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for e in entries {
        let e = e.with_context(|| format!("cannot list `{}`", dir.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let child_rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let meta = std::fs::metadata(e.path())
            .with_context(|| format!("cannot read `{}`", e.path().display()))?;
        if meta.is_dir() {
            walk(&e.path(), &child_rel, depth + 1, files)?;
        } else if meta.is_file() {
            files.push(child_rel);
        }
    }
    Ok(())
}

fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read `{shown}`"))?;
    if meta.len() > MAX_FILE {
        bail!(
            "`{shown}` is {} MiB; ocilens reads files up to {} MiB",
            meta.len() >> 20,
            MAX_FILE >> 20
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read `{shown}`"))
}
