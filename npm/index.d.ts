// The JSON contract of ocilens (docs/json-output.md, version 1). Each interface names the
// section it declares; a test checks every field against that document and against real
// output, so the two cannot drift.

/** Analyses pasted text (imagetools output, manifests, indexes, configs, `curl -i`...). */
export function analyze(text: string, options?: { lang?: Lang }): Promise<Analysis>;

/**
 * Analyses several files as one analysis: a manifest with its parent index, or an OCI image
 * layout's files named by their relative paths (`layout/index.json`, `layout/blobs/sha256/…`).
 * Browser `File`s (and `Blob`s with a `name`) or `{ name, bytes }` objects.
 */
export function analyzeFiles(
  files: Iterable<FileLike>,
  options?: { lang?: Lang },
): Promise<Analysis>;

export type Lang = 'en' | 'ja';

export type FileLike =
  | { name: string; arrayBuffer(): Promise<ArrayBuffer> }
  | { name: string; bytes: string | ArrayBuffer | ArrayBufferView };

/** docs/json-output.md: Top level */
export interface Analysis {
  version: 1;
  inputs: Input[];
  documents: Document[];
  tree: TreeNode[];
  findings: Finding[];
  setAside: SetAside[];
  pullLogs: PullLog[];
  dockerTables: DockerTable[];
  supplyChain: SupplyChainAnswer[];
  /** Only from the CLI's `--platform`. */
  platformMatch?: PlatformMatch;
  /** Only from the CLI's `--require-platform`. */
  requiredPlatforms?: { required: string[]; missing: string[] };
}

/** docs/json-output.md: inputs[] */
export interface Input {
  name: string;
  size: number;
  formats: Format[];
}

/** docs/json-output.md: documents[] */
export interface Document {
  index: number;
  input: string;
  line: number;
  format: Format;
  kind: DocumentKind;
  mediaType: string | null;
  size: number;
  /** Hashed as it streamed by (an archive's large member), not kept. */
  streamed: boolean;
  digest: string | null;
  digestNote: string | null;
  exact: boolean;
  claimedDigests: ClaimedDigest[];
  platform: string | null;
  reference: string | null;
  detail: string | null;
  shortName: string | null;
  explanation: string | null;
  class: { id: string; artifactType: string | null; explanation: string } | null;
  attestation: Attestation | null;
}

/** docs/json-output.md: claimedDigests[] */
export interface ClaimedDigest {
  digest: string;
  source: string;
  sourceDetail: string | null;
  size: number | null;
  verdict: 'match' | 'mismatch' | 'cannot-recompute' | 'pending' | (string & {});
  cause: string | null;
}

/** docs/json-output.md: tree[] (nodes, recursive) */
export interface TreeNode {
  kind: NodeKind;
  mediaType: string | null;
  digest: string | null;
  size: number | null;
  platform: string | null;
  platformDetail: {
    os: string;
    architecture: string;
    variant: string | null;
    osVersion: string | null;
    osFeatures: string[];
  } | null;
  annotations: Record<string, string>;
  artifactType: string | null;
  provided: boolean;
  verification: 'verified' | 'mismatch' | 'cannot-recompute' | 'unclaimed' | 'not-provided' | 'hashing' | (string & {});
  shared: boolean;
  document: number | null;
  reference: string | null;
  label: string;
  badge: string | null;
  shortName: string | null;
  explanation: string | null;
  children: TreeNode[];
}

