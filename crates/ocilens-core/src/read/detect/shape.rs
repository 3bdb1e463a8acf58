//! The shape of registry documents: what kind a JSON value is, its platform, its descriptors,
//! and the fields whose JSON type is wrong (collected as [`Issue`]s, never fatal).
//!
//! Everything here reads leniently: real documents break the spec, and a field of the wrong type
//! is reported and skipped while the rest is still read.

use crate::read::json::{path_key, Json, Value};
use crate::{Descriptor, DescriptorRole, Kind, Platform};

pub(crate) use crate::explain::knowledge::names::REF_NAME;
pub(crate) use crate::explain::knowledge::names::{
    DOCKER_ATTESTATION_CONFIG as ATTESTATION_CONFIG, DOCKER_CONFIG, DOCKER_LIST, DOCKER_MANIFEST,
    DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED, OCI_ARTIFACT_MANIFEST, OCI_CONFIG, OCI_INDEX,
    OCI_MANIFEST,
};

/// A field whose JSON type (or value, for `schemaVersion`) is not what the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// JSON path of the field, e.g. `$.manifests[0].size`.
    pub path: String,
    /// What the spec wants, in English and Japanese ("an integer", "整数").
    pub expected: (&'static str, &'static str),
    /// What was found ("a string", "文字列"); for a wrong `schemaVersion`, the number itself.
    pub got: (String, String),
    /// Byte offset of the value in the buffer the JSON was parsed from.
    pub offset: usize,
}

pub(crate) const STRING: (&str, &str) = ("a string", "文字列");
const INTEGER: (&str, &str) = ("a non-negative integer", "0 以上の整数");
const OBJECT: (&str, &str) = ("an object", "オブジェクト");
const ARRAY: (&str, &str) = ("an array", "配列");
const STRINGS: (&str, &str) = ("an array of strings", "文字列の配列");
const STRING_MAP: (&str, &str) = (
    "an object of string values",
    "値がすべて文字列のオブジェクト",
);

fn type_words(json: &Json) -> (String, String) {
    let (en, ja) = match json.type_name() {
        "null" => ("null", "null"),
        "boolean" => ("a boolean", "真偽値"),
        "number" if matches!(&json.value, Value::Number(n) if n.starts_with('-')) => {
            ("a negative number", "負の数")
        }
        "number" => ("a number", "数値"),
        "string" => ("a string", "文字列"),
        "array" => ("an array", "配列"),
        _ => ("an object", "オブジェクト"),
    };
    (en.to_string(), ja.to_string())
}

fn issue(
    issues: &mut Vec<Issue>,
    path: String,
    expected: (&'static str, &'static str),
    got: &Json,
) {
    issues.push(Issue {
        path,
        expected,
        got: type_words(got),
        offset: got.span.start,
    });
}

/// `key` of `obj` as a string; a present non-string is an issue.
pub(crate) fn want_str<'a>(
    obj: &'a Json,
    key: &str,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Option<&'a str> {
    let v = obj.get(key)?;
    match v.str() {
        Some(s) => Some(s),
        None => {
            issue(issues, path_key(path, key), STRING, v);
            None
        }
    }
}

/// `key` of `obj` as a non-negative integer; anything else present is an issue.
pub(crate) fn want_u64(obj: &Json, key: &str, path: &str, issues: &mut Vec<Issue>) -> Option<u64> {
    let v = obj.get(key)?;
    match v.u64() {
        Some(n) => Some(n),
        None => {
            issue(issues, path_key(path, key), INTEGER, v);
            None
        }
    }
}

/// `key` of `obj` as an array of strings; wrong items are issues and skipped.
fn want_strings(obj: &Json, key: &str, path: &str, issues: &mut Vec<Issue>) -> Vec<String> {
    let Some(v) = obj.get(key) else {
        return Vec::new();
    };
    let here = || path_key(path, key);
    let Some(items) = v.array() else {
        issue(issues, here(), STRINGS, v);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.str() {
            Some(s) => out.push(s.to_string()),
            None => issue(issues, format!("{}[{i}]", here()), STRING, item),
        }
    }
    out
}

