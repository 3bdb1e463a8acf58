#!/usr/bin/env python3
"""`ocilens fetch` against a real registry: Debian's docker-registry (distribution 2.8) on
127.0.0.1, filled with images made by real tools (make-images.sh: umoci, buildah, skopeo; pushed
with skopeo), plus an attestation-style manifest pushed over the distribution API by this script
and an OCI 1.1 artifact with `subject` pushed with PyPI oras (distribution 2.8 has no referrers
API, so the artifact is also listed under the fallback tag `sha256-<hex>`, written here).

Registries started (all share one storage directory, all stopped at the end, also on failure):
  open    no auth, CORS headers
  basic   htpasswd (bcrypt) basic auth
  token   Bearer tokens from a small token service in this script (RS256 JWTs signed by openssl,
          trusted by the registry through its rootcertbundle)
and two small HTTP servers: one that never answers in time, one serving an oversized manifest.

Usage: run.py OCILENS_BINARY IMAGES_DIR      (exit 1 when a check fails)
"""
import base64
import hashlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

binary, images = sys.argv[1], os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp(prefix="ocilens-registry-")
procs = []
servers = []
passed = failed = 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc=None, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"registry exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def stop_all():
    for s in servers:
        s.shutdown()
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    shutil.rmtree(work, ignore_errors=True)


def on_signal(signum, _frame):
    stop_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)

CORS = """  headers:
    Access-Control-Allow-Origin: ['*']
    Access-Control-Allow-Methods: ['HEAD', 'GET', 'OPTIONS']
    Access-Control-Allow-Headers: ['Authorization', 'Accept']
    Access-Control-Expose-Headers: ['Docker-Content-Digest', 'WWW-Authenticate', 'Link']
"""


def start_registry(name, auth="", cors=True):
    port = free_port()
    cfg = os.path.join(work, f"{name}.yml")
    with open(cfg, "w") as f:
        f.write(f"""version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {work}/storage
http:
  addr: 127.0.0.1:{port}
{CORS if cors else ""}{auth}""")
    log = open(os.path.join(work, f"{name}.log"), "w")
    p = subprocess.Popen(["docker-registry", "serve", cfg], stdout=log, stderr=log)
    procs.append(p)
    wait_port(port, p)
    return port


# ---- pushing -------------------------------------------------------------------------------

