//! cosign's tag scheme: before OCI 1.1 referrers, cosign stores what it makes for an image as
//! ordinary manifests under tags named after the image's digest, beside it in the repository:
//! `sha256-<hex>.sig` (signatures: simplesigning payloads, the signature in an annotation),
//! `.att` (attestations: DSSE envelopes) and `.sbom` (SBOMs). `cosign save` writes them into an
//! OCI layout with `org.opencontainers.image.ref.name: _cosign:sha256-<hex>.sig`. The tree puts
//! each under the manifest or index its tag names ([`tag`]); [`run`] says what each is, what its
//! payload signs, and which command verifies it: ocilens reads, it does not verify.

use crate::explain::attestation;
use crate::explain::knowledge::names::REF_NAME;
use crate::findings::Code;
use crate::read::json::Json;
use crate::{Document, Finding, NodeKind, Text, TreeNode};

/// What a cosign tag holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Signature,
    Attestation,
    Sbom,
}

/// Each object: its tag's suffix, and what it is called in English and Japanese.
const OBJECTS: [(Object, &str, &str, &str); 3] = [
    (Object::Signature, "sig", "signature", "署名"),
    (
        Object::Attestation,
        "att",
        "attestation",
        "アテステーション",
    ),
    (Object::Sbom, "sbom", "SBOM", "SBOM"),
];

impl Object {
    pub const ALL: [Object; 3] = [Object::Signature, Object::Attestation, Object::Sbom];

    fn row(self) -> &'static (Object, &'static str, &'static str, &'static str) {
        &OBJECTS[self as usize]
    }

    /// The tag's suffix: `sig`, `att`, `sbom`.
    pub fn suffix(self) -> &'static str {
        self.row().1
    }

    fn words(self) -> (&'static str, &'static str) {
        (self.row().2, self.row().3)
    }
}

/// The cosign tag of `digest` (`sha256:<hex>`) for `object`: `sha256-<hex>.sig`.
pub fn tag_of(digest: &str, object: Object) -> String {
    format!("{}.{}", digest.replacen(':', "-", 1), object.suffix())
}

/// A cosign tag read from a name: the digest it names (`sha256:<hex>`) and what it holds.
/// Accepts the tag alone or after a repository or `cosign save`'s `_cosign:` prefix.
pub fn tag(name: &str) -> Option<(String, Object)> {
    let t = name.rsplit([':', '/']).next()?;
    let (stem, suffix) = t.rsplit_once('.')?;
    let object = OBJECTS.iter().find(|r| r.1 == suffix)?.0;
    let hex = stem.strip_prefix("sha256-")?;
    (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| (format!("sha256:{hex}"), object))
}

/// The cosign tag a tree node was stored under (its `ref.name` annotation, or its reference).
pub fn node_tag(n: &TreeNode) -> Option<(String, Object)> {
    n.annotations
        .iter()
        .find(|(k, _)| k == REF_NAME)
        .map(|(_, v)| v.as_str())
        .or(n.reference.as_deref())
        .and_then(tag)
}

/// The digest a simplesigning payload signs (`critical.image.docker-manifest-digest`), and
/// the reference it names (`critical.identity.docker-reference`).
pub fn signed(payload: &Json) -> Option<(String, Option<String>)> {
    let critical = payload.get("critical")?;
    let digest = critical
        .get("image")?
        .get_str("docker-manifest-digest")?
        .to_string();
    let reference = critical
        .get("identity")
        .and_then(|i| i.get_str("docker-reference"))
        .map(str::to_string);
    Some((digest, reference))
}

fn short(d: &str) -> String {
    crate::present::labels::short_digest(d)
}

