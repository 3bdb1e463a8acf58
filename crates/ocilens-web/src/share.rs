//! Share links: the page's state (input, language, simulated host, selected node) compressed
//! (deflate-raw, the browser's CompressionStream) into the URL fragment `#s=...`. A fragment is
//! never sent to a server; opening the link restores the view.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response, WritableStream};

use crate::js;

#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

pub const PREFIX: &str = "#s=";
/// Longer links are refused: browsers and chat tools cut them.
pub const MAX_LINK: usize = 200_000;

/// What a link keeps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Shared {
    pub input: String,
    pub lang: String,
    pub host: String,
    pub custom: String,
    pub selected: Option<String>,
    /// A fetched view: its documents as `(URL, exact text)`, analysed as files when opened.
    pub docs: Vec<(String, String)>,
    /// Compare mode: side B's text (the input is A), or `""` when B was fetched (`compare_docs`)
    /// or not given.
    pub compare: Option<String>,
    /// Compare mode, B fetched: its documents, as `docs`.
    pub compare_docs: Vec<(String, String)>,
    /// Compare mode: the platforms chosen of A and of B, and whether timestamps are set aside.
    pub platforms: (String, String),
    pub ignore_timestamps: bool,
}

impl Shared {
    fn to_json(&self) -> String {
        use ocilens_core::read::json::quote;
        let docs = |d: &[(String, String)]| {
            d.iter()
                .map(|(url, text)| format!("[{},{}]", quote(url), quote(text)))
                .collect::<Vec<String>>()
                .join(",")
        };
        format!(
            r#"{{"v":1,"input":{},"lang":{},"host":{},"custom":{},"selected":{},"docs":[{}],"compare":{},"compareDocs":[{}],"platforms":[{},{}],"ignoreTimestamps":{}}}"#,
            quote(&self.input),
            quote(&self.lang),
            quote(&self.host),
            quote(&self.custom),
            self.selected.as_deref().map_or("null".into(), quote),
            docs(&self.docs),
            self.compare.as_deref().map_or("null".into(), quote),
            docs(&self.compare_docs),
            quote(&self.platforms.0),
            quote(&self.platforms.1),
            self.ignore_timestamps,
        )
    }

    fn from_json(bytes: &[u8]) -> Option<Shared> {
        let v = ocilens_core::read::json::parse(bytes).ok()?;
        let s = |k: &str| v.get_str(k).unwrap_or("").to_string();
        let docs = |k: &str| {
            v.get(k)
                .and_then(|d| d.array())
                .unwrap_or_default()
                .iter()
                .filter_map(|p| {
                    let p = p.array()?;
                    Some((p.first()?.str()?.to_string(), p.get(1)?.str()?.to_string()))
                })
                .collect()
        };
        let platforms = v
            .get("platforms")
            .and_then(|p| p.array())
            .unwrap_or_default();
        let platform = |i: usize| {
            platforms
                .get(i)
                .and_then(|p| p.str())
                .unwrap_or("")
                .to_string()
        };
        Some(Shared {
            input: s("input"),
            lang: s("lang"),
            host: s("host"),
            custom: s("custom"),
            selected: v.get_str("selected").map(str::to_string),
            compare: v.get_str("compare").map(str::to_string),
            docs: docs("docs"),
            compare_docs: docs("compareDocs"),
            platforms: (platform(0), platform(1)),
            ignore_timestamps: matches!(
                v.get("ignoreTimestamps").map(|b| &b.value),
                Some(ocilens_core::read::json::Value::Bool(true))
            ),
        })
    }
}

fn pipe(
    bytes: &[u8],
    readable: ReadableStream,
    writable: WritableStream,
) -> Option<js_sys::Promise> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).ok()?;
    let out = blob
        .stream()
        .pipe_through(&ReadableWritablePair::new(&readable, &writable));
    Response::new_with_opt_readable_stream(Some(&out))
        .ok()?
        .array_buffer()
        .ok()
}

async fn bytes_of(p: Option<js_sys::Promise>) -> Option<Vec<u8>> {
    let buf = js::wait(p?).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// base64url without padding.
fn encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Makes the `#s=...` fragment for `state`; `None` when the browser cannot compress.
pub async fn fragment(state: &Shared) -> Option<String> {
    let c = CompressionStream::new("deflate-raw").ok()?;
    let p = pipe(state.to_json().as_bytes(), c.readable(), c.writable());
    let b = bytes_of(p).await?;
    Some(format!("{PREFIX}{}", encode(&b)))
}

/// Reads a `#s=...` fragment back.
pub async fn restore(fragment: &str) -> Option<Shared> {
    let bytes = fragment.strip_prefix(PREFIX).and_then(decode)?;
    let d = DecompressionStream::new("deflate-raw").ok()?;
    let p = pipe(&bytes, d.readable(), d.writable());
    Shared::from_json(&bytes_of(p).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(b"\xff\xff"), "__8");
        assert!(decode("a b").is_none());
    }

    #[test]
    fn state_json_round_trips_with_markup_and_unicode() {
        let s = Shared {
            input: "{\"a\": \"<script>\\u0000\"}\n日本語".into(),
            lang: "ja".into(),
            host: "custom".into(),
            custom: "linux/arm/v7".into(),
            selected: Some("0-2-1".into()),
            docs: vec![(
                "https://r/v2/x/manifests/sha256:00".into(),
                "{\"a\":\"\\u00e9\\n\"}\n".into(),
            )],
            compare: Some("{\"b\": \"</textarea>\"}".into()),
            compare_docs: vec![("https://r/v2/y/manifests/t".into(), "{}".into())],
            platforms: ("linux/arm/v7".into(), String::new()),
            ignore_timestamps: true,
        };
        assert_eq!(Shared::from_json(s.to_json().as_bytes()), Some(s));
    }
}
