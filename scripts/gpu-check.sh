#!/usr/bin/env bash
# The one prepared GPU check (issue 15): build the cuda backend on a CPU machine, run the CPU
# references there, and pack a self-contained bundle; its GPU half runs the device checks on a
# machine with an NVIDIA GPU in one go and prints one summary table (pass/fail, events/s, device
# memory) for docs/performance.md.
#
#   scripts/gpu-check.sh              both halves: the GPU half runs if nvidia-smi sees a GPU,
#                                     else it says that it was skipped (exit 0)
#   scripts/gpu-check.sh --prepare    the CPU half only: build-cuda/, gpu-check-bundle/
#   gpu-check-bundle/gpu-half.sh      the GPU half alone (a GPU machine without fathom's
#                                     Debian packages: the bundle carries its libraries)
#
# CPU half: scripts/setup.sh (omp build), the cuda build in build-cuda/ (FATHOM_CUDA_ARCH,
# default 90), the CPU (omp) runs and event weights of the three cards below, and the bundle: the
# cuda fathom, bench_pipeline, compare_runs, event_weights, the device test executables, every non-glibc shared library
# they load (ldd), the cards, data/, the CPU outputs and the adaptive card's frozen grid (so CPU
# and GPU sample the same map with the same Philox streams).
# GPU half, per card (ee_ee RAMBO, ee_eeaa adaptive with the analysis cuts, alp_fusion):
#   - two GPU runs with different batch sizes and histogram memory (shared, global): their
#     histograms.h5 must be byte-identical (exact sums; fathom writes no time stamps);
#   - the GPU against the CPU: compare_runs, cross section and every bin within 5 sigma (nvcc
#     contracts multiply-adds and CUDA's libm is not glibc's: not bit for bit), and per event:
#     event_weights, the status and weight of each of the first 10^4 events of the card (the
#     adaptive card on the frozen grid), weights within 1e-12 relative, at most 0.1 % of the
#     statuses flipped (a cut decided on the last bits);
#   - the device test executables (label gpu);
#   - compute-sanitizer memcheck, racecheck, synccheck on a small Bhabha run with shared-memory
#     histograms, memcheck on a small adaptive ee_eeaa run (where compute-sanitizer exists);
#   - one Nsight Compute pass over the event kernel (where ncu exists);
#   - bench_pipeline on the GPU; the histogram fill's share of the kernel time is estimated
#     from a Bhabha run without histograms (--set histograms=[]) against one with them.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${FATHOM_GPU_BUNDLE:-$ROOT/gpu-check-bundle}"
MODE="${1:-all}"

