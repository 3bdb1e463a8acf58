//! The stable JSON output (documented in docs/json-output.md).
//!
//! This is the contract for embedders and CI: within `"version": 1` fields are only ever added,
//! never renamed or removed. Every field is always present (`null` when unknown) so consumers
//! need no existence checks. Messages are in one language, the one asked for.

use crate::hash::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

/// A JSON object with its keys in this order, each value moved in. (`serde_json::json!` takes
/// its values by reference and copies them: a `Value` given to it is copied once for every
/// level of nesting above it, which made the output super-linear.)
macro_rules! object {
    ($($k:literal: $v:expr),* $(,)?) => {{
        let mut m = Map::new();
        $( m.insert($k.to_string(), Value::from($v)); )*
        Value::Object(m)
    }};
}

use crate::explain::attestation::Statement;
use crate::explain::knowledge;
use crate::findings::Finding;
use crate::{
    Analysis, Claim, DockerTable, Document, Exactness, InputSummary, Lang, Platform, PullLog,
    PullStatus, PullTarget, SetAside, TreeNode,
};

/// The version of this JSON shape. Bumped only for a change that is not an addition.
pub const VERSION: u64 = 1;

/// The analysis as JSON: top-level `documents`, `tree`, `findings` (and `inputs`, `setAside`),
/// as a `Value` (for a caller that adds fields). [`to_json_string`] writes the same JSON without
/// building it first: both serialise the one shape, [`Out`].
pub fn to_json(analysis: &Analysis, lang: Lang) -> Value {
    let memo = explanations(analysis, lang);
    serde_json::to_value(Out::new(analysis, lang, &memo)).unwrap_or(Value::Null)
}

/// The JSON of [`to_json`] as text (pretty: indented by two spaces), written straight from the
/// model: the tree and the documents, most of the output, are never built as a `Value`.
pub fn to_json_string(analysis: &Analysis, lang: Lang, pretty: bool) -> String {
    let memo = explanations(analysis, lang);
    let out = Out::new(analysis, lang, &memo);
    let text = if pretty {
        serde_json::to_string_pretty(&out)
    } else {
        serde_json::to_string(&out)
    };
    // Nothing here can fail to serialise (no map has a key that is not a string).
    text.unwrap_or_default()
}

/// Each media type's explanation in one language, made once (the tree repeats a few media types
/// on thousands of nodes).
fn explanations(a: &Analysis, lang: Lang) -> HashMap<&str, String> {
    let mut memo = HashMap::default();
    let types = a
        .documents
        .iter()
        .filter_map(|d| d.media_type.as_deref())
        .chain(TreeNode::nodes(&a.tree).filter_map(|n| n.media_type.as_deref()));
    for m in types {
        memo.entry(m)
            .or_insert_with(|| knowledge::describe(m).get(lang).to_string());
    }
    memo
}

/// A media type's explanation, as [`explanations`] made it.
fn explained<'a>(memo: &'a HashMap<&str, String>, media_type: Option<&str>) -> Option<&'a str> {
    media_type.and_then(|m| memo.get(m)).map(String::as_str)
}

/// The shape of the JSON output, field by field in its order (docs/json-output.md).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Out<'a> {
    version: u64,
    inputs: Vec<Value>,
    documents: Vec<DocumentOut<'a>>,
    tree: Vec<NodeOut<'a>>,
    findings: Vec<Value>,
    set_aside: Vec<Value>,
    pull_logs: Vec<Value>,
    docker_tables: Vec<Value>,
    supply_chain: Vec<Value>,
}

impl<'a> Out<'a> {
    fn new(analysis: &'a Analysis, lang: Lang, memo: &'a HashMap<&'a str, String>) -> Out<'a> {
        let input_name = |i: usize| analysis.inputs.get(i).map(|s| s.name.clone());
        Out {
            version: VERSION,
            inputs: analysis
                .inputs
                .iter()
                .map(|s| {
                    object! {
                        "name": s.name.clone(),
                        "size": s.size,
                        "formats": s.formats.iter().map(|f| f.id()).collect::<Vec<_>>(),
                    }
                })
                .collect(),
            documents: analysis
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| document(analysis, i, d, lang, memo))
                .collect(),
            tree: analysis.tree.iter().map(|n| node(n, lang, memo)).collect(),
            findings: analysis
                .findings
                .iter()
                .map(|f| finding(analysis, f, lang))
                .collect(),
            set_aside: analysis
                .set_aside
                .iter()
                .map(|s: &SetAside| {
                    object! {
                        "input": input_name(s.input),
                        "line": s.line,
                        "what": s.what.get(lang),
                    }
                })
                .collect(),
            pull_logs: analysis
                .pull_logs
                .iter()
                .map(|p| pull_log(p, &input_name))
                .collect(),
            docker_tables: analysis
                .tables
                .iter()
                .map(|t| docker_table(t, &input_name, lang))
                .collect(),
            supply_chain: supply_chain(analysis),
        }
    }
}

