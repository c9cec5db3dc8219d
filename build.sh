#!/usr/bin/env bash
# Builds the static site into dist/ and runs the tests.
#
#   ./build.sh          install what is missing, then build dist/
#   ./build.sh serve    build, then serve dist/ on http://127.0.0.1:8000/
#   ./build.sh test     build, then run every test
#   ./build.sh bench    build, then run the benchmarks
#
# A fresh machine needs nothing else: each install step below is skipped
# when its tool is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

CRATE=backprop_playground
WASM_TARGET=wasm32-unknown-unknown
DIST=dist

step() { printf '\n==> %s\n' "$*"; }

# Runs a command as root, through sudo when we are not root already.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_rust_target() {
  step "rust target $WASM_TARGET"
  rustup target add "$WASM_TARGET"
}

install_rust_components() {
  step "rustfmt and clippy"
  rustup component add rustfmt clippy
}

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
install_wasm_bindgen() {
  local want have
  want=$(cargo pkgid wasm-bindgen | sed 's/.*@//')
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null; then
    return
  fi
  step "wasm-bindgen-cli $want (compiles once, a few minutes)"
  # Not --locked: the CLI's own lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$want"
}

install_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return
  fi
  step "chromium and chromedriver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
}

# npm writes node_modules/.package-lock.json on every install; it marks
# when node_modules last matched package-lock.json.
install_npm() {
  if [ -f node_modules/.package-lock.json ] &&
    ! [ package-lock.json -nt node_modules/.package-lock.json ]; then
    return
  fi
  step "npm ci"
  npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
}

install() {
  install_rust_target
  install_wasm_bindgen
  install_npm
}

build() {
  step "cargo build (release, $WASM_TARGET)"
  cargo build --release --target "$WASM_TARGET" --lib

  rm -rf "$DIST"
  mkdir -p "$DIST"

  step "wasm-bindgen"
  wasm-bindgen --target web --out-dir "$DIST/pkg" \
    "target/$WASM_TARGET/release/$CRATE.wasm"

  step "wasm-opt -Oz --converge --flatten --rereloop -Oz"
  local wasm="$DIST/pkg/${CRATE}_bg.wasm" before
  before=$(wc -c <"$wasm")
  # The producers and target-features sections only describe the build; browsers ignore them.
  # --converge repeats the passes while they still shrink the module.
  # --low-memory-unused lets it fold a constant added to an address into the
  # load or store: Rust puts the stack first, 1 MB of it growing down from
  # 1 MB, and the data and heap above, so nothing lives in the lowest 1 KB.
  # --flatten --rereloop then -Oz again rebuilds each function's branches
  # from scratch, which -Oz alone leaves about 340 bytes gzipped larger.
  node_modules/.bin/wasm-opt -Oz --converge --flatten --rereloop -Oz --low-memory-unused --strip-producers --strip-target-features "$wasm" -o "$wasm.tmp"
  mv "$wasm.tmp" "$wasm"
  echo "$wasm: $before -> $(wc -c <"$wasm") bytes"

  step "site"
  if [ -d www ]; then cp -r www/. "$DIST/"; fi
  node scripts/preload.mjs "$DIST/index.html"
  # The modules and stylesheets minified, each file on its own (no bundle),
  # with a source map that holds the readable source for the browser's tools:
  # a figure in an article loads less than half the bytes of the commented
  # source (bench/RESULTS.md, "Size").
  node_modules/.bin/esbuild www/*.js www/*.css --minify --sourcemap --outdir="$DIST" --log-level=warning --log-override:duplicate-object-key=error
  node_modules/.bin/esbuild "$DIST/pkg/$CRATE.js" --minify --outfile="$DIST/pkg/$CRATE.js" --allow-overwrite --log-level=warning
  local katex=node_modules/katex
  mkdir -p "$DIST/vendor/katex"
  cp "$katex/dist/katex.min.js" "$katex/dist/katex.min.css" \
    "$katex/LICENSE" "$DIST/vendor/katex/"
  cp -r "$katex/dist/fonts" "$DIST/vendor/katex/"
  echo "built $DIST/ ($(du -sh "$DIST" | cut -f1))"
}

# Runs every test, even after a failure, then fails if any did.
run_tests() {
  local failed=()
  # check NAME COMMAND...: runs one test step and remembers a failure.
  check() {
    local name=$1
    shift
    step "$name"
    "$@" || failed+=("$name")
  }

  # rustfmt colours its diff even into a log file; only colour a terminal.
  local fmt_color=never
  if [ -t 1 ]; then fmt_color=auto; fi
  check "cargo fmt --check" cargo fmt --all --check -- --color "$fmt_color"
  check "cargo clippy" cargo clippy --all-targets -- -D warnings
  check "cargo test" cargo test
  check "cargo test (wasm)" cargo test --target "$WASM_TARGET" --workspace --lib

  local browser=(tests/browser/*.test.mjs)
  if [ -e "${browser[0]}" ]; then
    # A test that hangs (a page that never becomes ready) fails instead of stalling CI.
    check "browser tests" node --test --test-timeout=180000 "${browser[@]}"
  else
    step "browser tests"
    echo "no tests/browser/*.test.mjs yet; skipped"
  fi

  if [ ${#failed[@]} -gt 0 ]; then
    printf '\nfailed:\n' >&2
    printf '  %s\n' "${failed[@]}" >&2
    return 1
  fi
}

case "${1:-build}" in
  build)
    install
    build
    ;;
  serve)
    install
    build
    step "serving $DIST/"
    exec node tests/server.mjs "$DIST" "${2:-8000}"
    ;;
  test)
    install
    install_rust_components
    install_chromium
    build
    run_tests
    ;;
  bench)
    if [ -f bench/run.mjs ]; then
      install
      build
      step "bench"
      node bench/run.mjs "${@:2}"
    else
      echo "no bench/run.mjs yet; nothing to run"
    fi
    ;;
  *)
    echo "usage: $0 [build|serve|test|bench]" >&2
    exit 2
    ;;
esac
