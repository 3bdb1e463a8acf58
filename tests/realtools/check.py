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


def case(name, paths, platforms, min_verified):
    """platforms: the platforms the manifests must show (from index and config alike)."""
    global passed, failed
    try:
        a = analyze(paths)
        claims = [(d["index"], c) for d in a["documents"] for c in d["claimedDigests"]]
        bad = [(i, c) for i, c in claims if c["verdict"] != "match"]
        assert not bad, f"claims not matching: {bad}"
        for d in a["documents"]:
            assert d["exact"], f"document {d['index']} not exact"
            assert d["digest"] is not None, f"document {d['index']} has no digest"
        errors = [f for f in a["findings"] if f["severity"] == "error"]
        assert not errors, f"error findings: {errors}"
        nodes = list(walk(a["tree"]))
        verified = [n for n in nodes if n["verification"] == "verified"]
        assert len(verified) >= min_verified, f"{len(verified)} verified nodes < {min_verified}"
        manifests = [n for n in nodes if n["kind"] == "manifest"]
        seen = sorted(n["platform"] for n in manifests if n["platform"])
        assert seen == sorted(platforms), f"manifest platforms {seen} != {sorted(platforms)}"
        for m in manifests:
            configs = [c for c in m["children"] if c["kind"] == "config"]
            assert len(configs) == 1, f"manifest {m['digest']} has {len(configs)} configs"
            doc = configs[0]["document"]
            assert doc is not None, f"config of {m['digest']} not provided"
            cfg_platform = a["documents"][doc]["platform"]
            # The config carries os/arch; the index may add a variant the config lacks.
            assert m["platform"].startswith(cfg_platform), \
                f"index says {m['platform']}, config says {cfg_platform}"
        layers = [n for n in nodes if n["kind"] == "layer"]
        if len(manifests) > 1:
            assert layers and all(n["shared"] for n in layers), "the common layer is not marked shared"
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
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
