// The <oci-lens> element (docs/embedding.md).

/** Where `ocilens-embed.js`, its wasm and the styles are, when not beside `oci-lens.js`. */
export function setBasePath(url: string | URL): void;

export declare class OciLens extends HTMLElement {
  /** Starts now instead of when near the viewport (loads the shared module first). */
  start(): Promise<void>;
}

/** `detail` of `oci-lens-analyzed`. */
export interface OciLensAnalyzedDetail {
  documents: number;
  findings: number;
  errors: number;
  warnings: number;
  formats: string[];
  roots: { kind: string; digest: string | null; mediaType: string | null }[];
}

/** `detail` of `oci-lens-select`. */
export interface OciLensSelectDetail {
  path: string;
  kind: string;
  label: string;
  digest: string | null;
  mediaType: string | null;
  platform: string | null;
  verification: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'oci-lens': OciLens;
  }
  interface HTMLElementEventMap {
    'oci-lens-analyzed': CustomEvent<OciLensAnalyzedDetail>;
    'oci-lens-select': CustomEvent<OciLensSelectDetail>;
  }
}
