"""`fathom scan` end to end on a tiny scan: the files of docs/scan-format.md, the
normalisation (events = sigma x acceptance x L), the signal parts and background components,
the m_gg window, and bad input.

The scan is one mass, 1 GeV, where the eta' (957.78 MeV) lies in the window, so a peaking
background is part of it. The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
QUICK = SOURCE / "configs" / "alp_scan_quick.toml"
ANALYSIS = "tplus_tminus_splus_sminus"


def fathom(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600, check=False)


def tiny_card(tmp: Path, **scan: str) -> Path:
    text = QUICK.read_text()
    values = {"masses": "[1.0]", "calibration_events": "20_000", "signal_events": "10_000",
              "background_events": "20_000", "peaking_events": "10_000"}
    values.update(scan)
    for key, value in values.items():
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert n == 1, key
    text = re.sub(r"^adapt_iterations = .*$", "adapt_iterations = 2", text, flags=re.M)
    text = re.sub(r"^adapt_events = .*$", "adapt_events = 10_000", text, flags=re.M)
    path = tmp / "tiny_scan.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("scan")
    out = tmp / "out"
    r = fathom("scan", str(tiny_card(tmp)), "--output", str(out), "--threads", "2")
    assert r.returncode == 0, r.stderr
    assert "m_a = 1.0000 GeV" in r.stdout
    return out


def read(group: h5py.Group) -> tuple[np.ndarray, np.ndarray]:
    return group["storage"]["values"][()], group["storage"]["variances"][()]


def test_layout_and_index(scan: Path) -> None:
    index = json.loads((scan / "index.json").read_text())
    assert index["format"] == "fathom-scan-3"
    assert index["luminosity_pb"] == pytest.approx(5e7, rel=1e-15)
    assert index["analysis_histogram"] == ANALYSIS
    assert index["window_sigmas"] == [-3.0, 1.5]
    [m] = index["masses"]
    assert m["m_a_gev"] == 1.0 and m["directory"] == "m_a_1.0000GeV"
    # one typical accepted background event: the coarsest component's mean weight x L
    d0 = scan / m["directory"]
    worst = 0.0
    for run in ("background_radiative_bhabha", "background_eta_prime"):
        r = json.loads((d0 / "runs" / run / "summary.json").read_text())
        worst = max(worst, r["cross_section_pb"] * index["luminosity_pb"] / r["events_accepted"])
    assert m["empty_bin_background_events"] == pytest.approx(worst, rel=1e-12)
    d = scan / m["directory"]
    assert (d / "histograms.h5").is_file() and (d / "summary.json").is_file()
    assert (scan / "scan_card.toml").is_file()
    for run in ("calibration", "signal", "background_radiative_bhabha", "background_eta_prime"):
        assert (d / "runs" / run / "summary.json").is_file(), run
        assert (d / "runs" / run / "run_card.toml").is_file(), run


def test_components_add_up(scan: Path) -> None:
    with h5py.File(scan / "m_a_1.0000GeV" / "histograms.h5") as f:
        for name in (ANALYSIS, "m_ee", "theta_a1"):
            total, _ = read(f[f"signal.{name}"])
            parts = sum(read(f[f"signal_{p}.{name}"])[0] for p in ("fusion", "annihilation", "interference"))
            # the parts are filled per event with the part weights, which sum to the total weight
            np.testing.assert_allclose(parts, total, rtol=1e-9, atol=1e-12 * np.abs(total).max())
            bg, bg_var = read(f[f"background.{name}"])
            rb, rb_var = read(f[f"background_radiative_bhabha.{name}"])
            eta, eta_var = read(f[f"background_eta_prime.{name}"])
            np.testing.assert_allclose(bg, rb + eta, rtol=1e-14)
            np.testing.assert_allclose(bg_var, rb_var + eta_var, rtol=1e-14)


def test_events_are_cross_section_times_luminosity(scan: Path) -> None:
    d = scan / "m_a_1.0000GeV"
    summary = json.loads((d / "summary.json").read_text())
    lum = summary["luminosity_pb"]
    with h5py.File(d / "histograms.h5") as f:
        for component, run in (("signal", "signal"), ("background_radiative_bhabha", "background_radiative_bhabha"),
                               ("background_eta_prime", "background_eta_prime")):
            run_summary = json.loads((d / "runs" / run / "summary.json").read_text())
            sigma = run_summary["cross_section_pb"]  # sum w / N of the run: sigma x acceptance
            values, _ = read(f[f"{component}.{ANALYSIS}"])
            # every accepted event fills one bin (flow bins included)
            assert values.sum() == pytest.approx(sigma * lum, rel=1e-12), component
            assert summary["components"][component]["events"] == pytest.approx(sigma * lum, rel=1e-12)
            # acceptance: sigma x acceptance = sigma_tried x (accepted weight fraction) is what the
            # run estimates; the efficiency it reports is the accepted event fraction
            assert 0 < run_summary["efficiency"] <= 1
        eta = json.loads((d / "runs" / "background_eta_prime" / "summary.json").read_text())
        assert eta["meson"]["name"] == "eta_prime"


def test_window_from_the_fitted_resolution(scan: Path) -> None:
    d = scan / "m_a_1.0000GeV"
    s = json.loads((d / "summary.json").read_text())
    sigma_m = s["sigma_m_gev"]
    lo, hi = s["window_gev"]
    assert lo == pytest.approx(1.0 - 3 * sigma_m, rel=1e-14)
    assert hi == pytest.approx(1.0 + 1.5 * sigma_m, rel=1e-14)
    # ECL-like response at 1 GeV: a resolution of order 1.5 % of m_a
    assert 0.005 < sigma_m < 0.04
    with h5py.File(d / "histograms.h5") as f:
        # no signal or background event outside the window in the m_aa control histogram
        for component in ("signal", "background"):
            values, _ = read(f[f"{component}.m_aa"])
            edges = np.linspace(0.0, 10.0, 2001)
            inner = values[1:-1]
            outside = (edges[1:] <= lo) | (edges[:-1] >= hi)
            assert np.all(inner[outside] == 0), component
        # the window keeps the fraction of the calibration peak that lies inside it: compare
        # sigma(signal with window) / sigma(calibration) with that fraction, within MC errors
        cal, cal_var = read(f["signal.m_aa_calibration"])
        centres = np.linspace(0.6, 1.4, 801)
        centres = (centres[1:] + centres[:-1]) / 2
        inside = (centres >= lo) & (centres < hi)
        frac = cal[1:-1][inside].sum() / cal.sum()
        sig = s["components"]["signal"]
        cal_run = json.loads((d / "runs" / "calibration" / "summary.json").read_text())
        ratio = sig["cross_section_pb"] / cal_run["cross_section_pb"]
        err = ratio * math.hypot(sig["cross_section_error_pb"] / sig["cross_section_pb"],
                                 cal_run["cross_section_error_pb"] / cal_run["cross_section_pb"])
        assert 0.8 < frac < 1.0
        assert abs(ratio - frac) < 4 * err, (ratio, frac, err)
    alp = s["alp"]
    # c tau = hbar c / Gamma, Gamma = g^2 m^3 / (64 pi) at g_ref
    width = 1e-4**2 * 1.0**3 / (64 * math.pi)
    assert alp["width_gev"] == pytest.approx(width, rel=1e-12)
    assert alp["ctau_m"] == pytest.approx(1.973269804e-16 / width, rel=1e-12)
    assert alp["mean_betagamma_lab"] > alp["mean_betagamma_t"] > 0


def test_luminosity_scales_events_and_variances(scan: Path, tmp_path: Path) -> None:
    out = tmp_path / "lumi"
    r = fathom("scan", str(tiny_card(tmp_path)), "--output", str(out), "--luminosity", "100ab-1", "--threads", "1")
    assert r.returncode == 0, r.stderr
    with h5py.File(scan / "m_a_1.0000GeV" / "histograms.h5") as a, h5py.File(out / "m_a_1.0000GeV" / "histograms.h5") as b:
        for name in (f"signal.{ANALYSIS}", f"background.{ANALYSIS}"):
            va, wa = read(a[name])
            vb, wb = read(b[name])
            # same seeds, any thread count: the same events; L doubled
            np.testing.assert_allclose(vb, 2 * va, rtol=1e-14)
            np.testing.assert_allclose(wb, 4 * wa, rtol=1e-14)


def background_mc(out: Path) -> dict:
    return json.loads((out / "m_a_1.0000GeV" / "summary.json").read_text())["background_mc"]


def test_summary_reports_the_background_mc_precision(scan: Path) -> None:
    """Every mass states r, the background's MC error over the data's at the scan's luminosity,
    and how its background was sampled (analysis-aware by default)."""
    mc = background_mc(scan)
    index = json.loads((scan / "index.json").read_text())
    assert mc["precision_ratio"] > 0 and mc["precision_ratio_radiative_bhabha"] > 0
    assert index["masses"][0]["mc_precision_ratio"] == mc["precision_ratio"]
    assert mc["radiative_bhabha_events"] == 20_000
    assert mc["importance_sampling"] is True and mc["importance_pilot_events"] == 2_000
    assert "target_precision" not in mc
    run = json.loads((scan / "m_a_1.0000GeV" / "runs" / "background_radiative_bhabha" / "summary.json").read_text())
    assert run["adaptation"]["adapted_to"].startswith("f h")


def precision_card(tmp: Path, target: str | None, max_events: str = "30_000", batch: str = "10_000") -> Path:
    """The tiny card with background batches of `batch`, a pilot of 1000 events, and (unless
    target is None) scan.background_mc_precision = target up to max_events."""
    card = tiny_card(tmp, background_events=batch)
    extra = "importance_pilot_events = 1_000\n"
    if target is not None:
        extra += (f"background_mc_precision = {target}\nbackground_max_events = {max_events}\n"
                  "peaking_max_events = 30_000\n")
    path = tmp / f"precision_{target}_{max_events}_{batch}.toml"
    path.write_text(card.read_text().replace("\nanalysis_histogram = ", f"\n{extra}analysis_histogram = ", 1))
    return path


def test_background_until_its_mc_precision(tmp_path: Path) -> None:
    """scan.background_mc_precision: the radiative Bhabha runs in batches of background_events
    until r <= the target or background_max_events; summary.json says which. The events used
    are the same for any thread count, and batches stopped by the rule give the bits of one run
    of as many events."""
    cases = {"never": ("1e-9", "10_000", "2"), "first": ("100", "10_000", "2"),
             "first_1t": ("100", "10_000", "1"), "fixed": (None, "30_000", "2")}
    out = {}
    for name, (target, batch, threads) in cases.items():
        out[name] = tmp_path / name
        card = precision_card(tmp_path, target, batch=batch)
        r = fathom("scan", str(card), "--output", str(out[name]), "--threads", threads)
        assert r.returncode == 0, r.stderr
    never, first = background_mc(out["never"]), background_mc(out["first"])
    assert never["radiative_bhabha_events"] == 30_000 and never["max_events"] == 30_000
    assert never["precision_reached"] is False and never["stopped_by"] == "max_events"
    assert first["radiative_bhabha_events"] == 10_000 and first["batch_events"] == 10_000
    assert first["precision_reached"] is True and first["stopped_by"] == "precision"
    assert first["precision_ratio_radiative_bhabha"] <= 100
    # the peaking component (eta' at 1 GeV) the same way, in batches of peaking_events = 10_000
    assert never["peaking"]["background_eta_prime"]["events"] == 30_000
    assert never["peaking"]["background_eta_prime"]["precision_reached"] is False
    assert first["peaking"]["background_eta_prime"]["events"] == 10_000
    assert first["peaking"]["background_eta_prime"]["precision_reached"] is True
    assert background_mc(out["first_1t"]) == first
    assert background_mc(out["fixed"])["radiative_bhabha_events"] == 30_000

    def same_bits(a: Path, b: Path) -> None:
        name = f"background_radiative_bhabha.{ANALYSIS}"
        with h5py.File(a / "m_a_1.0000GeV" / "histograms.h5") as fa, \
                h5py.File(b / "m_a_1.0000GeV" / "histograms.h5") as fb:
            for x, y in zip(read(fa[name]), read(fb[name])):
                assert np.array_equal(x, y)

    same_bits(out["first"], out["first_1t"])
    same_bits(out["never"], out["fixed"])


def test_bad_input(tmp_path: Path) -> None:
    def fails(args: list[str], needle: str) -> None:
        r = fathom("scan", *args)
        assert r.returncode != 0
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], r.stderr

    card = tiny_card(tmp_path)
    fails([str(tmp_path / "missing.toml"), "-o", str(tmp_path / "o1")], "missing.toml")
    fails([str(card), "--luminosity", "50", "-o", str(tmp_path / "o2")], "--luminosity")
    fails([str(card), "--masses", "1.0,x", "-o", str(tmp_path / "o3")], "--masses")
    fails([str(card), "--masses", "2.0,1.0", "-o", str(tmp_path / "o4")], "increasing")
    run_card = SOURCE / "configs" / "ee_eeaa_belle2_adaptive.toml"
    fails([str(run_card), "-o", str(tmp_path / "o5")], "[scan]")
    fails([str(precision_card(tmp_path, "-1", "30_000")), "-o", str(tmp_path / "o6")], "scan.background_mc_precision")
    fails([str(precision_card(tmp_path, "0.3", "5_000")), "-o", str(tmp_path / "o7")], "scan.background_max_events")
    llr_table = tmp_path / "llr_table.toml"
    llr_table.write_text(card.read_text() + "\n[llr_alp]\nmass = 1.0\nsigma_m = 0.01\n")
    fails([str(llr_table), "-o", str(tmp_path / "o8")], "key 'llr_alp'")
    fails([str(card), "--set", "scan.llr_bins=2000", "-o", str(tmp_path / "o9")], "scan.llr_bins")
    for o in ("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"):
        assert not (tmp_path / o).exists()
    existing = tmp_path / "exists"
    existing.mkdir()
    (existing / "x").write_text("keep")
    fails([str(card), "-o", str(existing)], "exists")
    assert (existing / "x").read_text() == "keep"


def test_tagger_study_end_to_end(tmp_path: Path) -> None:
    """`fathom tagger` on a tiny study: the table has a row per theta_min and mass, opening the
    lepton acceptance to 6 degrees adds photon-fusion signal (leptons at small |t|), the
    matching luminosity is either absent or positive, and the plot script makes its PNGs."""
    text = (SOURCE / "configs" / "tagger_study.toml").read_text()
    values = {"masses": "[1.0]", "calibration_events": "20_000", "signal_events": "20_000",
              "background_events": "20_000", "peaking_events": "5_000", "adapt_iterations": "2",
              "adapt_events": "10_000", "luminosities": '["1ab-1", "50ab-1"]'}
    for key, value in values.items():
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert n == 1, key
    text, n = re.subn(r"^theta_min = \[.*$", "theta_min = [22.0, 6.0]", text, flags=re.M)  # [tagger]'s
    assert n == 1
    card = tmp_path / "tagger.toml"
    card.write_text(text)
    out = tmp_path / "study"
    # on the optimal statistic (the default, the scan's 4D histogram, runs in test_mpi.py)
    r = fathom("tagger", str(card), "--output", str(out), "--threads", "2", "--set", 'tagger.analysis="llr_alp"')
    assert r.returncode == 0, r.stderr
    study = json.loads((out / "study.json").read_text())
    assert study["format"] == "fathom-tagger-study-1"
    assert study["analysis_histogram"] == "llr_alp"
    rows = {row["theta_min_deg"]: row for row in study["matches"]}
    assert set(rows) == {22.0, 6.0}
    assert rows[6.0]["signal_events_50ab_gref"] > 1.5 * rows[22.0]["signal_events_50ab_gref"]
    for row in rows.values():
        assert row["three_photon_g_50ab"] == pytest.approx(5.6e-5, rel=0.05)  # the shared curve at 1 GeV
        assert row["matching_luminosity_pb"] is None or row["matching_luminosity_pb"] > 0
        assert row["g_up_median_no_mc_error_50ab"] <= row["g_up_median_50ab"] * (1 + 1e-9)
    assert len(study["limits"]) == 2 * 2  # theta_min x luminosities, one mass
    lines = (out / "study.csv").read_text().splitlines()
    assert len(lines) == 1 + 2
    assert (out / "theta_min_06.0deg" / "index.json").is_file()
    # the plot script, with this test's Python (the project's venv, which has matplotlib)
    p = subprocess.run([sys.executable, str(SOURCE / "scripts" / "plot_tagger_study.py"), str(out)],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    for name in ("limit_vs_mass.png", "luminosity_needed.png", "limit_vs_luminosity.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_reach_on_the_scan_reports_the_decay_length_at_the_limit(scan: Path, tmp_path: Path) -> None:
    out = tmp_path / "reach"
    r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--output", str(out), "--no-plot")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader((out / "reach.csv").open()))
    assert len(rows) == 1
    row = rows[0]
    alp = json.loads((scan / "m_a_1.0000GeV" / "summary.json").read_text())["alp"]
    g_up = float(row["g_up_median"])
    # c tau scales as g^-2 from its value at g_ref = 1e-4
    expected = alp["mean_betagamma_lab"] * alp["ctau_m"] * (1e-4 / g_up) ** 2
    assert float(row["mean_decay_length_lab_at_g_up_m"]) == pytest.approx(expected, rel=1e-12)


def test_llr_alp_histograms_in_bins_of_equal_signal_content(scan: Path) -> None:
    """llr_alp (issue 16): fine lambda bins in every component, merged into scan.llr_bins bins of about
    equal signal content with the fine sums kept, and the summary's llr_alp block."""
    index = json.loads((scan / "index.json").read_text())
    n = index["llr_bins"]
    assert n == 20
    summary = json.loads((scan / "m_a_1.0000GeV" / "summary.json").read_text())
    llr = summary["llr_alp"]
    assert llr["mass_gev"] == 1.0 and llr["sigma_m_gev"] == summary["sigma_m_gev"]
    assert llr["coupling_per_gev"] == 1e-4 and llr["bins_requested"] == n
    components = ["signal", "signal_fusion", "signal_annihilation", "signal_interference", "background",
                  "background_radiative_bhabha", "background_eta_prime"]
    with h5py.File(scan / "m_a_1.0000GeV" / "histograms.h5") as f:
        for c in components:
            for fine, merged in (("llr_alp_fine", "llr_alp"), ("llr_alp_fine_m_ee", "llr_alp_m_ee")):
                fv, fw = read(f[f"{c}.{fine}"])
                mv, mw = read(f[f"{c}.{merged}"])
                assert mv.shape[0] == llr["bins"] + 2, (c, merged)
                assert mv.sum() == pytest.approx(fv.sum(), rel=1e-12, abs=1e-300), (c, merged)
                assert mw.sum() == pytest.approx(fw.sum(), rel=1e-12, abs=1e-300), (c, merged)
                # flow bins are the fine histogram's own
                np.testing.assert_array_equal(mv[0], fv[0])
                np.testing.assert_array_equal(mv[-1], fv[-1])
            # the 2D one, summed over m_ee, is the 1D one
            np.testing.assert_allclose(read(f[f"{c}.llr_alp_m_ee"])[0].sum(axis=1), read(f[f"{c}.llr_alp"])[0],
                                       rtol=1e-12, atol=1e-300)
        signal = read(f["signal.llr_alp"])[0][1:-1]
        import hist
        import uhi.io.hdf5
        edges = hist.Hist(uhi.io.hdf5.read(f["signal.llr_alp"])).axes[0].edges
    assert list(edges) == llr["edges"]
    # about 1/n of the signal per bin: a fine bin (0.05 in lambda) is the granularity, and a bin
    # closes at the first fine bin that reaches its quantile
    share = signal / signal.sum()
    assert 0 < llr["bins"] <= n
    assert share.max() < 2.5 / n and share.min() > 0
    # the signal sits at larger lambda than the background: the top bin's s/b is far above the bottom's
    with h5py.File(scan / "m_a_1.0000GeV" / "histograms.h5") as f:
        background = read(f["background.llr_alp"])[0][1:-1]
    assert signal[-1] / background[-1] > 30 * signal[0] / background[0]


