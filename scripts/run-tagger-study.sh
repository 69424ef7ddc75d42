#!/usr/bin/env bash
# The forward-tagger study in one command: set up and build (as README command 1), run
# `fathom tagger` on a study card (default configs/tagger_study.toml; further arguments, e.g.
# --masses 0.5,2, go to fathom), and make its plots. The output directory is the card's
# [output] directory, relative to the repository (output/tagger_study for the default card).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
card="$(realpath "${1:-$FATHOM_ROOT/configs/tagger_study.toml}")"
shift || true
cd "$FATHOM_ROOT"
out="$(sed -n 's/^directory *= *"\(.*\)".*/\1/p' "$card" | tail -1)"
start=$(date +%s)
"$FATHOM_BUILD_DIR/host/fathom" tagger "$card" --output "$out" --force "$@"
"$FATHOM_VENV/bin/python" "$FATHOM_ROOT/scripts/plot_tagger_study.py" "$out"
echo "fathom: the tagger study took $(( $(date +%s) - start )) s: $out/study.csv, $out/*.png"
