//! `ocilens`: analyse OCI/Docker manifests, indexes, configs, layouts and tool output from files.
//!
//! The only place that touches files natively: it reads the paths (stdin for `-`, an OCI image
//! layout directory recursively), hands the bytes to `ocilens_core::analyze` as one analysis, and
//! prints text or the stable JSON. Exit codes: 0 the analysis ran (whatever it found), 1 a
//! finding at or above `--fail-on`, 2 unusable arguments or unreadable files, 3 a platform named
//! by `--require-platform` has no image.

/// mimalloc: a quarter of the analysis was malloc and free with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

mod archive;
mod fetch;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use ocilens_core::explain::{identity, knowledge, platform, simulate};
use ocilens_core::present::{json as output, text as render};
use ocilens_core::{analyze, Analysis, Input, Lang, Platform, Severity};

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
    /// Fetch an image's whole tree from a registry (index, manifests, configs, attestations,
    /// referrers), verify every digest and analyse it like a paste.
    #[command(after_help = FETCH_EXAMPLES)]
    Fetch(FetchArgs),
    /// Explain a media type, an annotation key or an in-toto predicate type.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Compare two images (two tags, two builds, or two platforms of one index): what differs
    /// and what it means, and whether the build is reproducible once timestamps are set aside.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
}

const DIFF_EXAMPLES: &str = "\
Examples:
  ocilens diff app-1.4.tar app-1.5.tar                   # archives, layouts, files or `-`
  ocilens diff ./build-1 ./build-2 --ignore-timestamps   # reproducible apart from the times?
  ocilens diff --insecure-http localhost:5000/app:1.4 localhost:5000/app:1.5
  ocilens diff ./layout --platform linux/amd64,linux/arm64   # two platforms of one index
  ocilens diff index.json manifest.json --left a-manifest.json --left a-config.json \\
               --right b-config.json                       # more files for a side
  ocilens diff --format json --fail-on-diff a.tar b.tar  # a CI gate

A side that is not a file or directory is fetched as a reference (credentials from
OCILENS_USERNAME and OCILENS_PASSWORD). Exit codes: 0 compared; 1 with --fail-on-diff, a
difference remains; 2 bad arguments or unreadable input.";

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// Output format: text, or JSON (docs/json-output.md, "Comparison").
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Language (default: from LC_ALL/LANG, `ja*` gives Japanese, else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Compare only this platform's image of each side; two (`linux/amd64,linux/arm64`) compare
    /// A's image of the first with B's of the second.
    #[arg(long, value_name = "PLATFORM[,PLATFORM]", value_delimiter = ',')]
    platform: Vec<String>,
    /// Leave out differences of timestamps (`created`, history dates,
    /// `org.opencontainers.image.created`) and the digest differences only they cause.
    #[arg(long)]
    ignore_timestamps: bool,
    /// Exit with 1 when a difference remains.
    #[arg(long)]
    fail_on_diff: bool,
    /// One more file for side A (repeatable): a manifest beside its index, a config.
    #[arg(long = "left", value_name = "PATH")]
    left_more: Vec<String>,
    /// One more file for side B (repeatable).
    #[arg(long = "right", value_name = "PATH")]
    right_more: Vec<String>,
    /// Fetch references over plain HTTP (a local test registry); HTTPS otherwise.
    #[arg(long)]
    insecure_http: bool,
    /// Seconds to wait for each answer of a registry.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// A and B: each a file, an OCI layout directory, an archive, `-`, or a reference to
    /// fetch. Given one, two of its platforms are compared (`--platform A,B`).
    #[arg(required = true, num_args = 1..=2, value_name = "A [B]")]
    sides: Vec<String>,
}

const FETCH_EXAMPLES: &str = "\
Examples:
  ocilens fetch alpine                                   # docker.io/library/alpine:latest
  ocilens fetch --platform linux/arm64 ghcr.io/OWNER/IMAGE:TAG
  ocilens fetch --insecure-http localhost:5000/test/img
  OCILENS_PASSWORD=TOKEN ocilens fetch --user me registry.example.com/private/app:1.0

Only manifests, indexes, configs and in-toto layers are downloaded, never image layers
(manifests up to 4 MiB, other blobs up to 8 MiB). Proxies: HTTPS_PROXY, HTTP_PROXY, NO_PROXY.
Credentials: --user NAME[:PASSWORD], or OCILENS_USERNAME and OCILENS_PASSWORD; they are sent
only to the registry and its token service, never printed.