def test_reach_on_llr_alp_and_its_bins(scan: Path, tmp_path: Path) -> None:
    rows = {}
    for label, args in (("4d", []), ("llr", ["--analysis", "llr_alp"]), ("llr5", ["--analysis", "llr_alp", "--llr-bins", "5"]),
                        ("llr_m_ee", ["--analysis", "llr_alp_m_ee"])):
        out = tmp_path / label
        r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--output", str(out), "--no-plot", *args)
        assert r.returncode == 0, r.stderr
        [rows[label]] = list(csv.DictReader((out / "reach.csv").open()))
        doc = json.loads((out / "reach.json").read_text())
        assert doc["format"] == "fathom-reach-2"
        assert doc["analysis_histogram"] == (args[1] if args else ANALYSIS)
        assert doc["settings"]["llr_bins"] == (5 if label == "llr5" else None)
    assert int(rows["llr5"]["kept_bins"]) <= 5 + 2
    for row in rows.values():
        # the same bins without the background's MC error: never a weaker limit
        assert float(row["g_up_median_no_mc_error"]) <= float(row["g_up_median"]) * (1 + 1e-9)
    for args, needle in ((["--llr-bins", "5"], "option --llr-bins"),
                         (["--analysis", "no_such_histogram"], "no_such_histogram")):
        r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--output", str(tmp_path / "bad"), "--no-plot", *args)
        assert r.returncode != 0
        [line] = r.stderr.strip().splitlines()
        assert needle in line, line
        assert not (tmp_path / "bad").exists()


