#!/usr/bin/env bash
# README command 2: set up, build and run the whole test suite (omp backend), then compile and
# link the CUDA backend (nothing can run it without a GPU; its tests run where one is lent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
(cd "$FATHOM_BUILD_DIR" && ctest --output-on-failure -j "${FATHOM_JOBS}" --timeout 900)

if [ "${FATHOM_SKIP_CUDA_BUILD:-0}" != "1" ]; then
  echo "fathom: compiling the cuda backend (sm_${FATHOM_CUDA_ARCH:-90}) in $FATHOM_ROOT/build-cuda"
  cmake -S "$FATHOM_ROOT" -B "$FATHOM_ROOT/build-cuda" -DCMAKE_BUILD_TYPE=Release \
    -DFATHOM_BACKEND=cuda -DCMAKE_CUDA_ARCHITECTURES="${FATHOM_CUDA_ARCH:-90}" \
    -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" >/dev/null
  cmake --build "$FATHOM_ROOT/build-cuda" -j "$FATHOM_JOBS"
  echo "fathom: cuda backend compiled and linked"
fi
