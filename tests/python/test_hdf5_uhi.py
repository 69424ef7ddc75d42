"""Interop: fathom's HDF5 histograms, opened with the real hist package, against a fill in here.

The test makes random events (fixed seed) with values exactly on bin edges, outside the axis
ranges, NaN and infinities, and weights of both signs over ten orders of magnitude. The C++ tool
hist_fill_tool (path in $FATHOM_HIST_FILL_TOOL) fills them with fathom's device-side binning and
exact fixed-point sums and writes the file with write_histograms_hdf5. The file is read with
uhi.io.hdf5.read -> hist.Hist and compared with hist.Hist(..., storage=Weight()).fill(...).

Tolerances (u = 2**-53, the unit roundoff of doubles):
- fathom's bins are exact sums rounded once by to_double, which converts four non-negative
  64-bit limbs and adds them: at most 7 roundings of non-negative terms, so
  |fathom - exact| <= 8 u |exact|.
- hist adds the n weights of a bin one by one in double: |hist - exact| <= gamma(n-1) S with
  S the sum of |w| (of w**2 for variances) and gamma(k) = k u / (1 - k u) (Higham, sect. 4.2).
So |fathom - hist| <= (gamma(n-1) + 8 u) S per bin. With weights of both signs the sum can
cancel, so the bound scales with S, not with the result. The exact sums (math.fsum of the same
doubles) are also checked directly against the 8 u bound, and bin counts must agree exactly.

Missing hist/uhi/h5py/numpy make this module fail at import: the test fails, never skips.
"""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import hist
import numpy as np
import pytest
import uhi.io.hdf5

U = 2.0**-53
TOOL_ENV = "FATHOM_HIST_FILL_TOOL"
NUM_EVENTS = 20000
SEED = 20240611


@dataclass
class AxisDef:
    column: int  # CSV column binned on this axis: 0 = x, 1 = y, 2 = z
    observable: str
    label: str
    bins: int = 0
    lower: float = 0.0
    upper: float = 0.0
    edges: list[float] | None = None  # variable axis when given

    def hist_axis(self) -> hist.axis.Regular | hist.axis.Variable:
        if self.edges is not None:
            return hist.axis.Variable(self.edges, name=self.observable, label=self.label)
        return hist.axis.Regular(
            self.bins, self.lower, self.upper, name=self.observable, label=self.label
        )

    def tsv(self) -> str:
        head = f"axis\t{self.column}\t{self.observable}\t{self.label}"
        if self.edges is not None:
            return head + "\tvariable\t" + "\t".join(repr(e) for e in self.edges)
        return head + f"\tregular\t{self.bins}\t{self.lower!r}\t{self.upper!r}"


@dataclass
class HistDef:
    name: str
    title: str
    unit: str
    axes: list[AxisDef] = field(default_factory=list)

    def reference_hist(self) -> hist.Hist:
        return hist.Hist(*(a.hist_axis() for a in self.axes), storage=hist.storage.Weight())


HISTOGRAMS = [
    HistDef(
        "h1_regular",
        'x, 1D "regular"',
        "pb",
        [AxisDef(0, "x_obs", "x [GeV]", bins=30, lower=-1.0, upper=2.0)],
    ),
    HistDef(
        "h2_regular_variable",
        "x vs y",
        "fb",
        [
            AxisDef(0, "x_obs", "x [GeV]", bins=7, lower=-1.0, upper=2.0),
            AxisDef(1, "y_obs", "cos \u03b8(e\u207b) [CM]", edges=[-2.0, -0.5, 0.0, 0.1, 1.0, 3.5]),
        ],
    ),
    HistDef(
        "h3_mixed",
        "z vs x vs y",
        "pb",
        [
            AxisDef(2, "z_obs", "z", bins=5, lower=0.0, upper=10.0),
            AxisDef(0, "x_var", "x, variable", edges=[-1.0, 0.0, 0.3, 2.0]),
            AxisDef(1, "y_reg", "y", bins=4, lower=-2.0, upper=2.0),
        ],
    ),
]


def special_values(column: int) -> list[float]:
    """Values that stress the binning of every axis that bins this column."""
    values = [math.nan, math.inf, -math.inf, 0.0, -0.0]
    for h in HISTOGRAMS:
        for a in h.axes:
            if a.column != column:
                continue
            # the edges as boost-histogram computes them, and their neighbours
            for e in a.hist_axis().edges:
                e = float(e)
                values += [e, math.nextafter(e, -math.inf), math.nextafter(e, math.inf)]
            if a.edges is None:
                # edges as a user would compute them (may differ from boost's by an ulp)
                step = (a.upper - a.lower) / a.bins
                values += [a.lower + i * step for i in range(a.bins + 1)]
    return values