def test_hdf5_attributes_are_numbers_and_uhi_reads_every_histogram(scan: Path) -> None:
    import hist
    import uhi.io.hdf5

    with h5py.File(scan / "m_a_1.0000GeV" / "histograms.h5") as f:
        for key, value in (("m_a_gev", 1.0), ("luminosity_pb", 5e7), ("g_ref_per_gev", 1e-4)):
            assert f.attrs[key].dtype == np.float64, key
            assert f.attrs[key] == value, key
        assert f.attrs["format"] == "fathom-scan-3"
        for name in f:
            assert hist.Hist(uhi.io.hdf5.read(f[name])).ndim >= 1, name


def test_readme_snippet_reads_what_the_default_job_writes(scan: Path) -> None:
    """The README's Python snippet, run on this scan's mass point in place of the default job's."""
    import tomllib

    code = re.search(r"Reading the histograms in Python.*?```python\n(.*?)```", (SOURCE / "README.md").read_text(),
                     re.S).group(1)
    default = "output/alp_scan_quick/m_a_0.5000GeV/histograms.h5"
    assert default in code
    # scripts/run-default.sh scans alp_scan_quick.toml into output/alp_scan_quick, whose masses
    # include 0.5 GeV; mass directories are named as this scan's (m_a_%.4fGeV)
    assert 'out="$FATHOM_ROOT/output/alp_scan_quick"' in (SOURCE / "scripts" / "run-default.sh").read_text()
    assert 0.5 in tomllib.loads(QUICK.read_text())["scan"]["masses"]
    code = code.replace(default, str(scan / "m_a_1.0000GeV" / "histograms.h5"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "1.0 50000000.0"  # numeric attributes


def test_plots(scan: Path, tmp_path: Path) -> None:
    """plot_scan.py draws every mass; the reach plot always accounts for the 3-photon curve and the
    background-MC-precision warning: drawn, or said in the plot (and, for the curve, on stderr)."""
    out = tmp_path / "plots"
    p = subprocess.run([sys.executable, str(SOURCE / "scripts" / "plot_scan.py"), str(scan), "--output", str(out)],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    for suffix in ("projections", "2d", "m_ee", "m_ee_m_gg"):
        assert (out / f"m_a_1.0000GeV_{suffix}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", suffix
    assert (out / "m_a_1.0000GeV_ranked_bins.csv").is_file()

    reach = tmp_path / "reach"
    r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--output", str(reach))
    assert r.returncode == 0, r.stderr
    assert (reach / "reach.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sys.path.insert(0, str(SOURCE / "scripts"))
    try:
        import plot_reach
    finally:
        sys.path.pop(0)
    doc = json.loads((reach / "reach.json").read_text())
    warned = any(p["mc_precision"]["warning"] for p in doc["points"])
    assert warned == ("background MC error" in r.stderr)
    notes = plot_reach.plot(doc, plot_reach.DEFAULT_THREE_PHOTON, str(tmp_path / "a.png"))
    assert any("WARNING" in n for n in notes) == warned
    assert any("3γ comparison curve not found" in n for n in notes) != plot_reach.DEFAULT_THREE_PHOTON.is_file()
    # with the warning on (whatever this scan gives) and no curve, the plot says both
    doc["points"][0]["mc_precision"]["warning"] = True
    missing = tmp_path / "no_such_curve.csv"
    notes = plot_reach.plot(doc, missing, str(tmp_path / "b.png"))
    assert len(notes) == 2 and "not found" in notes[0] and notes[1].startswith("WARNING")
    c = subprocess.run([sys.executable, str(SOURCE / "scripts" / "plot_reach.py"), str(reach / "reach.json"),
                        "--three-photon", str(missing), "-o", str(tmp_path / "c.png")],
                       capture_output=True, text=True, check=False)
    assert c.returncode == 0, c.stderr
    assert c.stderr.strip().splitlines() == [f"plot_reach: warning: 3-photon comparison curve {missing} not found; "
                                             "the plot is without it"]
    assert (tmp_path / "c.png").is_file()
