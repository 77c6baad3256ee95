#!/usr/bin/env bash
# Set up CorpusBox in ./.venv on a fresh machine. Safe to run again.
#   scripts/setup.sh          the product (everything `corpusbox demo` needs)
#   scripts/setup.sh --test   the product plus what the test suite needs (PostgreSQL server, OCR, fonts)
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1
PY=${PYTHON:-python3}
TORCH_VERSION=2.13.0   # pinned; see docs/install.md

log() { printf '\n== %s\n' "$*"; }

apt_install() {
  # Debian packages the box or its tests use; installed only when missing.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "please install as root: apt-get install -y ${missing[*]}" >&2
    return 0
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
pip_q() {
  # Quiet pip, minus the warnings some mirrors' configurations print for every package.
  .venv/bin/python -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}
PIP="pip_q"
$PIP install -q --upgrade pip >/dev/null 2>&1 || true

# torch first and pinned: on a CPU machine pip resolves it to the local CPU wheel; on a GPU box to
# the CUDA build. Installing it before anything that depends on it stops any resolver from pulling
# a different multi-GB build.
if ! .venv/bin/python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('$TORCH_VERSION') else 1)" 2>/dev/null; then
  log "installing torch==$TORCH_VERSION"
  $PIP install -q "torch==$TORCH_VERSION"
fi

log "installing corpusbox and its dependencies"
EXTRAS="all"
[ $WITH_TEST -eq 1 ] && EXTRAS="all,test"
$PIP install -q -e ".[$EXTRAS]"

# DeepSpeed (ZeRO for training jobs) ships as a source package whose build imports torch: build it
# against the torch installed above (no isolated build env, which would fetch a CUDA torch) and
# without compiling its ops (JIT-built on a GPU box when a job needs them).
if ! .venv/bin/python -c "import deepspeed" >/dev/null 2>&1; then
  log "installing deepspeed (no prebuilt ops)"
  DS_BUILD_OPS=0 $PIP install -q --no-build-isolation "deepspeed>=0.15"
fi

# Packages installed without their dependency trees (each documented in docs/install.md).
[ -f scripts/nodeps.txt ] && $PIP install -q --no-deps -r scripts/nodeps.txt

if [ $WITH_TEST -eq 1 ]; then
  # PostgreSQL for the DB tests; etcd, keepalived, iproute2, curl for the HA pair tests; nftables to
  # check the Ansible firewall ruleset; poppler's pdftotext
  # to check the text layer of generated PDFs.
  apt_install postgresql tesseract-ocr etcd-server etcd-client keepalived poppler-utils nftables iproute2 curl
fi
[ -f scripts/apt-packages.txt ] && apt_install $(grep -v '^#' scripts/apt-packages.txt)

log "ready: .venv/bin/corpusbox --help"