/** docs/json-output.md: findings[] */
export interface Finding {
  /** Stable: one of the codes of docs/findings.md. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix: string | null;
  location: {
    input: string | null;
    document: number | null;
    path: string | null;
    line: number | null;
    column: number | null;
  };
}

/** docs/json-output.md: setAside[] */
export interface SetAside {
  input: string | null;
  line: number;
  what: string;
}

/** A blob of the tree that a pull log's id names. */
export interface PullTarget {
  digest: string;
  kind: NodeKind;
  platform: string | null;
}

/** docs/json-output.md: pullLogs[] */
export interface PullLog {
  input: string | null;
  line: number;
  reference: string | null;
  platformAsked: string | null;
  store: 'classic' | 'containerd' | 'containerd-early' | 'either';
  digest: string | null;
  digestNames: PullTarget | null;
  status: 'downloaded' | 'up-to-date' | null;
  interrupted: boolean;
  push: boolean;
  pulled: { manifest: string; platform: string | null } | null;
  ids: { id: string; line: number; states: string[]; names: PullTarget[] }[];
}

/** docs/json-output.md: dockerTables[] */
export interface DockerTable {
  input: string | null;
  line: number;
  command: 'history' | 'images' | 'images-tree';
  image: { manifest: string; platform: string | null } | null;
  rows: {
    line: number;
    id: string;
    what: string;
    digest: string | null;
    size: string;
    names: PullTarget[];
    layer: { index: number; digest: string | null; size: number | null; diffId: string | null } | null;
    note: string;
  }[];
}

/** docs/json-output.md: supplyChain[] */
export interface SupplyChainAnswer {
  digest: string | null;
  kind: 'manifest' | 'index' | 'schema1';
  platform: string | null;
  found: {
    need: 'provenance' | 'sbom' | 'signature';
    store: 'index' | 'cosign-tag' | 'referrer';
    what: string;
    digest: string | null;
  }[];
  missing: ('provenance' | 'sbom' | 'signature')[];
  indexSigned: boolean;
}

/** docs/json-output.md: platformMatch (with --platform) */
export interface PlatformMatch {
  host: string;
  chosen: string | null;
  index: number | null;
  summary: string;
  error: string | null;
  single: { digest: string | null; platform: string | null; runs: boolean | null } | null;
  candidates: {
    digest: string | null;
    platform: string | null;
    accepted: boolean;
    reason: string;
    reasonCode: string;
    position: number | null;
  }[];
  /** A Windows host only: what Docker's classic image store pulls. */
  classicDocker: {
    chosen: string | null;
    differs: boolean;
    summary: string;
    candidates: PlatformMatch['candidates'];
  } | null;
}

/** docs/json-output.md: Comparison (top level) */
export interface Comparison {
  version: 1;
  kind: 'comparison';
  left: { name: string; platforms: string[] };
  right: { name: string; platforms: string[] };
  verdict: {
    id: 'identical' | 'only-timestamps' | 'same-content' | 'differs' | 'nothing-to-compare' | (string & {});
    label: string;
    explanation: string;
  };
  differs: boolean;
  setAside: number;
  pairs: ComparisonPair[];
  changes: ComparisonChange[];
}

/** docs/json-output.md: Comparison pairs[] */
export interface ComparisonPair {
  scope: string;
  verdict: Comparison['verdict']['id'];
  left: ComparisonImage;
  right: ComparisonImage;
  sharedLayers: number;
  sharedSize: number;
}

/** docs/json-output.md: Comparison image */
export interface ComparisonImage {
  path: string | null;
  manifest: string | null;
  config: string | null;
  platform: string | null;
  layers: number;
  size: number | null;
  given: boolean;
}

/** docs/json-output.md: Comparison changes[] */
export interface ComparisonChange {
  kind: ChangeKind;
  label: string;
  class: 'content' | 'encoding' | 'timestamp' | 'consequence' | (string & {});
  scope: string | null;
  subject: string | null;
  left: string | null;
  right: string | null;
  leftPath: string | null;
  rightPath: string | null;
  layer: ComparisonLayer | null;
  explanation: string;
  meaning: string;
}

/** docs/json-output.md: Comparison layer */
export interface ComparisonLayer {
  leftPosition: number | null;
  rightPosition: number | null;
  leftSize: number | null;
  rightSize: number | null;
  leftStep: string | null;
  rightStep: string | null;
  leftDiffId: string | null;
  rightDiffId: string | null;
}

/** New values may appear within version 1 (docs/json-output.md, Change kinds). */
export type ChangeKind =
  | 'platform-removed' | 'platform-added' | 'platform' | 'index' | 'index-digest' | 'manifest-digest'
  | 'config-digest' | 'media-type' | 'annotation' | 'layer-added' | 'layer-removed' | 'layer-changed'
  | 'layer-recompressed' | 'env' | 'entrypoint' | 'cmd' | 'user' | 'workdir' | 'exposed-port' | 'volume'
  | 'label' | 'stop-signal' | 'config-field' | 'created' | 'history-dates' | 'history'
  | 'attachment-added' | 'attachment-removed' | (string & {});

/** An in-toto statement's summary (`documents[].attestation`). */
export interface Attestation {
  statementType: string;
  predicateType: string;
  predicateName: string | null;
  subjects: { name: string; digests: string[] }[];
  fromDsse: boolean;
  signatures: number;
  provenance: Record<string, unknown> | null;
  sbom: Record<string, unknown> | null;
}

/** New values may appear within version 1: treat an unknown one as "other". */
export type Format =
  | 'raw-json' | 'imagetools-text' | 'imagetools-json' | 'docker-manifest-inspect'
  | 'docker-manifest-inspect-verbose' | 'skopeo-inspect' | 'oras-manifest-json' | 'docker-inspect'
  | 'curl-response' | 'oci-layout' | 'registry-fetch' | 'docker-pull' | 'docker-history' | 'docker-images' | 'archive' | 'docker-save' | 'unknown' | (string & {});

export type DocumentKind =
  | 'index' | 'manifest' | 'schema1-manifest' | 'config' | 'in-toto-statement' | 'dsse-envelope'
  | 'descriptor' | 'summary' | 'json' | 'opaque' | (string & {});

export type NodeKind =
  | 'reference' | 'index' | 'manifest' | 'attestation-manifest' | 'referrer' | 'cosign-tag' | 'schema1-manifest'
  | 'config' | 'layer' | 'attestation' | 'other' | (string & {});
