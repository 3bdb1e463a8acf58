//! The stable JSON output (documented in docs/json-output.md).
