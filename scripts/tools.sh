#!/usr/bin/env bash
# Installs the tools that build Pledgebook, each only when it is missing or at the wrong version.
# Everything comes from crates.io, the npm registry or Debian's packages. Sourced by demo and test.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
# moto in server mode is the S3-protocol server that the evidence-store tests run on loopback.
MOTO_VERSION=5.2.5
# wasm-bindgen-cli must equal the wasm-bindgen crate pinned in Cargo.toml (and so in Cargo.lock).
WASM_BINDGEN_VERSION="$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p}' Cargo.lock)"

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n==> [%4d s] %s\n' "$SECONDS" "$*"; }

# CI clones the project into a new folder for every run. Built there, every file would look new
# to cargo, which compares modification times, and rustc's incremental cache, which is kept per
# folder, would not apply: the workspace's own crates would be compiled from scratch every time
# (about 12 minutes on 2 cores). So under CI a clean clone is tested from one lasting checkout of
# the same commit, which git moves to that commit by rewriting only the files that differ. Its
# target folder is built from that checkout alone, so cargo's freshness checks stay sound.
# A clone with uncommitted changes is tested in place, in its own target folder.
# Call with the script's path from the project root and its arguments; under CI it does not return.
test_from_lasting_checkout() {
  local script=$1
  shift
  if [ "${CI:-}" != "true" ] || [ -n "${PLEDGEBOOK_LASTING_CHECKOUT:-}" ]; then return 0; fi
  if [ -n "$(git status --porcelain)" ]; then
    step "Uncommitted changes: testing in place, in ./target"
    return 0
  fi
  local ci_home="${PLEDGEBOOK_CI_CACHE:-$HOME/.cache/pledgebook-ci}"
  local checkout="$ci_home/checkout" commit
  commit=$(git rev-parse HEAD)
  mkdir -p "$ci_home"
  # One run at a time in the lasting checkout; the lock is held until the run ends.
  exec 9>"$ci_home/lock"
  flock 9
  [ -d "$checkout/.git" ] || git init -q "$checkout"
  git -C "$checkout" fetch -q --no-tags "$PWD" HEAD
  git -C "$checkout" checkout -q -f --detach "$commit"
  # As clean as a clone, keeping only the build caches.
  git -C "$checkout" clean -q -ffdx -e /target -e /node_modules
  # Past 40 GB the cache starts again empty, since cargo never prunes it.
  local target="$ci_home/target"
  mkdir -p "$target"
  if [ "$(du -sm "$target" | cut -f1)" -gt 40000 ]; then
    rm -rf "$target" && mkdir -p "$target"
  fi
  step "Testing commit ${commit:0:12} from the lasting checkout $checkout"
  cd "$checkout"
  exec env PLEDGEBOOK_LASTING_CHECKOUT=1 CARGO_TARGET_DIR="$target" "./$script" "$@"
}

# Where cargo writes its builds (the site itself is always target/site in the project).
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

install_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
    step "Installing cargo-leptos ${CARGO_LEPTOS_VERSION} (several minutes, once per machine)"
    # no_downloads: it never fetches tools itself; it uses the ones on PATH installed here.
    # Its own release profile (fat LTO, one codegen unit) would take 15 minutes on 2 cores, for a
    # tool that mostly starts others; the ordinary release build is enough.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version --features no_downloads
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
    step "Installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ ! -x node_modules/.bin/sass ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing sass, wasm-opt (binaryen), govuk-frontend and the browser driver from npm"
    npm ci --no-audit --no-fund
  fi
}

install_browser() {
  if ! command -v chromium >/dev/null; then
    step "Installing Debian's Chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
}

start_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    step "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
    echo "PostgreSQL did not start" >&2
    return 1
  fi
}

# Installs a PyPI package into its own virtualenv outside the clone (so a fresh CI clone reuses
# it) and prints the venv's path. The venv counts as installed only once pip has finished
# (.installed) and while its Python still imports `module` (a venv points at the interpreter that
# made it), so an interrupted or orphaned one is redone.
install_python_tool() {
  local requirement=$1 module=$2 how_long=$3
  local venv="${PLEDGEBOOK_TOOLS_DIR:-$HOME/.cache/pledgebook-tools}/${requirement/\[server\]/}"
  venv="${venv/==/-}"
  if [ ! -f "$venv/.installed" ] || ! "$venv/bin/python" -c "import $module" 2>/dev/null; then
    step "Installing $requirement from PyPI into $venv ($how_long, once per machine)" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirement" >&2
    touch "$venv/.installed"
  fi
  printf '%s' "$venv"
}

# moto is the S3-protocol server tests/integration/s3_server.rs starts on 127.0.0.1.
install_s3_test_server() {
  local venv
  venv=$(install_python_tool "moto[server]==${MOTO_VERSION}" moto "about a minute")
  export MOTO_SERVER="$venv/bin/moto_server"
}

# aiosmtpd is the real SMTP server that the notification tests run on loopback. Exports
# SMTP_SINK_PYTHON, the interpreter tests/integration/smtp_sink.rs starts `-m aiosmtpd` with.
AIOSMTPD_VERSION=1.4.6
install_smtp_sink() {
  local venv
  venv=$(install_python_tool "aiosmtpd==${AIOSMTPD_VERSION}" aiosmtpd "seconds")
  export SMTP_SINK_PYTHON="$venv/bin/python"
}

# textstat scores the plain English of the pages (tests/readability/flesch.py, run by
# tests/browser/readability.test.mjs). 0.7.4 counts syllables with pyphen, which pip installs;
# later versions load NLTK's cmudict from GitHub at run time, which is not a package registry.
# Exports TEXTSTAT_PYTHON.
TEXTSTAT_VERSION=0.7.4
install_readability() {
  local venv
  venv=$(install_python_tool "textstat==${TEXTSTAT_VERSION}" textstat "seconds")
  export TEXTSTAT_PYTHON="$venv/bin/python"
}
