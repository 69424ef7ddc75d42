"""`fathom reach` end to end on a small hand-made scan, cross-checked with pyhf.

The scan (docs/scan-format.md) is written here with hist + uhi.io.hdf5, i.e. by the reference
UHI writer rather than fathom's own, so this also checks that fathom reads standard UHI files.
Then `fathom reach` ($FATHOM_EXE) runs on it, and for every mass pyhf loads the exported
HistFactory workspace (pyhf/<mass dir>.json) and computes the expected median CLs limit on mu
(q~_mu, asymptotics), which must equal reach.csv's mu_up_median within 1e-3 relative.

Tolerance 1e-3: pyhf is run as a user would rerun a workspace, with its default scipy
minimiser tolerance (only the root finder is asked for rtol 1e-8), so its profile fits are
less exact than fathom's closed-form/root-found ones; observed differences are ~3e-8 here.
1e-3 leaves room for other scipy/pyhf versions and for harder fits, yet any modelling
difference in the exported workspace (a wrong staterror, normsys or bin) moves the limit by
per cent. (tests/python/test_reach_pyhf.py checks the statistics to 1e-6 with tight settings.)

Fails (never skips) without pyhf, hist, uhi, h5py or numpy.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import h5py
import hist
import numpy as np
import pytest
import uhi.io.hdf5

try:
    import pyhf
except ImportError as error:
    raise ImportError("pyhf is not installed in this Python; pip install -r scripts/requirements.txt") from error

EXE = os.environ.get("FATHOM_EXE", "")
G_REF = 1e-4
SCAN_LUMI_PB = 5e7  # 50 ab^-1
MU_RTOL = 1e-3

# per mass: signal, background, background variance per bin of a 4-bin m_gg histogram
# (+ flow bins); the second mass has an empty bin (dropped) and a 5 % background normsys
# is added on the command line
MASSES = {
    0.5: ([0.0, 0.4, 3.0, 5.0, 1.0, 0.0], [2.0, 40.0, 30.0, 25.0, 20.0, 1.0], [0.1, 4.0, 2.0, 3.0, 1.0, 0.1]),
    2.0: ([0.0, 0.0, 1.0, 2.5, 0.3, 0.0], [0.0, 0.0, 10.0, 8.0, 12.0, 0.5], [0.0, 0.0, 1.0, 0.5, 0.8, 0.05]),
}

pytestmark = pytest.mark.filterwarnings("ignore:jsonschema.RefResolver:DeprecationWarning")


def fathom(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable (run through ctest)"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, check=False,
                          env=env)


def weighted(axis, values, variances) -> hist.Hist:
    h = hist.Hist(axis, storage=hist.storage.Weight())
    view = h.view(flow=True)
    view.value = values
    view.variance = variances
    return h


def make_scan(path: Path) -> Path:
    path.mkdir()
    index = {"format": "fathom-scan-1", "luminosity_pb": SCAN_LUMI_PB, "g_ref_per_gev": G_REF,
             "analysis_histogram": "mgg", "window_sigmas": [-3.0, 1.5], "masses": []}
    for m, (s, b, v) in MASSES.items():
        directory = f"m_a_{m:.4f}GeV"
        (path / directory).mkdir()
        index["masses"].append({"m_a_gev": m, "directory": directory, "sigma_m_gev": 0.01,
                                "window_gev": [m - 0.03, m + 0.015]})
        axis = hist.axis.Regular(4, m - 0.03, m + 0.015, name="m_gg")
        bg_t = hist.axis.Variable(np.geomspace(0.01, 100, 9), name="alp_betagamma_t")
        with h5py.File(path / directory / "histograms.h5", "w") as f:
            uhi.io.hdf5.write(f.create_group("signal.mgg"), weighted(axis, s, [0.0] * 6))
            uhi.io.hdf5.write(f.create_group("background.mgg"), weighted(axis, b, v))
            uhi.io.hdf5.write(f.create_group("signal.alp_betagamma_t_lab"),
                              weighted(bg_t, [0.0] + [1.0] * 8 + [0.0], [0.0] * 10))
    (path / "index.json").write_text(json.dumps(index, indent=2))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_reach_limits_agree_with_pyhf_and_the_plot_is_made(tmp_path: Path) -> None:
    scan = make_scan(tmp_path / "scan")
    r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--background-norm-uncertainty", "0.05")
    assert r.returncode == 0, r.stderr
    out = scan / "reach"
    assert sorted(p.name for p in out.iterdir()) == [".fathom-output", "pyhf", "reach.csv", "reach.json",
                                                     "reach.png"]
    assert out.joinpath("reach.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(out) in r.stdout
    rows = read_csv(out / "reach.csv")
    assert [float(row["m_a_gev"]) for row in rows] == list(MASSES)
    reach = json.loads((out / "reach.json").read_text())
    assert reach["luminosity_pb"] == pytest.approx(5e7)
    assert reach["g_ref_per_gev"] == G_REF

    pyhf.set_backend("numpy")
    for row, point in zip(rows, reach["points"]):
        spec = json.loads((out / point["pyhf_workspace"]).read_text())
        workspace = pyhf.Workspace(spec)
        model = workspace.model()
        data = workspace.data(model)
        _, expected = pyhf.infer.intervals.upper_limits.upper_limit(
            data, model, scan=None, level=0.05, test_stat="qtilde", calctype="asymptotics",
            rtol=1e-8,
        )
        mu_pyhf = float(expected[2])
        mu_fathom = float(row["mu_up_median"])
        print(f"m_a = {row['m_a_gev']}: mu_up fathom {mu_fathom:.9g}, pyhf {mu_pyhf:.9g}, "
              f"rel. diff {mu_fathom / mu_pyhf - 1:+.2e}")
        assert mu_fathom == pytest.approx(mu_pyhf, rel=MU_RTOL)
        assert float(row["g_up_median"]) == pytest.approx(G_REF * np.sqrt(mu_fathom), rel=1e-15)
        # the workspace is the model of the rows: Asimov data = the kept backgrounds
        s, b, _ = MASSES[float(row["m_a_gev"])]
        kept = [bb for ss, bb in zip(s, b) if ss > 0 or bb > 0]
        assert list(data[: model.config.nmaindata]) == pytest.approx(kept)
        assert int(row["kept_bins"]) == len(kept)
        assert "background_norm" in model.config.par_names


def test_limits_at_another_luminosity_and_decay_radius(tmp_path: Path) -> None:
    scan = make_scan(tmp_path / "scan")
    prompt = tmp_path / "prompt"
    decay = tmp_path / "decay"
    assert fathom("reach", str(scan), "-l", "5ab-1", "-o", str(prompt), "--no-plot").returncode == 0
    r = fathom("reach", str(scan), "-l", "5ab-1", "-o", str(decay), "--no-plot",
               "--decay-radius", "1e-6")
    assert r.returncode == 0, r.stderr
    assert not (prompt / "reach.png").exists()
    p, d = read_csv(prompt / "reach.csv"), read_csv(decay / "reach.csv")
    for a, b in zip(p, d):
        assert float(b["g_up_median"]) > float(a["g_up_median"])  # fewer ALPs decay inside
        assert 0 < float(b["decay_efficiency_at_median"]) < 1
        assert a["decay_efficiency_at_median"] == ""


def test_a_failing_plot_is_a_warning(tmp_path: Path) -> None:
    scan = make_scan(tmp_path / "scan")
    env = dict(os.environ, FATHOM_PYTHON=str(tmp_path / "no-such-python"))
    r = fathom("reach", str(scan), "-l", "50ab-1", env=env)
    assert r.returncode == 0, r.stderr
    warnings = [line for line in r.stderr.splitlines() if "reach.png" in line]
    assert len(warnings) == 1 and "make it with" in warnings[0], r.stderr
    assert (scan / "reach" / "reach.csv").exists()
    assert not (scan / "reach" / "reach.png").exists()


def test_reach_never_replaces_its_own_scan(tmp_path: Path) -> None:
    # a scan as fathom writes it, with its manifest: --force may replace it, but not from reach
    scan = make_scan(tmp_path / "scan")
    (scan / ".fathom-output").write_text('format = "fathom-output-1"\ncommand = "scan"\n')
    before = sorted((str(p.relative_to(tmp_path)), p.stat().st_size) for p in tmp_path.rglob("*"))
    for out in (scan, tmp_path):
        r = fathom("reach", str(scan), "--luminosity", "50ab-1", "--no-plot", "-o", str(out), "--force")
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "an input of this command" in lines[0], r.stderr
    assert sorted((str(p.relative_to(tmp_path)), p.stat().st_size) for p in tmp_path.rglob("*")) == before
