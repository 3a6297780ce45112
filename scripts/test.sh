#!/usr/bin/env bash
# Quick start 2: set up everything the tests need (Python packages, Debian's Chromium), then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test

# Browser tests drive the Debian Chromium; printing tests read PDFs with poppler's tools; the QR
# test reads the results code back from the image with zbar
if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then
  echo "Installing Debian packages: chromium chromium-driver poppler-utils zbar-tools ..." >&2
  apt_get update
  apt_get install -y --no-install-recommends chromium chromium-driver poppler-utils zbar-tools
fi

ruff check .
ruff format --check .
python -m pytest "$@"
