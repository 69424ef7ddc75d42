#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine: system packages, the Python virtualenv, and a Release
# build of fathom. Idempotent: what is already there is kept. Sourced by the two README
# commands (scripts/run-default.sh, scripts/run-tests.sh); usable alone.
#
# Environment: FATHOM_BUILD_DIR (default build), FATHOM_BACKEND (omp|cuda, default omp),
#              FATHOM_JOBS (default: number of cores).
set -euo pipefail

FATHOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FATHOM_BUILD_DIR="${FATHOM_BUILD_DIR:-$FATHOM_ROOT/build}"
FATHOM_BACKEND="${FATHOM_BACKEND:-omp}"
FATHOM_JOBS="${FATHOM_JOBS:-$(nproc)}"
FATHOM_VENV="$FATHOM_ROOT/.venv"

# Debian packages (build tools, libraries); the CUDA toolkit itself (nvcc, CCCL, cuRAND) is
# expected under /usr/local/cuda or on PATH.
debian_packages=(cmake g++ make git libcli11-dev libtomlplusplus-dev librandom123-dev
                 libhdf5-dev nlohmann-json3-dev libgtest-dev python3-venv)
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fathom setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH="/usr/local/cuda/bin:$PATH"
fi
command -v nvcc >/dev/null 2>&1 || { echo "fathom setup: the CUDA toolkit (nvcc) is required" >&2; exit 1; }

# Python for the interop tests and plots (PyPI).
if [ ! -x "$FATHOM_VENV/bin/python" ] || ! "$FATHOM_VENV/bin/python" -c "import hist, uhi.io.hdf5, h5py, pytest, pyhf, matplotlib" 2>/dev/null; then
  echo "fathom setup: creating the Python virtualenv $FATHOM_VENV"
  python3 -m venv "$FATHOM_VENV"
  "$FATHOM_VENV/bin/pip" install -q --upgrade pip
  "$FATHOM_VENV/bin/pip" install -q -r "$FATHOM_ROOT/scripts/requirements.txt"
fi

cmake -S "$FATHOM_ROOT" -B "$FATHOM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
  -DFATHOM_BACKEND="$FATHOM_BACKEND" -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" >/dev/null
cmake --build "$FATHOM_BUILD_DIR" -j "$FATHOM_JOBS"
