//! The simulator module's wire. The page sends what a pull looks at (not the analysis) and the
//! host the user chose; the module answers with the texts the page shows.
//!
//! - request: `{host, custom, target}`; `host` is a preset id or `custom` (then `custom` holds
//!   the typed `os/arch[/variant]`); `target` is `{index, entries: [{digest, platform}]}` or
//!   `{single: {digest, platform}}`, a platform being `{os, architecture, variant, osVersion,
//!   osFeatures, features}`.
//! - answer: `{hostNote, hostError, pull: {summary, chosen, candidates: [{digest, platform,
//!   accepted, position, reason}], error, fix}}`, every text as `{en, ja}`.

use js_sys::{Array, Object};
use ocilens_core::explain::simulate::PullTarget;
use ocilens_core::{Descriptor, Platform, Text};
use wasm_bindgen::JsValue;

use crate::{get, get_str, get_text, opt, opt_text, read_strings, set, strings, text};

/// What the page asks the simulator module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimRequest {
    /// A preset id (`apple-silicon-mac`) or `custom`.
    pub host: String,
    /// The custom `os/arch[/variant]`, when `host` is `custom`.
    pub custom: String,
    /// What the pull looks at; `None`: the input has nothing to pull.
    pub target: Option<PullTarget>,
}

/// What the simulator module answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simulation {
    /// Why the preset pulls what it pulls.
    pub host_note: Option<Text>,
    /// The custom platform cannot be read (then there is no pull).
    pub host_error: Option<Text>,
    /// The simulated pull; `None` when there is no host or nothing to pull.
    pub pull: Option<Pull>,
}

/// One simulated pull, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pull {
    /// What happens, in one or two sentences.
    pub summary: Text,
    /// The digest pulled; `None` when the pull fails.
    pub chosen: Option<String>,
    pub candidates: Vec<Candidate>,
    /// What the runtimes print when nothing matches.
    pub error: Option<Text>,
    /// What to do about a failing pull.
    pub fix: Option<Text>,
    /// On a Windows host: what Docker's classic image store pulls, beside containerd's answer.
    pub classic: Option<Text>,
}

/// One index entry and the runtime's verdict on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub digest: Option<String>,
    /// `os/arch[/variant]` as tools print it.
    pub platform: Option<String>,
    pub accepted: bool,
    /// Place in the runtime's sorted list (1 = pulled).
    pub position: Option<usize>,
    pub reason: Text,
}

fn write_platform(p: &Platform) -> JsValue {
    let o = Object::new();
    set(&o, "os", &JsValue::from_str(&p.os));
    set(&o, "architecture", &JsValue::from_str(&p.architecture));
    set(&o, "variant", &opt(p.variant.as_deref()));
    set(&o, "osVersion", &opt(p.os_version.as_deref()));
    set(&o, "osFeatures", &strings(&p.os_features));
    set(&o, "features", &strings(&p.features));
    o.into()
}

fn read_platform(o: &JsValue) -> Option<Platform> {
    Some(Platform {
        os: get_str(o, "os")?,
        architecture: get_str(o, "architecture").unwrap_or_default(),
        variant: get_str(o, "variant"),
        os_version: get_str(o, "osVersion"),
        os_features: read_strings(&get(o, "osFeatures")),
        features: read_strings(&get(o, "features")),
    })
}

fn opt_platform(p: Option<&Platform>) -> JsValue {
    p.map_or(JsValue::NULL, write_platform)
}

fn get_usize(o: &JsValue, k: &str) -> Option<usize> {
    get(o, k).as_f64().map(|n| n as usize)
}

fn opt_usize(n: Option<usize>) -> JsValue {
    n.map_or(JsValue::NULL, |n| JsValue::from(n as u32))
}

impl SimRequest {
    /// The request object.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "host", &JsValue::from_str(&self.host));
        set(&o, "custom", &JsValue::from_str(&self.custom));
        let target = Object::new();
        match &self.target {
            None => {}
            Some(PullTarget::Index { document, entries }) => {
                set(&target, "index", &JsValue::from(*document as u32));
                let list = Array::new();
                for e in entries {
                    let entry = Object::new();
                    set(&entry, "digest", &opt(e.digest.as_deref()));
                    set(&entry, "platform", &opt_platform(e.platform.as_ref()));
                    list.push(&entry);
                }
                set(&target, "entries", &list);
            }
            Some(PullTarget::Single { digest, platform }) => {
                let single = Object::new();
                set(&single, "digest", &opt(digest.as_deref()));
                set(&single, "platform", &opt_platform(platform.as_ref()));
                set(&target, "single", &single);
            }
        }
        set(&o, "target", &target);
        o.into()
    }

    /// Reads a request object; a missing or unreadable target is "nothing to pull".
    pub fn from_js(o: &JsValue) -> SimRequest {
        let t = get(o, "target");
        let single = get(&t, "single");
        let target = if let Some(document) = get_usize(&t, "index") {
            let entries = Array::from(&get(&t, "entries"))
                .iter()
                .map(|e| Descriptor {
                    digest: get_str(&e, "digest"),
                    platform: read_platform(&get(&e, "platform")),
                    ..Descriptor::default()
                })
                .collect();
            Some(PullTarget::Index { document, entries })
        } else if single.is_object() {
            Some(PullTarget::Single {
                digest: get_str(&single, "digest"),
                platform: read_platform(&get(&single, "platform")),
            })
        } else {
            None
        };
        SimRequest {
            host: get_str(o, "host").unwrap_or_default(),
            custom: get_str(o, "custom").unwrap_or_default(),
            target,
        }
    }
}

