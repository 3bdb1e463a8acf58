//! The fetch module's wire: its options object and its result.

use js_sys::{Array, Function, Object, Uint8Array};
use ocilens_core::fetch::Fetched;
use ocilens_core::findings::{Code, Finding, Severity};
use ocilens_core::{Input, Origin, Text};
use wasm_bindgen::{JsCast, JsValue};

use crate::{get, get_str, opt, set};

/// What the page asks the fetch module for.
#[derive(Debug, Clone, Default)]
pub struct FetchRequest {
    /// A reference (`ghcr.io/o/i:tag`) or the `https://` URL of a JSON document.
    pub target: String,
    /// Plain HTTP even for a registry that is not on loopback.
    pub insecure_http: bool,
    /// A CORS-proxy prefix every request goes through.
    pub cors_proxy: Option<String>,
    /// Credentials for this fetch only (kept nowhere).
    pub username: Option<String>,
    pub password: Option<String>,
    pub timeout_ms: i32,
    /// `(done, total, url)`, called before each request.
    pub on_progress: Option<Function>,
}

impl FetchRequest {
    /// The options object.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "target", &JsValue::from_str(&self.target));
        set(&o, "insecureHttp", &JsValue::from_bool(self.insecure_http));
        set(&o, "corsProxy", &opt(self.cors_proxy.as_deref()));
        set(&o, "username", &opt(self.username.as_deref()));
        set(&o, "password", &opt(self.password.as_deref()));
        set(&o, "timeoutMs", &JsValue::from(self.timeout_ms));
        let progress = self
            .on_progress
            .clone()
            .map_or(JsValue::NULL, JsValue::from);
        set(&o, "onProgress", &progress);
        o.into()
    }

    /// Reads an options object; what is missing takes its default (20 s timeout).
    pub fn from_js(o: &JsValue) -> FetchRequest {
        let nonempty = |k: &str| get_str(o, k).filter(|s| !s.is_empty());
        FetchRequest {
            target: get_str(o, "target").unwrap_or_default(),
            insecure_http: get(o, "insecureHttp").as_bool().unwrap_or(false),
            cors_proxy: nonempty("corsProxy"),
            username: nonempty("username"),
            password: get_str(o, "password"),
            timeout_ms: get(o, "timeoutMs").as_f64().map_or(20_000, |t| t as i32),
            on_progress: get(o, "onProgress").dyn_into::<Function>().ok(),
        }
    }
}

/// What a fetch brought, as the object `fetchTree` resolves to.
pub fn write_fetched(fetched: &Fetched) -> JsValue {
    let inputs = Array::new();
    for i in &fetched.inputs {
        let o = Object::new();
        set(&o, "name", &JsValue::from_str(&i.name));
        set(&o, "bytes", &Uint8Array::from(i.bytes.as_slice()));
        set(&o, "fetched", &JsValue::from_bool(i.origin.is_some()));
        let origin = i.origin.clone().unwrap_or_default();
        set(&o, "reference", &opt(origin.reference.as_deref()));
        set(
            &o,
            "requestedDigest",
            &opt(origin.requested_digest.as_deref()),
        );
        let dcd = opt(origin.docker_content_digest.as_deref());
        set(&o, "dockerContentDigest", &dcd);
        set(&o, "contentType", &opt(origin.content_type.as_deref()));
        inputs.push(&o);
    }
    let findings = Array::new();
    for f in &fetched.findings {
        let o = Object::new();
        set(&o, "code", &JsValue::from_str(f.code.id()));
        set(&o, "severity", &JsValue::from_str(f.severity.id()));
        set(&o, "en", &JsValue::from_str(&f.message.en));
        set(&o, "ja", &JsValue::from_str(&f.message.ja));
        set(&o, "fixEn", &opt(f.fix.as_ref().map(|t| t.en.as_str())));
        set(&o, "fixJa", &opt(f.fix.as_ref().map(|t| t.ja.as_str())));
        findings.push(&o);
    }
    let out = Object::new();
    set(&out, "inputs", &inputs);
    set(&out, "findings", &findings);
    set(&out, "requests", &JsValue::from(fetched.requests as u32));
    out.into()
}

/// Reads what [`write_fetched`] wrote: inputs with what is known of each body, and findings.
pub fn read_fetched(result: &JsValue) -> Fetched {
    let inputs = Array::from(&get(result, "inputs"))
        .iter()
        .map(|o| Input {
            name: get_str(&o, "name").unwrap_or_default(),
            bytes: get(&o, "bytes")
                .dyn_into::<Uint8Array>()
                .map(|b| b.to_vec())
                .unwrap_or_default(),
            // An input that was not fetched (a paste sent with the fetch) stays a paste.
            origin: get(&o, "fetched")
                .as_bool()
                .unwrap_or(true)
                .then(|| Origin {
                    reference: get_str(&o, "reference"),
                    requested_digest: get_str(&o, "requestedDigest"),
                    docker_content_digest: get_str(&o, "dockerContentDigest"),
                    content_type: get_str(&o, "contentType"),
                }),
            file: false,
            streamed: None,
            listing: None,
        })
        .collect();
    let findings = Array::from(&get(result, "findings"))
        .iter()
        .map(|o| {
            let code = get_str(&o, "code")
                .and_then(|c| Code::parse(&c))
                .unwrap_or(Code::FetchFailed);
            let severity = match get_str(&o, "severity").as_deref() {
                Some("warning") => Severity::Warning,
                Some("info") => Severity::Info,
                _ => Severity::Error,
            };
            let text = |en: &str, ja: &str| {
                Some(Text::new(
                    get_str(&o, en)?,
                    get_str(&o, ja).unwrap_or_default(),
                ))
            };
            let message = text("en", "ja").unwrap_or_else(|| Text::new("", ""));
            let f = Finding::with_severity(code, severity, message);
            match text("fixEn", "fixJa") {
                Some(fix) => f.with_fix(fix),
                None => f,
            }
        })
        .collect();
    Fetched {
        inputs,
        findings,
        requests: get(result, "requests").as_f64().map_or(0, |n| n as usize),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_request_and_a_result_cross_the_wire_unchanged() {
        let r = FetchRequest {
            target: "localhost:5000/a/b:1".into(),
            insecure_http: true,
            cors_proxy: Some("https://proxy/".into()),
            username: Some("me".into()),
            password: Some("pw".into()),
            timeout_ms: 1234,
            on_progress: None,
        };
        let back = FetchRequest::from_js(&r.to_js());
        assert_eq!(back.target, r.target);
        assert!(back.insecure_http);
        assert_eq!(back.cors_proxy, r.cors_proxy);
        assert_eq!(back.username, r.username);
        assert_eq!(back.password, r.password);
        assert_eq!(back.timeout_ms, 1234);

        let mut input = Input::new("https://r/v2/x/manifests/sha256:00", &b"{}"[..]);
        input.origin = Some(Origin {
            requested_digest: Some("sha256:00".into()),
            ..Origin::default()
        });
        let f = Finding::new(Code::FetchCors, Text::new("en", "日本語"))
            .with_fix(Text::new("fix", "対処"));
        // A paste sent with the fetch comes back a paste (no origin).
        let paste = Input::new("paste", &b"latest: Pulling from x"[..]);
        let fetched = Fetched {
            inputs: vec![input.clone(), paste.clone()],
            findings: vec![f.clone()],
            requests: 3,
            ..Default::default()
        };
        let back = read_fetched(&write_fetched(&fetched));
        assert_eq!(back.inputs, vec![input, paste]);
        assert_eq!(back.findings, vec![f]);
        assert_eq!(back.requests, 3);
    }
}
