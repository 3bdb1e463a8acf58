//! The page's pull simulator, as its own wasm module: the page imports it the first time the
//! user chooses a machine (containerd's platform rules, the host presets and their texts cost
//! about 16 KB gzip, which the page's first load cannot carry for a panel many visits never
//! open). The page sends what a pull looks at ([`ocilens_wire::SimRequest`]); the module
//! answers with what the page shows ([`ocilens_wire::Simulation`]). The CLI runs the same
//! [`ocilens_core::explain::simulate`] code.

use ocilens_core::explain::{platform, simulate};
use ocilens_wire::simulate::{Candidate, Pull};
use ocilens_wire::{SimRequest, Simulation};
use wasm_bindgen::prelude::*;

/// Simulates the pull `request` describes (the shapes of `ocilens-wire`).
#[wasm_bindgen(js_name = simulatePull)]
pub fn simulate_pull(request: JsValue) -> JsValue {
    answer(&SimRequest::from_js(&request)).to_js()
}

/// The answer to a request: the preset's note, or why a custom platform cannot be read, and
/// the pull.
pub fn answer(r: &SimRequest) -> Simulation {
    let mut out = Simulation::default();
    let host = if r.host == "custom" {
        let typed = r.custom.trim();
        if typed.is_empty() {
            return out;
        }
        match platform::parse(typed) {
            Ok(p) => p,
            Err(e) => {
                out.host_error = Some(e.text());
                return out;
            }
        }
    } else {
        let Some(h) = platform::host(&r.host) else {
            return out;
        };
        out.host_note = Some(h.note());
        h.platform
    };
    out.pull = r.target.as_ref().map(|t| {
        let m = simulate::simulate(t, &host);
        Pull {
            fix: m.finding().and_then(|f| f.fix),
            summary: m.summary,
            chosen: m.chosen,
            candidates: m
                .candidates
                .into_iter()
                .map(|c| Candidate {
                    digest: c.digest,
                    platform: c.platform.as_ref().map(platform::format),
                    accepted: c.accepted,
                    position: c.position,
                    reason: c.reason,
                })
                .collect(),
            error: m.error,
            classic: m.classic.map(|c| c.summary),
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocilens_core::explain::simulate::PullTarget;

    fn python() -> Option<PullTarget> {
        let a = ocilens_core::analyze_text(
            "paste",
            include_str!(
                "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
            ),
        );
        simulate::pull_target(&a)
    }

    fn ask(host: &str, custom: &str, target: Option<PullTarget>) -> Simulation {
        answer(&SimRequest {
            host: host.into(),
            custom: custom.into(),
            target,
        })
    }

    #[test]
    fn a_preset_pulls_what_the_cli_says_it_pulls() {
        let a = ocilens_core::analyze_text(
            "paste",
            include_str!(
                "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
            ),
        );
        let host = platform::host("apple-silicon-mac").unwrap();
        let cli = simulate::platform_match(&a, &host.platform).unwrap();
        let s = ask("apple-silicon-mac", "", python());
        assert_eq!(s.host_note, Some(host.note()));
        let pull = s.pull.unwrap();
        assert_eq!(pull.summary, cli.summary);
        assert_eq!(pull.chosen, cli.chosen);
        assert!(pull.chosen.is_some());
        assert_eq!(pull.candidates.len(), cli.candidates.len());
        assert_eq!(
            pull.candidates
                .iter()
                .filter(|c| c.position == Some(1))
                .count(),
            1
        );
        assert_eq!(pull.fix, None);
    }

    #[test]
    fn a_custom_host_is_parsed_and_simulated() {
        let s = ask("custom", "linux/s390x", python());
        assert_eq!(s.host_note, None);
        let pull = s.pull.unwrap();
        let chosen = pull.candidates.iter().find(|c| c.position == Some(1));
        assert_eq!(
            chosen.and_then(|c| c.platform.as_deref()),
            Some("linux/s390x")
        );
        assert_eq!(pull.chosen, chosen.and_then(|c| c.digest.clone()));
        assert_eq!((pull.error, pull.fix), (None, None));

        let s = ask("custom", "linux/riscv64", python());
        let pull = s.pull.unwrap();
        assert_eq!(pull.chosen, None, "python has no riscv64 image");
        assert!(pull.error.is_some());
        assert!(pull.fix.unwrap().en.contains("--platform linux/riscv64"));

        let bad = ask("custom", "linux/", python());
        assert!(bad.host_error.is_some());
        assert!(bad.pull.is_none());
    }

    #[test]
    fn no_host_or_nothing_to_pull_gives_no_pull() {
        assert_eq!(ask("", "", python()), Simulation::default());
        assert_eq!(ask("custom", "  ", python()), Simulation::default());
        assert_eq!(ask("no-such-preset", "", python()), Simulation::default());
        let s = ask("intel-mac", "", None);
        assert!(s.host_note.is_some());
        assert!(s.pull.is_none());
    }
}