impl Simulation {
    /// The answer object.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "hostNote", &opt_text(self.host_note.as_ref()));
        set(&o, "hostError", &opt_text(self.host_error.as_ref()));
        let pull = match &self.pull {
            None => JsValue::NULL,
            Some(p) => {
                let po = Object::new();
                set(&po, "summary", &text(&p.summary));
                set(&po, "chosen", &opt(p.chosen.as_deref()));
                let list = Array::new();
                for c in &p.candidates {
                    let co = Object::new();
                    set(&co, "digest", &opt(c.digest.as_deref()));
                    set(&co, "platform", &opt(c.platform.as_deref()));
                    set(&co, "accepted", &JsValue::from_bool(c.accepted));
                    set(&co, "position", &opt_usize(c.position));
                    set(&co, "reason", &text(&c.reason));
                    list.push(&co);
                }
                set(&po, "candidates", &list);
                set(&po, "error", &opt_text(p.error.as_ref()));
                set(&po, "fix", &opt_text(p.fix.as_ref()));
                set(&po, "classic", &opt_text(p.classic.as_ref()));
                po.into()
            }
        };
        set(&o, "pull", &pull);
        o.into()
    }

    /// Reads an answer object.
    pub fn from_js(o: &JsValue) -> Simulation {
        let p = get(o, "pull");
        let pull = p.is_object().then(|| Pull {
            summary: get_text(&p, "summary").unwrap_or_else(|| Text::new("", "")),
            chosen: get_str(&p, "chosen"),
            candidates: Array::from(&get(&p, "candidates"))
                .iter()
                .map(|c| Candidate {
                    digest: get_str(&c, "digest"),
                    platform: get_str(&c, "platform"),
                    accepted: get(&c, "accepted").as_bool().unwrap_or(false),
                    position: get_usize(&c, "position"),
                    reason: get_text(&c, "reason").unwrap_or_else(|| Text::new("", "")),
                })
                .collect(),
            error: get_text(&p, "error"),
            fix: get_text(&p, "fix"),
            classic: get_text(&p, "classic"),
        });
        Simulation {
            host_note: get_text(o, "hostNote"),
            host_error: get_text(o, "hostError"),
            pull,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn platform(os: &str, arch: &str, variant: Option<&str>) -> Platform {
        Platform {
            os: os.into(),
            architecture: arch.into(),
            variant: variant.map(str::to_string),
            os_version: Some("10.0.20348.1".into()),
            os_features: vec!["win32k".into()],
            features: vec!["sse4".into()],
        }
    }

    #[wasm_bindgen_test]
    fn a_request_crosses_the_wire_unchanged() {
        let entries = vec![
            Descriptor {
                digest: Some("sha256:aa".into()),
                platform: Some(platform("linux", "arm", Some("v7"))),
                ..Descriptor::default()
            },
            Descriptor::default(),
        ];
        for target in [
            Some(PullTarget::Index {
                document: 3,
                entries,
            }),
            Some(PullTarget::Single {
                digest: Some("sha256:bb".into()),
                platform: None,
            }),
            Some(PullTarget::Single {
                digest: None,
                platform: Some(platform("windows", "amd64", None)),
            }),
            None,
        ] {
            let r = SimRequest {
                host: "custom".into(),
                custom: "linux/arm64".into(),
                target,
            };
            assert_eq!(SimRequest::from_js(&r.to_js()), r);
        }
    }

    #[wasm_bindgen_test]
    fn an_answer_crosses_the_wire_unchanged() {
        let t = |s: &str| Text::new(s, format!("{s}（日本語）"));
        let full = Simulation {
            host_note: Some(t("note")),
            host_error: None,
            pull: Some(Pull {
                summary: t("summary"),
                chosen: None,
                candidates: vec![Candidate {
                    digest: Some("sha256:cc".into()),
                    platform: Some("linux/arm/v7".into()),
                    accepted: true,
                    position: Some(1),
                    reason: t("reason"),
                }],
                error: Some(t("error")),
                fix: Some(t("fix")),
                classic: Some(t("classic")),
            }),
        };
        assert_eq!(Simulation::from_js(&full.to_js()), full);
        let refused = Simulation {
            host_error: Some(t("bad")),
            ..Simulation::default()
        };
        assert_eq!(Simulation::from_js(&refused.to_js()), refused);
    }
}
