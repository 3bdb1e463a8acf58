#!/usr/bin/env python3
"""Checks the ocilens CLI's reading of what a real Docker printed (tests/realtools/docker.sh)
against what the registry holds: every `docker pull` id names its layer and the pulled manifest
is the registry's; every `docker history` step faces its config step and the layer it made
(compressed digest, size, diff_id); every `docker images` IMAGE ID is the config and DIGEST the
manifest; `ocilens explain` says which digest `docker inspect`'s Id, RepoDigests and
RootFS.Layers are. Exit 1 on a failure; 0, saying so, when the captures are absent (no daemon).

Usage: docker_check.py OCILENS_BINARY CAPTURES_DIR
"""
import hashlib
import json
import os
import subprocess
import sys

binary, d = os.path.abspath(sys.argv[1]), sys.argv[2]
if not os.path.isdir(d):
    print(f"no captures in {d} (the Docker daemon did not start here): nothing to check")
    sys.exit(0)
passed = failed = 0


def path(*p):
    return os.path.join(d, *p)


def read(*p):
    with open(path(*p), "rb") as f:
        return f.read()


def analyze(files):
    out = subprocess.run([binary, "analyze", "--format", "json", *files], capture_output=True,
                         text=True, check=False, cwd=d)
    if out.returncode != 0:
        raise AssertionError(f"exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def truth(name):
    m = read("registry", f"{name}-manifest.json")
    mj, cj = json.loads(m), json.loads(read("registry", f"{name}-config.json"))
    http = read("registry", f"{name}-manifest.http").decode()
    served = [l.split(":", 1)[1].strip() for l in http.splitlines()
              if l.lower().startswith("docker-content-digest:")]
    digest = "sha256:" + hashlib.sha256(m).hexdigest()
    assert served == [digest], f"{name}: registry says {served}, bytes hash to {digest}"
    return {
        "manifest": digest,
        "layers": [(l["digest"], l["size"]) for l in mj["layers"]],
        "config": mj["config"]["digest"],
        "history": [(h.get("created_by", ""), h.get("empty_layer", False)) for h in cj["history"]],
        "diff_ids": cj["rootfs"]["diff_ids"],
    }


def case(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"  ok    {name}")
    except AssertionError as e:
        failed += 1
        print(f"  FAIL  {name}: {e}")


app, base = truth("app"), truth("base")


def pulls():
    a = analyze(["pull-base.txt", "pull-app.txt", "registry/base-manifest.http",
                 "registry/app-manifest.http"])
    logs = a["pullLogs"]
    assert len(logs) == 2, logs
    for log, t in zip(logs, [base, app]):
        assert log["digest"] == t["manifest"], (log["digest"], t["manifest"])
        assert log["pulled"]["manifest"] == t["manifest"], log["pulled"]
        want = {l[7:19]: l for l, _ in t["layers"]}
        got = {i["id"]: [n["digest"] for n in i["names"]] for i in log["ids"]}
        assert got == {k: [v] for k, v in want.items()}, (got, want)
    shared = [i["id"] for i in logs[1]["ids"] if i["states"][-1] == "Already exists"]
    assert shared == [l[7:19] for l, _ in base["layers"]], shared


def pushes():
    a = analyze(["push-base.txt", "push-app.txt"] + [f"registry/{n}-{k}.json" for n in ("app", "base")
                                                     for k in ("manifest", "config")])
    logs = a["pullLogs"]
    assert [l["push"] for l in logs] == [True, True], logs
    for log, t in zip(logs, [base, app]):
        assert log["digest"] == t["manifest"], log
        want = {d[7:19]: [l] for d, (l, _) in zip(t["diff_ids"], t["layers"])}
        got = {i["id"]: [n["digest"] for n in i["names"]] for i in log["ids"]}
        assert got == want, (got, want)


def history(file):
    def check():
        a = analyze([file, "registry/app-manifest.json", "registry/app-config.json"])
        (t,) = a["dockerTables"]
        assert t["command"] == "history" and t["image"]["manifest"] == app["manifest"], t["image"]
        rows = list(reversed(t["rows"]))
        assert len(rows) == len(app["history"]), (len(rows), len(app["history"]))
        n = 0
        for row, (created_by, empty) in zip(rows, app["history"]):
            shown = row["what"].rstrip("…")
            assert " ".join(created_by.split()).startswith(" ".join(shown.split())), (row, created_by)
            if empty:
                assert row["layer"] is None, row
            else:
                layer = row["layer"]
                assert (layer["index"], layer["digest"], layer["size"], layer["diffId"]) == (
                    n + 1, app["layers"][n][0], app["layers"][n][1], app["diff_ids"][n]), layer
                n += 1
        assert n == len(app["layers"])
        assert [x["digest"] for x in t["rows"][0]["names"]] == [app["config"]], t["rows"][0]
    return check


def images(file):
    def check():
        a = analyze([file] + [f"registry/{n}-{k}.json" for n in ("app", "base")
                              for k in ("manifest", "config")])
        (t,) = a["dockerTables"]
        assert len(t["rows"]) == 2, t["rows"]
        for row, want in zip(t["rows"], [app, base]):
            kinds = {(x["kind"], x["digest"]) for x in row["names"]}
            assert ("config", want["config"]) in kinds, row
            if row["digest"] is not None:
                assert row["digest"] == want["manifest"] and ("manifest", want["manifest"]) in kinds, row
    return check


def explain():
    inspect = json.loads(read("inspect-app.json"))[0]
    files = ["registry/app-manifest.json", "registry/app-config.json"]
    asked = [(inspect["Id"], "config"), (inspect["RepoDigests"][0].split("@")[1], "manifest")]
    asked += [(l, "diff-id") for l in inspect["RootFS"]["Layers"]]
    asked += [(l, "layer") for l, _ in app["layers"]]
    for digest, role in asked:
        out = subprocess.run([binary, "explain", "--format", "json", digest, *files],
                             capture_output=True, text=True, check=False, cwd=d)
        assert out.returncode == 0, (digest, out.stdout, out.stderr)
        roles = {x["role"] for x in json.loads(out.stdout)["names"]}
        assert role in roles, (digest, role, roles)
    assert inspect["RootFS"]["Layers"] == app["diff_ids"]
    a = analyze(["inspect-app.json"] + files)
    (t,) = [x for x in a["dockerTables"] if x["command"] == "inspect"]
    assert [r["id"] for r in t["rows"]] == [inspect["Id"], asked[1][0]] + app["diff_ids"], t["rows"]
    assert [r["layer"]["digest"] for r in t["rows"][2:]] == [l for l, _ in app["layers"]], t["rows"]


def save():
    """Issue 12: Docker's own `docker save` (20.10: the format before Docker 25), opened as
    an archive: the entry is the image, tagged, its config and every layer's diff_id verified."""
    a = analyze(["save-app.tar"])
    (said,) = [f["message"] for f in a["findings"] if f["code"] == "archive"]
    assert "before Docker 25" in said, said
    assert not [f for f in a["findings"] if f["severity"] == "error"], a["findings"]
    (root,) = [n for n in a["tree"] if n["kind"] == "reference"]
    assert root["reference"].endswith("/app:1"), root["reference"]
    (m,) = root["children"]
    assert [c["kind"] for c in m["children"]] == ["config"] + ["layer"] * len(app["diff_ids"])
    assert m["children"][0]["digest"] == app["config"], m["children"][0]
    assert [c["digest"] for c in m["children"][1:]] == app["diff_ids"]
    assert all(c["verification"] == "verified" for c in m["children"]), m["children"]


print(f"what Docker printed in {d}, against the registry:")
case("docker pull: each id is its layer; Already exists for base's layers", pulls)
case("docker push: each id is a diff_id, naming its compressed layer", pushes)
for f in ["history.txt", "history-no-trunc.txt", "history-json.txt"]:
    case(f"{f}: each step faces its config step and its layer", history(f))
for f in ["images.txt", "images-digests.txt", "images-no-trunc.txt", "images-json.txt"]:
    case(f"{f}: IMAGE ID is the config, DIGEST the manifest", images(f))
case("docker save: the archive's image, config and layers verified", save)
case("ocilens explain and analyze: docker inspect's Id, RepoDigests, RootFS.Layers and the layers", explain)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
