#!/usr/bin/env bash
# The forward-tagger study in one command: set up and build (as README command 1), run
# `fathom tagger` on a study card (default configs/tagger_study.toml; a second argument, e.g.
# --masses 0.5,2, goes to fathom), and make its plots. Table: output/tagger_study/study.csv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
card="${1:-$FATHOM_ROOT/configs/tagger_study.toml}"
shift || true
out="$FATHOM_ROOT/output/tagger_study"
start=$(date +%s)
"$FATHOM_BUILD_DIR/host/fathom" tagger "$card" --output "$out" --force "$@"
"$FATHOM_VENV/bin/python" "$FATHOM_ROOT/scripts/plot_tagger_study.py" "$out"
echo "fathom: the tagger study took $(( $(date +%s) - start )) s: $out/study.csv, $out/*.png"
