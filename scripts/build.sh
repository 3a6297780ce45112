#!/usr/bin/env bash
# Quick start 1: set up and build the flagship course into site/ (open site/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
latih build "$@"