/// "Where is it?" for each image: what was found in which store, and what is absent.
fn supply_chain(a: &Analysis) -> Vec<Value> {
    let at = |p: &crate::NodePath| TreeNode::at(&a.tree, p);
    crate::explain::supply_chain::shown(a)
        .iter()
        .filter_map(|ans| {
            let n = at(&ans.path)?;
            Some(object! {
                "digest": n.digest.clone(),
                "kind": n.kind.id(),
                "platform": n.platform.as_ref().map(Platform::to_string),
                "found": ans.found.iter().map(|f| object!{
                    "need": f.need.id(),
                    "store": f.store.id(),
                    "what": f.what.clone(),
                    "digest": at(&f.path).and_then(|h| h.digest.clone()),
                }).collect::<Vec<_>>(),
                "missing": ans.missing().iter().map(|m| m.id()).collect::<Vec<_>>(),
                "indexSigned": ans.index_signed,
            })
        })
        .collect()
}

fn target(t: &PullTarget) -> Value {
    object! {
        "digest": t.digest.clone(),
        "kind": t.kind.id(),
        "platform": t.platform.as_ref().map(Platform::to_string),
    }
}

/// A `docker history` or `docker images` table and what its rows name (docs/json-output.md).
fn docker_table(
    t: &DockerTable,
    input_name: &dyn Fn(usize) -> Option<String>,
    lang: Lang,
) -> Value {
    object! {
        "input": input_name(t.input),
        "line": t.line,
        "command": t.command.id(),
        "image": t.image.as_ref().map(|(m, pl)| object!{
            "manifest": m.clone(),
            "platform": pl.as_ref().map(Platform::to_string),
        }),
        "rows": t.rows.iter().map(|r| object!{
            "line": r.line,
            "id": r.id.clone(),
            "what": r.what.clone(),
            "digest": r.digest.clone(),
            "size": r.size.clone(),
            "names": r.names.iter().map(target).collect::<Vec<_>>(),
            "layer": r.layer.as_ref().map(|l| object!{
                "index": l.index,
                "digest": l.digest.clone(),
                "size": l.size,
                "diffId": l.diff_id.clone(),
            }),
            "note": r.note.get(lang),
        }).collect::<Vec<_>>(),
    }
}

/// A `docker pull` transcript and what its ids name (docs/json-output.md).
fn pull_log(p: &PullLog, input_name: &dyn Fn(usize) -> Option<String>) -> Value {
    object! {
        "input": input_name(p.input),
        "line": p.line,
        "reference": p.reference.clone(),
        "platformAsked": p.platform.clone(),
        "store": p.store.id(),
        "digest": p.digest.clone(),
        "digestNames": p.digest_names.as_ref().map(target),
        "status": p.status.map(|s| match s {
            PullStatus::Downloaded => "downloaded",
            PullStatus::UpToDate => "up-to-date",
        }),
        "interrupted": p.interrupted,
        "push": p.push,
        "pulled": p.pulled.as_ref().map(|(m, pl)| object!{
            "manifest": m.clone(),
            "platform": pl.as_ref().map(Platform::to_string),
        }),
        "ids": p.ids.iter().map(|i| object!{
            "id": i.id.clone(),
            "line": i.line,
            "states": i.states.clone(),
            "names": i.names.iter().map(target).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
    }
}

/// The short name of a media type the knowledge table knows (`null` for others in the JSON).
fn known_short_name(media_type: &str) -> Option<&'static str> {
    knowledge::lookup(media_type).map(|m| m.short)
}

/// The input a finding is about: its own, else that of its document.
pub(crate) fn finding_input<'a>(analysis: &'a Analysis, f: &Finding) -> Option<&'a InputSummary> {
    let l = &f.location;
    let i = l.input.or_else(|| {
        l.document
            .and_then(|d| analysis.documents.get(d))
            .map(|d| d.input)
    })?;
    analysis.inputs.get(i)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentOut<'a> {
    index: usize,
    input: Option<&'a str>,
    line: usize,
    format: &'static str,
    kind: &'static str,
    media_type: Option<&'a str>,
    size: u64,
    streamed: bool,
    digest: Option<&'a str>,
    digest_note: Option<&'a str>,
    exact: bool,
    claimed_digests: Vec<Value>,
    platform: Option<String>,
    reference: Option<&'a str>,
    detail: Option<&'a str>,
    short_name: Option<&'static str>,
    explanation: Option<&'a str>,
    class: Value,
    attestation: Option<Value>,
}

