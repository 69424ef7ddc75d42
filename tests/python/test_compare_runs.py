"""compare_runs (scripts/gpu-check.sh's CPU-GPU comparison): identical runs are bit-identical and
agree, independent seeds agree within their errors and are not identical, a shifted result is
caught, and outputs of different cards are refused."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import h5py

EXE = os.environ.get("FATHOM_EXE", "")
COMPARE = os.environ.get("COMPARE_RUNS", "")
CARD = Path(__file__).resolve().parents[2] / "configs" / "bhabha_belle2.toml"


def keys(r: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)


def compare(a: Path, b: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMPARE, str(a), str(b)], capture_output=True, text=True, check=False)


def test_compare_runs(tmp_path: Path) -> None:
    assert EXE and COMPARE
    runs = {}
    for name, args in {"a": ("-s", "1", "-t", "1"), "b": ("-s", "1", "-t", "2"), "c": ("-s", "2", "-t", "2"),
                       "d": ("-s", "3", "--set", "histograms=[]")}.items():
        runs[name] = tmp_path / name
        r = subprocess.run([EXE, "run", str(CARD), "-n", "20000", "-o", str(runs[name]), "--no-progress", *args],
                           capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
    r = compare(runs["a"], runs["b"])
    k = keys(r)
    assert r.returncode == 0 and k["bits_identical"] == "yes" and k["agree"] == "yes"
    assert float(k["cross_section_rel_diff"]) == 0 and int(k["bins_compared"]) > 50
    r = compare(runs["a"], runs["c"])
    k = keys(r)
    assert r.returncode == 0 and k["bits_identical"] == "no" and k["agree"] == "yes", r.stdout
    # one bin moved by 20 of its own errors is caught
    shifted = tmp_path / "shifted"
    shutil.copytree(runs["a"], shifted)
    with h5py.File(shifted / "histograms.h5", "a") as f:
        values = f["cos_theta_em/storage/values"]
        variances = f["cos_theta_em/storage/variances"][()]
        i = int(variances.argmax())
        v = values[()]
        v[i] += 20 * variances[i] ** 0.5
        values[...] = v
    r = compare(runs["a"], shifted)
    assert r.returncode == 1 and keys(r)["agree"] == "no"
    r = compare(runs["a"], runs["d"])
    assert r.returncode == 2 and "different histograms" in r.stderr
