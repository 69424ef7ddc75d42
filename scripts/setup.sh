#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine: system packages, the Python virtualenv, and a Release
# build of fathom's CPU (omp) backend. Idempotent: what is already there is kept. Sourced by the
# two README commands (scripts/run-default.sh, scripts/run-tests.sh); usable alone.
#
# What it installs (README "What set-up installs"):
#   Debian packages  cmake g++ make git libcli11-dev libtomlplusplus-dev librandom123-dev
#                    libhdf5-dev libgtest-dev nlohmann-json3-dev libthrust-dev libcub-dev
#                    libopenmpi-dev openmpi-bin python3-venv   (only those missing; as root, or through sudo if it needs no
#                    password; otherwise it stops and prints the one apt-get line to run)
#   Python           a virtualenv .venv/ inside the project with scripts/requirements.txt (PyPI)
#   Build            build/ (or $FATHOM_BUILD_DIR) inside the project
# The CPU backend needs no CUDA toolkit (Thrust/CUB come from Debian); the CUDA backend is built
# by scripts/run-tests.sh only where nvcc exists.
#
# Environment: FATHOM_BUILD_DIR (default build), FATHOM_BACKEND (omp|cuda, default omp),
#              FATHOM_JOBS (default: number of cores).
set -euo pipefail

FATHOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FATHOM_BUILD_DIR="${FATHOM_BUILD_DIR:-$FATHOM_ROOT/build}"
FATHOM_BACKEND="${FATHOM_BACKEND:-omp}"
FATHOM_JOBS="${FATHOM_JOBS:-$(nproc)}"
FATHOM_VENV="$FATHOM_ROOT/.venv"

debian_packages=(cmake g++ make git libcli11-dev libtomlplusplus-dev librandom123-dev
                 libhdf5-dev libgtest-dev nlohmann-json3-dev libthrust-dev libcub-dev
                 libopenmpi-dev openmpi-bin python3-venv)
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "fathom setup: missing Debian packages, and no root or password-less sudo to install them;" \
         "run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "fathom setup: installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# Python for the interop tests and plots (PyPI).
if [ ! -x "$FATHOM_VENV/bin/python" ] || ! "$FATHOM_VENV/bin/python" -c "import hist, uhi.io.hdf5, h5py, pytest, pyhf, matplotlib, mplhep" 2>/dev/null; then
  echo "fathom setup: creating the Python virtualenv $FATHOM_VENV"
  python3 -m venv "$FATHOM_VENV"
  "$FATHOM_VENV/bin/pip" install -q --upgrade pip
  "$FATHOM_VENV/bin/pip" install -q -r "$FATHOM_ROOT/scripts/requirements.txt"
fi

# ccache, where the machine has it, makes rebuilds cheap; nothing needs it.
FATHOM_LAUNCHER=()
if command -v ccache >/dev/null 2>&1; then
  FATHOM_LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
fi

cmake -S "$FATHOM_ROOT" -B "$FATHOM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "${FATHOM_LAUNCHER[@]}" \
  -DFATHOM_BACKEND="$FATHOM_BACKEND" -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" >/dev/null
cmake --build "$FATHOM_BUILD_DIR" -j "$FATHOM_JOBS"