fn document<'a>(
    analysis: &'a Analysis,
    index: usize,
    d: &'a Document,
    lang: Lang,
    memo: &'a HashMap<&'a str, String>,
) -> DocumentOut<'a> {
    let input = analysis.inputs.get(d.input).map(|s| s.name.as_str());
    DocumentOut {
        index,
        input,
        line: d.line,
        format: d.format.id(),
        kind: d.kind.id(),
        media_type: d.media_type.as_deref(),
        size: d.len(),
        streamed: d.streamed.is_some(),
        digest: d.digest.as_deref(),
        digest_note: d.digest_note.as_ref().map(|t| t.get(lang)),
        exact: matches!(d.exactness, Exactness::Exact),
        claimed_digests: d.claims.iter().map(|c| claim(c, input)).collect(),
        platform: d.platform.as_ref().map(Platform::to_string),
        reference: d.reference.as_deref(),
        detail: d.detail.as_deref(),
        short_name: d.media_type.as_deref().and_then(known_short_name),
        explanation: explained(memo, d.media_type.as_deref()),
        class: class(d, lang),
        attestation: d.attestation.as_deref().map(statement),
    }
}

/// Image or artifact (and which), for manifests and indexes.
fn class(d: &Document, lang: Lang) -> Value {
    match &d.class {
        Some(c) => object! {
            "id": c.id(),
            "artifactType": c.artifact_type(),
            "explanation": c.text().get(lang),
        },
        None => Value::Null,
    }
}

fn statement(s: &Statement) -> Value {
    object! {
        "statementType": s.statement_type.clone(),
        "predicateType": s.predicate_type.clone(),
        "predicateName": knowledge::predicate_type(&s.predicate_type).map(|p| p.short),
        "subjects": s.subjects.iter().map(|x| object!{
            "name": x.name.clone(),
            "digests": x.digests.iter().map(|(a, h)| format!("{a}:{h}")).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
        "fromDsse": s.from_dsse,
        "signatures": s.signatures,
        "provenance": s.provenance.as_ref().map(|p| object!{
            "slsaVersion": p.slsa_version.clone(),
            "builder": p.builder.clone(),
            "buildType": p.build_type.clone(),
            "source": p.source.clone(),
            "revision": p.revision.clone(),
            "entryPoint": p.entry_point.clone(),
            "materials": p.materials.iter().map(|m| object!{"uri": m.uri.clone(), "digest": m.digest.clone()}).collect::<Vec<_>>(),
            "started": p.started.clone(),
            "finished": p.finished.clone(),
            "invocationId": p.invocation_id.clone(),
            "platform": p.platform.clone(),
        }),
        "sbom": s.sbom.as_ref().map(|b| object!{
            "format": b.format.clone(),
            "version": b.version.clone(),
            "name": b.name.clone(),
            "tools": b.tools.clone(),
            "packages": b.packages,
            "created": b.created.clone(),
        }),
    }
}

fn claim(c: &Claim, input: Option<&str>) -> Value {
    let detail = c.source.detail(input);
    object! {
        "digest": c.digest.clone(),
        "source": c.source.id(),
        "sourceDetail": detail,
        "size": c.size,
        "verdict": c.verdict.id(),
        "cause": c.cause.map(|m| m.id()),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlatformOut<'a> {
    os: &'a str,
    architecture: &'a str,
    variant: Option<&'a str>,
    os_version: Option<&'a str>,
    os_features: &'a [String],
}

fn platform_detail(p: &Platform) -> PlatformOut<'_> {
    PlatformOut {
        os: &p.os,
        architecture: &p.architecture,
        variant: p.variant.as_deref(),
        os_version: p.os_version.as_deref(),
        os_features: &p.os_features,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NodeOut<'a> {
    kind: &'static str,
    media_type: Option<&'a str>,
    digest: Option<&'a str>,
    size: Option<u64>,
    platform: Option<String>,
    platform_detail: Option<PlatformOut<'a>>,
    annotations: Annotations<'a>,
    artifact_type: Option<&'a str>,
    provided: bool,
    verification: &'static str,
    shared: bool,
    document: Option<usize>,
    reference: Option<&'a str>,
    label: &'static str,
    badge: Option<&'static str>,
    short_name: Option<&'static str>,
    explanation: Option<&'a str>,
    children: Vec<NodeOut<'a>>,
}

/// A node's annotations as a JSON object. A key given twice keeps its first place and its last
/// value, as an object built key by key does.
struct Annotations<'a>(&'a [(String, String)]);

impl Serialize for Annotations<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        if self.0.len() < 2 {
            for (k, v) in self.0 {
                m.serialize_entry(k, v)?;
            }
            return m.end();
        }
        let last: HashMap<&str, &str> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut done: HashSet<&str> = HashSet::default();
        for (k, _) in self.0 {
            if done.insert(k.as_str()) {
                m.serialize_entry(k, last[k.as_str()])?;
            }
        }
        m.end()
    }
}

