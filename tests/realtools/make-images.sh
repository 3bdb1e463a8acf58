#!/usr/bin/env bash
# Makes fresh images with real tools (umoci, buildah, skopeo), offline, into $1:
#   oci-single/    umoci OCI layout, one linux/amd64 image
#   oci-multi/     buildah-pushed OCI layout: index linux/amd64, linux/arm64, linux/arm/v7
#   docker-single/ skopeo `dir:` copy of the amd64 image as Docker schema2 (loose files)
#   docker-multi/  buildah-pushed Docker manifest list + schema2 manifests (loose files)
#   loose-oci/     the OCI index, manifests and configs of oci-multi as loose files
#   archives/      the same images as archives (issue 12): skopeo `oci-archive:` (multi-platform,
#                  also gzip- and zstd-compressed whole, and one with zstd layers) and skopeo
#                  `docker-archive:` (the `docker save` format before Docker 25); podman save
#                  (`podman-docker.tar`, `podman-multi.tar` of two images, one untagged, and
#                  `podman-oci.tar`); containerd's exporter, as Docker 25+ with the containerd image
#                  store uses it (`ctr-all.tar`, every platform; `ctr-arm64.tar`, one platform)
#   pairs/         images to compare (issue 14), each an OCI layout differing from pairs/base in
#                  one thing: env (one env var), layer (one layer's content), time (only the
#                  timestamps), zstd (only the layers' compression, recompressed by skopeo)
# Used by tests/realtools/check.py. Needs: umoci, buildah, skopeo, podman, containerd (scripts/setup
# installs them).
set -euo pipefail
out=$(realpath -m "$1")
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
ctrd_pid=""
cleanup() {
  [ -z "$ctrd_pid" ] || { kill "$ctrd_pid" 2>/dev/null; wait "$ctrd_pid" 2>/dev/null || true; }
  buildah --storage-driver vfs manifest rm localhost/ocilens-test >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export STORAGE_DRIVER=vfs
cd "$work"
printf 'hello from ocilens tests\n' > hello
touch -d '2024-01-01T00:00:00Z' hello   # same bytes and mtime: the layer is shared by every image
umoci init --layout lay
for arch in amd64 arm64 arm; do
  umoci new --image "lay:$arch"
  umoci config --image "lay:$arch" --os linux --architecture "$arch" --config.cmd /hello \
    --created 2024-01-01T00:00:00Z
  umoci insert --image "lay:$arch" hello /hello
done
umoci gc --layout lay

# oci-single: a layout holding only the amd64 image.
skopeo copy --quiet oci:lay:amd64 "oci:$out/oci-single:latest"

# A real multi-platform index, made by buildah from the three images.
buildah manifest rm localhost/ocilens-test >/dev/null 2>&1 || true
buildah manifest create localhost/ocilens-test >/dev/null
buildah manifest add localhost/ocilens-test oci:lay:amd64 >/dev/null
buildah manifest add localhost/ocilens-test oci:lay:arm64 >/dev/null
buildah manifest add --variant v7 localhost/ocilens-test oci:lay:arm >/dev/null
buildah manifest push --quiet --all localhost/ocilens-test "oci:$out/oci-multi:latest"
buildah manifest push --quiet --all --format v2s2 localhost/ocilens-test "dir:$out/docker-multi"

skopeo copy --quiet --format v2s2 oci:lay:amd64 "dir:$out/docker-single"

# Loose files: every JSON blob of the multi-platform layout, named by its digest.
mkdir -p "$out/loose-oci"
for f in "$out"/oci-multi/blobs/sha256/*; do
  if head -c1 "$f" | grep -q '{'; then cp "$f" "$out/loose-oci/$(basename "$f").json"; fi
done
# Archives, as people hand them around.
mkdir -p "$out/archives"
skopeo copy --quiet --all "oci:$out/oci-multi:latest" "oci-archive:$out/archives/oci-multi.tar:latest"
gzip -n -c "$out/archives/oci-multi.tar" > "$out/archives/oci-multi.tar.gz"
zstd -q -c "$out/archives/oci-multi.tar" > "$out/archives/oci-multi.tar.zst"
skopeo copy --quiet --dest-compress-format zstd --dest-compress oci:lay:amd64 \
  "oci-archive:$out/archives/zstd-layers.tar:latest"
skopeo copy --quiet oci:lay:amd64 "docker-archive:$out/archives/docker-archive.tar:localhost/app:1"
# Pairs to compare: base, and images that differ from it in one thing each.
mkdir -p pairs-src "$out/pairs"
printf 'app 1\n' > pairs-src/app1
printf 'app 2\n' > pairs-src/app2
touch -d '2024-01-01T00:00:00Z' pairs-src/app1 pairs-src/app2
umoci init --layout pl
pair() { # name MODE created app-file
  umoci new --image "pl:$1"
  umoci config --image "pl:$1" --no-history --os linux --architecture amd64 \
    --config.cmd /app --config.env "MODE=$2" --created "$3"
  umoci insert --image "pl:$1" --history.created "$3" --history.created_by "COPY hello /hello" \
    hello /hello
  umoci insert --image "pl:$1" --history.created "$3" --history.created_by "COPY app /app" \
    "pairs-src/$4" /app
  skopeo copy --quiet "oci:pl:$1" "oci:$out/pairs/$1:latest"
}
pair base dev 2024-01-01T00:00:00Z app1
pair env prod 2024-01-01T00:00:00Z app1
pair layer dev 2024-01-01T00:00:00Z app2
pair time dev 2025-06-30T12:00:00Z app1
skopeo copy --quiet --dest-compress-format zstd --dest-compress "oci:pl:base" \
  "oci:$out/pairs/zstd:latest"
# podman save, from podman's own store: one image with two tags, and a second image saved by
# its ID (no tag), as docker-archive (podman links `<id>/layer.tar` to `<hex>.tar`) and oci-archive.
pod() { podman --storage-driver vfs --root "$work/pod/root" --runroot "$work/pod/run" "$@"; }
app=$(pod pull -q oci:lay:amd64)
pod tag "$app" localhost/ocilens/app:1 localhost/ocilens/app:latest
other=$(pod pull -q oci:pl:env)
pod save -q -o "$out/archives/podman-docker.tar" localhost/ocilens/app:1
pod save -q -m -o "$out/archives/podman-multi.tar" localhost/ocilens/app:1 localhost/ocilens/app:latest "$other"
pod save -q --format oci-archive -o "$out/archives/podman-oci.tar" localhost/ocilens/app:1
# The containerd image store: containerd's exporter (what `docker save` uses with that store) on
# the multi-platform index, imported whole; exported whole and for one platform.
mkdir -p "$work/ctrd"
printf '%s\n' 'version = 2' "root = \"$work/ctrd/root\"" "state = \"$work/ctrd/state\"" \
  'disabled_plugins = ["io.containerd.grpc.v1.cri"]' '[grpc]' "address = \"$work/ctrd/sock\"" \
  > "$work/ctrd/config.toml"
containerd --config "$work/ctrd/config.toml" >"$work/ctrd/log" 2>&1 &
ctrd_pid=$!
ctr() { command ctr --address "$work/ctrd/sock" "$@"; }
for _ in $(seq 100); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done
ctr images import --all-platforms --no-unpack --base-name localhost/ocilens/multi \
  "$out/archives/oci-multi.tar" >/dev/null
ctr images export --all-platforms "$out/archives/ctr-all.tar" localhost/ocilens/multi:latest
ctr images export --platform linux/arm64 "$out/archives/ctr-arm64.tar" localhost/ocilens/multi:latest
echo "made images in $out"
