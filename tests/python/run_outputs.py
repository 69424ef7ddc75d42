"""What the tests of run outputs share (test_merge, test_checkpoint, test_mpi): running the
executable of $FATHOM_EXE, and comparing two outputs bit for bit."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
BHABHA = SOURCE / "configs" / "bhabha_belle2.toml"
ADAPTIVE = SOURCE / "configs" / "ee_eeaa_belle2_adaptive.toml"
# a short adaptation: the grid's quality does not matter to these tests, only its bits
SHORT_ADAPTATION = ("--set", "phase_space.adapt_iterations=2", "--set", "phase_space.adapt_events=20000")
# summary.json's physics numbers; provenance (timing, device, threads, merge, mpi_ranks) may differ
PHYSICS_KEYS = ("cross_section_pb", "cross_section_error_pb", "events_tried", "events_accepted",
                "events_failed_cuts", "events_zero_phase_space", "efficiency", "sum_w", "sum_w2", "n_eff",
                "max_weight_pb", "nonfinite_weights", "nonfinite_me2", "nonfinite_phase_space_weights",
                "failed_cuts_fraction", "n_eff_over_n", "max_weight_over_mean", "unweighting", "seed",
                "event_ranges", "process", "sampler_grid_digest")
EXACT_ATTRIBUTES = ("exact_tally", "exact_weight_spectrum", "event_ranges", "sampler_grid_digest",
                    "fathom_histograms_format", "process")


def fathom(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, check=False)


def summary(d: Path) -> dict:
    return json.loads((d / "summary.json").read_text())


def assert_same_bits(a: Path, b: Path) -> None:
    """Every histogram's values, variances and exact limbs (flow bins included), the exact tally,
    weight spectrum and event ranges, and summary.json's physics numbers are equal."""
    sa, sb = summary(a), summary(b)
    for key in PHYSICS_KEYS:
        assert sa.get(key) == sb.get(key), key
    with h5py.File(a / "histograms.h5") as fa, h5py.File(b / "histograms.h5") as fb:
        assert sorted(fa) == sorted(fb)
        for key in EXACT_ATTRIBUTES:
            assert np.array_equal(fa.attrs[key], fb.attrs[key]), key
        for name in fa:
            for d in ("storage/values", "storage/variances", "exact/sum_w", "exact/sum_w2"):
                x, y = fa[name][d][()], fb[name][d][()]
                assert x.dtype == y.dtype and np.array_equal(x, y), (name, d)
