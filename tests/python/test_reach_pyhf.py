"""Cross-check: fathom's expected limits (host/reach) against pyhf on fathom's own workspace.

The C++ tool reach_tool (path in $FATHOM_REACH_TOOL) reads a few bins (s at g_ref, b, MC
variance v), prints fathom's expected upper limits on mu for the bands -2..+2 sigma and
writes the pyhf HistFactory workspace of the same model. Here pyhf loads that workspace and
computes the expected limits with
pyhf.infer.intervals.upper_limits.upper_limit(..., test_stat="qtilde", calctype="asymptotics")
and, independently of its root finder, the expected CLs set of pyhf.infer.hypotest at
fathom's limits, which must be the CLs level 0.05.

Tolerance: 1e-6 relative on mu_up, 1e-7 absolute on CLs. Both codes minimise the same NLL;
fathom's profile is exact to rounding (closed-form gammas, root-found alpha and mu), pyhf's
comes from scipy's SLSQP run with tolerance 1e-12 here, and its root finder is asked for rtol
1e-10. What is left is pyhf's minimiser precision: observed differences are 1e-14 (no
nuisances) to 5e-10 (staterror), so 1e-6 leaves room for other scipy versions while still
catching any modelling difference (a wrong sigma_i or interpolation code moves limits by
per cent).

A missing pyhf (or numpy, pytest) makes this module fail at import: never a silent skip.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

try:
    import pyhf
except ImportError as error:  # fail loudly: the cross-check is the point of this test
    raise ImportError(
        "pyhf is not installed in this Python; install scripts/requirements.txt "
        "(pip install pyhf) to run the fathom-vs-pyhf reach cross-check"
    ) from error

TOOL_ENV = "FATHOM_REACH_TOOL"
MU_RTOL = 1e-6
CLS_ATOL = 1e-7
BANDS = [-2, -1, 0, 1, 2]

# name: (norm_uncertainty, [(s, b, v), ...])
CASES = {
    # Poisson only: no MC error, no normalisation uncertainty.
    "no_staterror": (0.0, [(2.0, 10.0, 0.0), (1.5, 4.0, 0.0), (0.5, 25.0, 0.0)]),
    # Barlow-Beeston-lite staterror; one bin without MC error (gamma fixed), one bin with
    # no expected events (dropped).
    "staterror": (
        0.0,
        [(3.0, 20.0, 4.0), (1.0, 5.0, 1.0), (0.5, 2.0, 0.5), (2.0, 9.0, 0.0), (0.0, 0.0, 0.0)],
    ),
    # staterror plus a 10 % background normsys; a background-only bin constrains it.
    "normsys": (
        0.1,
        [(3.0, 20.0, 4.0), (1.0, 5.0, 1.0), (0.5, 2.0, 0.5), (0.0, 50.0, 2.0)],
    ),
    # Signal where the background MC has nothing: fathom floors b at 1e-6 events.
    "floored": (0.05, [(2.0, 0.0, 0.0), (1.0, 8.0, 1.0)]),
}

# pyhf 0.7's schema validation uses a deprecated jsonschema API; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:jsonschema.RefResolver:DeprecationWarning")


def tool() -> str:
    path = os.environ.get(TOOL_ENV)
    if not path:
        pytest.fail(f"${TOOL_ENV} is not set (run through ctest)")
    return path


def run_fathom(case: str, tmp_path: Path) -> tuple[dict, dict]:
    norm, bins = CASES[case]
    lines = ["g_ref 1e-3", f"norm_uncertainty {norm!r}"]
    lines += [f"bin {s!r} {b!r} {v!r}" for s, b, v in bins]
    input_path = tmp_path / "bins.txt"
    input_path.write_text("\n".join(lines) + "\n")
    workspace_path = tmp_path / "workspace.json"
    result = subprocess.run(
        [tool(), str(input_path), str(workspace_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), json.loads(workspace_path.read_text())


def pyhf_model(spec: dict):
    pyhf.set_backend("numpy", pyhf.optimize.scipy_optimizer(tolerance=1e-12))
    workspace = pyhf.Workspace(spec)  # validates against pyhf's schema
    model = workspace.model()
    return model, workspace.data(model)


@pytest.mark.parametrize("case", sorted(CASES))
def test_expected_limits_agree_with_pyhf(case: str, tmp_path: Path) -> None:
    fathom, spec = run_fathom(case, tmp_path)
    model, data = pyhf_model(spec)
    _, expected = pyhf.infer.intervals.upper_limits.upper_limit(
        data, model, scan=None, level=0.05, test_stat="qtilde", calctype="asymptotics",
        rtol=1e-10,
    )
    pyhf_mu = np.asarray(expected, dtype=float)
    fathom_mu = np.asarray(fathom["mu_up"])
    print(f"\n{case}: band  fathom mu_up  pyhf mu_up  rel. diff")
    for k, f, p in zip(BANDS, fathom_mu, pyhf_mu):
        print(f"{case}: {k:+d}  {f:.9g}  {p:.9g}  {f / p - 1:+.2e}")
    np.testing.assert_allclose(fathom_mu, pyhf_mu, rtol=MU_RTOL)
    assert fathom["g_up"] == pytest.approx(1e-3 * np.sqrt(fathom_mu), rel=1e-15)


@pytest.mark.parametrize("case", sorted(CASES))
def test_pyhf_expected_cls_is_the_level_at_fathom_limits(case: str, tmp_path: Path) -> None:
    fathom, spec = run_fathom(case, tmp_path)
    model, data = pyhf_model(spec)
    for band, mu in enumerate(fathom["mu_up"]):
        _, cls_expected = pyhf.infer.hypotest(
            mu, data, model, test_stat="qtilde", calctype="asymptotics",
            return_expected_set=True,
        )
        # pyhf's expected set runs over the bands -2..+2 sigma in this order.
        assert float(cls_expected[band]) == pytest.approx(0.05, abs=CLS_ATOL), (case, band)


def test_workspace_layout(tmp_path: Path) -> None:
    fathom, spec = run_fathom("normsys", tmp_path)
    model, data = pyhf_model(spec)
    assert model.config.poi_name == "mu"
    assert model.config.par_names == ["mu", "background_norm"] + [
        f"staterror_reach[{i}]" for i in range(4)
    ]
    # Observations are the Asimov background-only counts; auxdata at nominal.
    assert list(data[: model.config.nmaindata]) == [20.0, 5.0, 2.0, 50.0]
    assert list(data[model.config.nmaindata :]) == [0.0, 1.0, 1.0, 1.0, 1.0]
    assert model.config.suggested_bounds()[model.config.poi_index] == [
        0.0,
        pytest.approx(10 * fathom["mu_up"][-1]),
    ]
    # A bin without MC error has its gamma fixed, as fathom does.
    _, spec = run_fathom("staterror", tmp_path)
    model, _ = pyhf_model(spec)
    assert model.config.suggested_fixed() == [False, False, False, False, True]


def test_floored_and_dropped_bins_are_reported(tmp_path: Path) -> None:
    fathom, _ = run_fathom("floored", tmp_path)
    assert (fathom["kept_bins"], fathom["floored_bins"], fathom["dropped_bins"]) == (2, 1, 0)
    fathom, _ = run_fathom("staterror", tmp_path)
    assert (fathom["kept_bins"], fathom["floored_bins"], fathom["dropped_bins"]) == (4, 0, 1)