/// A finding for each cosign tag in the tree: what it is and what it names; for a signature,
/// what its payload signs, and an error when that is not the digest its tag names.
pub(crate) fn run(documents: &[Document], tree: &[TreeNode], out: &mut Vec<Finding>) {
    for (n, parent) in TreeNode::with_parents(tree) {
        if n.kind != NodeKind::CosignTag {
            continue;
        }
        let Some((target, object)) = node_tag(n) else {
            continue;
        };
        let (en_what, ja_what) = object.words();
        let placed = parent.filter(|p| p.digest.as_deref() == Some(target.as_str()));
        let (en_where, ja_where) = match placed {
            Some(p) if p.kind == NodeKind::Index => (
                format!("It names the index {} and is drawn under it. A {en_what} on an index is about the index's own bytes only: it says nothing about the manifests the index lists, which need their own (`cosign sign --recursive` signs each).", short(&target)),
                format!("これはインデックス {} を指しており、その下に表示しています。インデックスに付いた{ja_what}はインデックス自体のバイト列についてのものだけで、インデックスが並べるマニフェストについては何も言いません。それぞれに別の{ja_what}が必要です（`cosign sign --recursive` はそれぞれに署名します）。", short(&target)),
            ),
            Some(_) => (
                format!("It names the manifest {} and is drawn under it.", short(&target)),
                format!("これはマニフェスト {} を指しており、その下に表示しています。", short(&target)),
            ),
            None => (
                format!("It names {}, which is not in what you gave: fetch that image (`crane manifest REPO@{target}`) to see what it is about.", short(&target)),
                format!("これは {} を指していますが、渡された中にはありません。何についてのものかを見るには、そのイメージを取得してください（`crane manifest REPO@{target}`）。", short(&target)),
            ),
        };
        // A signature's payload: what it signs.
        let payloads: Vec<(String, Option<String>)> = n
            .children
            .iter()
            .filter_map(|c| c.document.and_then(|d| documents.get(d)))
            .filter_map(|d| d.json.as_ref().and_then(signed))
            .collect();
        let mut en = format!("This manifest is a cosign {en_what}, stored under cosign's tag scheme (`sha256-<digest>.{}` beside the image, from before OCI 1.1 referrers). {en_where}", object.suffix());
        let mut ja = format!("このマニフェストは cosign の{ja_what}で、cosign のタグ方式（OCI 1.1 のリファラー以前の方式で、イメージの隣の `sha256-<digest>.{}` というタグ）で保存されています。{ja_where}", object.suffix());
        for (digest, reference) in &payloads {
            let named = reference
                .as_deref()
                .map(|r| format!(" for `{r}`"))
                .unwrap_or_default();
            let named_ja = reference
                .as_deref()
                .map(|r| format!("（`{r}` として）"))
                .unwrap_or_default();
            if *digest == target {
                en.push_str(&format!(
                    " Its payload signs {}{named}: the digest its tag names.",
                    short(digest)
                ));
                ja.push_str(&format!(" ペイロードは {}{named_ja} に署名しており、タグが示すダイジェストと一致します。", short(digest)));
            } else {
                out.push(
                    Finding::new(Code::CosignPayloadMismatch, Text::new(
                        format!("This cosign signature's payload signs {}{named}, but its tag names {}: `cosign verify` of {} rejects it (the payload must sign the image it is stored beside).", short(digest), short(&target), short(&target)),
                        format!("この cosign の署名のペイロードは {}{named_ja} に署名していますが、タグが示すのは {} です。{} に対する `cosign verify` は失敗します（ペイロードは、隣に保存されているイメージに署名している必要があります）。", short(digest), short(&target), short(&target)),
                    ))
                    .with_fix(Text::new(
                        "Sign the image again by its digest (`cosign sign REPO@sha256:...`), and delete the stale signature tag.",
                        "イメージをダイジェストで署名し直し（`cosign sign REPO@sha256:...`）、古い署名のタグを削除してください。",
                    ))
                    .at_document(n.document.unwrap_or_default()),
                );
            }
        }
        // An attestation's statement: its predicate type, and whether its subjects name the image.
        let mut predicate = None;
        for st in n
            .children
            .iter()
            .filter_map(|c| c.document.and_then(|d| documents.get(d)))
            .filter_map(|d| d.json.as_ref().and_then(attestation::decode))
        {
            let names = st.subjects.iter().any(|s| s.names(&target));
            if names {
                en.push_str(&format!(
                    " Its in-toto statement ({}) names {} among its subjects.",
                    st.predicate_type,
                    short(&target)
                ));
                ja.push_str(&format!(
                    " in-toto ステートメント（{}）の `subject` に {} が含まれています。",
                    st.predicate_type,
                    short(&target)
                ));
            } else {
                en.push_str(&format!(" Its in-toto statement ({}) does not name {} among its subjects: verifiers that match subjects reject it.", st.predicate_type, short(&target)));
                ja.push_str(&format!(" in-toto ステートメント（{}）の `subject` に {} が含まれていません。`subject` を照合する検証ツールでは失敗します。", st.predicate_type, short(&target)));
            }
            predicate.get_or_insert(st.predicate_type);
        }
        let verify = match object {
            Object::Signature => format!("cosign verify --key cosign.pub REPO@{target}"),
            Object::Attestation => format!(
                "cosign verify-attestation --key cosign.pub --type {} REPO@{target}",
                predicate.as_deref().unwrap_or("slsaprovenance")
            ),
            Object::Sbom => format!("cosign download sbom REPO@{target}"),
        };
        en.push_str(&format!(" ocilens does not verify signatures (it has no keys and checks no certificate): `{verify}` does (with `--certificate-identity` and `--certificate-oidc-issuer` instead of `--key` for keyless signing)."));
        ja.push_str(&format!(" ocilens は署名を検証しません（鍵を持たず、証明書も確認しません）。検証するのは `{verify}` です（キーレス署名では `--key` の代わりに `--certificate-identity` と `--certificate-oidc-issuer` を指定します）。"));
        out.push(
            Finding::new(Code::CosignTag, Text::new(en, ja))
                .at_document(n.document.unwrap_or_default()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_object_has_its_own_row_and_its_tag_reads_back() {
        let d = format!("sha256:{}", "ab".repeat(32));
        for o in Object::ALL {
            assert_eq!(o.row().0, o);
            assert_eq!(tag(&tag_of(&d, o)), Some((d.clone(), o)));
        }
    }

    #[test]
    fn a_cosign_tag_names_a_digest_and_what_it_holds() {
        let hex = "432f982638b3aefab73cc58ab28f5c16e96fdb504e8c134fc58dff4bae8bf338";
        let want = Some((format!("sha256:{hex}"), Object::Signature));
        assert_eq!(tag(&format!("sha256-{hex}.sig")), want);
        assert_eq!(tag(&format!("_cosign:sha256-{hex}.sig")), want);
        assert_eq!(tag(&format!("localhost:5000/app:sha256-{hex}.sig")), want);
        assert_eq!(
            tag(&format!("sha256-{hex}.att")).map(|t| t.1),
            Some(Object::Attestation)
        );
        assert_eq!(
            tag(&format!("sha256-{hex}.sbom")).map(|t| t.1),
            Some(Object::Sbom)
        );
        assert_eq!(tag(&format!("sha256-{hex}.tar")), None);
        assert_eq!(tag(&format!("sha256-{}.sig", &hex[1..])), None);
        assert_eq!(tag(&format!("sha256-{}.sig", hex.to_uppercase())), None);
        assert_eq!(tag("latest"), None);
        assert_eq!(tag(""), None);
    }
}
