#!/usr/bin/env bash
# README command 1: set up, build and run the default job: a small version of the Belle II
# photon-fusion ALP study (two masses, modest statistics; a few minutes on 2 CPU cores):
# the mass scan, the expected reach on g_agg with the 3-photon curve (on the 4D histogram and on
# the optimal statistic llr_alp), and the per-mass plots.
# Arguments go to `fathom scan` (e.g. --masses 0.3,1.5 or --threads 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out="$FATHOM_ROOT/output/alp_scan_quick"
fathom="$FATHOM_BUILD_DIR/host/fathom"
start=$(date +%s)
"$fathom" scan "$FATHOM_ROOT/configs/alp_scan_quick.toml" --output "$out" --force "$@"
"$fathom" reach "$out" --luminosity 50ab-1 --force
# the same reach on the optimal statistic (llr_alp, in bins of equal signal content)
"$fathom" reach "$out" --luminosity 50ab-1 --analysis llr_alp --output "$out/reach_llr_alp" --force
"$FATHOM_VENV/bin/python" "$FATHOM_ROOT/scripts/plot_scan.py" "$out" >/dev/null
echo
echo "fathom: the small ALP study took $(( $(date +%s) - start )) s. Its tables and plots:"
echo "  reach table      $out/reach/reach.csv (and reach.json; pyhf workspaces in $out/reach/pyhf/)"
echo "  reach plot       $out/reach/reach.png"
echo "  on llr_alp       $out/reach_llr_alp/reach.csv, reach.png (the optimal statistic)"
echo "  per mass         $out/<m_a_...GeV>/histograms.h5, summary.json"
echo "  per-mass plots   $out/plots/ (projections, 2D maps, bins ranked by s/b)"
