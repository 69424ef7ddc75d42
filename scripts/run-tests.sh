#!/usr/bin/env bash
# README command 2: set up, build and run the whole test suite (omp backend); then, where a CUDA
# toolkit (nvcc) is installed, compile and link the CUDA backend and run its tests that need no
# GPU (the cuRAND comparisons, label cuda-host). Its GPU tests run where one is lent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
(cd "$FATHOM_BUILD_DIR" && ctest --output-on-failure -j "${FATHOM_JOBS}" --timeout 900)

if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH="/usr/local/cuda/bin:$PATH"
fi
if [ "${FATHOM_SKIP_CUDA_BUILD:-0}" = "1" ]; then
  echo "fathom: FATHOM_SKIP_CUDA_BUILD=1: the cuda backend is not built"
elif ! command -v nvcc >/dev/null 2>&1; then
  echo "fathom: no CUDA toolkit (nvcc) on this machine: the cuda backend is not built (the CPU backend above needs none)"
else
  echo "fathom: compiling the cuda backend (sm_${FATHOM_CUDA_ARCH:-90}) in $FATHOM_ROOT/build-cuda"
  cmake -S "$FATHOM_ROOT" -B "$FATHOM_ROOT/build-cuda" -DCMAKE_BUILD_TYPE=Release "${FATHOM_LAUNCHER[@]}" \
    -DFATHOM_BACKEND=cuda -DCMAKE_CUDA_ARCHITECTURES="${FATHOM_CUDA_ARCH:-90}" \
    -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" >/dev/null
  cmake --build "$FATHOM_ROOT/build-cuda" -j "$FATHOM_JOBS"
  echo "fathom: cuda backend compiled and linked; its host-only tests (cuRAND comparisons):"
  (cd "$FATHOM_ROOT/build-cuda" && ctest --output-on-failure -L cuda-host --timeout 300)
fi