/// `annotations` of `obj`, in document order; non-string values are issues and skipped.
fn want_annotations(obj: &Json, path: &str, issues: &mut Vec<Issue>) -> Vec<(String, String)> {
    let Some(v) = obj.get("annotations") else {
        return Vec::new();
    };
    let here = || path_key(path, "annotations");
    let Some(members) = v.members() else {
        issue(issues, here(), STRING_MAP, v);
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in members {
        match m.value.str() {
            Some(s) => out.push((m.key.to_string(), s.to_string())),
            None => issue(issues, path_key(&here(), &m.key), STRING, &m.value),
        }
    }
    out
}

/// `schemaVersion` must be the number `want` (2 for indexes and manifests, 1 for schema1).
pub(crate) fn check_schema_version(json: &Json, want: u64, issues: &mut Vec<Issue>) {
    let Some(v) = json.get("schemaVersion") else {
        return;
    };
    if v.u64() == Some(want) {
        return;
    }
    let expected = if want == 1 {
        ("the number 1", "数値 1")
    } else {
        ("the number 2", "数値 2")
    };
    let got = match v.u64() {
        Some(n) => (format!("the number {n}"), format!("数値 {n}")),
        None => type_words(v),
    };
    issues.push(Issue {
        path: "$.schemaVersion".into(),
        expected,
        got,
        offset: v.span.start,
    });
}

/// The platform of a descriptor's `platform` object or of an image config (same field names).
/// `None` when `json` is not an object or names neither an OS nor an architecture.
pub(crate) fn parse_platform(json: &Json) -> Option<Platform> {
    platform_checked(json, "$", &mut Vec::new())
}

fn platform_checked(json: &Json, path: &str, issues: &mut Vec<Issue>) -> Option<Platform> {
    json.members()?;
    let os = want_str(json, "os", path, issues);
    let architecture = want_str(json, "architecture", path, issues);
    if os.is_none() && architecture.is_none() {
        return None;
    }
    let owned = |s: Option<&str>| s.map(str::to_string);
    Some(Platform {
        os: os.unwrap_or_default().to_string(),
        architecture: architecture.unwrap_or_default().to_string(),
        variant: owned(want_str(json, "variant", path, issues)),
        os_version: owned(want_str(json, "os.version", path, issues)),
        os_features: want_strings(json, "os.features", path, issues),
        features: want_strings(json, "features", path, issues),
    })
}

/// A platform written as a key of imagetools' per-platform maps: `linux/amd64`, `linux/arm/v7`.
pub(crate) fn platform_from_key(key: &str) -> Option<Platform> {
    // Every other key (`schemaVersion`, ...) is refused before anything is allocated.
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.bytes().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
            })
    };
    let mut parts = key.split('/');
    let (os, architecture, variant) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() || !part_ok(os) || !part_ok(architecture) {
        return None;
    }
    if variant.is_some_and(|v| !part_ok(v)) {
        return None;
    }
    Some(Platform {
        os: os.to_string(),
        architecture: architecture.to_string(),
        variant: variant.map(str::to_string),
        ..Platform::default()
    })
}

/// One descriptor object at `path`; a non-object is an issue and yields `None`.
pub(crate) fn descriptor(
    json: &Json,
    path: String,
    role: DescriptorRole,
    issues: &mut Vec<Issue>,
) -> Option<Descriptor> {
    if !json.is_object() {
        issue(issues, path, OBJECT, json);
        return None;
    }
    let platform = match json.get("platform") {
        Some(p) if p.is_object() => platform_checked(p, &path_key(&path, "platform"), issues),
        Some(p) => {
            issue(issues, path_key(&path, "platform"), OBJECT, p);
            None
        }
        None => None,
    };
    let owned = |s: Option<&str>| s.map(str::to_string);
    Some(Descriptor {
        media_type: owned(want_str(json, "mediaType", &path, issues)),
        digest: owned(want_str(json, "digest", &path, issues)),
        size: want_u64(json, "size", &path, issues),
        platform,
        annotations: want_annotations(json, &path, issues),
        artifact_type: owned(want_str(json, "artifactType", &path, issues)),
        urls: want_strings(json, "urls", &path, issues),
        data: owned(want_str(json, "data", &path, issues)),
        path,
        role,
    })
}

