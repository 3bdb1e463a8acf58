//! The media types and annotation keys the code names, each written once. The knowledge table's
//! rows for the media types use these constants; everything else (checks, detection, the tree,
//! labels, fetch) imports them from here.

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
/// The OCI 1.1 draft artifact manifest, withdrawn before release.
pub const OCI_ARTIFACT_MANIFEST: &str = "application/vnd.oci.artifact.manifest.v1+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
/// BuildKit's config of an attestation manifest.
pub const DOCKER_ATTESTATION_CONFIG: &str = "application/vnd.docker.attestation.config.v1+json";
pub const IN_TOTO: &str = "application/vnd.in-toto+json";
pub const DSSE: &str = "application/vnd.dsse.envelope.v1+json";

/// BuildKit's annotation on an index entry saying what the manifest it points at is for.
pub const REFERENCE_TYPE: &str = "vnd.docker.reference.type";
/// Its value for an attestation manifest.
pub const ATTESTATION_MANIFEST: &str = "attestation-manifest";
/// BuildKit's annotation naming the image an attestation manifest describes.
pub const REFERENCE_DIGEST: &str = "vnd.docker.reference.digest";
/// The name an OCI image layout's `index.json` gives an image.
pub const REF_NAME: &str = "org.opencontainers.image.ref.name";
/// The whole reference containerd (and `docker save` from Docker 25) gives an `index.json`
/// entry, beside the OCI ref name.
pub const CONTAINERD_IMAGE_NAME: &str = "io.containerd.image.name";

/// The name an `index.json` entry gives its image, from its annotations (`get`): containerd's
/// whole reference (`docker.io/library/x:1`) before the OCI ref name, which containerd and
/// Docker 25 make only the tag (`1`).
pub fn layout_name<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Option<&'a str> {
    get(CONTAINERD_IMAGE_NAME).or_else(|| get(REF_NAME))
}
