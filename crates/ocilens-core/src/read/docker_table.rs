//! Tables the Docker CLI prints about local images (issue 11): `docker history` (as a table,
//! `--no-trunc`, or `--format json`, one object a line) and `docker images` / `docker image ls`
//! (as a table, `--digests`, `--no-trunc`, `--tree`, or `--format json`); and the digests of
//! `docker inspect` (`Id`, `RepoDigests`, `RootFS.Layers`) as rows of the same kind.
//!
//! The CLI aligns its tables with Go's tabwriter: every cell of a column starts where the
//! header's name does (counted in characters), so a row is cut at the header's positions.
//! Reading only: what each row names is found once the tree is built (`explain::local`).

use crate::read::json::Json;
use crate::read::paste::{line_no, lines};
use crate::read::pull_log::without_timestamp;
use crate::{Ctx, DockerTable, Format, TableCommand, TableRow, Text};

/// The columns a table's header names, each with the character it starts at.
struct Header {
    command: TableCommand,
    columns: Vec<(String, usize)>,
}

/// The header names, split where two or more spaces part them.
fn header_cells(line: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')) {
            i += 1;
        }
        out.push((chars[start..i].iter().collect(), start));
    }
    out
}

/// The table a header line starts, if it is one.
fn header(line: &str) -> Option<Header> {
    let columns = header_cells(line);
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let has = |n: &str| names.contains(&n);
    let command = match *names.first()? {
        "IMAGE" if has("CREATED BY") && has("SIZE") => TableCommand::History,
        "REPOSITORY" if has("TAG") && has("IMAGE ID") => TableCommand::Images,
        "IMAGE" if has("ID") && has("DISK USAGE") => TableCommand::ImagesTree,
        _ => return None,
    };
    Some(Header { command, columns })
}

/// Whether a line (as written in the input) is a table's header.
pub(crate) fn starts(line: &str) -> bool {
    header(without_timestamp(line.trim_end())).is_some()
}

/// An id as the CLI prints one: 12 hex digits, a whole `sha256:` digest, or a placeholder.
fn is_id(s: &str) -> bool {
    let hex = s.strip_prefix("sha256:").unwrap_or(s);
    let hexy = hex
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    matches!(s, "<missing>" | "<none>") || (hexy && (hex.len() == 12 || hex.len() == 64))
}

/// The cells of a row, cut at the header's positions; `None` when the row does not fit.
fn cells(h: &Header, line: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = line.chars().collect();
    let cut = |from: usize, to: usize| -> String {
        chars
            .get(from.min(chars.len())..to.min(chars.len()))
            .map(|c| c.iter().collect::<String>().trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::with_capacity(h.columns.len());
    for (i, (_, start)) in h.columns.iter().enumerate() {
        let end = h.columns.get(i + 1).map_or(chars.len(), |c| c.1);
        // A cell never starts inside the one before: a character just before the column's
        // start that is not a space means the row is laid out otherwise.
        if *start > 0 && chars.get(start - 1).is_some_and(|c| *c != ' ') {
            return None;
        }
        out.push(cut(*start, end));
    }
    Some(out)
}

fn col<'a>(h: &Header, cells: &'a [String], name: &str) -> Option<&'a str> {
    let i = h.columns.iter().position(|(n, _)| n == name)?;
    cells.get(i).map(String::as_str)
}

/// One row read from a table line; `None` when the line is not a row of it.
fn row(h: &Header, line: &str, no: usize) -> Option<TableRow> {
    let cells = cells(h, line)?;
    let get = |name: &str| col(h, &cells, name).unwrap_or("").to_string();
    let (id, what, digest, size) = match h.command {
        TableCommand::History => (get("IMAGE"), get("CREATED BY"), None, get("SIZE")),
        TableCommand::Images => {
            let tag = get("TAG");
            let repo = get("REPOSITORY");
            let what = if tag.is_empty() || tag == "<none>" {
                repo
            } else {
                format!("{repo}:{tag}")
            };
            let digest = col(h, &cells, "DIGEST")
                .filter(|d| d.starts_with("sha256:"))
                .map(str::to_string);
            (get("IMAGE ID"), what, digest, get("SIZE"))
        }
        TableCommand::ImagesTree | TableCommand::Inspect => {
            (get("ID"), get("IMAGE"), None, get("DISK USAGE"))
        }
    };
    is_id(&id).then(|| TableRow {
        line: no,
        id,
        what,
        digest,
        size,
        names: Vec::new(),
        layer: None,
        note: Text::new("", ""),
    })
}