def sha256(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def call(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def push_blob(base, repo, data):
    d = sha256(data)
    st, h, _ = call("POST", f"{base}/v2/{repo}/blobs/uploads/")
    assert st == 202, st
    loc = h["Location"]
    loc = loc if loc.startswith("http") else base + loc
    sep = "&" if "?" in loc else "?"
    st, _, b = call("PUT", f"{loc}{sep}digest={d}", data,
                    {"Content-Type": "application/octet-stream"})
    assert st == 201, (st, b)
    return d


def push_manifest(base, repo, ref, data, media_type):
    st, _, b = call("PUT", f"{base}/v2/{repo}/manifests/{ref}", data,
                    {"Content-Type": media_type})
    assert st == 201, (st, b)
    return sha256(data)


def skopeo(src, dest, *extra):
    subprocess.run(["skopeo", "copy", "--quiet", "--dest-tls-verify=false", *extra, src,
                    f"docker://{dest}"], check=True)


OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
ARTIFACT_TYPE = "application/vnd.ocilens.test.sbom.config.v1+json"
EMPTY = {"mediaType": "application/vnd.oci.empty.v1+json",
         "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
         "size": 2}


def fill(port):
    host = f"127.0.0.1:{port}"
    base = f"http://{host}"
    skopeo(f"oci:{images}/oci-single:latest", f"{host}/single:latest")
    skopeo(f"dir:{images}/docker-single", f"{host}/docker:latest", "--format", "v2s2")
    skopeo(f"oci:{images}/oci-multi:latest", f"{host}/multi:latest", "--all")

    # An attestation-style manifest for the amd64 image, the way BuildKit stores one.
    _, _, index_bytes = call("GET", f"{base}/v2/multi/manifests/latest", None,
                             {"Accept": OCI_INDEX})
    index = json.loads(index_bytes)
    amd64 = next(m for m in index["manifests"] if m["platform"]["architecture"] == "amd64")
    statement = json.dumps({
        "_type": "https://in-toto.io/Statement/v0.1",
        "predicateType": "https://slsa.dev/provenance/v0.2",
        "subject": [{"name": "pkg:docker/multi@latest?platform=linux%2Famd64",
                     "digest": {"sha256": amd64["digest"].split(":")[1]}}],
        "predicate": {"builder": {"id": "https://example.com/ocilens-tests"},
                      "buildType": "https://mobyproject.org/buildkit@v1"},
    }, separators=(",", ":")).encode()
    layer = push_blob(base, "multi", statement)
    # BuildKit gives attestation manifests a minimal image config of their own.
    att_config = json.dumps({"architecture": "unknown", "os": "unknown", "config": {},
                             "rootfs": {"type": "layers", "diff_ids": [layer]}},
                            separators=(",", ":")).encode()
    att_config_digest = push_blob(base, "multi", att_config)
    push_blob(base, "multi", b"{}")
    att = json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": att_config_digest, "size": len(att_config)},
        "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": layer,
                    "size": len(statement),
                    "annotations": {"in-toto.io/predicate-type":
                                    "https://slsa.dev/provenance/v0.2"}}],
    }, separators=(",", ":")).encode()
    att_digest = push_manifest(base, "multi", sha256(att), att, OCI_MANIFEST)
    index["manifests"].append({
        "mediaType": OCI_MANIFEST, "digest": att_digest, "size": len(att),
        "platform": {"architecture": "unknown", "os": "unknown"},
        "annotations": {"vnd.docker.reference.digest": amd64["digest"],
                        "vnd.docker.reference.type": "attestation-manifest"}})
    new_index = json.dumps(index, indent=2).encode()
    index_digest = push_manifest(base, "multi", "attested", new_index, OCI_INDEX)

    # An OCI 1.1 artifact about that index, with `subject`, pushed with PyPI oras (oras-py); then
    # the referrers fallback tag listing it, which oras-py does not write (distribution 2.8 has
    # no referrers API), written here as the spec describes.
    import oras.client
    import oras.oci
    sbom_dir = os.path.join(work, "sbom")
    os.makedirs(sbom_dir, exist_ok=True)
    with open(os.path.join(sbom_dir, "sbom.spdx.json"), "w") as f:
        f.write('{"spdxVersion":"SPDX-2.3","name":"ocilens-test","packages":[]}')
    with open(os.path.join(sbom_dir, "config.json"), "w") as f:
        f.write('{"tool":"ocilens-tests"}')
    cwd = os.getcwd()
    os.chdir(sbom_dir)
    try:
        oras.client.OrasClient(insecure=True).push(
            target=f"{host}/multi:sbom",
            files=["sbom.spdx.json:application/spdx+json"],
            manifest_config=f"config.json:{ARTIFACT_TYPE}",
            subject=oras.oci.Subject(mediaType=OCI_INDEX, digest=index_digest,
                                     size=len(new_index)),
            quiet=True)
    finally:
        os.chdir(cwd)
    _, _, art = call("GET", f"{base}/v2/multi/manifests/sbom", None, {"Accept": OCI_MANIFEST})
    art_digest = sha256(art)
    # Without `artifactType`, a referrer's type is its config's media type.
    referrers = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": OCI_MANIFEST, "digest": art_digest, "size": len(art),
         "artifactType": ARTIFACT_TYPE}]}).encode()
    push_manifest(base, "multi", index_digest.replace(":", "-"), referrers, OCI_INDEX)
    return {"index": index_digest, "amd64": amd64["digest"], "attestation": att_digest,
            "artifact": art_digest,
            "arm64": next(m["digest"] for m in index["manifests"]
                          if m["platform"]["architecture"] == "arm64")}


# ---- token service -----------------------------------------------------------------------

