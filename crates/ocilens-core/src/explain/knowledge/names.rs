//! The media types the code names, each written once. The knowledge table's rows for them use
//! these constants; everything else (checks, detection, the tree, fetch) imports them from here.

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
