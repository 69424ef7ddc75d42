"""`mpirun -n K fathom ...`: the output is the single-process run's, bit for bit, for K = 1, 2, 3
(host/run/Ranks.hh). Needs a build with MPI (`fathom --version` says "MPI on") and mpirun;
under CI (CI=true) their absence fails the test, elsewhere it skips it, saying why.
The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import json
import os
import re
import signal
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from run_outputs import ADAPTIVE, BHABHA, EXE, SHORT_ADAPTATION, SOURCE, assert_same_bits, fathom

SCAN = SOURCE / "configs" / "alp_scan_quick.toml"


def mpi_available() -> str:
    """Why the MPI tests cannot run here ("" if they can)."""
    version = subprocess.run([EXE, "--version"], capture_output=True, text=True, check=False).stdout
    if "MPI on" not in version:
        return f"fathom was built without MPI ({version.strip()})"
    if not shutil.which("mpirun"):
        return "no mpirun on PATH"
    return ""


@pytest.fixture(scope="module", autouse=True)
def need_mpi() -> None:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    why = mpi_available()
    if why and os.environ.get("CI"):
        pytest.fail(f"CI must test MPI: {why} (scripts/setup.sh installs libopenmpi-dev openmpi-bin)")
    if why:
        pytest.skip(why)


def mpirun(k: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OMPI_MCA_rmaps_base_oversubscribe="1")
    # --allow-run-as-root: containers and CI often run as root; harmless otherwise
    return subprocess.run(["mpirun", "--oversubscribe", "--allow-run-as-root", "-n", str(k), EXE, *args],
                          capture_output=True, text=True, timeout=600, check=False, env=env)


def scratch_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("fathom-rank*")}


def test_ranks_give_the_single_process_bits(tmp_path: Path) -> None:
    single = tmp_path / "single"
    assert fathom("run", str(BHABHA), "-n", "30000", "-o", str(single), "-t", "2", "--no-progress").returncode == 0
    before = scratch_dirs()
    for k in (1, 2, 3):
        out = tmp_path / f"ranks{k}"
        r = mpirun(k, "run", str(BHABHA), "-n", "30000", "-o", str(out), "--no-progress", "--checkpoint-every", "0")
        assert r.returncode == 0, r.stderr
        assert r.stdout.count("cross section") == 1  # one result table: rank 0's
        assert_same_bits(single, out)
        s = json.loads((out / "summary.json").read_text())
        assert s.get("mpi_ranks", 1) == k
    assert not scratch_dirs() - before  # the other ranks' scratch outputs are gone (stale ones may go too)


def test_adaptive_ranks_adapt_the_same_grid(tmp_path: Path) -> None:
    single = tmp_path / "single"
    r = fathom("run", str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "30000", "-o", str(single), "-t", "2", "--no-progress")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "ranks3"
    r = mpirun(3, "run", str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "30000", "-o", str(out), "--no-progress",
               "--checkpoint-every", "0")
    assert r.returncode == 0, r.stderr
    assert_same_bits(single, out)
    assert (single / "grid.h5").read_bytes() == (out / "grid.h5").read_bytes()


def test_a_scan_under_mpi_is_the_same_scan(tmp_path: Path) -> None:
    small = ("--masses", "0.5", "--set", "scan.calibration_events=20000", "--set", "scan.signal_events=20000",
             "--set", "scan.background_events=40000", "--set", "scan.peaking_events=10000",
             "--set", "phase_space.adapt_iterations=2", "--set", "phase_space.adapt_events=10000")
    single = tmp_path / "single"
    r = fathom("scan", str(SCAN), *small, "-o", str(single), "-t", "2")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "ranks2"
    r = mpirun(2, "scan", str(SCAN), *small, "-o", str(out))
    assert r.returncode == 0, r.stderr
    mass = "m_a_0.5000GeV"
    with h5py.File(single / mass / "histograms.h5") as fa, h5py.File(out / mass / "histograms.h5") as fb:
        assert sorted(fa) == sorted(fb)
        for name in fa:
            for d in ("storage/values", "storage/variances"):
                assert np.array_equal(fa[name][d][()], fb[name][d][()]), (name, d)


def next_event(out: Path) -> int:
    text = (out.parent / (out.name + ".checkpoint") / "manifest.toml").read_text()
    return int(re.search(r"next_event = (\d+)", text).group(1))


def wait_for(condition, p: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert p.poll() is None, "the job ended first"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_ranks_checkpoint_and_resume_with_other_rank_counts(tmp_path: Path) -> None:
    run_args = ("run", str(BHABHA), "-n", "3e6")
    reference = tmp_path / "reference"
    assert fathom(*run_args, "-t", "2", "-o", str(reference), "--checkpoint-every", "0").returncode == 0
    out = tmp_path / "out"
    manifest = tmp_path / "out.checkpoint" / "manifest.toml"
    cmd = ["mpirun", "--oversubscribe", "--allow-run-as-root"]
    # 2 ranks, killed with SIGKILL (every rank and mpirun) after a checkpoint
    p = subprocess.Popen([*cmd, "-n", "2", EXE, *run_args, "-o", str(out), "--no-progress",
                          "--checkpoint-every", "2e5ev"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(manifest.exists, p)
    subprocess.run(["pkill", "-9", "-P", str(p.pid)], check=False)
    p.kill()
    p.wait()
    first = next_event(out)
    assert 0 < first < 3_000_000
    # resumed on 3 ranks; SIGTERM once it has written a checkpoint of its own: one more at the signal
    p = subprocess.Popen([*cmd, "-n", "3", EXE, "run", "--resume", str(out), "--no-progress",
                          "--checkpoint-every", "2e5ev", "--batch-size", "50000"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: next_event(out) > first, p)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=120)
    assert not out.exists() and manifest.exists()
    # finished on one process: the uninterrupted run's bits
    r = fathom("run", "--resume", str(out), "-t", "2", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert_same_bits(reference, out)


def test_a_tagger_study_under_mpi_is_the_same_study(tmp_path: Path) -> None:
    # the per-angle scans are written and read back on every rank (the others in their scratch)
    small = ("--masses", "0.5", "--set", "tagger.theta_min=[22.0,10.0]", "--set", "scan.calibration_events=20000",
             "--set", "scan.signal_events=20000", "--set", "scan.background_events=40000",
             "--set", "scan.peaking_events=10000", "--set", "phase_space.adapt_iterations=2",
             "--set", "phase_space.adapt_events=10000")
    card = SOURCE / "configs" / "tagger_study.toml"
    single, ranks = tmp_path / "single", tmp_path / "ranks2"
    r = fathom("tagger", str(card), *small, "-o", str(single), "-t", "2")
    assert r.returncode == 0, r.stderr
    before = scratch_dirs()
    r = mpirun(2, "tagger", str(card), *small, "-o", str(ranks))
    assert r.returncode == 0, r.stderr
    assert (single / "study.csv").read_bytes() == (ranks / "study.csv").read_bytes()
    assert not scratch_dirs() - before


def test_a_refusal_on_rank_0_ends_every_rank(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert fathom("run", str(BHABHA), "-n", "1000", "-o", str(out), "--no-progress").returncode == 0
    before = scratch_dirs()
    r = mpirun(3, "run", str(BHABHA), "-n", "1000", "-o", str(out))  # exists: only rank 0 can tell
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("fathom: error")]
    assert len(errors) == 1 and "exists" in errors[0], r.stderr
    assert not scratch_dirs() - before
