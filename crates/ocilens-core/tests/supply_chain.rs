//! The supply chain in one tree (issue 13), from the real `cosign save` layouts of
//! `../shared/fixtures/real/` (Docker Hub's hello-world signed with a local key, provenance in
//! that folder's README): cosign's `.sig` and `.att` tags drawn under the manifest or index they
//! name, their payloads read, and a signature on an index said to say nothing of its children.
//! Read from `../shared` (CI has it); when it is absent each test says so and passes.

mod common;

use ocilens_core::explain::supply_chain::{self, Need, Store};
use ocilens_core::findings::Code;
use ocilens_core::{analyze, Analysis, Input, Lang, NodeKind, TreeNode};

fn layout(name: &str) -> Option<Vec<Input>> {
    let files = common::layout_files(&common::shared_real()?.join(name));
    Some(files.into_iter().map(|(n, b)| Input::file(n, b)).collect())
}

fn node<'a>(a: &'a Analysis, digest: &str) -> &'a TreeNode {
    TreeNode::walk(&a.tree)
        .map(|(_, n)| n)
        .find(|n| n.digest.as_deref().is_some_and(|d| d.starts_with(digest)))
        .unwrap_or_else(|| panic!("{digest} is in the tree"))
}

/// The cosign tags directly under `n`: their `ref.name`s' suffixes.
fn tags(n: &TreeNode) -> Vec<String> {
    n.children
        .iter()
        .filter(|c| c.kind == NodeKind::CosignTag)
        .map(|c| {
            let r = c
                .annotations
                .iter()
                .find(|(k, _)| k.ends_with("ref.name"))
                .unwrap();
            r.1.rsplit('.').next().unwrap().to_string()
        })
        .collect()
}

fn texts(a: &Analysis, code: Code) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.message.get(Lang::En).to_string())
        .collect()
}

#[test]
fn a_signed_images_sig_and_att_tags_are_drawn_under_it_with_their_payloads_read() {
    let Some(inputs) = layout("cosign-tag-scheme-single") else {
        return;
    };
    let a = analyze(&inputs);
    let image = node(&a, "sha256:432f982638b3");
    assert_eq!(image.kind, NodeKind::Manifest);
    assert_eq!(tags(image), ["att", "sig"]);
    // The layout's index holds nothing else now: the tags moved under the image.
    assert_eq!(a.tree[0].children.len(), 1);
    let found = texts(&a, Code::CosignTag);
    assert_eq!(found.len(), 2);
    let sig = found
        .iter()
        .find(|t| t.contains("cosign signature"))
        .unwrap();
    assert!(
        sig.contains("Its payload signs sha256:432f982638b3"),
        "{sig}"
    );
    assert!(sig.contains("cosign verify --key"), "{sig}");
    let att = found
        .iter()
        .find(|t| t.contains("cosign attestation"))
        .unwrap();
    assert!(
        att.contains("names sha256:432f982638b3 among its subjects"),
        "{att}"
    );
    assert!(texts(&a, Code::CosignPayloadMismatch).is_empty());
    // The simplesigning payload is known, not "unknown JSON".
    assert!(texts(&a, Code::UnknownJson).is_empty());
}

#[test]
fn on_a_signed_index_each_platforms_signature_sits_under_its_manifest_and_the_index_is_its_own() {
    let Some(inputs) = layout("cosign-tag-scheme-index") else {
        return;
    };
    let a = analyze(&inputs);
    let index = node(&a, "sha256:00e1ee7c898a");
    assert_eq!(index.kind, NodeKind::Index);
    assert_eq!(tags(index), ["att", "sig"]);
    let platforms: Vec<&TreeNode> = index
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Manifest)
        .collect();
    assert_eq!(platforms.len(), 9);
    for m in platforms {
        assert_eq!(tags(m), ["sig"], "{:?}", m.digest);
    }
    let found = texts(&a, Code::CosignTag);
    assert_eq!(found.len(), 11);
    let on_index: Vec<&String> = found
        .iter()
        .filter(|t| t.contains("says nothing about the manifests the index lists"))
        .collect();
    assert_eq!(on_index.len(), 2, "the index's .sig and .att");
    assert!(texts(&a, Code::CosignPayloadMismatch).is_empty());
}

