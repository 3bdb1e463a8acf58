//! `docker pull` output (issue 11): `latest: Pulling from library/debian`, one line per blob
//! (`e756f3fdd6a3: Pull complete`), `Digest:`, `Status:` and the reference printed last, from
//! either image store, as a terminal or a CI log copies it (ANSI cursor moves, `\r` redraws,
//! progress bars, a timestamp in front of every line, a diff's `+`/`-`).
//!
//! Reading only: what each id names is found once the tree is built (`explain::pull`).

use crate::read::paste::{line_no, lines};
use crate::{Ctx, Format, PullId, PullLog, PullStatus, PullStore};

/// The statuses Docker prints for a blob, as they begin (`docker push`'s last).
const STATES: [&str; 16] = [
    "Pulling fs layer",
    "Waiting",
    "Downloading",
    "Verifying Checksum",
    "Download complete",
    "Extracting",
    "Pull complete",
    "Already exists",
    "Retrying in",
    "Exists",
    "Pulling",
    "Preparing",
    "Pushing",
    "Pushed",
    "Mounted from",
    "Layer already exists",
];

/// One line of a pull log.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PullLine {
    DefaultTag,
    PullingFrom {
        what: String,
        repository: String,
    },
    Blob {
        id: String,
        state: String,
    },
    Digest(String),
    Status {
        up_to_date: bool,
        reference: String,
    },
    /// `The push refers to repository [registry.example/app]`.
    PushRefers(String),
    /// `1.0: digest: sha256:... size: 948`, a push's last line.
    Pushed {
        tag: String,
        digest: String,
    },
    Interrupted,
}

/// The texts a copied terminal line printed: one per `\r` redraw, each cleaned.
fn printed(raw: &str) -> impl Iterator<Item = String> + '_ {
    raw.split('\r').map(clean).filter(|s| !s.is_empty())
}

/// What is left of a part of a copied terminal line: without ANSI escapes, a leading timestamp
/// (`2024-05-01T12:00:00.123Z`, `[12:00:00]`) or a diff marker.
fn clean(visible: &str) -> String {
    let mut out = String::with_capacity(visible.len());
    let mut chars = visible.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            // CSI: parameters, then one final letter.
            Some('[') => {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() || c == '~' {
                        break;
                    }
                }
            }
            // OSC: up to BEL.
            Some(']') => {
                for c in chars.by_ref() {
                    if c == '\u{7}' {
                        break;
                    }
                }
            }
            Some(_) => {
                chars.next();
            }
            None => {}
        }
    }
    let mut s = without_timestamp(out.trim());
    // A unified diff's markers, when what follows is a pull line.
    if let Some(rest) = s.strip_prefix(['+', '-']) {
        if parse(rest.trim()).is_some() {
            s = rest.trim();
        }
    }
    s.to_string()
}

/// `s` without a leading timestamp, as CI logs write one: an ISO date-time token
/// (`2024-05-01T12:00:00.123Z`) or `[hh:mm:ss]`.
pub(crate) fn without_timestamp(s: &str) -> &str {
    if let Some((first, rest)) = s.split_once(' ') {
        let iso = first.len() >= 19
            && first.as_bytes().get(4) == Some(&b'-')
            && first.as_bytes().get(10) == Some(&b'T');
        let clock = first.starts_with('[') && first.ends_with(']') && first.contains(':');
        if iso || clock {
            return rest.trim_start();
        }
    }
    s
}

