#!/usr/bin/env python3
"""`ocilens fetch` against a real registry: Debian's docker-registry (distribution 2.8) on
127.0.0.1, filled with images made by real tools (make-images.sh: umoci, buildah, skopeo; pushed
with skopeo), plus an attestation-style manifest pushed over the distribution API by this script
and an OCI 1.1 artifact with `subject` pushed with PyPI oras (distribution 2.8 has no referrers
API, so the artifact is also listed under the fallback tag `sha256-<hex>`, written here).

The supply chain (issue 13): that image also gets a cosign signature and attestation under
cosign's tags (`sha256-<hex>.sig`, `.att`; simplesigning payload and DSSE envelope signed here by
openssl, laid out as cosign writes them), and its arm64 image a Sigstore bundle (with a
Fulcio-like certificate made by openssl) and a Notation JWS signature, both as referrers pushed
with PyPI oras. Docker Hub's hello-world as `cosign save` wrote it (../shared, real cosign bytes:
the index signed, and each platform) goes to `hello`: its cosign tags pushed with skopeo from
the layout, its Docker manifest list over the distribution API (skopeo's `oci:` transport reads
only OCI-typed entries of an index.json).

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
import traceback
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
    # Issue 14: the pairs to compare (tests/realtools/pairs.json), as tags of one repository.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "realtools",
                           "pairs.json")) as f:
        tags = {r.split(":")[1] for p in json.load(f)["pairs"] for r in p["refs"]
                if r.startswith("pairs:")}
    for tag in sorted(tags):
        skopeo(f"oci:{images}/pairs/{tag}:latest", f"{host}/pairs:{tag}")

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
    arm64 = next(m for m in index["manifests"] if m.get("platform", {}).get("architecture")
                 == "arm64")
    out = {"index": index_digest, "amd64": amd64["digest"], "attestation": att_digest,
           "artifact": art_digest, "arm64": arm64["digest"]}
    out.update(cosign_tags(base, host, "multi", index_digest))
    out.update(signature_referrers(base, host, "multi", arm64))
    out.update(hello_world(base, host))
    return out


# ---- the supply chain (issue 13) ---------------------------------------------------------

def compact(v):
    return json.dumps(v, separators=(",", ":")).encode()


def ec_key(name):
    key = os.path.join(work, f"{name}.key")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
                    key], check=True, capture_output=True)
    return key


def cosign_object(base, repo, tag, layer_type, layer, annotations):
    """A manifest as cosign writes one under its tag: a config naming the one layer."""
    layer_digest = push_blob(base, repo, layer)
    config = compact({"architecture": "", "config": {}, "created": "0001-01-01T00:00:00Z",
                      "history": [{"created": "0001-01-01T00:00:00Z"}], "os": "",
                      "rootfs": {"type": "layers", "diff_ids": [layer_digest]}})
    config_digest = push_blob(base, repo, config)
    manifest = compact({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "size": len(config), "digest": config_digest},
        "layers": [{"mediaType": layer_type, "size": len(layer), "digest": layer_digest,
                    "annotations": annotations}]})
    return push_manifest(base, repo, tag, manifest, OCI_MANIFEST)


def cosign_tags(base, host, repo, digest):
    """`cosign sign` and `cosign attest` of `digest`, by their formats, keyed by openssl."""
    key = ec_key("cosign")
    tag = digest.replace(":", "-")
    payload = compact({"critical": {"identity": {"docker-reference": f"{host}/{repo}"},
                                    "image": {"docker-manifest-digest": digest},
                                    "type": "cosign container image signature"},
                       "optional": None})
    sig = cosign_object(base, repo, f"{tag}.sig", "application/vnd.dev.cosign.simplesigning.v1+json",
                        payload, {"dev.cosignproject.cosign/signature":
                                  base64.b64encode(sign(key, payload)).decode()})
    statement = compact({
        "_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://spdx.dev/Document",
        "subject": [{"name": f"{host}/{repo}", "digest": {"sha256": digest.split(":")[1]}}],
        "predicate": {"spdxVersion": "SPDX-2.3", "name": "ocilens-test", "packages": []}})
    payload_type = "application/vnd.in-toto+json"
    pae = b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type.encode(), len(statement),
                                   statement)
    envelope = compact({"payloadType": payload_type,
                        "payload": base64.b64encode(statement).decode(),
                        "signatures": [{"keyid": "",
                                        "sig": base64.b64encode(sign(key, pae)).decode()}]})
    att = cosign_object(base, repo, f"{tag}.att", "application/vnd.dsse.envelope.v1+json",
                        envelope, {"dev.cosignproject.cosign/signature": "",
                                   "predicateType": "https://spdx.dev/Document"})
    return {"cosignSig": sig, "cosignAtt": att}


FULCIO_ISSUER = "https://token.actions.githubusercontent.com"
FULCIO_IDENTITY = "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"


def fulcio_cert():
    """A Fulcio-like certificate: a workflow identity, the OIDC issuer in Fulcio's v2 and v1
    extensions (base64 DER)."""
    key, pem = os.path.join(work, "fulcio.key"), os.path.join(work, "fulcio.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/O=sigstore.dev", "-keyout", key, "-out", pem,
                    "-addext", f"subjectAltName=URI:{FULCIO_IDENTITY}",
                    "-addext", f"1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:{FULCIO_ISSUER}",
                    "-addext", f"1.3.6.1.4.1.57264.1.1=DER:{FULCIO_ISSUER.encode().hex()}"],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    return key, base64.b64encode(der).decode()


class Tag:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value


def cbor(v):
    """CBOR (RFC 8949) of ints, bytes, text, lists, dicts and tags: what a COSE envelope needs."""
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        size = 1 if n < 256 else 2 if n < 65536 else 4
        return bytes([major << 5 | {1: 24, 2: 25, 4: 26}[size]]) + n.to_bytes(size, "big")
    if isinstance(v, Tag):
        return head(6, v.tag) + cbor(v.value)
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        return head(3, len(v.encode())) + v.encode()
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())


def signature_referrers(base, host, repo, image):
    """A Sigstore bundle (cosign 3's referrer) and a Notation JWS signature of `image`, pushed
    with PyPI oras (its blob and manifest uploads: `push` cannot set `artifactType`), then the
    fallback tag that lists them (distribution 2.8 has no referrers API)."""
    import oras.client
    import oras.container
    import oras.oci
    key, cert = fulcio_cert()
    _, _, image_bytes = call("GET", f"{base}/v2/{repo}/manifests/{image['digest']}", None,
                             {"Accept": image["mediaType"]})
    signature = base64.b64encode(sign(key, image_bytes)).decode()
    bundle = compact({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "certificate": {"rawBytes": cert},
            "tlogEntries": [{"logIndex": "123456789",
                             "logId": {"keyId": "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="},
                             "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"},
                             "integratedTime": "1700000000"}]},
        "messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": base64.b64encode(
            hashlib.sha256(image_bytes).digest()).decode()}, "signature": signature}})
    protected = b64url(compact({
        "alg": "ES256", "crit": ["io.cncf.notary.signingScheme"],
        "cty": "application/vnd.cncf.notary.payload.v1+json",
        "io.cncf.notary.signingScheme": "notary.x509",
        "io.cncf.notary.signingTime": "2024-03-01T10:00:00Z"}))
    jws_payload = b64url(compact({"targetArtifact": {
        "mediaType": image["mediaType"], "digest": image["digest"], "size": image["size"]}}))
    jws = compact({"payload": jws_payload, "protected": protected,
                   "header": {"x5c": [cert]},
                   "signature": b64url(sign(key, f"{protected}.{jws_payload}".encode()))})
    # The same signature as `notation sign --signature-format cose` writes it: a COSE_Sign1.
    cose_protected = cbor({1: -7, 2: ["io.cncf.notary.signingScheme"],
                           3: "application/vnd.cncf.notary.payload.v1+json",
                           "io.cncf.notary.signingScheme": "notary.x509",
                           "io.cncf.notary.signingTime": Tag(1, 1709287328)})
    cose_payload = compact({"targetArtifact": {
        "mediaType": image["mediaType"], "digest": image["digest"], "size": image["size"]}})
    to_sign = cbor(["Signature1", cose_protected, b"", cose_payload])
    cose = cbor(Tag(18, [cose_protected, {33: [base64.b64decode(cert)],
                                          "io.cncf.notary.signingAgent": "ocilens-test"},
                         cose_payload, sign(key, to_sign)]))
    client = oras.client.OrasClient(insecure=True)
    subject = {"mediaType": image["mediaType"], "digest": image["digest"], "size": image["size"]}
    listed, out = [], {}
    for name, artifact_type, layer_type, body in [
            ("bundle", "application/vnd.dev.sigstore.bundle.v0.3+json",
             "application/vnd.dev.sigstore.bundle.v0.3+json", bundle),
            ("notation", "application/vnd.cncf.notary.signature", "application/jose+json", jws),
            ("notation-cose", "application/vnd.cncf.notary.signature", "application/cose", cose)]:
        path = os.path.join(work, f"{name}.json")
        with open(path, "wb") as f:
            f.write(body)
        empty = os.path.join(work, "empty.json")
        with open(empty, "wb") as f:
            f.write(b"{}")
        container = client.get_container(f"{host}/{repo}:{name}")
        layer = {"mediaType": layer_type, "digest": sha256(body), "size": len(body)}
        client.upload_blob(path, container, layer)
        client.upload_blob(empty, container, dict(EMPTY))
        annotations = {"dev.sigstore.bundle.content": "message-signature"} \
            if name == "bundle" else {"io.cncf.notary.x509chain.thumbprint#S256":
                                      json.dumps([hashlib.sha256(base64.b64decode(cert))
                                                  .hexdigest()])}
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": artifact_type,
                    "config": dict(EMPTY), "layers": [layer], "subject": subject,
                    "annotations": annotations}
        r = client.upload_manifest(manifest, container)
        assert r.status_code == 201, (r.status_code, r.text)
        _, _, got = call("GET", f"{base}/v2/{repo}/manifests/{name}", None,
                         {"Accept": OCI_MANIFEST})
        out[name] = sha256(got)
        listed.append({"mediaType": OCI_MANIFEST, "digest": sha256(got), "size": len(got),
                       "artifactType": artifact_type, "annotations": annotations})
    push_manifest(base, repo, image["digest"].replace(":", "-"),
                  compact({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": listed}),
                  OCI_INDEX)
    return out


SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                      "fixtures", "real")


def hello_world(base, host):
    """Docker Hub's hello-world with real cosign signatures (`cosign save`, ../shared) as
    `hello:latest`, or nothing (said so) when ../shared is absent."""
    src = os.path.join(SHARED, "cosign-tag-scheme-index")
    if not os.path.isdir(src):
        print(f"{src} is absent: the cosign-save checks are skipped")
        return {}
    blobs = os.path.join(src, "blobs", "sha256")
    index = json.load(open(os.path.join(src, "index.json")))
    # A layout of its own whose entries are named by tag alone (`cosign save` writes
    # `_cosign:sha256-<hex>.sig`), over the same blobs; the bytes are not copied.
    layout = os.path.join(work, "hello-layout")
    os.makedirs(layout)
    shutil.copy(os.path.join(src, "oci-layout"), layout)
    os.symlink(os.path.join(src, "blobs"), os.path.join(layout, "blobs"))
    tags, root = [], None
    for m in index["manifests"]:
        name = (m.get("annotations") or {}).get("org.opencontainers.image.ref.name")
        if name:
            tag = name.split(":", 1)[1]
            tags.append(tag)
            m["annotations"] = {"org.opencontainers.image.ref.name": tag}
        else:
            root = m
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump(index, f)
    for tag in tags:
        skopeo(f"oci:{layout}:{tag}", f"{host}/hello:{tag}")

    def push_tree(d, media_type, ref):
        raw = open(os.path.join(blobs, d.split(":")[1]), "rb").read()
        v = json.loads(raw)
        for child in v.get("manifests", []):
            push_tree(child["digest"], child["mediaType"], child["digest"])
        for b in [v.get("config")] + v.get("layers", []):
            if b:
                push_blob(base, "hello", open(os.path.join(blobs, b["digest"].split(":")[1]),
                                              "rb").read())
        return push_manifest(base, "hello", ref, raw, media_type)

    digest = push_tree(root["digest"], root["mediaType"], "latest")
    assert digest == root["digest"], (digest, root["digest"])
    return {"hello": digest, "helloTags": tags}


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


class NoTagList(Quiet):
    """The registry, except that listing tags is denied (registries may grant pull without
    list): cosign's tags must then be asked for one by one with HEAD."""
    upstream = None
    seen = []

    def do_GET(self):
        NoTagList.seen.append(("GET", self.path))
        if "/tags/list" in self.path:
            body = b'{"errors":[{"code":"DENIED","message":"listing tags is not allowed"}]}'
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        relay(self, self.upstream + self.path)

    def do_HEAD(self):
        NoTagList.seen.append(("HEAD", self.path))
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("accept", "authorization")}
        st, h, _ = call("HEAD", self.upstream + self.path, None, headers)
        self.send_response(st)
        for k in ("Content-Type", "Docker-Content-Digest", "Content-Length"):
            if k in h:
                self.send_header(k, h[k])
        self.end_headers()


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


