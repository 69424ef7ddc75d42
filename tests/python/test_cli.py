"""The `fathom` command end to end: a real run opened with hist, and bad input.

Bad input (card, options, files) must give one clear line on stderr naming the key, option or
file, a non-zero exit status, and no output directory (not even a half-written one).
The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import h5py
import hist
import numpy as np
import pytest
import uhi.io.hdf5

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
CARD = SOURCE / "configs" / "bhabha_belle2.toml"


def fathom(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, check=False)


def test_version_and_help() -> None:
    r = fathom("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("fathom ")
    r = fathom("run", "--help")
    assert r.returncode == 0
    for option in ("--events", "--seed", "--output", "--threads", "--force", "--batch-size"):
        assert option in r.stdout


def test_run_writes_histograms_that_hist_opens(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = fathom("run", str(CARD), "--events", "20000", "--seed", "3", "--output", str(out), "--threads", "2")
    assert r.returncode == 0, r.stderr
    assert "cross section" in r.stdout and "events/s" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == [".fathom-output", "histograms.h5", "run_card.toml",
                                                     "summary.json"]
    assert not list(tmp_path.glob("out.tmp-*")), "staging directory left behind"

    summary = json.loads((out / "summary.json").read_text())
    for key in ("cross_section_pb", "cross_section_error_pb", "events_tried", "events_accepted",
                "sum_w", "sum_w2", "nonfinite_weights", "seed", "version", "git_revision",
                "run_card", "timing"):
        assert key in summary, key
    assert summary["events_tried"] == 20000
    assert summary["seed"] == 3
    assert summary["run_card"]["run"]["events"] == 20000  # the effective card, overrides applied
    assert summary["nonfinite_weights"] == 0
    sigma = summary["cross_section_pb"]
    assert sigma == pytest.approx(summary["sum_w"] / 20000, rel=1e-15)

    with h5py.File(out / "histograms.h5") as f:
        names = set(f.keys())
        assert names == {"cos_theta_em", "e_ep_lab_vs_theta_ep", "t_plus"}
        h1 = hist.Hist(uhi.io.hdf5.read(f["cos_theta_em"]))
        h2 = hist.Hist(uhi.io.hdf5.read(f["e_ep_lab_vs_theta_ep"]))
        h3 = hist.Hist(uhi.io.hdf5.read(f["t_plus"]))
    assert h1.ndim == 1 and h1.axes[0].size == 40
    assert h2.ndim == 2 and h2.axes[0].size == 34 and h2.axes[1].size == 40
    assert isinstance(h3.axes[0], hist.axis.Variable)
    for h in (h1, h2, h3):
        # every accepted event is in exactly one bin: the sum is the cross section
        assert h.values(flow=True).sum() == pytest.approx(sigma, rel=1e-12)
        assert h.variances(flow=True).sum() == pytest.approx(summary["sum_w2"] / 20000**2, rel=1e-12)
        assert np.all(h.variances(flow=True) >= 0)
    # no electron outside 22-158 degrees: bins of cos theta beyond cos(22) are empty
    assert h1.values()[0] == 0 and h1.values()[-1] == 0

    # an existing output is not overwritten without --force
    again = fathom("run", str(CARD), "--events", "100", "--output", str(out))
    assert again.returncode != 0
    assert "--force" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert json.loads((out / "summary.json").read_text())["events_tried"] == 20000
    forced = fathom("run", str(CARD), "--events", "100", "--output", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads((out / "summary.json").read_text())["events_tried"] == 100


def test_same_seed_same_bits_any_threads(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert fathom("run", str(CARD), "-n", "5000", "-o", str(a), "-t", "1").returncode == 0
    assert fathom("run", str(CARD), "-n", "5000", "-o", str(b), "-t", "2", "--batch-size", "333").returncode == 0
    sa, sb = (json.loads((d / "summary.json").read_text()) for d in (a, b))
    for key in ("cross_section_pb", "cross_section_error_pb", "sum_w", "sum_w2", "events_accepted"):
        assert sa[key] == sb[key], key
    with h5py.File(a / "histograms.h5") as fa, h5py.File(b / "histograms.h5") as fb:
        for name in fa:
            assert np.array_equal(fa[name]["storage"]["values"][()], fb[name]["storage"]["values"][()])
            assert np.array_equal(fa[name]["storage"]["variances"][()], fb[name]["storage"]["variances"][()])


BAD_CARDS = {
    "unknown key": ("[run]\nevnets = 10\n", "run.evnets"),
    "wrong type": ("[run]\nevents = \"ten\"\n", "run.events"),
    "negative count": ("[run]\nevents = -10\n", "run.events"),
    "unknown process": ("[process]\nname = \"ee_tautau\"\n", "process.name"),
    "syntax": ("[run\nevents = 1\n", "syntax"),
    "empty": ("", "empty"),
    "bad observable": ("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"m_xx\", bins = 2, lower = 0, upper = 1 } ]\n", "m_xx"),
}


@pytest.mark.parametrize("case", sorted(BAD_CARDS))
def test_bad_card_fails_cleanly(tmp_path: Path, case: str) -> None:
    text, needle = BAD_CARDS[case]
    card = tmp_path / "card.toml"
    card.write_text(text)
    out = tmp_path / "out"
    r = fathom("run", str(card), "--output", str(out), "--events", "10")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob("out*")), "output written for a bad card"


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--events", "-5"], "--events"),
        (["--events", "many"], "--events"),
        (["--events", "1.5"], "--events"),
        (["--seed", "-1"], "--seed"),
        (["--threads", "x"], "--threads"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_options_fail_cleanly(tmp_path: Path, args: list[str], needle: str) -> None:
    out = tmp_path / "out"
    r = fathom("run", str(CARD), "--output", str(out), *args)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]
    assert not out.exists()


def test_missing_card(tmp_path: Path) -> None:
    r = fathom("run", str(tmp_path / "nope.toml"), "--output", str(tmp_path / "out"))
    assert r.returncode != 0
    assert "nope.toml" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


HUGE_HISTOGRAM = """
[[histograms]]
name = "huge"
axes = [
  { observable = "t_plus", bins = 2000, lower = -112.0, upper = 0.0 },
  { observable = "t_minus", bins = 2000, lower = -112.0, upper = 0.0 },
  { observable = "s_plus", bins = 2000, lower = 0.0, upper = 112.0 },
  { observable = "s_minus", bins = 2000, lower = 0.0, upper = 112.0 },
]
"""


def test_histograms_that_do_not_fit_are_refused_up_front(tmp_path: Path) -> None:
    # 4D, 2000 bins per axis: 2002^4 bins with flow x 2 threads x 2 sums x 32 bytes, about 2 PB
    card = tmp_path / "huge.toml"
    card.write_text(CARD.read_text() + HUGE_HISTOGRAM)
    out = tmp_path / "out"
    r = fathom("run", str(card), "--output", str(out), "--events", "10", "--threads", "2")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    bins = 2002**4
    assert f"'huge' {bins} bins = {bins * 2 * 2 * 32} bytes" in lines[0]
    assert "more than the limit of" in lines[0] and "available physical memory" in lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob("out*")), "output written for a run that does not fit"

    # an explicit limit below what the default card needs
    r = fathom("run", str(CARD), "--output", str(out), "--events", "10", "--max-device-memory", "1000")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "'cos_theta_em' 42 bins" in lines[0] and "limit of 1000 bytes (--max-device-memory)" in lines[0]
    assert not list(tmp_path.glob("out*"))
    r = fathom("run", str(CARD), "--output", str(out), "--events", "10", "--max-device-memory", "1e12")
    assert r.returncode == 0, r.stderr


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [line.rstrip("\r\n") for line in path.read_text().splitlines() if line.strip()]
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


def test_me_command_reproduces_reference(tmp_path: Path, reference: Path) -> None:
    src = reference / "ee_eeaa_massive_qed_cuts.csv"
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "ee_eeaa", "--input", str(src), "--output", str(out))
    assert r.returncode == 0, r.stderr
    head_in, rows_in = read_csv(src)
    head_out, rows_out = read_csv(out)
    assert head_out.count("me2") == 1 and head_out[-1] == "me2"
    assert len(rows_out) == len(rows_in)
    i_in, i_out = head_in.index("me2"), head_out.index("me2")
    for a, b in zip(rows_in, rows_out):
        assert float(b[i_out]) == pytest.approx(float(a[i_in]), rel=1e-10)


def test_me_command_alp_components(tmp_path: Path, reference: Path) -> None:
    out = tmp_path / "alp.csv"
    r = fathom("me", "--process", "alp_fusion", "--input", str(reference / "alp_ee_eeax_m1.csv"),
               "--output", str(out), "--alp-mass", "1", "--g-agg", "1e-4")
    assert r.returncode == 0, r.stderr
    head, rows = read_csv(out)
    for col in ("me2", "me2_fusion", "me2_annihilation", "me2_interference"):
        assert head.count(col) == 1, col
    for row in rows:
        v = {c: float(row[head.index(c)]) for c in ("me2", "me2_fusion", "me2_annihilation", "me2_interference")}
        assert v["me2"] == pytest.approx(v["me2_fusion"] + v["me2_annihilation"] + v["me2_interference"], rel=1e-12)


def test_me_command_bad_input_fails_cleanly(tmp_path: Path, reference: Path) -> None:
    out = tmp_path / "out.csv"
    # a massive file evaluated as massless
    r = fathom("me", "--process", "ee_ee", "--input", str(reference / "ee_ee_massive_qed_cuts.csv"),
               "--output", str(out), "--electron-mass", "0")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "row 1" in lines[0] and "--electron-mass" in lines[0]
    assert not out.exists()
    # wrong particle set for the process
    r = fathom("me", "--process", "ee_ee", "--input", str(reference / "ee_eea_massive_qed_cuts.csv"),
               "--output", str(out))
    assert r.returncode != 0 and "do not fit" in r.stderr
    assert not out.exists()
    r = fathom("me", "--process", "nope", "--input", str(reference / "ee_ee_massive_qed_cuts.csv"), "--output", str(out))
    assert r.returncode != 0 and "unknown process" in r.stderr
    assert not out.exists()


def adaptive_card(tmp_path: Path, extra: str = "") -> Path:
    """The default Bhabha card with the adaptive sampler and a short adaptation."""
    text = CARD.read_text().replace(
        'sampler = "rambo"', 'sampler = "adaptive"\nadapt_iterations = 3\nadapt_events = 5000' + extra)
    assert 'sampler = "adaptive"' in text
    card = tmp_path / "adaptive.toml"
    card.write_text(text)
    return card


def test_adaptive_run_reports_iterations_and_saves_its_grid(tmp_path: Path) -> None:
    card = adaptive_card(tmp_path)
    out = tmp_path / "out"
    r = fathom("run", str(card), "--events", "20000", "--output", str(out), "--threads", "2")
    assert r.returncode == 0, r.stderr
    assert "adapt  3" in r.stdout and "N_eff/N" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == [".fathom-output", "grid.h5", "histograms.h5",
                                                     "run_card.toml", "summary.json"]
    s = json.loads((out / "summary.json").read_text())
    a = s["adaptation"]
    assert len(a["iterations"]) == 3 and a["events"] == 15000 and a["grid_loaded_from"] == ""
    for it in a["iterations"]:
        for key in ("cross_section_pb", "cross_section_error_pb", "n_eff", "n_eff_over_n",
                    "max_weight_over_mean", "failed_cuts_fraction", "alpha"):
            assert key in it, key
    assert [c["name"] for c in a["channels"]] == ["two_body"]
    assert {"cross_section_pb", "cross_section_error_pb", "chi2_per_dof", "dof"} <= a["combined"].keys()
    for key in ("n_eff_over_n", "max_weight_over_mean", "failed_cuts_fraction", "unweighting"):
        assert key in s, key
    assert s["unweighting"]["efficiency"] == pytest.approx(s["cross_section_pb"] / s["unweighting"]["max_weight_pb"])
    assert s["events_tried"] == 20000  # adaptation events are not in the production tally
    with h5py.File(out / "grid.h5") as f:
        assert f.attrs["process"] == "ee_ee"

    # reloading the grid skips adaptation and reproduces the production bit for bit
    again = tmp_path / "again"
    r = fathom("run", str(card), "--events", "20000", "--output", str(again), "--grid", str(out / "grid.h5"))
    assert r.returncode == 0, r.stderr
    assert "loaded from" in r.stdout
    s2 = json.loads((again / "summary.json").read_text())
    assert s2["sum_w"] == s["sum_w"] and s2["sum_w2"] == s["sum_w2"]
    assert s2["adaptation"]["iterations"] == [] and s2["adaptation"]["grid_loaded_from"] == str(out / "grid.h5")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (("theta_min = 22.0", "theta_min = 30.0"), "cuts"),
        (('name = "ee_ee"', 'name = "ee_eea"'), "process"),
        (("positron_energy = 3.994", "positron_energy = 4.0"), "beams"),
        (("adapt_events = 5000", "adapt_events = 5000\ngrid_bins = 32"), "bins"),
    ],
)
def test_mismatching_grid_is_refused(tmp_path: Path, change: tuple[str, str], needle: str) -> None:
    card = adaptive_card(tmp_path)
    out = tmp_path / "out"
    assert fathom("run", str(card), "--events", "2000", "--output", str(out)).returncode == 0
    text = card.read_text()
    assert change[0] in text, change[0]
    other = tmp_path / "other.toml"
    other.write_text(text.replace(change[0], change[1]))
    bad = tmp_path / "bad"
    r = fathom("run", str(other), "--events", "2000", "--output", str(bad), "--grid", str(out / "grid.h5"))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "grid.h5" in lines[0] and needle in lines[0], r.stderr
    assert not bad.exists()


def test_grid_needs_the_adaptive_sampler(tmp_path: Path) -> None:
    grid = tmp_path / "grid.h5"
    grid.write_text("not a grid")
    r = fathom("run", str(CARD), "--events", "100", "--output", str(tmp_path / "o"), "--grid", str(grid))
    assert r.returncode == 2 and "--grid" in r.stderr and "adaptive" in r.stderr
    card = adaptive_card(tmp_path)
    r = fathom("run", str(card), "--events", "100", "--output", str(tmp_path / "o2"), "--grid", str(grid))
    assert r.returncode == 2 and "grid.h5" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--luminosity", "50"], "--luminosity"),          # no unit
        (["--luminosity", "-5ab-1"], "--luminosity"),
        (["--luminosity", "50ab-1", "--decay-radius", "0"], "--decay-radius"),
    ],
)
def test_reach_bad_options_fail_cleanly(tmp_path: Path, args: list[str], needle: str) -> None:
    scan = tmp_path / "scan"
    scan.mkdir()
    (scan / "index.json").write_text('{"format": "fathom-scan-1"}')
    r = fathom("reach", str(scan), *args)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]
    assert not (scan / "reach").exists()


def test_reach_missing_or_bad_scan_dir(tmp_path: Path) -> None:
    r = fathom("reach", str(tmp_path / "nope"), "--luminosity", "50ab-1")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope" in lines[0] and "does not exist" in lines[0], r.stderr
    r = fathom("reach", "--luminosity", "50ab-1")  # no SCAN_DIR at all
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1 and "scan_dir" in r.stderr, r.stderr
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "index.json").write_text('{"format": "fathom-scan-1",}')
    r = fathom("reach", str(tmp_path / "scan"), "--luminosity", "50ab-1")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "index.json:1: invalid JSON" in lines[0], r.stderr


def tree(path: Path) -> dict[str, bytes | None]:
    """Every file and directory below path, with the files' contents."""
    return {str(p.relative_to(path)): (p.read_bytes() if p.is_file() else None) for p in path.rglob("*")}