/// The descriptors in the array `key` of `json`.
fn descriptor_list(
    json: &Json,
    key: &str,
    role: DescriptorRole,
    issues: &mut Vec<Issue>,
) -> Vec<Descriptor> {
    let Some(v) = json.get(key) else {
        return Vec::new();
    };
    let here = path_key("$", key);
    let Some(items) = v.array() else {
        issue(issues, here, ARRAY, v);
        return Vec::new();
    };
    // Sized once: an index of thousands of entries is not copied as it grows.
    let mut out = Vec::with_capacity(items.len());
    out.extend(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| descriptor(item, format!("{here}[{i}]"), role, issues)),
    );
    out
}

/// The single descriptor at `key` of `json` (`config`, `subject`).
fn descriptor_at(
    json: &Json,
    key: &str,
    role: DescriptorRole,
    issues: &mut Vec<Issue>,
) -> Option<Descriptor> {
    descriptor(json.get(key)?, path_key("$", key), role, issues)
}

/// The descriptors a document of `kind` points to, in document order, ignoring type problems.
pub(crate) fn descriptors_of(json: &Json, kind: Kind) -> Vec<Descriptor> {
    descriptors_checked(json, kind, &mut Vec::new())
}

/// Like [`descriptors_of`], collecting the fields of the wrong type.
pub(crate) fn descriptors_checked(
    json: &Json,
    kind: Kind,
    issues: &mut Vec<Issue>,
) -> Vec<Descriptor> {
    let mut out = Vec::new();
    match kind {
        Kind::Index => {
            out.extend(descriptor_list(
                json,
                "manifests",
                DescriptorRole::Manifest,
                issues,
            ));
            out.extend(descriptor_at(
                json,
                "subject",
                DescriptorRole::Subject,
                issues,
            ));
        }
        Kind::Manifest => {
            out.extend(descriptor_at(
                json,
                "config",
                DescriptorRole::Config,
                issues,
            ));
            out.extend(descriptor_list(
                json,
                "layers",
                DescriptorRole::Layer,
                issues,
            ));
            // The withdrawn OCI artifact manifest listed its content under `blobs`.
            out.extend(descriptor_list(
                json,
                "blobs",
                DescriptorRole::Layer,
                issues,
            ));
            out.extend(descriptor_at(
                json,
                "subject",
                DescriptorRole::Subject,
                issues,
            ));
        }
        // A descriptor given alone points at one manifest (or whatever its type says).
        Kind::Descriptor => {
            out.extend(descriptor(
                json,
                "$".into(),
                DescriptorRole::Manifest,
                issues,
            ));
        }
        Kind::Schema1 => {
            let Some(v) = json.get("fsLayers") else {
                return out;
            };
            let Some(items) = v.array() else {
                issue(issues, "$.fsLayers".into(), ARRAY, v);
                return out;
            };
            for (i, item) in items.iter().enumerate() {
                let path = format!("$.fsLayers[{i}]");
                if !item.is_object() {
                    issue(issues, path, OBJECT, item);
                    continue;
                }
                let digest = want_str(item, "blobSum", &path, issues).map(str::to_string);
                out.push(Descriptor {
                    digest,
                    path,
                    role: DescriptorRole::Schema1Layer,
                    ..Descriptor::default()
                });
            }
        }
        _ => {}
    }
    out
}

