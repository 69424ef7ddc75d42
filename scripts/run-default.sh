#!/usr/bin/env bash
# README command 1: set up, build and run the default job (Bhabha at Belle II).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
"$FATHOM_BUILD_DIR/host/fathom" run "$FATHOM_ROOT/configs/bhabha_belle2.toml" \
  --output "$FATHOM_ROOT/output/bhabha_belle2" --force "$@"
