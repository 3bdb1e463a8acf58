#!/usr/bin/env bash
# Makes two images with a real Docker daemon (Debian's docker.io, the classic image store) and
# captures what Docker prints about them, into $1:
#   base, app          the images: `base` is busybox plus random bytes; `app` is FROM base (its
#                      two layers shared) with a LABEL, an ENV, a COPY of random bytes, a WORKDIR
#   push-*.txt         `docker push` of each to a real registry (Debian's docker-registry)
#   pull-*.txt         `docker pull` of each after removing them: base first, so app's pull
#                      prints `Already exists` for the two layers it shares
#   history*.txt       `docker history` of the pulled app (`<missing>` rows), with --no-trunc and
#                      --format json
#   images*.txt        `docker images`, with --digests, --no-trunc --digests and --format json
#   inspect-app.json   `docker inspect` of the pulled app
#   registry/          what the registry holds (curl -i of the manifests, the configs' bytes),
#                      the truth the captures are checked against (tests/realtools/docker_check.py)
#   save-app.tar       `docker save` of app (the pre-25 format: manifest.json, <id>/layer.tar)
# Needs: dockerd (docker.io), docker CLI, docker-registry, busybox-static, curl (scripts/setup).
# Says so and exits 0 when the daemon cannot start here (an unprivileged container).
set -euo pipefail
out=$(realpath -m "$1")
rm -rf "$out" && mkdir -p "$out/registry"
T=$(mktemp -d /tmp/ocilens-docker.XXXXXX)
cleanup() {
  [ -f "$T/dockerd.pid" ] && kill "$(cat "$T/dockerd.pid")" 2>/dev/null || true
  [ -f "$T/registry.pid" ] && kill "$(cat "$T/registry.pid")" 2>/dev/null || true
  for _ in $(seq 50); do
    pgrep -f "data-root $T/data" >/dev/null || break
    sleep 0.1
  done
  # vfs leaves read-only files; the daemon's mounts are gone once it stopped.
  rm -rf "$T" 2>/dev/null || true
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$T/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $T/storage
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$T/registry.yml" >"$T/registry.log" 2>&1 &
echo $! >"$T/registry.pid"

dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
  --data-root "$T/data" --exec-root "$T/exec" --pidfile "$T/dockerd.pid" \
  -H "unix://$T/sock" >"$T/dockerd.log" 2>&1 &
export DOCKER_HOST="unix://$T/sock" DOCKER_BUILDKIT=0 DOCKER_CONFIG="$T/config"
for _ in $(seq 100); do
  docker version >/dev/null 2>&1 && break
  sleep 0.2
done
if ! docker version >/dev/null 2>&1; then
  echo "the Docker daemon does not start here (see below): no captures made"
  tail -5 "$T/dockerd.log"
  rm -rf "$out"
  exit 0
fi
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null

reg="127.0.0.1:$port/ocilens"
mkdir -p "$T/base" "$T/app"
cp /bin/busybox "$T/base/busybox"
head -c 200000 /dev/urandom >"$T/base/base.bin"
cat >"$T/base/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
COPY base.bin /data/base.bin
ENV PATH=/bin
CMD ["/bin/busybox", "sh"]
EOF
head -c 300000 /dev/urandom >"$T/app/app.bin"
cat >"$T/app/Dockerfile" <<EOF
FROM $reg/base:1
LABEL org.opencontainers.image.title=app
ENV APP_MODE=test
COPY app.bin /app/app.bin
WORKDIR /app
CMD ["/bin/busybox", "ls", "-l", "/app"]
EOF
# The legacy builder prints a deprecation notice on stderr; only the ids matter here.
docker build -q -t "$reg/base:1" "$T/base" >/dev/null 2>&1
docker build -q -t "$reg/app:1" "$T/app" >/dev/null 2>&1
docker push "$reg/base:1" >"$out/push-base.txt"
docker push "$reg/app:1" >"$out/push-app.txt"
docker save -o "$out/save-app.tar" "$reg/app:1"

# Pull them back into an empty store: base first, then app (sharing base's two layers).
docker rmi -f "$reg/app:1" "$reg/base:1" >/dev/null
docker image prune -af >/dev/null
docker pull "$reg/base:1" >"$out/pull-base.txt"
docker pull "$reg/app:1" >"$out/pull-app.txt"
docker history "$reg/app:1" >"$out/history.txt"
docker history --no-trunc "$reg/app:1" >"$out/history-no-trunc.txt"
docker history --format json "$reg/app:1" >"$out/history-json.txt"
docker images >"$out/images.txt"
docker images --digests >"$out/images-digests.txt"
docker images --no-trunc --digests >"$out/images-no-trunc.txt"
docker images --format json >"$out/images-json.txt"
docker inspect "$reg/app:1" >"$out/inspect-app.json"

# What the registry holds, as a registry client sees it.
accept="application/vnd.docker.distribution.manifest.v2+json"
for name in base app; do
  curl -fsS -i -H "Accept: $accept" "http://127.0.0.1:$port/v2/ocilens/$name/manifests/1" \
    >"$out/registry/$name-manifest.http"
  curl -fsS -H "Accept: $accept" "http://127.0.0.1:$port/v2/ocilens/$name/manifests/1" \
    >"$out/registry/$name-manifest.json"
  config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"])' \
    "$out/registry/$name-manifest.json")
  curl -fsS -L "http://127.0.0.1:$port/v2/ocilens/$name/blobs/$config" >"$out/registry/$name-config.json"
done
echo "$reg" >"$out/registry/repository.txt"
docker version --format '{{.Client.Version}} {{.Server.Version}}' >"$out/registry/versions.txt"
echo "captured into $out: $(ls "$out" | tr '\n' ' ')"
