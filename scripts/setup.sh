#!/usr/bin/env bash
# Shared by build.sh and test.sh: a virtual environment in .venv with Latih installed.
# Usage: source scripts/setup.sh [EXTRA]   (EXTRA: the optional dependency group, e.g. "test")
set -euo pipefail

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian's own Python keeps venv in a separate package
    run_as_root apt-get update -qq
    run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    rm -rf .venv
    "$PYTHON" -m venv .venv
  fi
fi
extra="${1:-}"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra:+[$extra]}"
export PATH="$PWD/.venv/bin:$PATH"
