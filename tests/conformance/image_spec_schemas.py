#!/usr/bin/env python3
"""The image-spec's own JSON schemas as the oracle of ocilens' spec findings (issue 9).

Every test document of the image-spec (`schema/*_test*/`, `examples/`, in
`../shared/fixtures/peer/image-spec/`) is validated by PyPI `jsonschema` against the image-spec's
schemas, plus the three checks the image-spec's Go validator (`schema/validator.go`) makes beyond
the schemas, applied to every descriptor as distribution and containerd apply them:

- go-digest's `Validate`: a registered algorithm (sha256, sha384, sha512) has exactly its length
  of lowercase hex;
- Go's JSON decoding of `data` into bytes: standard base64 with its padding;
- a config's `Env` entries match `^[^=]+=.*$`.

Each document is then analysed alone by the ocilens CLI, and:

- where the oracle refuses something, ocilens has an error or a warning at the same place: the
  same JSON path, or the object that holds it (a missing property is the object's; ocilens names a
  bad digest on its descriptor). A document that is not JSON needs an error or warning anywhere.
- where the oracle accepts the document, ocilens has no error, and no warning but those that are
  about use rather than the spec (ALLOWED_WARNINGS, docs/conformance.md).

Beyond the test documents, every OCI index and manifest (its own `mediaType` says so) in the rest
of the peer corpus and in `tests/fixtures/` gets the first rule: what the oracle refuses, ocilens
flags at the same place. (Not the second: ocilens checks more than a schema can, such as `data`
against its digest, or two entries for one platform.)

The file names say what the Go test expects (`-valid`, `-invalid`); where they and the oracle
disagree, the case is listed (KNOWN_MISLABELLED says why) and the oracle decides.

Usage: image_spec_schemas.py OCILENS_BINARY
"""
import base64
import json
import pathlib
import re
import subprocess
import sys

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "fixtures" / "peer" / "image-spec"

# The names each schema file is known by: its `id`s and the relative `$ref`s resolved against
# them (the Go validator registers the same aliases).
BASES = ("https://opencontainers.org/schema/", "https://opencontainers.org/schema/image/",
         "https://opencontainers.org/schema/image/descriptor/")

SCHEMA_OF = {
    "manifest": "image-manifest-schema.json",
    "imageIndex": "image-index-schema.json",
    "config": "config-schema.json",
    "descriptor": "content-descriptor.json",
    "imageLayout": "image-layout-schema.json",
}

KIND_OF_TYPE = {
    "application/vnd.oci.descriptor.v1+json": "descriptor",
    "application/vnd.oci.image.index.v1+json": "imageIndex",
    "application/vnd.oci.image.manifest.v1+json": "manifest",
    "application/vnd.oci.image.config.v1+json": "config",
    "application/vnd.oci.layout.header.v1+json": "imageLayout",
}

# Warnings about how a document will be used, not about the spec: a schema-valid document may
# get them. An algorithm other than sha256/sha384/sha512 is valid grammar that Docker and
# containerd cannot pull; an index entry without a platform is valid and chosen by no pull.
ALLOWED_WARNINGS = {"unsupported-digest-algorithm", "entry-without-platform"}

# Test documents whose file name says the opposite of the Go test's table: case 29 of
# descriptor_test.go ("for those who cannot use modulo arithmetic to recover padding") has no
# `fail: true`, so the test expects it to pass; the extraction named it `-invalid`.
KNOWN_MISLABELLED = {
    "schema/descriptor_test/29-descriptor-invalid.json",
    "schema/descriptor_test_as_layer/29-descriptor-as-layer-invalid.json",
}

GO_DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
ENV = re.compile(r"^[^=]+=.*$")


def registry():
    reg = Registry()
    for p in sorted((SPEC / "schema").glob("*.json")):
        resource = Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT4)
        for base in BASES:
            reg = reg.with_resource(base + p.name, resource)
    return reg


def jpath(parts):
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def descriptors(doc, kind):
    """(path, descriptor) of every descriptor object in a document of `kind`."""
    if not isinstance(doc, dict):
        return
    if kind == "descriptor":
        yield "$", doc
        return
    for key in ("manifests", "layers"):
        items = doc.get(key)
        if isinstance(items, list):
            for i, d in enumerate(items):
                if isinstance(d, dict):
                    yield f"$.{key}[{i}]", d
    for key in ("config", "subject"):
        if isinstance(doc.get(key), dict):
            yield f"$.{key}", doc[key]


def go_checks(doc, kind):
    """What validator.go (and Go's decoding) refuses beyond the schema: (path, why)."""
    out = []
    for path, d in descriptors(doc, kind):
        digest = d.get("digest")
        if isinstance(digest, str) and ":" in digest:
            alg, enc = digest.split(":", 1)
            n = GO_DIGEST_LENGTHS.get(alg)
            if n is not None and not re.fullmatch(f"[a-f0-9]{{{n}}}", enc):
                out.append((f"{path}.digest", f"go-digest: {alg} wants {n} lowercase hex"))
        data = d.get("data")
        if isinstance(data, str):
            try:
                base64.b64decode(data, validate=True)
            except ValueError:
                out.append((f"{path}.data", "Go: data is not padded standard base64"))
    if kind == "config" and isinstance(doc, dict):
        env = (doc.get("config") or {}).get("Env") if isinstance(doc.get("config"), dict) else None
        for i, e in enumerate(env if isinstance(env, list) else []):
            if isinstance(e, str) and not ENV.match(e):
                out.append((f"$.config.Env[{i}]", f"validator.go: env {e!r}"))
    return out