#[test]
fn a_signature_stored_under_another_images_tag_is_an_error() {
    let Some(mut inputs) = layout("cosign-tag-scheme-index") else {
        return;
    };
    // The amd64 manifest's signature tag renamed to name the arm64 manifest: a stale or misfiled
    // signature, as a script copying tags can leave.
    let amd64 = "f54a58bc1aac5ea1a25d796ae155dc228b3f0e11d046ae276b39c4bf2f13d8c4";
    let arm64 = "432f982638b3aefab73cc58ab28f5c16e96fdb504e8c134fc58dff4bae8bf338";
    let at = inputs.iter().position(|i| i.name == "index.json").unwrap();
    let index = String::from_utf8(inputs[at].bytes.to_vec()).unwrap();
    let moved = index
        .replace(&format!("sha256-{arm64}.sig"), "gone.sig")
        .replace(
            &format!("sha256-{amd64}.sig"),
            &format!("sha256-{arm64}.sig"),
        );
    inputs[at] = Input::file("index.json", moved.into_bytes());
    let a = analyze(&inputs);
    assert_eq!(tags(node(&a, "sha256:432f982638b3")), ["sig"]);
    assert!(tags(node(&a, "sha256:f54a58bc1aac")).is_empty());
    let errors = texts(&a, Code::CosignPayloadMismatch);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("signs sha256:f54a58bc1aac"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("its tag names sha256:432f982638b3"),
        "{}",
        errors[0]
    );
}

/// "Where is it?" for the node with `digest`.
fn answer(a: &Analysis, digest: &str) -> supply_chain::Answer {
    let (path, _) = TreeNode::walk(&a.tree)
        .find(|(_, n)| n.digest.as_deref().is_some_and(|d| d.starts_with(digest)))
        .unwrap();
    supply_chain::locate(a, &path).unwrap()
}

#[test]
fn where_is_it_finds_each_in_its_store_and_says_what_is_absent() {
    // BuildKit's provenance, in the index (a capture of this project's).
    let a = analyze(&common::buildkit_layout());
    let amd64 = answer(&a, "sha256:0f90b7af6b2f");
    let found: Vec<(Need, Store)> = amd64.found.iter().map(|f| (f.need, f.store)).collect();
    assert_eq!(found, [(Need::Provenance, Store::Index)]);
    assert_eq!(amd64.missing(), [Need::Sbom, Need::Signature]);
    assert!(!amd64.index_signed);
    // Asked from the image's config, the answer is the image's.
    let (config, _) = TreeNode::walk(&a.tree)
        .find(|(_, n)| n.kind == NodeKind::Config)
        .unwrap();
    assert_eq!(supply_chain::locate(&a, &config).unwrap().path, amd64.path);

    // cosign's signature beside each platform's manifest, and one on the index, which is the
    // index's own.
    let Some(inputs) = layout("cosign-tag-scheme-index") else {
        return;
    };
    let a = analyze(&inputs);
    let arm64 = answer(&a, "sha256:432f982638b3");
    let found: Vec<(Need, Store, &str)> = arm64
        .found
        .iter()
        .map(|f| (f.need, f.store, f.what.as_str()))
        .collect();
    assert_eq!(found, [(Need::Signature, Store::CosignTag, ".sig")]);
    assert_eq!(arm64.missing(), [Need::Provenance, Need::Sbom]);
    assert!(arm64.index_signed);
    let index = answer(&a, "sha256:00e1ee7c898a");
    assert!(index.found.iter().any(|f| f.need == Need::Signature));
    assert!(!index.index_signed);
}
