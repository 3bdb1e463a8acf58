//! `ocilens fetch`: carries the core planner's requests over HTTP (ureq, rustls, proxies from
//! `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`) and hands back the bytes. All protocol decisions (what
//! to ask, auth, caps, what a status means) are the core's.

use std::time::Duration;

use ocilens_core::fetch::{self, Failure, Fetched, Options, Planner, Request, Response};

/// Per-request time limit: a registry that does not answer in this time is reported, not
/// waited for.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Walks the image tree of `reference` and returns what was fetched. `progress` gets a line per
/// request (to stderr in the CLI).
pub fn run(
    reference: fetch::Reference,
    options: Options,
    timeout: Option<Duration>,
    mut progress: impl FnMut(&str),
) -> Fetched {
    let timeout = timeout.unwrap_or(TIMEOUT);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .proxy(ureq::Proxy::try_from_env())
        .user_agent(concat!("ocilens/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut planner = Planner::new(reference, options);
    while let Some(req) = planner.next_request() {
        let (done, queued) = planner.progress();
        progress(&format!(
            "[{done}/{}] {} {}",
            done + queued,
            req.method.as_str(),
            req.url
        ));
        match call(&agent, &req, timeout) {
            Ok(resp) => planner.on_response(&req, resp),
            Err(f) => planner.on_failure(&req, f),
        }
    }
    planner.finish()
}

fn call(agent: &ureq::Agent, req: &Request, timeout: Duration) -> Result<Response, Failure> {
    let mut builder = match req.method {
        fetch::Method::Get => agent.get(&req.url),
        fetch::Method::Head => agent.head(&req.url),
    };
    for (k, v) in &req.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let mut resp = builder.call().map_err(|e| failure(e, timeout))?;
    let status = resp.status().as_u16();
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if (200..300).contains(&status) && declared.is_some_and(|n| n > req.max_bytes) {
        return Err(Failure::TooLarge { bytes: declared });
    }
    let body = resp
        .body_mut()
        .with_config()
        .limit(req.max_bytes + 1)
        .read_to_vec()
        .map_err(|e| failure(e, timeout))?;
    if body.len() as u64 > req.max_bytes {
        return Err(Failure::TooLarge { bytes: None });
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn failure(e: ureq::Error, timeout: Duration) -> Failure {
    match e {
        ureq::Error::Timeout(_) => Failure::Timeout {
            seconds: timeout.as_secs(),
        },
        ureq::Error::BodyExceedsLimit(_) => Failure::TooLarge { bytes: None },
        other => Failure::Network(other.to_string()),
    }
}