Exit codes as for `analyze`; a fetch that fails is an error finding (exit 1 with --fail-on).";

#[derive(Debug, clap::Args)]
struct FetchArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Use plain HTTP (a local test registry); HTTPS otherwise.
    #[arg(long)]
    insecure_http: bool,
    /// `NAME` or `NAME:PASSWORD` (password or token; else from OCILENS_PASSWORD).
    #[arg(long, value_name = "NAME[:PASSWORD]")]
    user: Option<String>,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Do not ask for referrers (signatures, SBOMs attached with `subject`).
    #[arg(long)]
    no_referrers: bool,
    /// Only referrers of this artifact type (e.g. `application/spdx+json`).
    #[arg(long, value_name = "TYPE")]
    artifact_type: Option<String>,
    /// Print each request to stderr.
    #[arg(long, short)]
    verbose: bool,
    /// An image reference: `[registry/]repository[:tag][@digest]`.
    #[arg(value_name = "REFERENCE")]
    reference: String,
}

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  ocilens explain application/vnd.oci.image.index.v1+json
  ocilens explain vnd.docker.reference.digest
  ocilens explain --lang ja https://slsa.dev/provenance/v1
  ocilens explain --format json application/vnd.cncf.helm.config.v1+json
  ocilens explain sha256:46331d942d63 ./layout          # which digest is which: index, manifest,
  ocilens explain 2db29710123e index.json manifest.json  # config (IMAGE ID), layer or diff_id

Exit codes: 0 the term is known; 1 it is not (an unknown media type is still explained from its
structure); 2 bad arguments.";

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Language (default: from LC_ALL/LANG, `ja*` gives Japanese, else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// A media type, annotation key, predicate type URI or finding code; or a digest (whole, or
    /// the 12 or more hex digits Docker prints) to say which one it is in the documents given.
    #[arg(value_name = "TERM")]
    term: String,
    /// With a digest: the documents to look in (files, an OCI layout directory, `-` for stdin).
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
}

const ANALYZE_EXAMPLES: &str = "\
Examples:
  docker buildx imagetools inspect --raw alpine | ocilens analyze -
  ocilens analyze index.json manifest.json
  ocilens analyze --format json ./oci-layout-dir > report.json
  ocilens analyze --format mermaid index.json > tree.mmd      # a diagram GitHub draws
  ocilens analyze --format markdown index.json > report.md
  ocilens analyze --format svg index.json > tree.svg          # the page's diagram
  ocilens analyze --lang ja --fail-on error pasted.txt
  ocilens analyze --platform linux/amd64 imagetools.txt      # which image does this host pull?
  ocilens analyze --platform apple-silicon-mac index.json    # a host preset (see below)
  ocilens analyze --require-platform linux/amd64,linux/arm64 index.json   # a CI gate

Host presets for --platform: apple-silicon-mac, intel-mac, windows-wsl2, windows-server-2019,
windows-server-2022, windows-server-2025, windows-11-containers, ubuntu-x86-64, aws-ecs-fargate-x86-64, aws-graviton,
raspberry-pi-64, raspberry-pi-32.

Exit codes: 0 analysis ran; 1 a finding at or above --fail-on; 2 bad arguments or unreadable
input; 3 a platform given to --require-platform has no image.";

#[derive(Debug, clap::Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Files to analyse together (`-` for stdin); a directory must hold an OCI image layout.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
}

/// How to report an analysis: shared by `analyze` and `fetch`.
#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// Output format: text, JSON (the contract of docs/json-output.md), or a static export for
    /// places with no script: a Mermaid flowchart of the tree (GitHub draws it), Markdown, or
    /// the page's diagram as an SVG file.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Language of labels and messages (default: from LC_ALL/LANG, `ja*` gives Japanese, else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Exit with 1 when a finding of this severity or worse is present.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Say which manifest a host of this platform pulls (`os/arch[/variant]`, e.g. `linux/amd64`,
    /// or a host preset id such as `apple-silicon-mac`), or why its pull fails.
    #[arg(long, value_name = "PLATFORM")]
    platform: Option<String>,
    /// Exit with 3 unless every one of these platforms has its own image (comma-separated or
    /// repeated: `linux/amd64,linux/arm64`).
    #[arg(long, value_name = "PLATFORMS", value_delimiter = ',')]
    require_platform: Vec<String>,
    /// Say, for each image, where its provenance, SBOM and signatures are (the index, a cosign
    /// tag, a referrer), or where to look: shown anyway when any is found.
    #[arg(long)]
    supply_chain: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Mermaid,
    Markdown,
    Svg,
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

