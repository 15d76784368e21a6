#!/usr/bin/env bash
# Builds mediasoup-worker 3.27.1 once per machine against Debian's libraries, offline, and caches it
# outside the clone: ~/.cache/hotline/mediasoup-worker-3.27.1/mediasoup-worker (HOTLINE_CACHE_DIR or
# XDG_CACHE_HOME move it). npm's own install downloads a prebuilt worker or pip-installed meson and
# GitHub subprojects, none of which is reachable; telephony/worker_build/shims stand in for the
# subprojects (see docs/media.md). Idempotent: a second run prints the path and exits at once.
#
#   bash telephony/build_worker.sh          # or: npx -y deno@2.9.6 task media:build
#   bash telephony/build_worker.sh --path   # prints where the worker is (or will be) and exits
set -euo pipefail

VERSION=3.27.1
# Raise when the recipe changes the binary (shims, patches, flags): the cache is rebuilt.
RECIPE=1
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CACHE="${HOTLINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hotline}/mediasoup-worker-$VERSION"
BIN="$CACHE/mediasoup-worker"
STAMP="$CACHE/recipe"
BUILD_PACKAGES=(g++ meson ninja-build pkg-config libssl-dev libuv1-dev libsrtp2-dev libabsl-dev
  libflatbuffers-dev flatbuffers-compiler)
RUN_PACKAGES=(libuv1 libssl3 libsrtp2-1 libabsl20220623)

say() { echo "media:build: $*" >&2; }

if [ "${1:-}" = "--path" ]; then
  echo "$BIN"
  exit 0
fi

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: $missing"
    say "run as root:  apt-get update && apt-get install -y --no-install-recommends $missing"
    say "then again:   bash telephony/build_worker.sh"
    exit 1
  fi
  say "installing Debian packages: $missing"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

mkdir -p "$CACHE"
# Parallel test files, the start command and CI may all ask at once: one builds, the rest wait.
exec 9>"$CACHE.lock"
if ! flock -n 9; then
  say "another build is running; waiting for it"
  flock 9
fi

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$RECIPE" ]; then
  install_packages "${RUN_PACKAGES[@]}"
  say "mediasoup-worker $VERSION is built: $BIN"
  exit 0
fi

install_packages "${BUILD_PACKAGES[@]}"

# The worker's sources ship in the npm package; Deno's node_modules has it after `deno install`.
SRC="$ROOT/node_modules/.deno/mediasoup@$VERSION/node_modules/mediasoup"
if [ ! -d "$SRC/worker/src" ]; then
  say "mediasoup $VERSION is not in node_modules; fetching its package with npm"
  rm -rf "$CACHE/package" && mkdir -p "$CACHE/package"
  (cd "$CACHE/package" && npm pack --silent "mediasoup@$VERSION" >/dev/null &&
    tar -xzf "mediasoup-$VERSION.tgz" --strip-components=1 && rm "mediasoup-$VERSION.tgz")
  SRC="$CACHE/package"
fi

W="$CACHE/build/worker"
if [ ! -f "$W/.copied" ]; then
  say "copying the worker's sources to $W"
  rm -rf "$CACHE/build" && mkdir -p "$CACHE/build"
  cp -r "$SRC/worker" "$W"
  touch "$W/.copied"
fi

# Meson uses an existing subproject folder named like a wrap's "directory" without downloading.
for wrap in "$W"/subprojects/*.wrap; do
  name=$(basename "$wrap" .wrap)
  case "$name" in
  abseil-cpp | flatbuffers | libsrtp3 | libuv | openssl) shim=$name ;;
  unordered-dense | unordered_dense) shim=unordered_dense ;;
  *) continue ;; # catch2 (tests) and wingetopt (Windows) are not built
  esac
  dir=$(sed -n 's/^directory *= *//p' "$wrap")
  rm -rf "${W:?}/subprojects/$dir"
  cp -r "$HERE/worker_build/shims/$shim" "$W/subprojects/$dir"
done
# Debian bookworm ships meson 1.0.1; nothing newer is needed.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$W/meson.build"
# mediasoup bug: the BIO callback answers 1 to every ctrl, so Debian's KTLS-enabled OpenSSL thinks
# kernel TLS is on, allocates no write buffer and the worker dies at the first browser handshake.
sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1;/(operationType \& BIO_CB_RETURN) ? static_cast<long>(ret) : 1;/' \
  "$W/src/RTC/DtlsTransport.cpp"
if ! grep -q '(operationType & BIO_CB_RETURN)' "$W/src/RTC/DtlsTransport.cpp"; then
  say "the DtlsTransport BIO patch did not apply: re-check telephony/build_worker.sh against mediasoup $VERSION"
  exit 1
fi

B="$W/out/Release/build"
if [ ! -f "$B/build.ninja" ]; then
  say "configuring (meson, no downloads)"
  meson setup --wrap-mode=nodownload --buildtype=release -Db_ndebug=true "$B" "$W" >"$CACHE/meson.log" 2>&1 ||
    {
      tail -n 30 "$CACHE/meson.log" >&2
      say "meson setup failed (full log: $CACHE/meson.log)"
      exit 1
    }
fi
# libwebrtc sources include generated FBS headers without depending on their generator.
meson compile -C "$B" flatbuffers-generator >"$CACHE/fbs.log" 2>&1 ||
  {
    tail -n 30 "$CACHE/fbs.log" >&2
    say "generating the FlatBuffers headers failed (log: $CACHE/fbs.log)"
    exit 1
  }

say "compiling on $(nproc) cores (about 5 minutes on 2 cores; progress every 5 %)"
start=$(date +%s)
set +e
ninja -C "$B" -j"$(nproc)" mediasoup-worker 2>&1 | tee "$CACHE/ninja.log" | awk '
  /^\[[0-9]+\/[0-9]+\]/ {
    split(substr($1, 2, length($1) - 2), nm, "/"); n = nm[1]; m = nm[2]
    pct = int(100 * n / m)
    if (pct >= shown + 5 || n == m) { shown = pct; printf "media:build: [%d/%d] %d %%\n", n, m, pct > "/dev/stderr"; fflush("/dev/stderr") }
    next
  }
  { print > "/dev/stderr" }'
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  say "compiling failed (log: $CACHE/ninja.log); fix the cause and run again: it resumes"
  exit 1
fi
install -m755 -s "$B/mediasoup-worker" "$BIN"
echo "$RECIPE" >"$STAMP"
rm -rf "$CACHE/build" "$CACHE/package"
say "built in $(($(date +%s) - start)) s: $BIN"
