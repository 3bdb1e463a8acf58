#!/usr/bin/env python3
"""Analyses images made fresh by real tools (make-images.sh) with the ocilens CLI and checks
that every digest verifies and every platform is right. Exit 1 on the first failure.

Usage: check.py OCILENS_BINARY IMAGES_DIR
"""
import glob
import json
import os
import subprocess
import sys

binary, images = sys.argv[1], sys.argv[2]
passed = failed = 0


def analyze(paths):
    out = subprocess.run([binary, "analyze", "--format", "json", *paths],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise AssertionError(f"exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n["children"])


def case(name, paths, platforms, min_verified, archive=None, quiet=False, check=None,
         some_shared=False):
    """platforms: the platforms the manifests must show (from index and config alike).
    archive: the kind the `archive` finding must name, for an archive. quiet: no warning
    either. check: a function of the analysis that asserts more. some_shared: the images share
    some layers, not all (by default every layer is the one they share)."""
    global passed, failed
    try:
        a = analyze(paths)
        if archive:
            said = [f["message"] for f in a["findings"] if f["code"] == "archive"]
            assert len(said) == 1 and all(w in said[0] for w in archive), f"archive finding {said}"
        # docker save's manifest.json entries are Docker's lists, not registry documents.
        docs = [d for d in a["documents"] if d["format"] != "docker-save"]
        claims = [(d["index"], c) for d in docs for c in d["claimedDigests"]]
        bad = [(i, c) for i, c in claims if c["verdict"] != "match"]
        assert not bad, f"claims not matching: {bad}"
        for d in docs:
            assert d["exact"], f"document {d['index']} not exact"
            assert d["digest"] is not None, f"document {d['index']} has no digest"
        errors = [f for f in a["findings"] if f["severity"] == "error"]
        assert not errors, f"error findings: {errors}"
        warnings = [f["code"] for f in a["findings"] if f["severity"] == "warning"]
        assert not (quiet and warnings), f"warnings: {warnings}"
        nodes = list(walk(a["tree"]))
        verified = [n for n in nodes if n["verification"] == "verified"]
        assert len(verified) >= min_verified, f"{len(verified)} verified nodes < {min_verified}"
        manifests = [n for n in nodes if n["kind"] == "manifest"]
        seen = sorted(n["platform"] for n in manifests if n["platform"])
        assert seen == sorted(platforms), f"manifest platforms {seen} != {sorted(platforms)}"
        for m in (m for m in manifests if m["provided"]):
            configs = [c for c in m["children"] if c["kind"] == "config"]
            assert len(configs) == 1, f"manifest {m['digest']} has {len(configs)} configs"
            doc = configs[0]["document"]
            assert doc is not None, f"config of {m['digest']} not provided"
            cfg_platform = a["documents"][doc]["platform"]
            # The config carries os/arch; the index may add a variant the config lacks.
            assert m["platform"].startswith(cfg_platform), \
                f"index says {m['platform']}, config says {cfg_platform}"
        if check:
            check(a)
        layers = [n for n in nodes if n["kind"] == "layer"]
        if len([m for m in manifests if m["provided"]]) > 1:
            shared = [n for n in layers if n["shared"]]
            assert shared and (some_shared or shared == layers), "the common layer is not marked shared"
        passed += 1
        print(f"ok   {name}")
    except (AssertionError, KeyError, TypeError, json.JSONDecodeError) as e:
        failed += 1
        print(f"FAIL {name}: {e}")


def files(d):
    return sorted(p for p in glob.glob(os.path.join(images, d, "*")) if os.path.isfile(p))


case("umoci OCI layout, single image", [os.path.join(images, "oci-single")], ["linux/amd64"], 3)
case("buildah OCI layout, multi-platform index", [os.path.join(images, "oci-multi")],
     ["linux/amd64", "linux/arm64", "linux/arm/v7"], 7)
case("skopeo dir: Docker schema2, loose files", files("docker-single"), ["linux/amd64"], 2)
case("buildah Docker manifest list, loose files", files("docker-multi"),
     ["linux/amd64", "linux/arm64", "linux/arm/v7"], 7)
case("OCI index, manifests and configs as loose files", files("loose-oci"),
     ["linux/amd64", "linux/arm64", "linux/arm/v7"], 7)

# Issue 12: the same images as archives, read as streams.
multi = ["linux/amd64", "linux/arm64", "linux/arm/v7"]
arch = lambda f: [os.path.join(images, "archives", f)]
for f, what in [("oci-multi.tar", ""), ("oci-multi.tar.gz", "gzip-compressed"),
                ("oci-multi.tar.zst", "zstd-compressed")]:
    case(f"skopeo oci-archive: {f}", arch(f), multi, 7,
         archive=["OCI image layout as a tar", what])
case("skopeo oci-archive: with zstd layers", arch("zstd-layers.tar"), ["linux/amd64"], 3,
     archive=["OCI image layout as a tar"])
case("skopeo docker-archive: (docker save before Docker 25)", arch("docker-archive.tar"),
     ["linux/amd64"], 2, archive=["before Docker 25"], quiet=True)


def tagged(*tags):
    """The tree's roots name exactly these references (RepoTags), in order."""
    def check(a):
        refs = [n["reference"] for n in a["tree"] if n["kind"] == "reference"]
        assert refs == list(tags), f"references {refs}"
    return check


def legacy(*words):
    """The docker-save-legacy finding says each of these."""
    def check(a):
        said = [f["message"] for f in a["findings"] if f["code"] == "docker-save-legacy"]
        assert len(said) == 1 and all(w in said[0] for w in words), f"legacy finding {said}"
    return check


# podman save: its `<id>/layer.tar` entries are links to the layers, inside the archive.
case("podman save (docker-archive)", arch("podman-docker.tar"), ["linux/amd64"], 2,
     archive=["before Docker 25"], quiet=True,
     check=lambda a: (tagged("localhost/ocilens/app:1")(a),
                      legacy("1 `<id>/layer.tar` link(s)", "of 1 layer(s)")(a)))
case("podman save -m: two images, one saved by its ID", arch("podman-multi.tar"),
     ["linux/amd64", "linux/amd64"], 5, archive=["before Docker 25"], quiet=True, some_shared=True,
     check=lambda a: (tagged("localhost/ocilens/app:1")(a),
                      legacy("2 image(s)", "localhost/ocilens/app:latest",
                             "3 `<id>/layer.tar` link(s)")(a)))
case("podman save --format oci-archive", arch("podman-oci.tar"), ["linux/amd64"], 3,
     archive=["OCI image layout as a tar"], quiet=True)


def ref_named(name):
    """The index drawn under index.json carries containerd's whole name for the image."""
    def check(a):
        index = a["tree"][0]["children"][0]
        assert index["kind"] == "index", index["kind"]
        got = index["annotations"].get("io.containerd.image.name")
        assert got == name, f"io.containerd.image.name {got}"
    return check


def partial(present, absent):
    """An export of chosen platforms: each absent one is said once, as info, naming what is kept."""
    def check(a):
        said = [f for f in a["findings"] if f["code"] == "layout-missing-blob"]
        assert len(said) == len(absent), f"{len(said)} missing-blob findings"
        for f, p in zip(said, absent):
            assert f["severity"] == "info", f["severity"]
            assert f"its {p} manifest" in f["message"] and f"holds only {present}" in f["message"], \
                f["message"]
        provided = [n["platform"] for n in walk(a["tree"])
                    if n["kind"] == "manifest" and n["provided"]]
        assert provided == [present], f"provided manifests {provided}"
    return check


# containerd's exporter (Docker 25+ with the containerd image store): a nested index.
case("ctr images export --all-platforms (containerd image store)", arch("ctr-all.tar"), multi, 7,
     archive=["containerd image store"], quiet=True, check=ref_named("localhost/ocilens/multi:latest"))
case("ctr images export --platform linux/arm64", arch("ctr-arm64.tar"), multi, 3,
     archive=["containerd image store"], quiet=True,
     check=lambda a: (ref_named("localhost/ocilens/multi:latest")(a),
                      partial("linux/arm64", ["linux/amd64", "linux/arm/v7"])(a)))


def damaged(name, change, code):
    """A real archive damaged by `change(bytes) -> bytes`: the finding `code`, never a crash."""
    global passed, failed
    import tempfile
    with open(os.path.join(images, "archives", "oci-multi.tar"), "rb") as f:
        data = f.read()
    with tempfile.NamedTemporaryFile(suffix=".tar", delete=False) as t:
        t.write(change(data))
    try:
        a = analyze([t.name])
        codes = {f["code"] for f in a["findings"]}
        assert code in codes, f"{code} not in {sorted(codes)}"
        passed += 1
        print(f"ok   {name}")
    except (AssertionError, json.JSONDecodeError) as e:
        failed += 1
        print(f"FAIL {name}: {e}")
    finally:
        os.unlink(t.name)


def members(data):
    import io
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        return [(m, m.offset_data) for m in t.getmembers() if m.isfile()]


def flip_in_layer(data):
    # The largest blob is the layer; change one byte of its content.
    m, off = max(members(data), key=lambda x: x[0].size)
    b = bytearray(data)
    b[off + m.size // 2] ^= 1
    return bytes(b)


def without_a_manifest(data):
    import io
    import tarfile
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(data)) as src, tarfile.open(fileobj=out, mode="w") as dst:
        gone = False
        for m in src.getmembers():
            f = src.extractfile(m) if m.isfile() else None
            body = f.read() if f else b""
            if not gone and m.isfile() and b'"config"' in body:
                gone = True
                continue
            dst.addfile(m, io.BytesIO(body) if f else None)
    return out.getvalue()


def swapped_layer():
    """pairs/base with its top layer taken from pairs/layer (another diff_id), the manifest and
    index rewritten to name it: every digest verifies, the config's diff_id does not. As a
    folder, a tar and a gzip-compressed tar: exactly one diff-id-mismatch, at the config."""
    global passed, failed
    import hashlib
    import shutil
    import tarfile
    import tempfile
    work = tempfile.mkdtemp()
    try:
        def blob(layout, digest):
            with open(os.path.join(images, layout, "blobs", "sha256", digest[7:]), "rb") as f:
                return f.read()

        def top(layout):
            with open(os.path.join(images, layout, "index.json")) as f:
                m = json.load(f)["manifests"][0]
            return json.loads(blob(layout, m["digest"]))

        base, other = top("pairs/base"), top("pairs/layer")
        out = os.path.join(work, "swapped")
        shutil.copytree(os.path.join(images, "pairs", "base"), out)
        new = other["layers"][-1]
        assert new["digest"] != base["layers"][-1]["digest"]
        with open(os.path.join(out, "blobs", "sha256", new["digest"][7:]), "wb") as f:
            f.write(blob("pairs/layer", new["digest"]))
        base["layers"][-1] = new
        m = json.dumps(base).encode()
        md = "sha256:" + hashlib.sha256(m).hexdigest()
        with open(os.path.join(out, "blobs", "sha256", md[7:]), "wb") as f:
            f.write(m)
        with open(os.path.join(out, "index.json"), "w") as f:
            json.dump({"schemaVersion": 2, "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md,
                "size": len(m)}]}, f)
        for mode, name in [("w", "swapped.tar"), ("w:gz", "swapped.tar.gz")]:
            with tarfile.open(os.path.join(work, name), mode) as t:
                t.add(out, arcname=".")
        for what in ["swapped", "swapped.tar", "swapped.tar.gz"]:
            a = analyze([os.path.join(work, what)])
            codes = [f["code"] for f in a["findings"] if f["severity"] == "error"]
            assert codes == ["diff-id-mismatch"], f"{what}: errors {codes}"
            f = next(f for f in a["findings"] if f["code"] == "diff-id-mismatch")
            assert f["location"]["path"] == f"$.rootfs.diff_ids[{len(base['layers']) - 1}]", f
        passed += 1
        print("ok   a layer swapped for another image's: its diff_id (folder, tar, tar.gz)")
    except (AssertionError, json.JSONDecodeError, KeyError, StopIteration) as e:
        failed += 1
        print(f"FAIL a layer swapped for another image's: {e}")
    finally:
        shutil.rmtree(work)


