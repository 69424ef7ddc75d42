#!/usr/bin/env bash
# README command 2: set up, build and run the whole test suite (omp backend); then, where a CUDA
# toolkit (nvcc) is installed, a compile check of the CUDA backend and its tests that need no GPU
# (the cuRAND comparisons, label cuda-host).
# The compile check (build-cuda-check/) builds target fathom_cuda_check (CMakeLists.txt: the
# kernels, the CLI, the GPU check's benchmarks, the cuda-only tests) to PTX for compute_90
# (FATHOM_CUDA_ARCH): nvcc's front end and cicc compile every kernel, and everything links.
# It leaves out ptxas, PTX to SASS (three quarters of a full CUDA build's time, 15 minutes on
# 2 cores): scripts/gpu-check.sh --prepare builds the SASS of the GPU it checks in build-cuda/,
# before any GPU time is spent, and a user with a GPU builds build-cuda/ (README).
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
  FATHOM_CUDA_CHECK_DIR="$FATHOM_ROOT/build-cuda-check"
  echo "fathom: compile check of the cuda backend (PTX for compute_${FATHOM_CUDA_ARCH:-90}) in $FATHOM_CUDA_CHECK_DIR"
  cmake -S "$FATHOM_ROOT" -B "$FATHOM_CUDA_CHECK_DIR" -DCMAKE_BUILD_TYPE=Release "${FATHOM_LAUNCHER[@]}" \
    -DFATHOM_BACKEND=cuda -DCMAKE_CUDA_ARCHITECTURES="${FATHOM_CUDA_ARCH:-90}-virtual" \
    -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" >/dev/null
  cmake --build "$FATHOM_CUDA_CHECK_DIR" -j "$FATHOM_JOBS" --target fathom_cuda_check
  echo "fathom: cuda backend compiled and linked; its host-only tests (cuRAND comparisons):"
  (cd "$FATHOM_CUDA_CHECK_DIR" && ctest --output-on-failure -L cuda-host --timeout 300)
fi
