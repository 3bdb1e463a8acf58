//! What a JSON value is: raw OCI/Docker documents, or a tool's wrapper around them.