fn is_hex(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A blob id as Docker prints it: 12 hex digits, or (the early containerd store) a whole
/// `sha256:` digest.
fn blob_id(s: &str) -> Option<String> {
    if s.len() == 12 && is_hex(s) {
        return Some(s.to_string());
    }
    let hex = s.strip_prefix("sha256:")?;
    (hex.len() == 64 && is_hex(hex)).then(|| s.to_string())
}

fn parse(line: &str) -> Option<PullLine> {
    if line.starts_with("Using default tag: ") {
        return Some(PullLine::DefaultTag);
    }
    if line == "^C" {
        return Some(PullLine::Interrupted);
    }
    if let Some(r) = line.strip_prefix("The push refers to repository [") {
        return Some(PullLine::PushRefers(r.trim_end_matches(']').to_string()));
    }
    if let Some((tag, rest)) = line.split_once(": digest: ") {
        let d = rest.split_whitespace().next().unwrap_or("");
        let hex = d.strip_prefix("sha256:")?;
        return (hex.len() == 64 && is_hex(hex) && !tag.contains(' ')).then(|| PullLine::Pushed {
            tag: tag.to_string(),
            digest: d.to_string(),
        });
    }
    if let Some(d) = line.strip_prefix("Digest: ") {
        let d = d.split_whitespace().next().unwrap_or("");
        let hex = d.strip_prefix("sha256:")?;
        return (hex.len() == 64 && is_hex(hex)).then(|| PullLine::Digest(d.to_string()));
    }
    for (prefix, up_to_date) in [
        ("Status: Downloaded newer image for ", false),
        ("Status: Image is up to date for ", true),
    ] {
        if let Some(r) = line.find(prefix).map(|at| &line[at + prefix.len()..]) {
            return Some(PullLine::Status {
                up_to_date,
                reference: r.split_whitespace().next().unwrap_or("").to_string(),
            });
        }
    }
    if let Some((what, repository)) = line.split_once(": Pulling from ") {
        if !what.contains(' ') && !repository.trim().contains(' ') {
            return Some(PullLine::PullingFrom {
                what: what.to_string(),
                repository: repository.trim().to_string(),
            });
        }
    }
    let (id, rest) = line.split_once(": ")?;
    let id = blob_id(id)?;
    let rest = rest.trim();
    let state = STATES.iter().find(|s| rest.starts_with(**s))?;
    // `Downloading [==>   ]  1.2MB/3.4MB`, `Retrying in 5 seconds`: the status's words only;
    // `Mounted from library/base` whole.
    let state = if *state == "Retrying in" {
        rest.split(" seconds").next().unwrap_or(rest).to_string() + " seconds"
    } else if *state == "Mounted from" {
        rest.to_string()
    } else {
        (*state).to_string()
    };
    Some(PullLine::Blob { id, state })
}

/// Whether a line (as written in the input) is a pull log's: the scanner starts a log there.
pub(crate) fn starts(raw: &str) -> bool {
    printed(raw).any(|t| !matches!(parse(&t), None | Some(PullLine::Interrupted)))
}

/// A reference as Docker prints it last (`docker.io/library/debian:latest`): one word with a
/// `/` or a `:`, of the characters references use.
fn is_reference(s: &str) -> bool {
    !s.is_empty()
        && (s.contains('/') || s.contains(':'))
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/:._-@".contains(&b))
}

/// The `--platform` of a `docker pull` command, and the reference it names.
fn from_command(command: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let mut platform = None;
    let mut reference = None;
    let mut i = words
        .iter()
        .position(|w| *w == "pull")
        .map_or(words.len(), |p| p + 1);
    while let Some(w) = words.get(i) {
        if let Some(p) = w.strip_prefix("--platform=") {
            platform = Some(p.to_string());
        } else if *w == "--platform" {
            platform = words.get(i + 1).map(|p| p.to_string());
            i += 1;
        } else if !w.starts_with('-') && reference.is_none() {
            reference = Some(w.to_string());
        }
        i += 1;
    }
    (platform, reference)
}

/// Reads the pull log that starts at byte `start` of input `input`; returns where the text
/// after it starts. `command` is the shell line before it, if any.
pub(crate) fn read(
    cx: &mut Ctx,
    input: usize,
    start: usize,
    command: Option<String>,
    nl: &[usize],
) -> usize {
    let b: &[u8] = &cx.inputs[input].bytes;
    let (platform, command_ref) = command.as_deref().map_or((None, None), from_command);
    let mut log = PullLog {
        input,
        line: line_no(nl, start),
        reference: None,
        platform,
        digest: None,
        status: None,
        store: PullStore::Either,
        interrupted: false,
        push: false,
        ids: Vec::new(),
        pulled: None,
        digest_names: None,
    };
    let mut pulling_from: Option<String> = None;
    let mut status_ref: Option<String> = None;
    let mut last_ref: Option<String> = None;
    let mut stopped = false;
    let mut end = start;
    // Where each id (by its 12 digits) is in `log.ids`: one lookup a line.
    let mut at: crate::hash::HashMap<String, usize> = crate::hash::HashMap::default();
    'lines: for l in lines(b, start) {
        let raw = String::from_utf8_lossy(&b[l.start..l.end]);
        for text in printed(&raw) {
            match parse(&text) {
                Some(PullLine::DefaultTag) => {}
                Some(PullLine::PullingFrom { what, repository }) => {
                    // `latest: Pulling from library/debian`, or the whole reference when pulling
                    // by digest.
                    pulling_from = Some(if what.contains('@') || what.contains('/') {
                        what
                    } else {
                        format!("{repository}:{what}")
                    });
                }
                Some(PullLine::Blob { id, state }) => {
                    let line = line_no(nl, l.start);
                    // A whole id and its 12-digit form are the same blob (a diff of both outputs).
                    let short = |s: &str| {
                        s.trim_start_matches("sha256:")
                            .get(..12)
                            .unwrap_or("")
                            .to_string()
                    };
                    match at.get(&short(&id)).and_then(|i| log.ids.get_mut(*i)) {
                        Some(x) => {
                            if x.states.last() != Some(&state) {
                                x.states.push(state);
                            }
                        }
                        None => {
                            at.insert(short(&id), log.ids.len());
                            log.ids.push(PullId {
                                id,
                                line,
                                states: vec![state],
                                names: Vec::new(),
                            });
                        }
                    }
                }
                Some(PullLine::Digest(d)) => log.digest = Some(d),
                Some(PullLine::PushRefers(repository)) => {
                    log.push = true;
                    pulling_from = Some(repository);
                }
                Some(PullLine::Pushed { tag, digest }) => {
                    log.digest = Some(digest);
                    if let Some(r) = pulling_from.as_mut().filter(|_| log.push) {
                        *r = format!("{r}:{tag}");
                    }
                    // A push ends with this line.
                    end = l.next;
                    break 'lines;
                }
                Some(PullLine::Status {
                    up_to_date,
                    reference,
                }) => {
                    log.status = Some(if up_to_date {
                        PullStatus::UpToDate
                    } else {
                        PullStatus::Downloaded
                    });
                    status_ref = Some(reference);
                }
                Some(PullLine::Interrupted) => {
                    stopped = true;
                    end = l.next;
                    break 'lines;
                }
                // Anything else ends the log; the reference Docker prints last is its last line.
                None => {
                    let done = !log.ids.is_empty() || log.status.is_some() || log.digest.is_some();
                    if done && is_reference(&text) {
                        last_ref = Some(text);
                        end = l.next;
                    }
                    break 'lines;
                }
            }
        }
        end = l.next;
    }
    log.reference = last_ref.or(status_ref).or(command_ref).or(pulling_from);
    let finished = log.digest.is_some() || log.status.is_some();
    log.interrupted = stopped
        || (!finished
            && log.ids.iter().any(|x| {
                !matches!(
                    x.last(),
                    "Pull complete"
                        | "Already exists"
                        | "Download complete"
                        | "Exists"
                        | "Pushed"
                        | "Layer already exists"
                ) && !x.last().starts_with("Mounted from")
            }));
    log.store = store(&log);
    cx.saw_format(input, Format::DockerPull);
    cx.pull_logs.push(log);
    end.max(start + 1)
}