/// Tree depth is bounded by `tree::build`; this recursion only follows what it built.
fn node<'a>(n: &'a TreeNode, lang: Lang, memo: &'a HashMap<&'a str, String>) -> NodeOut<'a> {
    NodeOut {
        kind: n.kind.id(),
        media_type: n.media_type.as_deref(),
        digest: n.digest.as_deref(),
        size: n.size,
        platform: n.platform.as_ref().map(Platform::to_string),
        platform_detail: n.platform.as_ref().map(platform_detail),
        annotations: Annotations(&n.annotations),
        artifact_type: n.artifact_type.as_deref(),
        provided: n.provided,
        verification: n.verification.id(),
        shared: n.shared,
        document: n.document,
        reference: n.reference.as_deref(),
        label: n.label(lang),
        badge: n.badge(lang),
        short_name: n.media_type.as_deref().and_then(known_short_name),
        explanation: explained(memo, n.media_type.as_deref()),
        children: n.children.iter().map(|c| node(c, lang, memo)).collect(),
    }
}

fn finding(analysis: &Analysis, f: &Finding, lang: Lang) -> Value {
    let l = &f.location;
    let input = finding_input(analysis, f).map(|i| i.name.as_str());
    object! {
        "code": f.code.id(),
        "severity": f.severity.id(),
        "message": f.message.get(lang),
        "fix": f.fix.as_ref().map(|t| t.get(lang)),
        "location": object!{
            "input": input,
            "document": l.document,
            "path": l.path.clone(),
            "line": l.line,
            "column": l.column,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, analyze_text, Input};

    #[test]
    fn top_level_keys_are_the_contract_in_order() {
        let v = to_json(&analyze_text("paste", "{}"), Lang::En);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "version",
                "inputs",
                "documents",
                "tree",
                "findings",
                "setAside",
                "pullLogs",
                "dockerTables",
                "supplyChain"
            ]
        );
        assert_eq!(v["version"], 1);
        assert_eq!(v["inputs"][0]["name"], "paste");
        assert_eq!(v["inputs"][0]["size"], 2);
    }

    #[test]
    fn layout_blob_claims_name_their_file_and_every_field_is_present() {
        let hex = "0000000000000000000000000000000000000000000000000000000000000002";
        let name = format!("l/blobs/sha256/{hex}");
        let a = analyze(&[
            Input::new("l/oci-layout", &br#"{"imageLayoutVersion":"1.0.0"}"#[..]),
            Input::new(
                "l/index.json",
                &br#"{"schemaVersion":2,"manifests":[]}"#[..],
            ),
            Input::new(name.clone(), &[0x1f, 0x8b, 8, 0][..]),
        ]);
        let v = to_json(&a, Lang::En);
        let doc = &v["documents"][1];
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "index",
                "input",
                "line",
                "format",
                "kind",
                "mediaType",
                "size",
                "streamed",
                "digest",
                "digestNote",
                "exact",
                "claimedDigests",
                "platform",
                "reference",
                "detail",
                "shortName",
                "explanation",
                "class",
                "attestation"
            ]
        );
        assert_eq!(doc["input"], name.as_str());
        assert_eq!(doc["format"], "oci-layout");
        assert_eq!(doc["kind"], "opaque");
        assert_eq!(doc["size"], 4);
        assert_eq!(doc["exact"], true);
        let c = &doc["claimedDigests"][0];
        assert_eq!(c["digest"], format!("sha256:{hex}"));
        assert_eq!(c["source"], "layout-file-name");
        assert_eq!(c["sourceDetail"], name.as_str());
        assert_eq!(c["size"], Value::Null);
    }

    #[test]
    fn findings_speak_the_chosen_language_only() {
        let a = analyze(&[
            Input::new("index.json", &br#"{"schemaVersion":2,"manifests":[]}"#[..]),
            Input::new("blobs/sha256/ab", &b"x"[..]),
        ]);
        let en = to_json(&a, Lang::En);
        let ja = to_json(&a, Lang::Ja);
        let pick = |v: &Value| {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["code"] == "layout-no-marker")
                .cloned()
                .unwrap()
        };
        let (e, j) = (pick(&en), pick(&ja));
        assert!(e["message"]
            .as_str()
            .unwrap()
            .starts_with("This OCI image layout"));
        assert!(j["message"].as_str().unwrap().contains("レイアウト"));
        assert_eq!(e["severity"], "warning");
        assert_eq!(e["location"]["input"], "index.json");
        assert_eq!(e["location"]["path"], Value::Null);
    }

    #[test]
    fn a_finding_on_a_document_names_that_documents_input() {
        let mut a = analyze(&[
            Input::new("index.json", &br#"{"schemaVersion":2,"manifests":[]}"#[..]),
            Input::new("oci-layout", &br#"{"imageLayoutVersion":"1.0.0"}"#[..]),
        ]);
        a.findings.clear();
        a.findings.push(
            Finding::new(
                crate::findings::Code::UnknownJson,
                crate::Text::new("x", "x"),
            )
            .at_document(0),
        );
        let v = to_json(&a, Lang::En);
        assert_eq!(v["findings"][0]["location"]["input"], "index.json");
        assert_eq!(v["findings"][0]["location"]["document"], 0);
        assert_eq!(v["findings"][0]["fix"], Value::Null);
    }

    #[test]
    fn tree_nodes_keep_annotation_order_and_platform_detail() {
        let n = TreeNode {
            kind: crate::NodeKind::Manifest,
            media_type: Some("application/vnd.oci.image.manifest.v1+json".into()),
            digest: Some("sha256:00".into()),
            size: Some(10),
            platform: Some(Platform {
                os: "linux".into(),
                architecture: "arm".into(),
                variant: Some("v7".into()),
                ..Platform::default()
            }),
            annotations: vec![
                ("z".into(), "1".into()),
                ("a".into(), "2".into()),
                ("z".into(), "3".into()),
            ],
            artifact_type: None,
            document: None,
            provided: false,
            verification: crate::Verification::NotProvided,
            shared: false,
            reference: None,
            children: Vec::new(),
        };
        let memo = HashMap::default();
        let v = serde_json::to_value(node(&n, Lang::En, &memo)).unwrap();
        assert_eq!(v["platform"], "linux/arm/v7");
        assert_eq!(v["platformDetail"]["variant"], "v7");
        assert_eq!(v["platformDetail"]["osVersion"], Value::Null);
        // A key given twice: its first place, its last value (as JSON objects are read).
        let keys: Vec<&String> = v["annotations"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a"]);
        assert_eq!(v["annotations"]["z"], "3");
        assert_eq!(v["verification"], "not-provided");
    }

    #[test]
    fn the_text_is_the_value_written_out() {
        let mut inputs = crate::test_support::buildkit_layout();
        inputs.push(Input::new(
            "extra",
            &b"{\"schemaVersion\": 2, \"layers\": \"x\"}"[..],
        ));
        let a = analyze(&inputs);
        for lang in [Lang::En, Lang::Ja] {
            let v = to_json(&a, lang);
            assert_eq!(to_json_string(&a, lang, false), v.to_string());
            assert_eq!(
                to_json_string(&a, lang, true),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
