#!/usr/bin/env bash
# Issue 12's benchmark (not a test): a 1 GiB archive of many layers of random content, made by
# umoci and skopeo, verified by the ocilens CLI and by the page in headless Chromium
# (tests/bench/archive-page.mjs, over dist/ as scripts/build makes it), each as a ratio to
# coreutils `sha256sum` of the same bytes, measured in one run.
# Usage: tests/bench/archive.sh [OCILENS_BINARY] [MiB] [layers]
# (defaults: target/native/ocilens, 1024, 16). Prints a table for the README.
set -euo pipefail
bin=${1:-target/native/ocilens}
mib=${2:-1024}
layers=${3:-16}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$PWD
cd "$work"
umoci init --layout lay >/dev/null
umoci new --image lay:big >/dev/null
per=$((mib / layers))
for i in $(seq 1 "$layers"); do
  head -c "$((per << 20))" /dev/urandom > "blob$i"
  umoci insert --image lay:big "blob$i" "/blob$i" >/dev/null
  rm "blob$i"
done
umoci gc --layout lay
skopeo copy --quiet oci:lay:big oci-archive:big.tar:latest
size=$(stat -c %s big.tar)
# Warm the page cache first, so both read from memory.
cat big.tar > /dev/null
t() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); printf '%.3f' "$(echo "$e - $s" | bc)"; }
sha=$(t sha256sum big.tar)
cli=$(t "$OLDPWD/$bin" analyze --fail-on error big.tar)
cli1=$(t taskset -c 0 "$OLDPWD/$bin" analyze --fail-on error big.tar)
rate() { echo "scale=0; $size / $1 / 1048576" | bc; }
ratio() { printf '%.2f' "$(echo "scale=4; $sha / $1" | bc)"; }
echo "archive: $size bytes, $layers layers, $(nproc) cores"
echo "| reader | time (s) | MiB/s | ratio to sha256sum |"
echo "|---|---|---|---|"
echo "| coreutils sha256sum | $sha | $(rate "$sha") | 1.00 |"
echo "| ocilens analyze (all cores) | $cli | $(rate "$cli") | $(ratio "$cli") |"
echo "| ocilens analyze (one core) | $cli1 | $(rate "$cli1") | $(ratio "$cli1") |"
if [ -f "$here/dist/index.html" ]; then
  node "$here/tests/bench/archive-page.mjs" big.tar > page.jsonl
  while read -r line; do
    w=$(echo "$line" | jq -r .workers); s=$(echo "$line" | jq -r .seconds)
    grow=$(echo "$line" | jq -r '.rendererGrowth / 1048576 | floor'); wasm=$(echo "$line" | jq -r '.wasmPeak / 1048576 | floor')
    echo "| page, $w hashing worker(s) | $(printf '%.3f' "$s") | $(rate "$s") | $(ratio "$s") (renderer +$grow MiB, wasm $wasm MiB) |"
  done < page.jsonl
fi
