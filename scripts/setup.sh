#!/usr/bin/env bash
# Shared by build.sh and test.sh: a virtual environment in .venv with Latih installed.
# Usage: source scripts/setup.sh [EXTRA]   (EXTRA: the optional dependency group, e.g. "test")
set -euo pipefail

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

# Debian packages, quietly (the log is shown only on failure). Another apt-get or dpkg run (a
# desktop updater, unattended-upgrades) holds Debian's package lock: wait for it, up to 10 minutes,
# instead of failing with exit 100.
apt_get() {
  local log tries=0 status
  log="$(mktemp)"
  while true; do
    status=0
    run_as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 \
      -o Dpkg::Use-Pty=0 "$@" >"$log" 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then rm -f "$log"; return 0; fi
    if grep -qiE "could not get lock|unable to acquire|is held by process" "$log" && [ "$tries" -lt 60 ]; then
      [ "$tries" -eq 0 ] && echo "Waiting for another package installation to finish ..." >&2
      tries=$((tries + 1))
      sleep 10
      continue
    fi
    cat "$log" >&2
    rm -f "$log"
    return "$status"
  done
}

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian's own Python keeps venv in a separate package
    apt_get update
    apt_get install -y python3-venv
    rm -rf .venv
    "$PYTHON" -m venv .venv
  fi
fi
extra="${1:-}"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra:+[$extra]}"
export PATH="$PWD/.venv/bin:$PATH"