def make_events() -> tuple[np.ndarray, np.ndarray]:
    """Columns x, y, z (shape 3 x N) and weights."""
    rng = np.random.default_rng(SEED)
    cols = np.stack(
        [
            rng.uniform(-1.5, 2.5, NUM_EVENTS),
            rng.uniform(-2.5, 4.0, NUM_EVENTS),
            rng.uniform(-1.0, 11.0, NUM_EVENTS),
        ]
    )
    for c in range(3):
        specials = np.array(special_values(c))
        rows = rng.choice(NUM_EVENTS, size=NUM_EVENTS // 4, replace=False)
        cols[c, rows] = rng.choice(specials, size=rows.size)
    w = rng.normal(0.3, 1.0, NUM_EVENTS)  # about 40% negative
    w[rng.choice(NUM_EVENTS, 200, replace=False)] *= 1e5
    w[rng.choice(NUM_EVENTS, 200, replace=False)] *= 1e-5
    w[rng.choice(NUM_EVENTS, 50, replace=False)] = 0.0
    return cols, w


def flow_indices(h: hist.Hist, cols: np.ndarray, axes: list[AxisDef]) -> np.ndarray:
    """Flat C-order index (flow bins included) of every event, by boost-histogram's binning."""
    flat = np.zeros(cols.shape[1], dtype=np.int64)
    for ax, a in zip(h.axes, axes):
        idx = np.asarray(ax.index(cols[a.column])) + 1  # -1 (underflow) -> 0
        assert idx.min() >= 0
        assert idx.max() <= len(ax) + 1
        flat = flat * (len(ax) + 2) + idx
    return flat


@dataclass
class Filled:
    path: Path
    cols: np.ndarray
    w: np.ndarray


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    tool = os.environ.get(TOOL_ENV)
    if not tool:
        pytest.fail(f"${TOOL_ENV} must name the hist_fill_tool executable")
    if not Path(tool).is_file():
        pytest.fail(f"${TOOL_ENV}={tool} does not exist")

    tmp = tmp_path_factory.mktemp("hdf5_uhi")
    cols, w = make_events()
    with (tmp / "data.csv").open("w") as f:
        f.write("x,y,z,w\n")
        for x, y, z, wi in zip(cols[0], cols[1], cols[2], w):
            # repr round-trips doubles exactly ('nan', 'inf', '-inf' included)
            f.write(f"{float(x)!r},{float(y)!r},{float(z)!r},{float(wi)!r}\n")
    with (tmp / "histograms.tsv").open("w", encoding="utf-8") as f:
        for h in HISTOGRAMS:
            f.write(f"histogram\t{h.name}\t{h.title}\t{h.unit}\n")
            for a in h.axes:
                f.write(a.tsv() + "\n")

    out = tmp / "hists.h5"
    result = subprocess.run(
        [tool, str(tmp / "histograms.tsv"), str(tmp / "data.csv"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Filled(out, cols, w)


def read_hist(path: Path, name: str) -> hist.Hist:
    with h5py.File(path, "r") as f:
        return hist.Hist(uhi.io.hdf5.read(f[name]))


def test_data_exercises_edge_cases():
    cols, w = make_events()
    assert np.isnan(cols).any(axis=1).all()
    assert np.isposinf(cols).any(axis=1).all()
    assert (w < 0).mean() > 0.3
    assert (w == 0).any()
    edges = set(float(e) for e in HISTOGRAMS[0].axes[0].hist_axis().edges)
    assert sum(float(x) in edges for x in cols[0]) > 100


def test_file_layout(filled: Filled):
    with h5py.File(filled.path, "r") as f:
        assert sorted(f.keys()) == sorted(h.name for h in HISTOGRAMS)
        assert f.attrs["creator"] == "hist_fill_tool"
        for h in HISTOGRAMS:
            g = f[h.name]
            assert int(g.attrs["uhi_schema"]) == 1
            assert [f[ref].name for ref in g["axes"]] == [
                f"/{h.name}/ref_axes/axis_{i}" for i in range(len(h.axes))
            ]
            shape = tuple(len(a.hist_axis()) + 2 for a in h.axes)
            assert g["storage/values"].shape == shape
            assert g["storage/variances"].shape == shape
            for i, a in enumerate(h.axes):
                ax = g[f"ref_axes/axis_{i}"]
                # h5py gives numpy bools for the enum, as for the files it writes itself
                for key, expected in [("underflow", True), ("overflow", True), ("circular", False)]:
                    assert isinstance(ax.attrs[key], np.bool_)
                    assert bool(ax.attrs[key]) is expected


@pytest.mark.parametrize("hdef", HISTOGRAMS, ids=lambda h: h.name)
def test_axes_and_metadata(filled: Filled, hdef: HistDef):
    h = read_hist(filled.path, hdef.name)
    ref = hdef.reference_hist()
    assert h.ndim == len(hdef.axes)
    assert isinstance(h.storage_type(), hist.storage.Weight)
    assert h.name == hdef.name
    assert h.title == hdef.title
    assert h.unit == hdef.unit
    for ax, ref_ax, a in zip(h.axes, ref.axes, hdef.axes):
        expected_type = hist.axis.Variable if a.edges is not None else hist.axis.Regular
        assert type(ax) is expected_type
        assert ax == ref_ax  # same kind, edges, traits and metadata
        np.testing.assert_array_equal(ax.edges, ref_ax.edges)
        assert ax.name == a.observable
        assert ax.label == a.label
        assert ax.traits.underflow and ax.traits.overflow and not ax.traits.circular


@pytest.mark.parametrize("hdef", HISTOGRAMS, ids=lambda h: h.name)
def test_values_and_variances(filled: Filled, hdef: HistDef):
    cols, w = filled.cols, filled.w
    fathom = read_hist(filled.path, hdef.name)
    fathom_values = fathom.values(flow=True)
    fathom_variances = fathom.variances(flow=True)

    ref = hdef.reference_hist()
    ref.fill(*(cols[a.column] for a in hdef.axes), weight=w)
    ref_values = ref.values(flow=True)
    ref_variances = ref.variances(flow=True)
    assert fathom_values.shape == ref_values.shape
    assert fathom_variances.shape == ref_variances.shape

    # Per-bin entry counts, sums of |w| and w**2, and exact sums, from hist's own binning
    flat = flow_indices(ref, cols, hdef.axes)
    nbins = ref_values.size
    counts = np.bincount(flat, minlength=nbins)
    abs_sum = np.bincount(flat, weights=np.abs(w), minlength=nbins)
    sq_sum = np.bincount(flat, weights=w * w, minlength=nbins)
    order = np.argsort(flat, kind="stable")
    groups = np.split(order, np.cumsum(counts)[:-1])
    exact_values = np.array([math.fsum(w[g]) for g in groups])
    exact_variances = np.array([math.fsum(w[g] * w[g]) for g in groups])

    assert counts.sum() == w.size
    # every axis has entries in its underflow and overflow bins, so the test covers them
    shaped_counts = counts.reshape(ref_values.shape)
    for d in range(ref.ndim):
        assert shaped_counts.take(0, axis=d).sum() > 0
        assert shaped_counts.take(-1, axis=d).sum() > 0
    # same occupied bins: a bin has a positive sum of w**2 iff it holds a non-zero weight
    nonzero = np.bincount(flat, weights=(w != 0), minlength=nbins).reshape(ref_values.shape)
    np.testing.assert_array_equal(fathom_variances > 0, nonzero > 0)

    gamma = (np.maximum(counts - 1, 0) * U) / (1 - np.maximum(counts - 1, 0) * U)
    fathom_rounding = 8 * U
    tol_values = ((gamma + fathom_rounding) * abs_sum).reshape(ref_values.shape)
    tol_variances = ((gamma + fathom_rounding) * sq_sum).reshape(ref_values.shape)

    # 1. against hist's fill (the requirement)
    dv = np.abs(fathom_values - ref_values)
    assert np.all(dv <= tol_values), (
        f"values differ from hist by up to {np.max(dv - tol_values):.3g} beyond the bound"
    )
    dvar = np.abs(fathom_variances - ref_variances)
    assert np.all(dvar <= tol_variances), (
        f"variances differ from hist by up to {np.max(dvar - tol_variances):.3g} beyond the bound"
    )

    # 2. against the exact sums: fathom is exact up to its final rounding
    exact_values = exact_values.reshape(ref_values.shape)
    exact_variances = exact_variances.reshape(ref_values.shape)
    assert np.all(np.abs(fathom_values - exact_values) <= fathom_rounding * np.abs(exact_values))
    assert np.all(
        np.abs(fathom_variances - exact_variances) <= fathom_rounding * np.abs(exact_variances)
    )
