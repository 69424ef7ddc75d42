"""No silent nonsense at run time (issue 13, items 3-5), through the `fathom` command.

- A run that produces no usable result (no accepted event) exits with status 3, one line on
  stderr saying why, and writes nothing; --allow-empty writes it and still says so.
- `fathom me` never writes NaN: an unphysical row is an input error (2) naming row and column,
  a non-finite |M|^2 at a valid point is status 3 naming the row; --mark-failed writes such
  rows with empty values and a status column.
- `fathom reach` refuses a negative background, naming the file, the mass and the bin.
- Scans and tagger studies refuse masses (angles) that would share an output directory,
  before running anything.
- --threads (and run.threads) above 4 x the CPUs of the affinity mask is refused.
- `fathom --help` documents the exit statuses.

The executable comes from $FATHOM_EXE. Every case runs in well under a second or two.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import h5py
import hist
import pytest
import uhi.io.hdf5

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
CARD = SOURCE / "configs" / "bhabha_belle2.toml"
SCAN_CARD = SOURCE / "configs" / "alp_scan_quick.toml"
TAGGER_CARD = SOURCE / "configs" / "tagger_study.toml"

ROW_HEADER = ("ep_in_E,ep_in_px,ep_in_py,ep_in_pz,em_in_E,em_in_px,em_in_py,em_in_pz,"
              "ep_out_E,ep_out_px,ep_out_py,ep_out_pz,em_out_E,em_out_px,em_out_py,em_out_pz")
GOOD_ROW = "5,0,0,-5,5,0,0,5,5,3,0,4,5,-3,0,-4"  # massless Bhabha at 10 GeV
HUGE_ROW = "5e154,0,0,-5e154,5e154,0,0,5e154,5e154,3e154,0,4e154,5e154,-3e154,0,-4e154"  # E^2 overflows
ZERO_ROW = ",".join(["0"] * 16)
FORWARD_ROW = "5,0,0,-5,5,0,0,5,5,0,0,-5,5,0,0,5"  # t = 0: the massless |M|^2 diverges


def fathom(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, check=False)


def one_line(r: subprocess.CompletedProcess[str]) -> str:
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def impossible_cut_card(tmp_path: Path) -> Path:
    """The default Bhabha card with both leptons required in 100-158 degrees: each cut alone can
    be passed (the card's own checks accept it), but the two leptons of e+e- -> e+e- are back to
    back in the CM frame, so no event passes both: only the run itself can find that out."""
    text = CARD.read_text().replace("theta_min = 22.0          # degrees", "theta_min = 100.0", 1)
    assert "theta_min = 100.0" in text
    card = tmp_path / "impossible.toml"
    card.write_text(text)
    return card


def test_help_documents_exit_statuses() -> None:
    r = fathom("--help")
    assert r.returncode == 0
    for needle in ("Exit status", "0 success", "1 file-system", "2 input error", "3 the command", "128+N"):
        assert needle in r.stdout, needle


def test_run_without_accepted_events_fails_with_status_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = fathom("run", str(impossible_cut_card(tmp_path)), "--events", "2000", "--output", str(out))
    assert r.returncode == 3, r.stderr
    line = one_line(r)
    assert "no event passed the cuts" in line and "2000 failed the cuts" in line
    assert "impossible.toml" in line and "--allow-empty" in line
    assert not out.exists()
    assert not list(tmp_path.glob("out*")), "output or staging left for a run without a result"


def test_allow_empty_writes_the_empty_run_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = fathom("run", str(impossible_cut_card(tmp_path)), "--events", "2000", "--output", str(out), "--allow-empty")
    assert r.returncode == 0, r.stderr
    assert "warning" in one_line(r) and "no event passed the cuts" in r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["events_accepted"] == 0 and summary["events_tried"] == 2000
    assert summary["nonfinite_weights"] == 0 and summary["nonfinite_me2"] == 0


def test_scan_stops_naming_the_mass_and_the_component(tmp_path: Path) -> None:
    text = SCAN_CARD.read_text()
    text = text.replace("calibration_events = ", "calibration_events = 2_000 #", 1)
    text = text.replace("adapt_events = ", "adapt_events = 1_000 #", 1)
    text = text.replace("adapt_iterations = ", "adapt_iterations = 1 #", 1)
    # photons and leptons each above 3 GeV: every cut alone can be passed (the card's checks
    # accept it), but four particles above 3 GeV need 12 GeV > sqrt(s): no event passes
    assert "energy_min = 0.25 " in text
    text = text.replace("energy_min = 0.25 ", "energy_min = 3.0 ", 1)
    text = text.replace('particles = "leptons"\n', 'particles = "leptons"\nenergy_min = 3.0\n', 1)
    assert text.count("energy_min = 3.0") == 2
    card = tmp_path / "scan.toml"
    card.write_text(text)
    out = tmp_path / "out"
    r = fathom("scan", str(card), "--masses", "1.0", "--output", str(out))
    assert r.returncode == 3, r.stderr
    line = one_line(r)
    assert "m_a = 1 GeV" in line and "component 'calibration'" in line and "no event passed" in line
    assert not out.exists()


def write_points(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text("\n".join([ROW_HEADER, *rows]) + "\n")
    return path


@pytest.mark.parametrize(
    "row,needle",
    [(HUGE_ROW, "is not finite (momenta this large overflow"), (ZERO_ROW, "energy 0 GeV, expected > 0")],
)
def test_me_refuses_rows_it_cannot_evaluate(tmp_path: Path, row: str, needle: str) -> None:
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "ee_ee", "--electron-mass", "0", "--input",
               str(write_points(tmp_path, GOOD_ROW, row)), "--output", str(out))
    assert r.returncode == 2, r.stderr
    line = one_line(r)
    assert "row 2, column 'ep_in_E'" in line and needle in line
    assert not out.exists()


def test_me_nonfinite_result_is_status_3_naming_the_row(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "ee_ee", "--electron-mass", "0", "--input",
               str(write_points(tmp_path, GOOD_ROW, GOOD_ROW, FORWARD_ROW)), "--output", str(out))
    assert r.returncode == 3, r.stderr
    line = one_line(r)
    assert "row 3" in line and "me2" in line and "not finite" in line
    assert not out.exists()


def test_me_mark_failed_writes_status_and_no_number(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "ee_ee", "--electron-mass", "0", "--mark-failed", "--input",
               str(write_points(tmp_path, GOOD_ROW, HUGE_ROW, ZERO_ROW, FORWARD_ROW)), "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert "3 of 4 rows not evaluated" in one_line(r)
    lines = out.read_text().splitlines()
    head = lines[0].split(",")
    assert head[-2:] == ["me2", "status"]
    rows = [line.split(",") for line in lines[1:]]
    assert [row[-1] for row in rows] == ["ok", "invalid_input", "invalid_input", "nonfinite_me2"]
    assert float(rows[0][-2]) > 0
    assert [row[-2] for row in rows[1:]] == ["", "", ""]
    assert "nan" not in out.read_text().lower()


def make_scan(path: Path, background: list[float]) -> Path:
    path.mkdir()
    index = {"format": "fathom-scan-1", "luminosity_pb": 5e7, "g_ref_per_gev": 1e-4,
             "analysis_histogram": "mgg", "window_sigmas": [-3.0, 1.5],
             "masses": [{"m_a_gev": 1.0, "directory": "m_a_1.0000GeV"}]}
    (path / "m_a_1.0000GeV").mkdir()
    axis = hist.axis.Regular(4, 0.97, 1.015, name="m_gg")
    with h5py.File(path / "m_a_1.0000GeV" / "histograms.h5", "w") as f:
        for name, values in (("signal.mgg", [0.0, 0.4, 3.0, 5.0, 1.0, 0.0]), ("background.mgg", background)):
            h = hist.Hist(axis, storage=hist.storage.Weight())
            view = h.view(flow=True)
            view.value = values
            view.variance = [0.1] * 6
            uhi.io.hdf5.write(f.create_group(name), h)
    (path / "index.json").write_text(json.dumps(index))
    return path


def test_reach_refuses_a_negative_background(tmp_path: Path) -> None:
    good = make_scan(tmp_path / "good", [2.0, 40.0, 30.0, 25.0, 20.0, 1.0])
    r = fathom("reach", str(good), "--luminosity", "50ab-1", "--no-plot", "--output", str(tmp_path / "good_reach"))
    assert r.returncode == 0, r.stderr
    bad = make_scan(tmp_path / "bad", [-2.0, -40.0, -30.0, -25.0, -20.0, -1.0])
    r = fathom("reach", str(bad), "--luminosity", "50ab-1", "--no-plot", "--output", str(tmp_path / "reach"))
    assert r.returncode == 2, r.stderr
    line = one_line(r)
    assert "m_a_1.0000GeV/histograms.h5" in line and "m_a = 1 GeV" in line
    assert "background.mgg" in line and "bin 0 = (m_gg 0)" in line and "-2" in line
    assert not (tmp_path / "reach").exists()


@pytest.mark.parametrize("where", ["option", "card"])
def test_scan_refuses_colliding_masses_before_running(tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    if where == "option":
        r = fathom("scan", str(SCAN_CARD), "--masses", "0.5,1.0,1.00001", "--output", str(out))
        needle = "option --masses"
    else:
        card = tmp_path / "scan.toml"
        text = SCAN_CARD.read_text()
        text, n = re.subn(r"^masses = .*$", "masses = [1.0, 1.00001]", text, count=1, flags=re.M)
        assert n == 1
        card.write_text(text)
        r = fathom("scan", str(card), "--output", str(out))
        needle = "scan.masses"
    assert r.returncode == 2, r.stderr
    line = one_line(r)
    assert needle in line and "1 and 1.00001 GeV" in line and "m_a_1.0000GeV" in line
    assert r.stdout == "", "a run started before the masses were checked"
    assert not out.exists()


def test_tagger_refuses_colliding_masses_and_angles_before_running(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = fathom("tagger", str(TAGGER_CARD), "--masses", "2.0,2.00004", "--output", str(out))
    assert r.returncode == 2, r.stderr
    assert "option --masses" in one_line(r) and "2 and 2.00004 GeV" in r.stderr
    card = tmp_path / "tagger.toml"
    card.write_text(TAGGER_CARD.read_text().replace("theta_min = [22.0, 15.0,", "theta_min = [22.0, 15.0, 15.01,", 1))
    r = fathom("tagger", str(card), "--output", str(out))
    assert r.returncode == 2, r.stderr
    line = one_line(r)
    assert "tagger.theta_min" in line and "15 and 15.01 deg" in line and "theta_min_15.0deg" in line
    assert r.stdout == "" and not out.exists()


def thread_limit() -> int:
    return 4 * len(os.sched_getaffinity(0))


@pytest.mark.parametrize("command", ["run", "scan", "tagger"])
def test_threads_above_four_per_cpu_are_refused(tmp_path: Path, command: str) -> None:
    card = {"run": CARD, "scan": SCAN_CARD, "tagger": TAGGER_CARD}[command]
    out = tmp_path / "out"
    r = fathom(command, str(card), "--threads", str(thread_limit() + 1), "--output", str(out))
    assert r.returncode == 2, r.stderr
    line = one_line(r)
    assert "--threads" in line and f"at most {thread_limit()}" in line and "CPUs" in line
    assert not out.exists()
    # the card's run.threads likewise
    text = card.read_text().replace("threads = 0", f"threads = {thread_limit() + 1}", 1)
    assert f"threads = {thread_limit() + 1}" in text
    (tmp_path / "card.toml").write_text(text)
    r = fathom(command, str(tmp_path / "card.toml"), "--output", str(out))
    assert r.returncode == 2, r.stderr
    assert "run.threads" in one_line(r) and f"at most {thread_limit()}" in r.stderr
    # the limit itself is accepted
    if command == "run":
        r = fathom("run", str(CARD), "--threads", str(thread_limit()), "--events", "100", "--output", str(out))
        assert r.returncode == 0, r.stderr
    r = fathom(command, "--help")
    assert "4 x the CPUs" in r.stdout