/// Type checks of the document-level fields of `kind` (descriptor fields are checked while
/// extracting them).
pub(crate) fn check_top_level(json: &Json, kind: Kind, issues: &mut Vec<Issue>) {
    match kind {
        Kind::Index | Kind::Manifest => {
            check_schema_version(json, 2, issues);
            want_str(json, "mediaType", "$", issues);
            want_str(json, "artifactType", "$", issues);
            want_annotations(json, "$", issues);
        }
        Kind::Schema1 => {
            check_schema_version(json, 1, issues);
            want_str(json, "name", "$", issues);
            want_str(json, "tag", "$", issues);
            want_str(json, "architecture", "$", issues);
            if let Some(h) = json.get("history").filter(|h| h.array().is_none()) {
                issue(issues, "$.history".into(), ARRAY, h);
            }
        }
        Kind::Config => {
            for (key, want) in [("rootfs", OBJECT), ("config", OBJECT), ("history", ARRAY)] {
                if let Some(v) = json.get(key) {
                    // `"config": null` is what Go writes for an empty config: not an error.
                    let go_null = key == "config" && v.type_name() == "null";
                    let ok = if want == OBJECT {
                        v.is_object()
                    } else {
                        v.array().is_some()
                    };
                    if !ok && !go_null {
                        issue(issues, path_key("$", key), want, v);
                    }
                }
            }
            if let Some(c) = json.get("config").filter(|c| c.is_object()) {
                check_run_config(c, issues);
            }
        }
        _ => {}
    }
}

/// The fields of a config's `config` (what to run) that runtimes read into typed fields. `null`
/// is what Go writes for an empty list or map: it is not an issue.
fn check_run_config(c: &Json, issues: &mut Vec<Issue>) {
    const PATH: &str = "$.config";
    let present = |k: &str| c.get(k).filter(|v| v.type_name() != "null").is_some();
    for key in ["User", "WorkingDir", "StopSignal"] {
        if present(key) {
            want_str(c, key, PATH, issues);
        }
    }
    for key in ["Env", "Entrypoint", "Cmd"] {
        if present(key) {
            want_strings(c, key, PATH, issues);
        }
    }
    if present("Labels") {
        let here = || path_key(PATH, "Labels");
        match c.get("Labels").and_then(Json::members) {
            Some(members) => {
                for m in members.iter().filter(|m| m.value.str().is_none()) {
                    issue(issues, path_key(&here(), &m.key), STRING, &m.value);
                }
            }
            None => {
                if let Some(v) = c.get("Labels") {
                    issue(issues, here(), STRING_MAP, v);
                }
            }
        }
    }
    for key in ["ExposedPorts", "Volumes"] {
        if let Some(v) = c
            .get(key)
            .filter(|v| v.type_name() != "null" && !v.is_object())
        {
            issue(issues, path_key(PATH, key), OBJECT, v);
        }
    }
}

/// Checks and reads the platform of a config (its own `os`, `architecture`, ...).
pub(crate) fn config_platform(json: &Json, issues: &mut Vec<Issue>) -> Option<Platform> {
    platform_checked(json, "$", issues)
}

/// What a raw JSON value is, judged from its content and, when the content cannot tell, the
/// media type known from outside. `None`: none of the registry document kinds.
pub(crate) fn raw_kind(json: &Json, outside_media_type: Option<&str>) -> Option<(Kind, String)> {
    if !json.is_object() {
        return None;
    }
    if crate::explain::attestation::is_dsse(json) {
        return Some((Kind::DsseEnvelope, "DSSE envelope".into()));
    }
    if crate::explain::attestation::is_statement(json) {
        let t = json.get_str("_type").unwrap_or("in-toto statement");
        let pt = json.get_str("predicateType").unwrap_or("?");
        return Some((
            Kind::InTotoStatement,
            format!("in-toto statement ({t}, predicate {pt})"),
        ));
    }
    let own = json.get_str("mediaType").map(base_media_type);
    let outside = outside_media_type.map(base_media_type);
    let signed = json
        .get("signatures")
        .and_then(Json::array)
        .and_then(|s| s.first())
        .is_some_and(|s| s.has("protected"));
    let schema1 = json.get("schemaVersion").and_then(Json::u64) == Some(1)
        || json.has("fsLayers")
        || signed
        || matches!(own, Some(DOCKER_SCHEMA1 | DOCKER_SCHEMA1_SIGNED));
    if schema1 {
        let how = if signed { "signed, JWS" } else { "unsigned" };
        return Some((Kind::Schema1, format!("Docker schema1 manifest ({how})")));
    }
    // Before the media type: a descriptor carries the type of what it points to.
    if is_bare_descriptor(json) {
        return Some((Kind::Descriptor, "descriptor".into()));
    }
    // The document's own mediaType first, then its structure; a media type known from outside
    // (a parent descriptor, Content-Type) only decides what the structure leaves open.
    if let Some(found) = by_media_type(own, json, "") {
        return Some(found);
    }
    let no_type = if own.is_none() { " (no mediaType)" } else { "" };
    if json.has("manifests") {
        let what = match outside {
            Some(DOCKER_LIST) => "Docker manifest list",
            Some(OCI_INDEX) => "OCI image index",
            _ => "image index",
        };
        return Some((Kind::Index, format!("{what}{no_type}")));
    }
    let config_is_descriptor = json
        .get("config")
        .is_some_and(|c| c.has("digest") || c.has("mediaType"));
    if json.has("layers") || config_is_descriptor {
        let what = match outside {
            Some(DOCKER_MANIFEST) => "Docker schema2 manifest",
            Some(OCI_MANIFEST) => "OCI image manifest",
            _ => "image manifest",
        };
        return Some((Kind::Manifest, format!("{what}{no_type}")));
    }
    if looks_like_config(json) {
        return Some((Kind::Config, config_detail(json)));
    }
    by_media_type(outside, json, no_type)
}