/// Which store printed the log, from its lines alone (the ids' targets refine it later).
fn store(log: &PullLog) -> PullStore {
    let any = |s: &str| log.ids.iter().any(|x| x.states.iter().any(|t| t == s));
    if log.ids.iter().any(|x| x.id.starts_with("sha256:")) {
        return PullStore::ContainerdEarly;
    }
    if any("Verifying Checksum") || any("Extracting") {
        return PullStore::Classic;
    }
    let finished = log.digest.is_some() || log.status.is_some();
    if finished
        && !log.ids.is_empty()
        && !any("Pull complete")
        && !any("Already exists")
        && any("Download complete")
    {
        return PullStore::Containerd;
    }
    PullStore::Either
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_remnants_are_cleaned_from_a_line() {
        for (raw, want) in [
            ("\u{1b}[1A\u{1b}[2K\ra3ed95caeb02: Downloading [==>   ]  1.2MB/3.4MB", "a3ed95caeb02: Downloading [==>   ]  1.2MB/3.4MB"),
            ("2024-05-01T12:00:00.1234567Z e756f3fdd6a3: Pull complete", "e756f3fdd6a3: Pull complete"),
            ("[12:00:01] Digest: sha256:3f1d6c17773a45c97bd8f158d665c9709d7b29ed7917ac934086ad96f92e4510", "Digest: sha256:3f1d6c17773a45c97bd8f158d665c9709d7b29ed7917ac934086ad96f92e4510"),
            ("+4abcf2066143: Download complete", "4abcf2066143: Download complete"),
            ("- a line of a diff", "- a line of a diff"),
        ] {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn each_kind_of_line_is_read() {
        assert_eq!(
            parse("e756f3fdd6a3: Pull complete"),
            Some(PullLine::Blob {
                id: "e756f3fdd6a3".into(),
                state: "Pull complete".into()
            })
        );
        assert_eq!(
            parse("a3ed95caeb02: Retrying in 5 seconds"),
            Some(PullLine::Blob {
                id: "a3ed95caeb02".into(),
                state: "Retrying in 5 seconds".into()
            })
        );
        assert_eq!(
            parse("latest: Pulling from library/debian"),
            Some(PullLine::PullingFrom {
                what: "latest".into(),
                repository: "library/debian".into()
            })
        );
        assert!(matches!(
            parse("Status: Image is up to date for alpine:latest"),
            Some(PullLine::Status {
                up_to_date: true,
                ..
            })
        ));
        // Not ids: uppercase, 11 digits, a word.
        for not in [
            "E756F3FDD6A3: Pull complete",
            "e756f3fdd6a: Pull complete",
            "layer: Pull complete",
            "e756f3fdd6a3: done",
            "Digest: sha256:abc",
        ] {
            assert_eq!(parse(not), None, "{not}");
        }
    }

    #[test]
    fn the_platform_and_reference_come_from_the_command() {
        assert_eq!(
            from_command("docker pull --platform=linux/riscv64 alpine:latest"),
            (Some("linux/riscv64".into()), Some("alpine:latest".into()))
        );
        assert_eq!(
            from_command("docker image pull --platform linux/amd64 -q debian"),
            (Some("linux/amd64".into()), Some("debian".into()))
        );
    }
}