/// The language of what goes to stderr, chosen once from `--lang` (else `LC_ALL`/`LANG`).
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// A message in the language of this run.
fn say(en: impl Into<String>, ja: impl Into<String>) -> String {
    let (en, ja) = (en.into(), ja.into());
    LANG.get()
        .copied()
        .unwrap_or_default()
        .pick(&en, &ja)
        .to_string()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match &cli.command {
        Command::Analyze(a) => pick_lang(a.report.lang),
        Command::Fetch(f) => pick_lang(f.report.lang),
        Command::Explain(e) => pick_lang(e.lang),
        Command::Diff(d) => pick_lang(d.lang),
    };
    let _ = LANG.set(lang);
    let result = match cli.command {
        Command::Analyze(args) => run_analyze(&args),
        Command::Explain(args) => return run_explain(&args),
        Command::Fetch(args) => run_fetch(&args),
        Command::Diff(args) => run_diff(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ocilens: {} {e:#}", say("error:", "エラー:"));
            ExitCode::from(2)
        }
    }
}

/// `ocilens explain HASH PATH...`: which digest is which.
fn run_identify(args: &ExplainArgs, lang: Lang) -> Result<ExitCode> {
    let inputs = read_inputs(&args.paths)?;
    let a = analyze(&inputs);
    let found = identity::identify(&a, &args.term);
    match args.format {
        OutputFormat::Json => {
            let items: Vec<serde_json::Value> = found
                .iter()
                .map(|i| {
                    let position = match i.role {
                        identity::Role::Layer(n) | identity::Role::DiffId(n) => Some(n),
                        _ => None,
                    };
                    serde_json::json!({
                        "digest": i.digest,
                        "role": i.role.id(),
                        "layer": position,
                        "platform": i.platform.as_ref().map(ToString::to_string),
                        "explanation": i.text.get(lang),
                    })
                })
                .collect();
            println!(
                "{:#}",
                serde_json::json!({"kind": "digest", "term": args.term, "names": items})
            );
        }
        OutputFormat::Text => {
            if found.is_empty() {
                println!("{}", say(
                    format!("{}: none of the documents given has this digest (or a digest beginning with it). Give the index, the manifests and the configs: `ocilens explain {} index.json manifest.json config.json`.", args.term, args.term),
                    format!("{}: 与えられたドキュメントにこのダイジェスト（またはこれで始まるダイジェスト）はありません。インデックス、マニフェスト、config を与えてください: `ocilens explain {} index.json manifest.json config.json`。", args.term, args.term),
                ));
            }
            for i in &found {
                println!("{}\n  {}", i.digest, i.text.get(lang));
            }
        }
    }
    Ok(if found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_explain(args: &ExplainArgs) -> ExitCode {
    let lang = pick_lang(args.lang);
    if identity::hash_hex(&args.term).is_some() {
        if args.paths.is_empty() {
            eprintln!(
                "ocilens: {}",
                say(
                    format!("{} is a digest: give the documents to look in, e.g. `ocilens explain {} index.json manifest.json config.json` (or a layout directory, or `-`).", args.term, args.term),
                    format!("{} はダイジェストです。探すドキュメントを与えてください。例: `ocilens explain {} index.json manifest.json config.json`（レイアウトのディレクトリや `-` も可）。", args.term, args.term),
                )
            );
            return ExitCode::from(2);
        }
        return match run_identify(args, lang) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("ocilens: {} {e:#}", say("error:", "エラー:"));
                ExitCode::from(2)
            }
        };
    }
    let term = knowledge::explain_term(&args.term);
    let text = match args.format {
        OutputFormat::Text => term.to_text(lang),
        OutputFormat::Json => format!("{:#}\n", term.to_json(lang)),
    };
    print!("{text}");
    match term {
        knowledge::Term::MediaType(_)
        | knowledge::Term::Annotation(_)
        | knowledge::Term::PredicateType(_)
        | knowledge::Term::FindingCode(_) => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

fn run_fetch(args: &FetchArgs) -> Result<ExitCode> {
    let report = Report::new(&args.report)?;
    let reference = ocilens_core::fetch::parse_reference(&args.reference)
        .map_err(|e| anyhow::anyhow!("`{}`: {}", args.reference, e.text.get(report.lang)))?;
    let credentials = match &args.user {
        Some(u) => Some(match u.split_once(':') {
            Some((name, pw)) => (name.to_string(), pw.to_string()),
            None => (
                u.clone(),
                std::env::var("OCILENS_PASSWORD").with_context(|| {
                    say(
                        "--user without a password needs OCILENS_PASSWORD",
                        "パスワードのない --user には OCILENS_PASSWORD が必要です",
                    )
                })?,
            ),
        }),
        None => env_credentials(),
    };
    let options = ocilens_core::fetch::Options {
        insecure_http: args.insecure_http,
        credentials,
        referrers: !args.no_referrers,
        artifact_type: args.artifact_type.clone(),
        ..Default::default()
    };
    let verbose = args.verbose;
    let fetched = fetch::run(
        reference,
        options,
        Some(std::time::Duration::from_secs(args.timeout.max(1))),
        |line| {
            if verbose {
                eprintln!("{line}");
            }
        },
    );
    if verbose {
        eprintln!(
            "{} requests, {} documents",
            fetched.requests,
            fetched.inputs.len()
        );
    }
    report.emit(fetched.analyze())
}

/// `ocilens diff A B`: each side read (or fetched) and analysed alone, then compared.
fn run_diff(args: &DiffArgs) -> Result<ExitCode> {
    let lang = pick_lang(args.lang);
    let platforms = args
        .platform
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_platform("--platform", s))
        .collect::<Result<Vec<Platform>>>()?;
    if platforms.len() > 2 {
        bail!(say(
            "--platform takes one platform, or two (A's, then B's)",
            "--platform に指定できるのは 1 つ、または 2 つ（A のもの、B のもの）のプラットフォームです"
        ));
    }
    if args.sides.len() == 1 && platforms.len() != 2 {
        bail!(say(
            "with one side, name the two platforms to compare: `--platform linux/amd64,linux/arm64`",
            "比べる側が 1 つのときは、比べる 2 つのプラットフォームを指定してください: `--platform linux/amd64,linux/arm64`"
        ));
    }
    let stdin_sides = args
        .sides
        .iter()
        .chain(&args.left_more)
        .chain(&args.right_more);
    if stdin_sides.filter(|s| *s == "-").count() > 1 {
        bail!(say(
            "`-` (stdin) can be only one of the sides",
            "`-`（標準入力）にできるのは片方の側だけです"
        ));
    }
    let left = read_side(args, &args.sides[0], &args.left_more)?;
    let right = match args.sides.get(1) {
        Some(b) => Some(read_side(args, b, &args.right_more)?),
        None => None,
    };
    let options = ocilens_core::compare::Options {
        platform: platforms.first().cloned(),
        right_platform: platforms.get(1).cloned(),
        ignore_timestamps: args.ignore_timestamps,
    };
    let b_name = args.sides.get(1).unwrap_or(&args.sides[0]);
    let c = ocilens_core::compare::compare(&left, right.as_ref().unwrap_or(&left), &options);
    let out = match args.format {
        OutputFormat::Text => {
            ocilens_core::present::compare::to_text(&c, &args.sides[0], b_name, lang)
        }
        OutputFormat::Json => format!(
            "{:#}\n",
            ocilens_core::present::compare::to_json(&c, &args.sides[0], b_name, lang)
        ),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error.
    let _ = stdout.write_all(out.as_bytes());
    Ok(if args.fail_on_diff && c.differs() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One side of `diff`: a path (with the `--left`/`--right` files), or a reference to fetch.
fn read_side(args: &DiffArgs, side: &str, more: &[String]) -> Result<Analysis> {
    let mut inputs = if side == "-" || Path::new(side).exists() {
        read_inputs(std::slice::from_ref(&side.to_string()))?
    } else {
        let reference = ocilens_core::fetch::parse_reference(side).map_err(|e| {
            anyhow::anyhow!(
                "`{side}`: {} ({})",
                say(
                    "no such file, and not a reference",
                    "そのファイルはなく、参照でもありません"
                ),
                say(e.text.en.clone(), e.text.ja.clone())
            )
        })?;
        let options = ocilens_core::fetch::Options {
            insecure_http: args.insecure_http,
            credentials: env_credentials(),
            ..Default::default()
        };
        let fetched = fetch::run(
            reference,
            options,
            Some(std::time::Duration::from_secs(args.timeout.max(1))),
            |_| {},
        );
        if more.is_empty() {
            return Ok(errors_said(side, fetched.analyze()));
        }
        fetched.inputs
    };
    inputs.extend(read_inputs(more)?);
    Ok(errors_said(side, analyze(&inputs)))
}

/// Says a side's errors on stderr (a fetch that failed, a digest that does not match): the
/// comparison is of what could be read.
fn errors_said(side: &str, a: Analysis) -> Analysis {
    let lang = LANG.get().copied().unwrap_or_default();
    for f in a.findings.iter().filter(|f| f.severity == Severity::Error) {
        eprintln!("ocilens: {side}: {}", f.message.get(lang));
    }
    a
}

/// A platform given to `flag` (`os/arch[/variant]`), or a usage error that says why not.
fn parse_platform(flag: &str, s: &str) -> Result<Platform> {
    platform::parse(s)
        .map_err(|e| anyhow::anyhow!("{flag} `{s}`: {}", say(e.text().en, e.text().ja)))
}

/// `OCILENS_USERNAME` and `OCILENS_PASSWORD`, when both are set.
fn env_credentials() -> Option<(String, String)> {
    match (
        std::env::var("OCILENS_USERNAME"),
        std::env::var("OCILENS_PASSWORD"),
    ) {
        (Ok(u), Ok(p)) if !u.is_empty() => Some((u, p)),
        _ => None,
    }
}

fn pick_lang(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => lang_from_env(),
    }
}

fn run_analyze(args: &AnalyzeArgs) -> Result<ExitCode> {
    // Parse the platform arguments before reading anything: a typo is a usage error.
    let report = Report::new(&args.report)?;
    let inputs = read_inputs(&args.paths)?;
    report.emit(analyze(&inputs))
}

/// The files, directories (an OCI layout) and stdin (`-`, once) named on the command line.
fn read_inputs(paths: &[String]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut stdin_read = false;
    for p in paths {
        if p == "-" {
            if stdin_read {
                bail!(say(
                    "`-` (stdin) given more than once",
                    "`-`（標準入力）が 2 回以上指定されています"
                ));
            }
            stdin_read = true;
            // The first block says whether stdin is an archive (read as a stream) or text.
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(512)
                .read_to_end(&mut buf)
                .with_context(|| say("cannot read stdin", "標準入力を読めません"))?;
            if ocilens_core::read::archive::sniff(&buf) {
                inputs.extend(archive::read_stdin(&buf));
                continue;
            }
            std::io::stdin()
                .lock()
                .take(MAX_FILE + 1 - buf.len() as u64)
                .read_to_end(&mut buf)
                .with_context(|| say("cannot read stdin", "標準入力を読めません"))?;
            if buf.len() as u64 > MAX_FILE {
                bail!(say(
                    format!("stdin is larger than {} MiB", MAX_FILE >> 20),
                    format!("標準入力が {} MiB を超えています", MAX_FILE >> 20)
                ));
            }
            inputs.push(Input::new("-", buf));
        } else {
            read_path(p, &mut inputs)?;
        }
    }
    Ok(inputs)
}

/// Parsed [`ReportArgs`].
struct Report {
    format: ReportFormat,
    lang: Lang,
    fail_on: Option<FailOn>,
    host: Option<Platform>,
    required: Vec<Platform>,
    supply_chain: bool,
}

impl Report {
    fn new(args: &ReportArgs) -> Result<Report> {
        Ok(Report {
            format: args.format,
            lang: pick_lang(args.lang),
            fail_on: args.fail_on,
            host: args.platform.as_deref().map(host_platform).transpose()?,
            required: args
                .require_platform
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| parse_platform("--require-platform", s))
                .collect::<Result<Vec<Platform>>>()?,
            supply_chain: args.supply_chain,
        })
    }

    /// Prints the analysis (text or JSON, with the platform sections asked for) and returns the
    /// exit code.
    fn emit(&self, mut analysis: Analysis) -> Result<ExitCode> {
        let (lang, host, required) = (self.lang, &self.host, &self.required);
        let matched = host
            .as_ref()
            .and_then(|h| simulate::platform_match(&analysis, h));
        if let Some(f) = matched.as_ref().and_then(|m| m.finding()) {
            analysis.findings.push(f);
        }
        let missing = if required.is_empty() {
            Vec::new()
        } else {
            simulate::missing_platforms(&analysis, required)
        };

        let mut out = std::io::stdout().lock();
        let written = match self.format {
            ReportFormat::Mermaid => out
                .write_all(ocilens_core::present::mermaid::to_mermaid(&analysis, lang).as_bytes()),
            ReportFormat::Svg => {
                out.write_all(ocilens_core::present::svg::to_svg(&analysis, lang).as_bytes())
            }
            ReportFormat::Markdown => out.write_all(
                ocilens_core::present::markdown::to_markdown(&analysis, lang).as_bytes(),
            ),
            ReportFormat::Text => {
                let mut text = render::to_text(&analysis, lang);
                if self.supply_chain {
                    text.push_str(&render::supply_chain_text(&analysis, lang));
                }
                if host.is_some() {
                    text.push('\n');
                    match &matched {
                        Some(m) => text.push_str(&m.to_text(lang)),
                        None => text.push_str(match lang {
                            Lang::En => "Platform: nothing to pull was found in the input.\n",
                            Lang::Ja => {
                                "プラットフォーム: 入力にプルできるものが見つかりません。\n"
                            }
                        }),
                    }
                }
                if !required.is_empty() {
                    text.push('\n');
                    text.push_str(&required_text(required, &missing, lang));
                }
                out.write_all(text.as_bytes())
            }
            // Written straight from the model, unless fields are added to it.
            ReportFormat::Json if host.is_none() && required.is_empty() => {
                let s = output::to_json_string(&analysis, lang, true);
                out.write_all(s.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
            }
            ReportFormat::Json => {
                let mut v = output::to_json(&analysis, lang);
                if let Some(obj) = v.as_object_mut() {
                    if let Some(h) = &host {
                        obj.insert(
                            "platformMatch".into(),
                            match &matched {
                                Some(m) => m.to_json(lang),
                                None => serde_json::json!({
                                    "host": platform::format(h),
                                    "chosen": null,
                                    "candidates": [],
                                }),
                            },
                        );
                    }
                    if !required.is_empty() {
                        obj.insert(
                            "requiredPlatforms".into(),
                            serde_json::json!({
                                "required": required.iter().map(platform::format).collect::<Vec<_>>(),
                                "missing": missing.iter().map(platform::format).collect::<Vec<_>>(),
                            }),
                        );
                    }
                }
                let s = serde_json::to_string_pretty(&v).with_context(|| {
                    say(
                        "cannot serialise the JSON output",
                        "JSON 出力を書き出せません",
                    )
                })?;
                out.write_all(s.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
            }
        };
        // A closed pipe (`| head`) is not a failure of the analysis.
        if let Err(e) = written.and_then(|()| out.flush()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(e).with_context(|| say("cannot write the output", "出力を書けません"));
            }
        }
        if !missing.is_empty() {
            return Ok(ExitCode::from(3));
        }
        Ok(exit_code(&analysis, self.fail_on))
    }
}

/// A host preset id (`apple-silicon-mac`) or a platform specifier (`linux/arm64`).
fn host_platform(s: &str) -> Result<Platform> {
    if let Some(h) = platform::host(s.trim()) {
        return Ok(h.platform);
    }
    platform::parse(s).map_err(|e| {
        let ids = platform::hosts()
            .iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
            .join(", ");
        anyhow::anyhow!(
            "{}: {}",
            say(
                format!("--platform `{s}` is neither a platform (`linux/amd64`) nor a host preset ({ids})"),
                format!("--platform `{s}` はプラットフォーム（`linux/amd64`）でもホストのプリセット（{ids}）でもありません"),
            ),
            say(e.text().en, e.text().ja)
        )
    })
}

fn required_text(required: &[Platform], missing: &[Platform], lang: Lang) -> String {
    let all: Vec<String> = required.iter().map(platform::format).collect();
    if missing.is_empty() {
        return match lang {
            Lang::En => format!("Required platforms: all present ({}).\n", all.join(", ")),
            Lang::Ja => format!(
                "必須プラットフォーム: すべてあります（{}）。\n",
                all.join(", ")
            ),
        };
    }
    let gone: Vec<String> = missing.iter().map(platform::format).collect();
    match lang {
        Lang::En => format!(
            "Required platforms: missing {} (of {}). Build them with `docker buildx build --platform {} ...`.\n",
            gone.join(", "),
            all.join(", "),
            all.join(",")
        ),
        Lang::Ja => format!(
            "必須プラットフォーム: {} がありません（必要: {}）。`docker buildx build --platform {} ...` でビルドしてください。\n",
            gone.join(", "),
            all.join(", "),
            all.join(",")
        ),
    }
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
    let meta = std::fs::metadata(path)
        .with_context(|| say(format!("cannot read `{p}`"), format!("`{p}` を読めません")))?;
    if meta.is_dir() {
        if !path.join("index.json").is_file() && !path.join("oci-layout").is_file() {
            bail!(say(
                format!("`{p}` is a directory without `index.json` or `oci-layout`: only OCI image layout directories can be read; give the files instead"),
                format!("`{p}` は `index.json` も `oci-layout` もないディレクトリです。読めるのは OCI イメージレイアウトのディレクトリだけなので、ファイルを指定してください"),
            ));
        }
        let root = p.trim_end_matches(['/', '\\']);
        let root = if root.is_empty() { "/" } else { root };
        let mut files = Vec::new();
        walk(path, "", 0, &mut files)?;
        files.sort();
        for rel in files {
            let bytes = read_file(&path.join(&rel), &format!("{root}/{rel}"))?;
            inputs.push(Input::file(format!("{root}/{rel}"), bytes));
        }
        Ok(())
    } else if archive::is_archive(path) {
        let read = archive::read(p)
            .with_context(|| say(format!("cannot read `{p}`"), format!("`{p}` を読めません")))?;
        inputs.extend(read);
        Ok(())
    } else {
        let bytes = read_file(path, p)?;
        inputs.push(Input::file(p, bytes));
        Ok(())
    }
}

/// Relative paths (with '/') of the regular files under `dir`.
fn walk(dir: &Path, rel: &str, depth: usize, files: &mut Vec<String>) -> Result<()> {
    if depth > MAX_DIR_DEPTH {
        bail!(say(
            format!(
                "`{}` is nested too deeply for an OCI image layout",
                dir.display()
            ),
            format!(
                "`{}` は OCI イメージレイアウトとしては階層が深すぎます",
                dir.display()
            ),
        ));
    }
    let cannot_list = || {
        say(
            format!("cannot list `{}`", dir.display()),
            format!("`{}` の中身を一覧できません", dir.display()),
        )
    };
    let entries = std::fs::read_dir(dir).with_context(cannot_list)?;
    for e in entries {
        let e = e.with_context(cannot_list)?;
        let name = e.file_name().to_string_lossy().into_owned();
        let child_rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let shown = e.path().display().to_string();
        let meta = std::fs::metadata(e.path()).with_context(|| {
            say(
                format!("cannot read `{shown}`"),
                format!("`{shown}` を読めません"),
            )
        })?;
        if meta.is_dir() {
            walk(&e.path(), &child_rel, depth + 1, files)?;
        } else if meta.is_file() {
            files.push(child_rel);
        }
    }
    Ok(())
}

fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>> {
    let cannot = || {
        say(
            format!("cannot read `{shown}`"),
            format!("`{shown}` を読めません"),
        )
    };
    let meta = std::fs::metadata(path).with_context(cannot)?;
    if meta.len() > MAX_FILE {
        bail!(say(
            format!(
                "`{shown}` is {} MiB; ocilens reads files up to {} MiB",
                meta.len() >> 20,
                MAX_FILE >> 20
            ),
            format!(
                "`{shown}` は {} MiB あります。ocilens が読むファイルは {} MiB までです",
                meta.len() >> 20,
                MAX_FILE >> 20
            ),
        ));
    }
    std::fs::read(path).with_context(cannot)
}
