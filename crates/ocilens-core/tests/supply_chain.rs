//! The supply chain in one tree (issue 13), from the real `cosign save` layouts of
//! `../shared/fixtures/real/` (Docker Hub's hello-world signed with a local key, provenance in
//! that folder's README): cosign's `.sig` and `.att` tags drawn under the manifest or index they
//! name, their payloads read, and a signature on an index said to say nothing of its children.
//! Read from `../shared` (CI has it); when it is absent each test says so and passes.

mod common;

use std::path::Path;
use std::process::Command;

use common::sha256;
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

/// A Fulcio-like certificate made here by `openssl` (a workflow identity, GitHub's OIDC issuer
/// in Fulcio's v1 and v2 extensions), as DER; `None` (said so) without openssl.
fn fulcio_certificate(dir: &Path) -> Option<Vec<u8>> {
    let issuer = "https://token.actions.githubusercontent.com";
    let hex: String = issuer.bytes().map(|b| format!("{b:02x}")).collect();
    let ok = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"])
        .args(["-nodes", "-days", "1", "-subj", "/O=sigstore.dev"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .args(["-addext", "subjectAltName=URI:https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"])
        .args(["-addext", &format!("1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:{issuer}")])
        .args(["-addext", &format!("1.3.6.1.4.1.57264.1.1=DER:{hex}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("openssl is not installed: skipped");
        return None;
    }
    let out = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(dir.join("cert.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(out.stdout)
}

#[test]
fn a_sigstore_bundle_referrer_says_who_signed_which_image_and_when_it_was_logged() {
    use base64::Engine as _;
    let dir = std::env::temp_dir().join(format!("ocilens-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let Some(der) = fulcio_certificate(&dir) else {
        return;
    };
    let _ = std::fs::remove_dir_all(&dir);
    let cert = base64::engine::general_purpose::STANDARD.encode(der);
    let image = common::fixture_bytes(
        "buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b",
    );
    let image_digest = sha256(&image);
    let bundle = format!(
        r#"{{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{{"certificate":{{"rawBytes":"{cert}"}},"tlogEntries":[{{"logIndex":"123456789","logId":{{"keyId":"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="}},"kindVersion":{{"kind":"hashedrekord","version":"0.0.1"}},"integratedTime":"1700000000"}}]}},"messageSignature":{{"messageDigest":{{"algorithm":"SHA2_256","digest":"AAAA"}},"signature":"MEUCIQ=="}}}}"#
    );
    let a = analyze(&referrer(
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        "bundle.json",
        bundle.as_bytes(),
        &image,
    ));
    let found = one(&a, Code::SigstoreBundle);
    let t = &found[0];
    for want in [
        "a signature over the image's digest",
        &format!("about {image_digest}"),
        "Signed by `https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main`",
        "vouched for by `https://token.actions.githubusercontent.com`",
        "index 123456789, 2023-11-14 22:13:20 UTC",
        // The certificate openssl made today for a day; the log's time is from 2023.
        "Its certificate is valid from 20",
        "but Rekor logged the entry at 2023-11-14 22:13:20 UTC, outside it",
        "cosign verify --certificate-identity 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main' --certificate-oidc-issuer 'https://token.actions.githubusercontent.com'",
    ] {
        assert!(t.contains(want), "{want}\n in {t}");
    }
    assert!(texts(&a, Code::UnknownJson).is_empty());
    // Where is it? The signature is found among the image's referrers.
    let ans = answer(&a, &image_digest);
    assert!(ans
        .found
        .iter()
        .any(|f| f.need == Need::Signature && f.store == Store::Referrer));
}

/// The texts of `code`'s findings, which must be exactly one.
fn one(a: &Analysis, code: Code) -> Vec<String> {
    let found = texts(a, code);
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        a.findings.iter().map(|f| f.code).collect::<Vec<_>>()
    );
    found
}

/// A Notation-style referrer: a JWS envelope (as `notation sign` writes it: protected header
/// with Notation's content type, signing scheme and time, `x5c`, payload with the signed
/// descriptor) whose payload signs `target`, attached to `image`.
fn notation(image: &[u8], target: &str) -> Vec<Input> {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let protected = b64(
        r#"{"alg":"PS256","crit":["io.cncf.notary.signingScheme"],"cty":"application/vnd.cncf.notary.payload.v1+json","io.cncf.notary.signingScheme":"notary.x509","io.cncf.notary.signingTime":"2024-03-01T10:00:00Z"}"#,
    );
    let payload = b64(&format!(
        r#"{{"targetArtifact":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{target}","size":1}}}}"#
    ));
    let envelope = format!(
        r#"{{"payload":"{payload}","protected":"{protected}","header":{{"x5c":["MIIB","MIIC"]}},"signature":"c2ln"}}"#
    );
    referrer(
        "application/vnd.cncf.notary.signature",
        "application/jose+json",
        "envelope.json",
        envelope.as_bytes(),
        image,
    )
}

/// A referrer of `artifact_type` whose one layer (`layer_type`) is `layer`, attached to
/// `image`: the image, the referrer and the layer (named `name`) as files.
fn referrer(
    artifact_type: &str,
    layer_type: &str,
    name: &str,
    layer: &[u8],
    image: &[u8],
) -> Vec<Input> {
    let referrer = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"{artifact_type}","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}},"layers":[{{"mediaType":"{layer_type}","digest":"{}","size":{}}}],"subject":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}}}"#,
        sha256(b"{}"),
        sha256(layer),
        layer.len(),
        sha256(image),
        image.len()
    );
    vec![
        Input::file("image.json", image.to_vec()),
        Input::file("referrer.json", referrer.into_bytes()),
        Input::file(name, layer.to_vec()),
    ]
}

/// CBOR (RFC 8949) as a COSE envelope needs it: a head, then the content.
fn cbor_head(major: u8, n: usize) -> Vec<u8> {
    match n {
        0..=23 => vec![major << 5 | n as u8],
        24..=255 => vec![major << 5 | 24, n as u8],
        _ => vec![major << 5 | 25, (n >> 8) as u8, n as u8],
    }
}

fn cbor_bytes(major: u8, b: &[u8]) -> Vec<u8> {
    let mut out = cbor_head(major, b.len());
    out.extend_from_slice(b);
    out
}

fn cbor_items(major: u8, count: usize, items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = cbor_head(major, count);
    for i in items {
        out.extend_from_slice(i);
    }
    out
}

#[test]
fn a_notation_cose_envelope_is_read_signed_descriptor_time_and_signer() {
    let dir = std::env::temp_dir().join(format!("ocilens-cose-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let Some(der) = fulcio_certificate(&dir) else {
        return;
    };
    let _ = std::fs::remove_dir_all(&dir);
    let image = common::fixture_bytes(
        "buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b",
    );
    let digest = sha256(&image);
    let (text, bytes) = (
        |s: &str| cbor_bytes(3, s.as_bytes()),
        |b: &[u8]| cbor_bytes(2, b),
    );
    // The protected header as `notation sign --signature-format cose` writes it: alg (-37),
    // crit, content type, signing scheme, and the signing time as a tag-1 epoch.
    let protected = cbor_items(
        5,
        5,
        &[
            vec![0x01],
            vec![0x38, 0x24],
            vec![0x02],
            cbor_items(4, 1, &[text("io.cncf.notary.signingScheme")]),
            vec![0x03],
            text("application/vnd.cncf.notary.payload.v1+json"),
            text("io.cncf.notary.signingScheme"),
            text("notary.x509"),
            text("io.cncf.notary.signingTime"),
            vec![0xc1, 0x1a, 0x65, 0xe1, 0xa7, 0xa0], // 1(1709287328)
        ],
    );
    let payload = format!(
        r#"{{"targetArtifact":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{}}}}}"#,
        image.len()
    );
    let unprotected = cbor_items(
        5,
        2,
        &[
            vec![0x18, 0x21],
            cbor_items(4, 1, &[bytes(&der)]),
            text("io.cncf.notary.signingAgent"),
            text("notation-go/1.1.0"),
        ],
    );
    let mut envelope = vec![0xd2]; // tag 18: COSE_Sign1
    envelope.extend(cbor_items(
        4,
        4,
        &[
            bytes(&protected),
            unprotected,
            bytes(payload.as_bytes()),
            bytes(b"sig"),
        ],
    ));
    let a = analyze(&referrer(
        "application/vnd.cncf.notary.signature",
        "application/cose",
        "envelope.cose",
        &envelope,
        &image,
    ));
    let found = one(&a, Code::NotationSignature);
    for want in [
        "a COSE envelope, signing scheme `notary.x509`",
        "signed at 2024-03-01 10:02:08 UTC",
        "1 certificate(s)",
        &format!("It signs {digest}: the image it is attached to"),
        "The signer's certificate is `O=sigstore.dev`, valid from 20",
    ] {
        assert!(found[0].contains(want), "{want}\n in {}", found[0]);
    }
    // Cut short, it is named and not read; never a panic.
    for cut in [1, 2, envelope.len() / 2, envelope.len() - 1] {
        assert!(ocilens_core::explain::notation::decode_cose(&envelope[..cut]).is_none());
    }
}

#[test]
fn a_notation_signature_says_what_it_signs_and_whether_it_is_the_image() {
    let image = common::fixture_bytes(
        "buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b",
    );
    let digest = sha256(&image);
    let a = analyze(&notation(&image, &digest));
    let found = one(&a, Code::NotationSignature);
    for want in [
        "signing scheme `notary.x509`",
        "signed at 2024-03-01T10:00:00Z",
        "2 certificate(s)",
        &format!("It signs {digest}: the image it is attached to"),
        &format!("`notation verify REPO@{digest}`"),
    ] {
        assert!(found[0].contains(want), "{want}\n in {}", found[0]);
    }
    assert!(texts(&a, Code::UnknownJson).is_empty());
    let ans = answer(&a, &digest);
    assert!(ans
        .found
        .iter()
        .any(|f| f.need == Need::Signature && f.store == Store::Referrer));
    // Signing another digest: an error.
    let other = format!("sha256:{}", "ab".repeat(32));
    let a = analyze(&notation(&image, &other));
    let errors = texts(&a, Code::NotationTargetMismatch);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(&format!(
            "It signs {other}: not the image it is attached to"
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn every_images_answer_in_one_pass_is_what_locate_says_of_it() {
    let mut cases = vec![analyze(&common::buildkit_layout())];
    if let Some(inputs) = layout("cosign-tag-scheme-index") {
        cases.push(analyze(&inputs));
    }
    for a in cases {
        let all = supply_chain::locate_all(&a);
        assert!(all.len() >= 2);
        for ans in all {
            assert_eq!(supply_chain::locate(&a, &ans.path), Some(ans.clone()));
        }
    }
}

#[test]
fn json_a_manifest_names_is_what_its_descriptor_says_not_unknown_json() {
    // An artifact (as oras pushes one) whose config is JSON of no known kind, and the empty
    // descriptor's `{}`: named by the manifest, they are its config, not stray JSON.
    let config = br#"{"tool":"ocilens-tests"}"#;
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.example.tool.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}}]}}"#,
        sha256(config),
        config.len(),
        sha256(b"{}")
    );
    let a = analyze(&[
        Input::file("manifest.json", manifest.into_bytes()),
        Input::file("config.json", config.to_vec()),
        Input::file("empty.json", b"{}".to_vec()),
    ]);
    assert!(texts(&a, Code::UnknownJson).is_empty(), "{:?}", a.findings);
    // The same JSON on its own is still said to be of no known kind.
    let alone = analyze(&[Input::file("config.json", config.to_vec())]);
    assert_eq!(texts(&alone, Code::UnknownJson).len(), 1);
}