def test_force_never_deletes_what_fathom_did_not_write(tmp_path: Path) -> None:
    user = tmp_path / "userdir"
    (user / "chapters").mkdir(parents=True)
    (user / "thesis.tex").write_text("\\documentclass{book}")
    (user / "chapters" / "alp.tex").write_text("\\chapter{ALPs}")
    cards = tmp_path / "cards"
    cards.mkdir()
    card = cards / "card.toml"
    card.write_text(CARD.read_text())
    before = tree(tmp_path)

    def refused(args: list[str], cwd: Path, needle: str) -> None:
        r = subprocess.run([EXE, "run", str(card), "-n", "100", *args, "--force"], cwd=cwd,
                           capture_output=True, text=True, timeout=60, check=False)
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], r.stderr

    refused(["-o", str(user)], tmp_path, "not written by fathom")
    refused(["-o", "userdir"], tmp_path, "remove it by hand")
    refused(["-o", "."], cards, "the working directory")
    refused(["-o", ".."], cards, "the working directory")
    refused(["-o", "cards"], tmp_path, "an input of this command")  # the card's directory
    refused(["-o", "cards/"], tmp_path, "an input of this command")
    assert tree(tmp_path) == before, "a refused run changed something"


def test_me_refuses_to_overwrite_without_force(tmp_path: Path, reference: Path) -> None:
    src = reference / "ee_ee_massive_qed_cuts.csv"
    out = tmp_path / "out.csv"
    out.write_text("mine\n")
    args = ["me", "--process", "ee_ee", "--input", str(src), "--output", str(out)]
    r = fathom(*args)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "--force" in r.stderr and "out.csv" in r.stderr
    assert out.read_text() == "mine\n"
    r = fathom(*args, "--force")
    assert r.returncode == 0, r.stderr
    assert out.read_text().splitlines()[0].endswith(",me2")
    # never its own input, not even with --force
    copy = tmp_path / "in.csv"
    copy.write_text(src.read_text())
    r = fathom("me", "--process", "ee_ee", "--input", str(copy), "--output", str(copy), "--force")
    assert r.returncode == 2 and "an input of this command" in r.stderr, r.stderr
    assert copy.read_text() == src.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_sigterm_removes_the_staging_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert fathom("run", str(CARD), "-n", "100", "-o", str(out)).returncode == 0
    before = tree(out)
    # a run far too long to end by itself, replacing that output
    proc = subprocess.Popen([EXE, "run", str(CARD), "-n", "1e15", "-o", str(out), "--force", "-t", "1",
                             "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("out.tmp-*")):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "no staging directory appeared"
            time.sleep(0.01)
        time.sleep(0.3)  # generating events now
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
    assert rc == -signal.SIGTERM  # ended by the signal: a shell reports 128 + 15 = 143
    assert not list(tmp_path.glob("out.tmp-*")), "staging directory left behind"
    assert tree(out) == before, "the old output was touched"


def test_reach_refuses_a_repeated_key_in_the_scan_index(tmp_path: Path) -> None:
    # nlohmann/json alone would keep the last value without a word
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "index.json").write_text(
        '{\n  "format": "fathom-scan-1",\n  "luminosity_pb": 5e7,\n  "luminosity_pb": 5e4\n}\n')
    r = fathom("reach", str(tmp_path / "scan"), "--luminosity", "50ab-1")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and 'index.json:4: invalid JSON: duplicate key "luminosity_pb"' in lines[0], r.stderr
    assert not (tmp_path / "scan" / "reach").exists()
