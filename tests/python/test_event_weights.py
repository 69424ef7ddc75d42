"""event_weights (scripts/gpu-check.sh's per-event CPU-GPU comparison): the events it writes are
the run's own (their weights add up to the run's cross section), they do not depend on the
thread count, a weight moved by more than the tolerance or flipped statuses are caught, and bad
input gets one line and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

EXE = os.environ.get("FATHOM_EXE", "")
WEIGHTS = os.environ.get("EVENT_WEIGHTS", "")
CONFIGS = Path(__file__).resolve().parents[2] / "configs"


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    assert WEIGHTS, "set EVENT_WEIGHTS"
    return subprocess.run([WEIGHTS, *args], capture_output=True, text=True, check=False, timeout=300)


def keys(r: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)


def rows(f: Path) -> list[list[str]]:
    return [line.split() for line in f.read_text().splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("card", ["bhabha_belle2.toml", "alp_fusion_belle2.toml", "ee_eeaa_belle2_adaptive.toml"])
def test_the_events_are_the_runs_own(tmp_path: Path, card: str) -> None:
    extra: tuple[str, ...] = ()
    if "adaptive" in card:  # a frozen grid from a short adaptation
        grid_run = tmp_path / "grid_run"
        r = subprocess.run([EXE, "run", str(CONFIGS / card), "-n", "1000", "--set", "phase_space.adapt_iterations=2",
                            "--set", "phase_space.adapt_events=20000", "-o", str(grid_run), "--no-progress",
                            "--checkpoint-every", "0"], capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
        extra = ("--grid", str(grid_run / "grid.h5"))
    n = 20000
    out = tmp_path / "run"
    r = subprocess.run([EXE, "run", str(CONFIGS / card), "-n", str(n), "-s", "5", "-o", str(out), "--no-progress",
                        "--checkpoint-every", "0", *extra], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    written = tmp_path / "w.txt"
    r = tool("write", str(CONFIGS / card), "-n", str(n), "-s", "5", "-o", str(written), *extra)
    assert r.returncode == 0, r.stderr
    lines = rows(written)
    assert [int(x[0]) for x in lines] == list(range(n))
    total = sum(float(x[2]) for x in lines)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["events_accepted"] == sum(1 for x in lines if float(x[2]) != 0)
    # the run adds the same weights exactly; this sum of 17-digit decimals rounds at ~1e-15
    assert total / n == pytest.approx(summary["cross_section_pb"], rel=1e-13)


def test_adaptive_cards_need_their_grid_and_compare_detects_differences(tmp_path: Path) -> None:
    r = tool("write", str(CONFIGS / "ee_eeaa_belle2_adaptive.toml"), "-o", str(tmp_path / "x.txt"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "option --grid" in r.stderr
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    card = str(CONFIGS / "bhabha_belle2.toml")
    assert tool("write", card, "-n", "5000", "-o", str(a)).returncode == 0
    env = dict(os.environ, OMP_NUM_THREADS="1")
    assert subprocess.run([WEIGHTS, "write", card, "-n", "5000", "-o", str(b)], env=env, check=False).returncode == 0
    assert rows(a) == rows(b)  # any thread count: the same bits
    r = tool("compare", str(a), str(b))
    assert r.returncode == 0 and keys(r)["agree"] == "yes" and float(keys(r)["max_rel_diff"]) == 0
    lines = rows(a)
    k = next(i for i, x in enumerate(lines) if float(x[2]) != 0)
    moved = [list(x) for x in lines]
    moved[k][2] = repr(float(lines[k][2]) * (1 + 1e-10))
    c = tmp_path / "c.txt"
    c.write_text("".join(" ".join(x) + "\n" for x in moved))
    r = tool("compare", str(a), str(c))
    assert r.returncode == 1 and keys(r)["agree"] == "no" and 5e-11 < float(keys(r)["max_rel_diff"]) < 2e-10
    assert tool("compare", str(a), str(c), "--tolerance", "1e-9").returncode == 0
    flipped = [list(x) for x in lines]
    for x in flipped[:10]:
        x[1] = "9"
    d = tmp_path / "d.txt"
    d.write_text("".join(" ".join(x) + "\n" for x in flipped))
    r = tool("compare", str(a), str(d))
    assert r.returncode == 1 and keys(r)["status_flips"] == "10"
    e = tmp_path / "e.txt"
    e.write_text("0 1 nan\n")
    r = tool("compare", str(a), str(e))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "e.txt:1" in r.stderr