def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def make_cert():
    key, cert = os.path.join(work, "token.key"), os.path.join(work, "token.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=ocilens-test-token"],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    return key, cert, base64.b64encode(der).decode()


def sign(key, payload):
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=payload,
                          check=True, capture_output=True).stdout


class TokenHandler(http.server.BaseHTTPRequestHandler):
    key = x5c = None
    asked = []

    def log_message(self, *_):
        pass

    def do_GET(self):
        from urllib.parse import urlparse, parse_qs
        q = parse_qs(urlparse(self.path).query)
        TokenHandler.asked.append(self.path)
        auth = self.headers.get("Authorization", "")
        scope = q.get("scope", [""])[0]
        # `single` is public: anonymous pull tokens, as Docker Hub gives them.
        public = scope == "repository:single:pull" and not auth
        if auth != "Basic " + base64.b64encode(b"tok:secret").decode() and not public:
            self.send_response(401)
            self.end_headers()
            return
        scope = scope.split(":")
        access = [{"type": scope[0], "name": scope[1], "actions": ["pull"]}] if len(scope) == 3 else []
        now = int(time.time())
        header = b64url(json.dumps({"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}).encode())
        claims = b64url(json.dumps({"iss": "ocilens-test-issuer", "sub": "tok",
                                    "aud": q.get("service", [""])[0], "exp": now + 300,
                                    "nbf": now - 10, "iat": now, "jti": str(now),
                                    "access": access}).encode())
        signing = f"{header}.{claims}".encode()
        token = f"{header}.{claims}.{b64url(sign(self.key, signing))}"
        body = json.dumps({"token": token}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


def serve(handler):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    servers.append(srv)
    return srv.server_address[1]


def relay(handler, url, cors=False):
    """Answers `handler`'s GET with what `url` answers (Accept and Authorization passed on)."""
    headers = {k: v for k, v in handler.headers.items() if k.lower() in ("accept", "authorization")}
    st, h, body = call("GET", url, None, headers)
    handler.send_response(st)
    if cors:
        handler.cors()
    for k in ("Content-Type", "Docker-Content-Digest", "WWW-Authenticate"):
        if k in h:
            handler.send_header(k, h[k])
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class Quiet(http.server.BaseHTTPRequestHandler):
    """A test server a page may read: CORS headers, preflights answered."""

    def log_message(self, *_):
        pass

    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Accept")
        self.send_header("Access-Control-Expose-Headers",
                         "Docker-Content-Digest, WWW-Authenticate, Link")

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD")
        self.end_headers()


class SlowHandler(Quiet):
    """Never answers in time: 4 s for the CLI (timeout 1 s), 25 s for the page (timeout 20 s)."""
    delay = 4

    def do_GET(self):
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.cors()
            self.end_headers()
        except OSError:
            pass


class VerySlowHandler(SlowHandler):
    delay = 25


class BigHandler(Quiet):
    def do_GET(self):
        body = b'{"schemaVersion":2,"mediaType":"' + OCI_INDEX.encode() + b'","manifests":[],"x":"' \
            + b"a" * (5 << 20) + b'"}'
        self.send_response(200)
        self.cors()
        self.send_header("Content-Type", OCI_INDEX)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass


class ForwardProxy(http.server.BaseHTTPRequestHandler):
    """An HTTP proxy (`CONNECT host:port` tunnels, as HTTPS clients use, and plain
    `GET http://host/path`), recording what passes through it."""
    seen = []

    def log_message(self, *_):
        pass

    def do_CONNECT(self):
        import select
        ForwardProxy.seen.append(self.path)
        host, port = self.path.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.send_response(200, "Connection established")
        self.end_headers()
        conns = [self.connection, upstream]
        try:
            while True:
                ready, _, _ = select.select(conns, [], [], 10)
                if not ready:
                    break
                for c in ready:
                    data = c.recv(65536)
                    if not data:
                        return
                    (upstream if c is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()

    def do_GET(self):
        ForwardProxy.seen.append(self.path)
        relay(self, self.path)


class CorsPrefixProxy(Quiet):
    """What a user's CORS proxy does: `GET /<url>` fetches <url> and answers with CORS headers."""
    seen = []

    def do_GET(self):
        url = self.path[1:]
        CorsPrefixProxy.seen.append(url)
        relay(self, url, cors=True)


class BasicProxy(Quiet):
    """The open registry behind Basic auth that a page can use: distribution itself answers a
    preflight with 401 when auth is on (distribution#4458), so a page cannot log in to it."""
    upstream = ""

    def do_GET(self):
        if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"alice:s3cret").decode():
            self.send_response(401)
            self.cors()
            self.send_header("WWW-Authenticate", 'Basic realm="ocilens-test"')
            self.end_headers()
            return
        relay(self, self.upstream + self.path, cors=True)


# ---- checks ------------------------------------------------------------------------------

def fetch(*args, env=None, code=None):
    e = dict(os.environ)
    e.update(env or {})
    out = subprocess.run([binary, "fetch", "--format", "json", *args], capture_output=True,
                         text=True, env=e, timeout=120)
    if code is not None and out.returncode != code:
        raise AssertionError(f"exit {out.returncode} (want {code}): {out.stderr}")
    return json.loads(out.stdout) if out.stdout else None


def analyze(paths):
    out = subprocess.run([binary, "analyze", "--format", "json", *paths], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def walk(nodes, depth=0):
    for n in nodes:
        yield n, depth
        yield from walk(n["children"], depth + 1)


def shape(nodes):
    return [(d, n["kind"], n["digest"], n["platform"], n["verification"]) for n, d in walk(nodes)]


def codes(a):
    return [f["code"] for f in a["findings"]]


def all_verified(a):
    bad = [(d["input"], c) for d in a["documents"] for c in d["claimedDigests"]
           if c["verdict"] != "match"]
    assert not bad, f"claims not matching: {bad}"
    assert all(d["claimedDigests"] for d in a["documents"]), "a document without a claim"
    errors = [f for f in a["findings"] if f["severity"] == "error"]
    assert not errors, f"errors: {errors}"


def case(name, fn):
    global passed, failed
    try:
        fn()
        print(f"ok   {name}")
        passed += 1
    except Exception as e:  # noqa: BLE001 - report every failure and go on
        print(f"FAIL {name}: {e}")
        failed += 1


def main():
    open_port = start_registry("open")
    d = fill(open_port)
    reg = f"127.0.0.1:{open_port}"

    def single():
        a = fetch("--insecure-http", f"{reg}/single:latest", code=0)
        all_verified(a)
        # The same tree `analyze` gives for the layout's files (below the layout's index.json).
        layout = analyze([f"{images}/oci-single"])
        want = layout["tree"][0]["children"]
        got = a["tree"][0]
        assert got["kind"] == "reference" and got["reference"] == f"{reg}/single:latest", got
        # Layers are never fetched (not provided), the layout holds them (verified).
        def same(t):
            return [(d, k, dg, p, "layer" if k == "layer" else v) for d, k, dg, p, v in t]
        assert same(shape(got["children"])) == same(shape(want)), \
            (shape(got["children"]), shape(want))

    def docker():
        a = fetch("--insecure-http", f"{reg}/docker", code=0)
        all_verified(a)
        kinds = [n["kind"] for n, _ in walk(a["tree"])]
        assert "manifest" in kinds and "config" in kinds, kinds
        m = next(x for x in a["documents"] if x["kind"] == "manifest")
        assert m["mediaType"] == "application/vnd.docker.distribution.manifest.v2+json", m

    def multi():
        a = fetch("--insecure-http", f"{reg}/multi:attested", code=0)
        all_verified(a)
        nodes = list(walk(a["tree"]))
        plats = sorted(n["platform"] for n, _ in nodes
                       if n["kind"] == "manifest" and n["platform"] not in (None, "unknown/unknown"))
        assert plats == ["linux/amd64", "linux/arm/v7", "linux/arm64"], plats
        # The attestation sits under the amd64 image; its in-toto layer was fetched.
        amd = next(n for n, _ in nodes if n["digest"] == d["amd64"])
        att = [c for c in amd["children"] if c["digest"] == d["attestation"]]
        assert att and att[0]["kind"] == "attestation-manifest", amd["children"]
        assert any(c["kind"] == "attestation" and c["provided"] for c in att[0]["children"])
        # The SBOM artifact, found through the fallback tag, refers to the index.
        assert any(n["digest"] == d["artifact"] and n["provided"] for n, _ in nodes), \
            "artifact not fetched"
        # Never a layer blob.
        assert not any(n["kind"] == "layer" and n["provided"] for n, _ in nodes)

    def platform():
        a = fetch("--insecure-http", "--platform", "linux/arm64", f"{reg}/multi:attested",
                  code=0)
        assert a["platformMatch"]["chosen"] == d["arm64"], a["platformMatch"]
        a = fetch("--insecure-http", "--platform", "windows/amd64", "--fail-on", "error",
                  f"{reg}/multi:attested", code=1)
        assert "platform-not-available" in codes(a)

    def proxy():
        port = serve(ForwardProxy)
        ForwardProxy.seen.clear()
        env = {"HTTP_PROXY": f"http://127.0.0.1:{port}", "http_proxy": f"http://127.0.0.1:{port}",
               "NO_PROXY": "", "no_proxy": ""}
        a = fetch("--insecure-http", f"{reg}/single", env=env, code=0)
        all_verified(a)
        assert any(u == reg or u.startswith(f"http://{reg}/v2/single/manifests/")
                   for u in ForwardProxy.seen), ForwardProxy.seen

    def artifact_type():
        a = fetch("--insecure-http", "--artifact-type", "application/vnd.example.none",
                  f"{reg}/multi:attested", code=0)
        assert not any(x["digest"] == d["artifact"] for x in a["documents"])
        a = fetch("--insecure-http", "--artifact-type", ARTIFACT_TYPE,
                  f"{reg}/multi:attested", code=0)
        assert any(x["digest"] == d["artifact"] for x in a["documents"])

    def by_digest():
        a = fetch("--insecure-http", f"{reg}/multi@{d['index']}", code=0)
        all_verified(a)
        root = next(x for x in a["documents"] if x["digest"] == d["index"])
        assert any(c["source"] == "requested-digest" for c in root["claimedDigests"])

    def unknown():
        a = fetch("--insecure-http", f"{reg}/multi:nope", code=0)
        assert codes(a) == ["registry-error"], codes(a)
        assert "MANIFEST_UNKNOWN" in a["findings"][0]["message"]
        a = fetch("--insecure-http", f"{reg}/nothing/here:latest", code=0)
        assert "NAME_UNKNOWN" in a["findings"][0]["message"] or \
            "MANIFEST_UNKNOWN" in a["findings"][0]["message"], a["findings"]

    case("fetch: single-platform OCI image (umoci), same tree as the layout", single)
    case("fetch: Docker schema2 image (skopeo)", docker)
    case("fetch: multi-platform index, attestation manifest, artifact via fallback tag", multi)
    case("fetch --platform: containerd's choice on the fetched index", platform)
    case("fetch by digest", by_digest)
    case("fetch --artifact-type: referrers filtered", artifact_type)
    case("fetch through the proxy named by the environment", proxy)
    case("fetch: unknown tag and repository", unknown)

    # Basic auth.
    subprocess.run(["htpasswd", "-Bbc", f"{work}/htpasswd", "alice", "s3cret"], check=True,
                   capture_output=True)
    basic_port = start_registry("basic", f"""auth:
  htpasswd:
    realm: ocilens-basic
    path: {work}/htpasswd
""")

    def basic():
        a = fetch("--insecure-http", f"127.0.0.1:{basic_port}/single", code=0)
        assert codes(a) == ["fetch-unauthorized"], codes(a)
        a = fetch("--insecure-http", "--user", "alice", f"127.0.0.1:{basic_port}/single",
                  env={"OCILENS_PASSWORD": "s3cret"}, code=0)
        all_verified(a)
        a = fetch("--insecure-http", "--user", "alice:wrong", f"127.0.0.1:{basic_port}/single",
                  code=0)
        assert codes(a) == ["fetch-unauthorized"], codes(a)

    case("fetch: htpasswd basic auth (none, right, wrong)", basic)

    # Bearer tokens.
    key, cert, x5c = make_cert()
    TokenHandler.key, TokenHandler.x5c = key, x5c
    token_port = serve(TokenHandler)
    bearer_port = start_registry("token", f"""auth:
  token:
    realm: http://127.0.0.1:{token_port}/token
    service: ocilens-test
    issuer: ocilens-test-issuer
    rootcertbundle: {cert}
""")

    def bearer():
        TokenHandler.asked.clear()
        a = fetch("--insecure-http", "--user", "tok:secret",
                  f"127.0.0.1:{bearer_port}/multi:attested", code=0)
        all_verified(a)
        assert len(TokenHandler.asked) == 1, TokenHandler.asked
        assert "scope=repository%3Amulti%3Apull" in TokenHandler.asked[0], TokenHandler.asked
        a = fetch("--insecure-http", f"127.0.0.1:{bearer_port}/multi:attested", code=0)
        assert "fetch-unauthorized" in codes(a), codes(a)
        # The anonymous token flow public registries use: a token without credentials.
        TokenHandler.asked.clear()
        a = fetch("--insecure-http", f"127.0.0.1:{bearer_port}/single", code=0)
        all_verified(a)
        assert len(TokenHandler.asked) == 1, TokenHandler.asked

    case("fetch: Bearer token flow (credentials, refused, anonymous)", bearer)

    slow_port = serve(SlowHandler)
    big_port = serve(BigHandler)

    def slow():
        t = time.time()
        a = fetch("--insecure-http", "--timeout", "1", f"127.0.0.1:{slow_port}/x", code=0)
        assert codes(a) == ["fetch-timeout"], codes(a)
        assert time.time() - t < 4, "the timeout was not applied"

    def big():
        a = fetch("--insecure-http", f"127.0.0.1:{big_port}/x", code=0)
        assert codes(a) == ["fetch-too-large"], codes(a)
        assert a["documents"] == []

    case("fetch: a registry that answers too slowly", slow)
    case("fetch: an oversized manifest is refused", big)

    # The page, in Chromium, against the open registry and one without CORS headers.
    if os.environ.get("OCILENS_PAGE_TESTS") == "1":
        nocors_port = start_registry("nocors", cors=False)
        BasicProxy.upstream = f"http://{reg}"
        basic_proxy = serve(BasicProxy)
        very_slow = serve(VerySlowHandler)
        cors_proxy = serve(CorsPrefixProxy)

        def page():
            e = dict(os.environ)
            e.update({"OCILENS_REGISTRY": reg, "OCILENS_REGISTRY_NOCORS": f"127.0.0.1:{nocors_port}",
                      "OCILENS_REGISTRY_BASIC": f"127.0.0.1:{basic_proxy}",
                      "OCILENS_SLOW": f"127.0.0.1:{very_slow}",
                      "OCILENS_BIG": f"127.0.0.1:{big_port}",
                      "OCILENS_CORS_PROXY": f"http://127.0.0.1:{cors_proxy}/",
                      "OCILENS_DIGESTS": json.dumps(d)})
            here = os.path.dirname(os.path.abspath(__file__))
            out = subprocess.run(["node", "--test", "--test-concurrency=1", "registry-page.mjs"],
                                 cwd=os.path.join(here, "..", "e2e"), env=e, capture_output=True,
                                 text=True, timeout=300)
            if out.returncode != 0:
                raise AssertionError(out.stdout[-4000:] + out.stderr[-2000:])

        case("page: fetch (CORS, no CORS, unknown tag, bad reference, basic auth, timeout, "
             "oversized)", page)


try:
    main()
except Exception as e:  # noqa: BLE001
    print(f"FAIL setup: {e}")
    failed += 1
finally:
    stop_all()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