swapped_layer()
damaged("a truncated archive", lambda b: b[: len(b) * 6 // 10], "archive-damaged")
damaged("a blob whose content was changed", flip_in_layer, "digest-mismatch")
damaged("a missing blob", without_a_manifest, "layout-missing-blob")


def diff(args, code=0):
    out = subprocess.run([binary, "diff", *args], capture_output=True, text=True, check=False)
    if out.returncode != code:
        raise AssertionError(f"exit {out.returncode}, not {code}: {out.stderr}")
    return out.stdout


def pair(name, a, b, kinds, verdict, more=(), then=None):
    """`ocilens diff` of two images made here: exactly `kinds` (in order), each explained in
    both languages, and the verdict; `then(json)` checks more."""
    global passed, failed
    try:
        args = [*more, a, b]
        v = json.loads(diff(["--format", "json", *args]))
        got = [c["kind"] for c in v["changes"]]
        assert got == kinds, f"changes {got}, not {kinds}"
        assert v["verdict"]["id"] == verdict, f"verdict {v['verdict']['id']}, not {verdict}"
        assert all(c["explanation"] and c["meaning"] for c in v["changes"]), "a change unexplained"
        ja = json.loads(diff(["--format", "json", "--lang", "ja", *args]))
        assert all(c["explanation"] != e["explanation"] for c, e in zip(ja["changes"], v["changes"])), \
            "a change not in Japanese"
        text = diff(args)
        assert all(c["label"] in text for c in v["changes"]), "a change missing from the text"
        diff(["--fail-on-diff", *args], 1 if kinds else 0)
        if then:
            then(v)
        passed += 1
        print(f"ok   diff: {name}")
    except (AssertionError, KeyError, json.JSONDecodeError) as e:
        failed += 1
        print(f"FAIL diff: {name}: {e}")


# Issue 14: pairs made by umoci and skopeo, each differing from pairs/base in one thing.
P = lambda d: os.path.join(images, "pairs", d)


def one_env(v):
    env = v["changes"][0]
    assert (env["subject"], env["left"], env["right"]) == ("MODE", "dev", "prod"), env


def one_layer(v):
    layer = v["changes"][0]["layer"]
    assert (layer["leftPosition"], layer["rightPosition"]) == (2, 2), layer
    assert layer["leftDiffId"] != layer["rightDiffId"], layer
    assert v["pairs"][0]["sharedLayers"] == 1


def only_times(v):
    # Set aside, nothing remains; the gate passes.
    s = json.loads(diff(["--format", "json", "--ignore-timestamps", P("base"), P("time")]))
    assert s["changes"] == [] and s["verdict"]["id"] == "only-timestamps" and s["setAside"] > 0, s
    diff(["--fail-on-diff", "--ignore-timestamps", P("base"), P("time")], 0)
    assert "SOURCE_DATE_EPOCH" in v["verdict"]["explanation"]


def recompressed(v):
    r = [c for c in v["changes"] if c["kind"] == "layer-recompressed"]
    assert len(r) == 2 and all(c["layer"]["leftDiffId"] == c["layer"]["rightDiffId"] for c in r), r
    assert "tar+zstd" in r[0]["explanation"], r[0]["explanation"]


def child_is_identical(v):
    amd64 = [p for p in v["pairs"] if p["scope"] == "linux/amd64"]
    assert len(amd64) == 1 and amd64[0]["verdict"] == "identical", v["pairs"]


# The pairs and exactly their differences: one table, also read by the page's test.
THEN = {"one env var": one_env, "one layer": one_layer, "only timestamps": only_times,
        "only compression": recompressed,
        "a multi-platform index against its single-platform child": child_is_identical}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pairs.json")) as f:
    PAIRS = json.load(f)["pairs"]
assert set(THEN) <= {p["name"] for p in PAIRS}
for p in PAIRS:
    pair(p["name"], os.path.join(images, p["a"]), os.path.join(images, p["b"]), p["kinds"],
         p["verdict"], then=THEN.get(p["name"]))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