def oracle(path, kind, validator):
    """The places the oracle refuses, as (JSON path or None for the document, why)."""
    try:
        doc = json.loads(path.read_bytes())
    except ValueError as e:
        return [(None, f"not JSON: {e}")]
    places = [(jpath(e.absolute_path), e.message[:120]) for e in validator.iter_errors(doc)]
    return places + go_checks(doc, kind)


def cases():
    """(relative name, kind) of every test document."""
    for d in sorted((SPEC / "schema").glob("*_test*")):
        for f in sorted(d.glob("*.json")):
            # `NN-<kind>-valid.json`; the documents of `descriptor_test_as_layer` are manifests.
            kind = "manifest" if "as-layer" in f.name else f.stem.split("-", 1)[1].rsplit("-", 1)[0]
            yield f, kind
    # The spec's examples are code blocks marked with a media type, which PROVENANCE's
    # manifest.json keeps (an example in manifest.md may be a descriptor).
    listed = json.loads((SPEC.parent / "manifest.json").read_text())
    for e in listed:
        if e["kind"] == "spec-example":
            yield SPEC.parent / e["file"], KIND_OF_TYPE[e["mediaType"]]


def others():
    """(path, kind) of every other OCI index and manifest: the peers' and our captures."""
    kinds = {"application/vnd.oci.image.index.v1+json": "imageIndex",
             "application/vnd.oci.image.manifest.v1+json": "manifest"}
    files = [p for p in (SPEC.parent).rglob("*") if p.is_file() and SPEC not in p.parents]
    files += list((ROOT / "tests" / "fixtures").rglob("*.json"))
    for f in sorted(files):
        try:
            doc = json.loads(f.read_bytes())
        except ValueError:
            continue
        if isinstance(doc, dict) and "schemaVersion" in doc and doc.get("mediaType") in kinds:
            yield f, kinds[doc["mediaType"]]


def loud_findings(binary, f):
    """ocilens' errors and warnings for file `f` alone, as (severity, code, path); or None."""
    out = subprocess.run([binary, "analyze", "--format", "json", str(f)],
                         capture_output=True, text=True, check=False)
    try:
        findings = json.loads(out.stdout)["findings"]
    except ValueError:
        return None
    return [(x["severity"], x["code"], x["location"].get("path")) for x in findings
            if x["severity"] in ("error", "warning")]


def same_place(ours, theirs):
    """ocilens' path is the oracle's, or the object that holds it."""
    if theirs is None:
        return True
    if ours is None:
        return False
    return ours == theirs or re.fullmatch(re.escape(ours) + r"(\.[^.\[]+|\[\d+\])", theirs)


def main():
    binary = sys.argv[1]
    if not SPEC.is_dir():
        print(f"{SPEC}: not here (shared/ is absent), so nothing to check")
        return 0
    reg = registry()
    validators = {}
    failures, mislabelled, n_valid, n_invalid, places = [], [], 0, 0, 0
    for f, kind in cases():
        name = str(f.relative_to(SPEC))
        schema_file = SCHEMA_OF[kind]
        if schema_file not in validators:
            schema = json.loads((SPEC / "schema" / schema_file).read_text())
            validators[schema_file] = Draft4Validator(
                schema, registry=reg, format_checker=Draft4Validator.FORMAT_CHECKER)
        refused = oracle(f, kind, validators[schema_file])
        named_invalid = f.stem.endswith("-invalid")  # the examples are all valid
        if named_invalid != bool(refused):
            mislabelled.append(name)
        loud = loud_findings(binary, f)
        if loud is None:
            failures.append(f"{name}: ocilens gave no JSON")
            continue
        if refused:
            n_invalid += 1
            for where, why in refused:
                places += 1
                if not any(same_place(p, where) for _, _, p in loud):
                    failures.append(f"{name}: the oracle refuses {where or 'the document'} ({why}); "
                                    f"ocilens says {loud or 'nothing'}")
        else:
            n_valid += 1
            extra = [x for x in loud if x[0] == "error" or x[1] not in ALLOWED_WARNINGS]
            if extra:
                failures.append(f"{name}: valid for the oracle, but ocilens says {extra}")
    print(f"{n_valid + n_invalid} image-spec test documents: {n_valid} valid, {n_invalid} refused "
          f"at {places} places")
    n_others = n_refused = 0
    for f, kind in others():
        n_others += 1
        schema_file = SCHEMA_OF[kind]
        refused = oracle(f, kind, validators[schema_file])
        n_refused += bool(refused)
        loud = loud_findings(binary, f) if refused else []
        for where, why in refused:
            if loud is None or not any(same_place(p, where) for _, _, p in loud):
                failures.append(f"{f}: the oracle refuses {where or 'the document'} ({why}); "
                                f"ocilens says {loud or 'nothing'}")
    print(f"{n_others} other OCI indexes and manifests (peers', ours): {n_refused} refused, "
          f"each must be flagged where the schema refuses it")
    for name in mislabelled:
        note = "known: the Go test expects it to pass" if name in KNOWN_MISLABELLED else "UNEXPECTED"
        print(f"  file name and oracle disagree: {name} ({note})")
    failures += [f"{n}: the file name and the oracle disagree" for n in mislabelled
                 if n not in KNOWN_MISLABELLED]
    failures += [f"{n}: listed as mislabelled but the oracle agrees with its name"
                 for n in KNOWN_MISLABELLED if n not in mislabelled]
    for x in failures:
        print(f"FAIL {x}")
    if n_valid + n_invalid < 80:
        failures.append("fewer test documents than expected")
        print("FAIL fewer than 80 test documents")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
