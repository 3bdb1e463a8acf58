//! Reading: from the bytes the user gave to [`Document`](crate::Document)s with exact spans.
//!
//! `layout` takes the inputs that form OCI image layouts (each blob's file name a digest claim);
//! `paste` splits every other input into JSON values, imagetools text and `curl -i` responses,
//! setting aside prompts and `$ command` lines; `detect` says what each JSON value is and
//! unwraps tool output; `json` is the strict reader underneath, keeping spans and duplicate keys.

pub mod archive;
pub(crate) mod curl;
pub mod detect;
pub(crate) mod docker_table;
pub(crate) mod errors;
mod imagetools;
pub mod json;
pub mod layout;
pub(crate) mod lines;
pub mod paste;
pub(crate) mod pull_log;