def fetch_text(*args):
    out = subprocess.run([binary, "fetch", "--format", "text", *args], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


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
        where = traceback.extract_tb(e.__traceback__)[-1]
        print(f"FAIL {name}: line {where.lineno}: {where.line}: {e!r}"[:4000])
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
        # Never an image's layer blob (a signature's payload is a layer too, and is fetched).
        assert not any(n["kind"] == "layer" and n["provided"] and ".layer." in n["mediaType"]
                       for n, _ in nodes)

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

    def supply_chain():
        a = fetch("--insecure-http", f"{reg}/multi:attested", code=0)
        all_verified(a)
        nodes = [n for n, _ in walk(a["tree"])]
        index = next(n for n in nodes if n["kind"] == "index" and n["digest"] == d["index"])
        stem = d["index"].replace(":", "-")
        # cosign's signature and attestation, found in the tag list, under the index they sign.
        tags = {c["reference"].rsplit(":", 1)[1]: c["digest"] for c in index["children"]
                if c["kind"] == "cosign-tag"}
        assert tags == {f"{stem}.sig": d["cosignSig"], f"{stem}.att": d["cosignAtt"]}, tags
        # BuildKit's provenance under amd64; the SBOM referrer under the index; the Sigstore
        # bundle and the Notation signature under arm64.
        amd = next(n for n in nodes if n["digest"] == d["amd64"] and n["kind"] == "manifest")
        assert any(c["digest"] == d["attestation"] for c in amd["children"])
        assert any(c["digest"] == d["artifact"] for c in index["children"]), \
            [(n["kind"], n["digest"], [(c["kind"], c["digest"]) for c in n["children"]])
             for n in nodes if any(c["digest"] == d["artifact"] for c in n["children"])]
        arm = next(n for n in nodes if n["digest"] == d["arm64"] and n["kind"] == "manifest")
        under = {c["digest"] for c in arm["children"]}
        assert {d["bundle"], d["notation"], d["notation-cose"]} <= under, (d, under)
        # Decoded: the payloads name what they sit beside; who signed the bundle and when.
        cs = codes(a)
        assert cs.count("cosign-tag") == 2, cs
        for bad in ("cosign-payload-mismatch", "notation-target-mismatch", "unknown-json"):
            assert bad not in cs, [(f["message"][:150], f["location"]["input"]) for f in a["findings"] if f["code"] == bad]
        msg = {f["code"]: f["message"] for f in a["findings"]}
        for want in (FULCIO_IDENTITY, FULCIO_ISSUER, "123456789", "2023-11-14 22:13:20 UTC",
                     d["arm64"]):
            assert want in msg["sigstore-bundle"], (want, msg["sigstore-bundle"])
        notations = [f["message"] for f in a["findings"] if f["code"] == "notation-signature"]
        assert len(notations) == 2 and all(d["arm64"] in m for m in notations), notations
        cose = [m for m in notations if "a COSE envelope" in m]
        assert len(cose) == 1 and "signed at 2024-03-01 10:02:08 UTC" in cose[0], notations
        assert all("The signer's certificate is `O=sigstore.dev`" in m for m in notations), notations
        assert "cosign verify" in msg["cosign-tag"], msg["cosign-tag"]
        # Where is it? Each image's answer names the store it was found in.
        sc = {x["digest"]: x for x in a["supplyChain"]}
        found = {k: sorted((f["need"], f["store"]) for f in v["found"]) for k, v in sc.items()}
        assert ("signature", "cosign-tag") in found[d["index"]], found
        assert ("sbom", "cosign-tag") in found[d["index"]], found
        assert ("sbom", "referrer") in found[d["index"]], found
        assert found[d["amd64"]] == [("provenance", "index")], found
        assert sc[d["amd64"]]["indexSigned"] and sc[d["amd64"]]["missing"] == ["sbom", "signature"]
        assert found[d["arm64"]] == [("signature", "referrer")] * 3, found
        # The CLI's section, in both languages.
        en = fetch_text("--insecure-http", "--lang", "en", f"{reg}/multi:attested")
        assert "Supply chain (where is it?):" in en and "beside it, under a cosign tag" in en, en
        assert "in the index (BuildKit attestation manifest)" in en, en
        ja = fetch_text("--insecure-http", "--lang", "ja", f"{reg}/multi:attested")
        assert "サプライチェーン（どこにある？）" in ja and "隣の cosign タグ" in ja, ja

    def hello():
        if "hello" not in d:
            print("  (../shared is absent: nothing to check)")
            return
        a = fetch("--insecure-http", f"{reg}/hello:latest", code=0)
        all_verified(a)
        nodes = [n for n, _ in walk(a["tree"])]
        placed = {}
        for n in nodes:
            for c in n["children"]:
                if c["kind"] == "cosign-tag":
                    placed[c["reference"].rsplit(":", 1)[1]] = n["digest"]
        # Every tag cosign wrote, under the manifest or index its name gives.
        assert sorted(placed) == sorted(d["helloTags"]), (placed, d["helloTags"])
        for tag, parent in placed.items():
            assert parent == tag.split(".")[0].replace("-", ":", 1), (tag, parent)
        assert "cosign-payload-mismatch" not in codes(a)
        sc = {x["digest"]: x for x in a["supplyChain"]}
        platforms = [x for x in a["supplyChain"] if x["kind"] == "manifest"]
        assert len(platforms) == 9 and all(p["indexSigned"] for p in platforms), platforms
        assert all(("signature", "cosign-tag") in [(f["need"], f["store"]) for f in p["found"]]
                   for p in platforms)
        assert any(f["need"] == "signature" for f in sc[d["hello"]]["found"])

    def head_fallback():
        NoTagList.upstream = f"http://{reg}"
        NoTagList.seen.clear()
        port = serve(NoTagList)
        a = fetch("--insecure-http", f"127.0.0.1:{port}/multi:attested", code=0)
        all_verified(a)
        assert ("GET", "/v2/multi/tags/list") in NoTagList.seen, NoTagList.seen
        heads = [p for m, p in NoTagList.seen if m == "HEAD"]
        # The index and its three images, each .sig, .att and .sbom; not the attestation.
        assert len(heads) == 12 and not any(d["attestation"].split(":")[1] in h for h in heads), \
            heads
        assert not [f for f in a["findings"] if f["code"].startswith("fetch-")
                    or f["code"] == "registry-error"], a["findings"]
        index = next(n for n, _ in walk(a["tree"]) if n["kind"] == "index")
        assert sorted(c["digest"] for c in index["children"] if c["kind"] == "cosign-tag") == \
            sorted([d["cosignSig"], d["cosignAtt"]])

    def compare():
        def diff(*args, code=0):
            out = subprocess.run([binary, "diff", "--format", "json", "--insecure-http", *args],
                                 capture_output=True, text=True, timeout=120)
            assert out.returncode == code, (out.returncode, out.stderr)
            assert not out.stderr, out.stderr
            return json.loads(out.stdout)
        kinds = lambda v: [c["kind"] for c in v["changes"]]
        # Two tags fetched: only the times differ; with them set aside nothing does.
        v = diff(f"{reg}/pairs:base", f"{reg}/pairs:time")
        assert v["verdict"]["id"] == "only-timestamps", v["verdict"]
        assert kinds(v) == ["created", "history-dates", "config-digest", "manifest-digest"], kinds(v)
        v = diff("--ignore-timestamps", "--fail-on-diff", f"{reg}/pairs:base", f"{reg}/pairs:time")
        assert v["changes"] == [] and v["setAside"] == 4, v
        v = diff(f"{reg}/pairs:base", f"{reg}/pairs:env")
        assert kinds(v) == ["env", "config-digest", "manifest-digest"], kinds(v)
        # A tag fetched against the layout it was pushed from: the same image.
        v = diff(f"{images}/pairs/base", f"{reg}/pairs:base")
        assert v["verdict"]["id"] == "identical" and v["changes"] == [], v
        # A tag that is not there: said on stderr, nothing to compare, the gate trips.
        out = subprocess.run([binary, "diff", "--insecure-http", "--fail-on-diff",
                              f"{reg}/pairs:base", f"{reg}/pairs:nope"],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 1 and "pairs:nope" in out.stderr, (out.returncode, out.stderr)
        assert "nothing to compare" in out.stdout, out.stdout

    case("diff: two tags fetched, a tag against its layout, a missing tag", compare)
    case("fetch: single-platform OCI image (umoci), same tree as the layout", single)
    case("fetch: Docker schema2 image (skopeo)", docker)
    case("fetch: multi-platform index, attestation manifest, artifact via fallback tag", multi)
    case("fetch --platform: containerd's choice on the fetched index", platform)
    case("fetch by digest", by_digest)
    case("fetch --artifact-type: referrers filtered", artifact_type)
    case("fetch through the proxy named by the environment", proxy)
    case("fetch: unknown tag and repository", unknown)
    case("fetch: the supply chain in one tree (cosign tags, BuildKit provenance, SBOM, "
         "Sigstore bundle and Notation referrers), decoded, and where each is", supply_chain)
    case("fetch: Docker Hub's hello-world with cosign's real signatures (cosign save, skopeo)",
         hello)
    case("fetch: cosign tags asked with HEAD where listing tags is denied", head_fallback)

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
                      "OCILENS_IMAGES": os.path.abspath(images),
                      "OCILENS_DIGESTS": json.dumps(d)})
            here = os.path.dirname(os.path.abspath(__file__))
            out = subprocess.run(["node", "--test", "--test-concurrency=1", "registry-page.mjs"],
                                 cwd=os.path.join(here, "..", "e2e"), env=e, capture_output=True,
                                 text=True, timeout=300)
            if out.returncode != 0:
                raise AssertionError(out.stdout[-4000:] + out.stderr[-2000:])

        case("page: fetch (CORS, no CORS, unknown tag, bad reference, basic auth, timeout, "
             "oversized); Compare of the made pairs, fetched and as folders", page)


try:
    main()
except Exception as e:  # noqa: BLE001
    print(f"FAIL setup: {e}")
    failed += 1
finally:
    stop_all()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