prepare() {
  set -e
  source "$ROOT/scripts/setup.sh"
  if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then export PATH="/usr/local/cuda/bin:$PATH"; fi
  command -v nvcc >/dev/null 2>&1 || { echo "gpu-check: no nvcc here: the CPU half needs the CUDA toolkit" >&2; exit 1; }
  # one process on one GPU: without MPI, whose libraries would add 3.5 MiB to the bundle (the
  # device tool carries 64 MiB in all; the rank -> device mapping is unit-tested on the CPU)
  cmake -S "$ROOT" -B "$ROOT/build-cuda" -DCMAKE_BUILD_TYPE=Release "${FATHOM_LAUNCHER[@]}" -DFATHOM_BACKEND=cuda \
    -DCMAKE_CUDA_ARCHITECTURES="${FATHOM_CUDA_ARCH:-90}" -DFATHOM_PYTHON="$FATHOM_VENV/bin/python" \
    -DFATHOM_MPI=OFF >/dev/null
  cmake --build "$ROOT/build-cuda" -j "$FATHOM_JOBS" --target fathom_cuda_check  # CMakeLists.txt
  rm -rf "$BUNDLE.tmp" && mkdir -p "$BUNDLE.tmp"/{bin,lib,cpu}
  cp "$ROOT"/build-cuda/host/fathom "$ROOT"/build-cuda/benchmarks/{bench_pipeline,compare_runs,event_weights} \
    "$BUNDLE.tmp/bin/"
  find "$ROOT/build-cuda/tests" -maxdepth 2 -type f -name 'test_*_device' -exec cp {} "$BUNDLE.tmp/bin/" \;
  # every shared library they load but glibc's own (the GPU machine has those and its driver)
  for b in "$BUNDLE.tmp"/bin/*; do ldd "$b" | awk '/=> \//{print $3}'; done | sort -u | \
    grep -vE '/(libc|libm|libdl|libpthread|librt|ld-linux[^/]*|libcuda)\.so' | \
    while read -r lib; do cp -L "$lib" "$BUNDLE.tmp/lib/"; done
  strip --strip-unneeded "$BUNDLE.tmp"/bin/* "$BUNDLE.tmp"/lib/* 2>/dev/null || true  # smaller bundle
  cp -r "$ROOT/configs" "$ROOT/data" "$BUNDLE.tmp/"
  cp "$ROOT/scripts/gpu-check.sh" "$BUNDLE.tmp/gpu-half.sh"
  # CPU references (omp build): the same cards, seeds and event counts as the GPU half
  local F="$FATHOM_BUILD_DIR/host/fathom"
  "$F" run "$ROOT/configs/ee_eeaa_belle2_adaptive.toml" -n 20000 -o "$BUNDLE.tmp/cpu/grid_run" --no-progress \
    --checkpoint-every 0 >/dev/null
  cp "$BUNDLE.tmp/cpu/grid_run/grid.h5" "$BUNDLE.tmp/ee_eeaa_grid.h5"
  for card in $(cards); do
    "$F" run "$ROOT/configs/$(card_file "$card")" $(card_args "$card" "$BUNDLE.tmp") -o "$BUNDLE.tmp/cpu/$card" \
      --no-progress --checkpoint-every 0 >/dev/null
    "$FATHOM_BUILD_DIR/benchmarks/event_weights" write "$ROOT/configs/$(card_file "$card")" \
      $(weight_args "$card" "$BUNDLE.tmp") -o "$BUNDLE.tmp/cpu/$card.weights" >/dev/null
  done
  rm -rf "$BUNDLE" && mv "$BUNDLE.tmp" "$BUNDLE"
  echo "gpu-check: bundle $BUNDLE ($(du -sm "$BUNDLE" | cut -f1) MiB): run $BUNDLE/gpu-half.sh on the GPU machine"
  set +e
}

cards() { echo ee_ee ee_eeaa alp_fusion; }
card_file() { case $1 in ee_ee) echo bhabha_belle2.toml;; ee_eeaa) echo ee_eeaa_belle2_adaptive.toml;; alp_fusion) echo alp_fusion_belle2.toml;; esac; }
card_args() {  # events and seed per card; the adaptive card reuses the CPU's frozen grid
  case $1 in
    ee_ee) echo "-n 4000000 -s 11";;
    ee_eeaa) echo "-n 400000 -s 12 --grid $2/ee_eeaa_grid.h5";;
    alp_fusion) echo "-n 400000 -s 13";;
  esac
}

weight_args() {  # event_weights: the first 10^4 events of the run above
  case $1 in
    ee_ee) echo "-n 10000 -s 11";;
    ee_eeaa) echo "-n 10000 -s 12 --grid $2/ee_eeaa_grid.h5";;
    alp_fusion) echo "-n 10000 -s 13";;
  esac
}

gpu_half() {
  local B="$1" results=() t0=$SECONDS
  if ! { command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; }; then
    echo "gpu-check: no NVIDIA GPU visible (nvidia-smi): the GPU half has nothing to check here"
    return 0
  fi
  export LD_LIBRARY_PATH="$B/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  local F="$B/bin/fathom" OUT="${FATHOM_GPU_OUT:-$B/gpu}"
  mkdir -p "$OUT"
  row() { results+=("$(printf '%-46s %s' "$1" "$2")"); }
  check() {  # run a check, its output in a log named after it
    local name="$1" log; shift
    log="$OUT/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_').log"
    if "$@" >"$log" 2>&1; then
      if grep -q '\[  SKIPPED \]' "$log"; then row "$name" "pass, with skipped tests (see $log)"; else row "$name" pass; fi
    else
      row "$name" "FAIL (see $log)"
    fi
  }
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$OUT/device.txt" 2>&1
  for card in $(cards); do
    local args; args=$(card_args "$card" "$B")
    check "$card: gpu run (auto batch, shared histograms)" "$F" run "$B/configs/$(card_file "$card")" $args \
      -o "$OUT/$card.a" --no-progress --checkpoint-every 0 --set run.histogram_memory='"shared"'
    check "$card: gpu run (batch 100003, global histograms)" "$F" run "$B/configs/$(card_file "$card")" $args \
      -o "$OUT/$card.b" --no-progress --checkpoint-every 0 --batch-size 100003 --set run.histogram_memory='"global"'
    check "$card: gpu runs bit-identical" cmp "$OUT/$card.a/histograms.h5" "$OUT/$card.b/histograms.h5"
    check "$card: gpu vs cpu within 5 sigma" "$B/bin/compare_runs" "$B/cpu/$card" "$OUT/$card.a"
    check "$card: gpu event weights" "$B/bin/event_weights" write "$B/configs/$(card_file "$card")" \
      $(weight_args "$card" "$B") -o "$OUT/$card.weights"
    check "$card: gpu vs cpu per event (1e-12)" "$B/bin/event_weights" compare "$B/cpu/$card.weights" \
      "$OUT/$card.weights"
    local rate; rate=$(grep -o '"events_per_s": [0-9.e+]*' "$OUT/$card.a/summary.json" | awk '{print $2}')
    row "$card: events/s (gpu)" "${rate:-?}"
    local mem; mem=$(grep -o '"device_bytes": [0-9]*' "$OUT/$card.a/summary.json" | awk '{print $2}')
    [ -n "$mem" ] && row "$card: device bytes" "$mem"
  done
  for t in "$B"/bin/test_*_device; do check "device test $(basename "$t")" "$t"; done
  # the fill's share: Bhabha with and without its histograms
  "$F" run "$B/configs/bhabha_belle2.toml" -n 4000000 -s 11 --set histograms=[] -o "$OUT/nofill" --no-progress \
    --checkpoint-every 0 >/dev/null 2>&1
  local with without
  with=$(grep -o '"generate_s": [0-9.e+-]*' "$OUT/ee_ee.a/summary.json" | awk '{print $2}')
  without=$(grep -o '"generate_s": [0-9.e+-]*' "$OUT/nofill/summary.json" | awk '{print $2}')
  row "ee_ee: histogram fill share of generate time" "$(awk -v a="$with" -v b="$without" 'BEGIN{if(a>0) printf "%.3f", (a-b)/a; else print "?"}')"
  if command -v compute-sanitizer >/dev/null 2>&1; then
    for tool in memcheck racecheck synccheck; do
      check "compute-sanitizer $tool (ee_ee, shared histograms)" compute-sanitizer --tool "$tool" --error-exitcode 9 \
        "$F" run "$B/configs/bhabha_belle2.toml" -n 20000 -o "$OUT/san_$tool" --no-progress --checkpoint-every 0 \
        --set run.histogram_memory='"shared"'
    done
    check "compute-sanitizer memcheck (ee_eeaa adaptive)" compute-sanitizer --tool memcheck --error-exitcode 9 \
      "$F" run "$B/configs/ee_eeaa_belle2_adaptive.toml" -n 5000 --grid "$B/ee_eeaa_grid.h5" -o "$OUT/san_eeaa" \
      --no-progress --checkpoint-every 0
  else
    row "compute-sanitizer" "not installed: skipped"
  fi
  if command -v ncu >/dev/null 2>&1; then
    check "ncu (event kernel: occupancy, memory, stalls)" ncu --kernel-name regex:event_kernel --launch-count 1 \
      --section Occupancy --section MemoryWorkloadAnalysis --section WarpStateStats \
      "$F" run "$B/configs/ee_eeaa_belle2_adaptive.toml" -n 200000 --grid "$B/ee_eeaa_grid.h5" -o "$OUT/ncu" \
      --no-progress --checkpoint-every 0
  else
    row "ncu" "not installed: skipped"
  fi
  check "bench_pipeline (gpu)" "$B/bin/bench_pipeline"
  echo "gpu-check summary ($(cat "$OUT/device.txt"); $((SECONDS - t0)) s)"
  printf '%s\n' "${results[@]}"
  echo "bench_pipeline:"; grep -E 'events_per_s|over_me' "$OUT/bench_pipeline__gpu_.log" 2>/dev/null | sed 's/^/  /'
}

if [ "$(basename "$0")" = gpu-half.sh ]; then
  gpu_half "$(cd "$(dirname "$0")" && pwd)"
  exit $?
fi
case "$MODE" in
  --prepare) prepare ;;
  all)
    prepare
    if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
      gpu_half "$BUNDLE"
    else
      echo "gpu-check: no NVIDIA GPU visible (nvidia-smi): the GPU half was skipped; run $BUNDLE/gpu-half.sh on a GPU machine"
    fi ;;
  *) echo "usage: scripts/gpu-check.sh [--prepare]" >&2; exit 2 ;;
esac