/// The kind a known media type names.
fn by_media_type(media_type: Option<&str>, json: &Json, note: &str) -> Option<(Kind, String)> {
    let found = match media_type? {
        OCI_INDEX => (Kind::Index, format!("OCI image index{note}")),
        DOCKER_LIST => (Kind::Index, format!("Docker manifest list{note}")),
        OCI_MANIFEST => (Kind::Manifest, format!("OCI image manifest{note}")),
        DOCKER_MANIFEST => (Kind::Manifest, format!("Docker schema2 manifest{note}")),
        OCI_ARTIFACT_MANIFEST => (
            Kind::Manifest,
            "OCI artifact manifest (withdrawn media type)".into(),
        ),
        DOCKER_SCHEMA1 | DOCKER_SCHEMA1_SIGNED => (Kind::Schema1, "Docker schema1 manifest".into()),
        OCI_CONFIG | DOCKER_CONFIG | ATTESTATION_CONFIG => (Kind::Config, config_detail(json)),
        _ => return None,
    };
    Some(found)
}

/// An image config: `architecture`/`os` with `rootfs`, `config` or `history` (BuildKit's
/// attestation config is `{"architecture":"unknown","os":"unknown","config":{},"rootfs":...}`).
pub(crate) fn looks_like_config(json: &Json) -> bool {
    if !json.is_object() {
        return false;
    }
    let platform = json.has("architecture") || json.has("os");
    let body =
        json.has("rootfs") || json.has("config") || json.has("history") || json.has("created");
    (platform && body) || json.get("rootfs").is_some_and(|r| r.has("diff_ids"))
}

fn config_detail(json: &Json) -> String {
    let arch = json.get_str("architecture");
    let os = json.get_str("os");
    if arch == Some("unknown") && os == Some("unknown") {
        return "BuildKit attestation config (unknown/unknown)".into();
    }
    if json.has("container_config") || json.has("docker_version") || json.has("container") {
        return "Docker image config".into();
    }
    "image config".into()
}

/// `{mediaType, digest, size}` and perhaps other descriptor fields, nothing else.
pub(crate) fn is_bare_descriptor(json: &Json) -> bool {
    const FIELDS: [&str; 8] = [
        "mediaType",
        "digest",
        "size",
        "annotations",
        "platform",
        "urls",
        "data",
        "artifactType",
    ];
    let Some(members) = json.members() else {
        return false;
    };
    // Two of `mediaType`, `digest` and `size` are enough to be a descriptor (an incomplete
    // one, which the checks report), never a manifest.
    let named = ["mediaType", "digest", "size"]
        .into_iter()
        .filter(|k| json.has(k))
        .count();
    named >= 2 && members.iter().all(|m| FIELDS.contains(&&*m.key))
}

/// A media type without parameters (`; charset=utf-8`) or surrounding spaces.
pub(crate) fn base_media_type(mt: &str) -> &str {
    mt.split(';').next().unwrap_or(mt).trim()
}