/// Reads the table whose header starts at byte `start` of input `input`; returns where the text
/// after it starts.
pub(crate) fn read(cx: &mut Ctx, input: usize, start: usize, nl: &[usize]) -> usize {
    let b: &[u8] = &cx.inputs[input].bytes;
    let mut it = lines(b, start);
    let Some(first) = it.next() else {
        return b.len();
    };
    let text = |l: &super::paste::Line| {
        String::from_utf8_lossy(&b[l.start..l.end])
            .trim_end()
            .to_string()
    };
    let Some(h) = header(without_timestamp(&text(&first))) else {
        return first.next;
    };
    let mut table = DockerTable {
        input,
        line: line_no(nl, start),
        command: h.command,
        rows: Vec::new(),
        image: None,
    };
    let mut end = first.next;
    for l in it {
        let t = text(&l);
        let Some(r) = row(&h, without_timestamp(&t), line_no(nl, l.start)) else {
            break;
        };
        table.rows.push(r);
        end = l.next;
    }
    cx.saw_format(input, format_of(h.command));
    cx.tables.push(table);
    end
}

fn format_of(c: TableCommand) -> Format {
    match c {
        TableCommand::History => Format::DockerHistory,
        _ => Format::DockerImages,
    }
}

/// A line of `docker history --format json` or `docker images --format json`: one object with
/// the CLI's fields. Added to the table the line before started; `false` when `v` is not one.
pub(crate) fn json_row(cx: &mut Ctx, input: usize, line: usize, v: &Json) -> bool {
    let s = |k: &str| v.get_str(k).unwrap_or("").to_string();
    let history = v.has("CreatedBy") && v.has("CreatedSince") && v.has("ID");
    let images = v.has("Repository") && v.has("Tag") && v.has("ID") && v.has("CreatedSince");
    let (command, what, digest) = if history {
        (TableCommand::History, s("CreatedBy"), None)
    } else if images {
        let (repo, tag) = (s("Repository"), s("Tag"));
        let what = if tag.is_empty() || tag == "<none>" {
            repo
        } else {
            format!("{repo}:{tag}")
        };
        let digest = Some(s("Digest")).filter(|d| d.starts_with("sha256:"));
        (TableCommand::Images, what, digest)
    } else {
        return false;
    };
    let id = s("ID");
    if !is_id(&id) {
        return false;
    }
    let r = TableRow {
        line,
        id,
        what,
        digest,
        size: s("Size"),
        names: Vec::new(),
        layer: None,
        note: Text::new("", ""),
    };
    let follows = cx.tables.last().is_some_and(|t| {
        t.input == input
            && t.command == command
            && t.rows.last().is_some_and(|last| last.line + 1 == line)
    });
    match cx.tables.last_mut().filter(|_| follows) {
        Some(t) => t.rows.push(r),
        None => {
            cx.tables.push(DockerTable {
                input,
                line,
                command,
                rows: vec![r],
                image: None,
            });
            cx.saw_format(input, format_of(command));
        }
    }
    true
}

/// `docker inspect`'s digests as a table (issue 11): `Id`, each `RepoDigests` entry and each
/// `RootFS.Layers` diff_id, for `explain::local` to say which is which.
pub(crate) fn inspect(cx: &mut Ctx, input: usize, item: &Json) {
    let line = cx.line_col(input, item.span.start).0;
    let row = |id: &str, what: String, digest: Option<String>| TableRow {
        line,
        id: id.to_string(),
        what,
        digest,
        size: String::new(),
        names: Vec::new(),
        layer: None,
        note: Text::new("", ""),
    };
    let digest = |s: &str| s.len() == 71 && is_id(s);
    let mut rows = Vec::new();
    if let Some(id) = item.get_str("Id").filter(|d| digest(d)) {
        rows.push(row(id, "Id".into(), None));
    }
    for rd in item
        .get("RepoDigests")
        .and_then(Json::array)
        .unwrap_or_default()
    {
        if let Some((_, d)) = rd
            .str()
            .and_then(|s| s.rsplit_once('@'))
            .filter(|(_, d)| digest(d))
        {
            rows.push(row(
                d,
                format!("RepoDigests: {}", rd.str().unwrap_or("")),
                Some(d.to_string()),
            ));
        }
    }
    let layers = item
        .get("RootFS")
        .and_then(|r| r.get("Layers"))
        .and_then(Json::array)
        .unwrap_or_default();
    for (i, l) in layers.iter().enumerate() {
        if let Some(d) = l.str().filter(|d| digest(d)) {
            let mut r = row(d, format!("RootFS.Layers[{i}]"), None);
            r.layer = Some(crate::TableLayer {
                index: i + 1,
                digest: None,
                size: None,
                diff_id: Some(d.to_string()),
            });
            rows.push(r);
        }
    }
    if !rows.is_empty() {
        cx.tables.push(DockerTable {
            input,
            line,
            command: TableCommand::Inspect,
            rows,
            image: None,
        });
    }
}
