#!/usr/bin/env python3
"""Where signal and background live in the 4D analysis space, per mass of a `fathom scan`.

    scripts/plot_scan.py SCAN_DIR [--output DIR] [--top N]

For each mass point (docs/scan-format.md) writes to DIR (default SCAN_DIR/plots):
  <mass>_projections.png   1D projections of the 4D histogram (t+, t-, s+, s-): signal parts
                           (photon fusion, annihilation, |interference|), total signal, background
  <mass>_2d.png            t+ vs t- and s+ vs s- for the fusion part, the annihilation part and
                           the background (log colour scale)
  <mass>_m_ee.png          the dilepton mass: fusion near sqrt(s) - m_a, annihilation near 0
  <mass>_m_ee_m_gg.png     m_ee versus m_gg per component (if the card has histogram m_ee_m_aa)
  <mass>_ranked_bins.csv   the 4D bins ranked by s / b, with each bin's share of the
                           sensitivity sum s^2 / b (what drives the limit), cumulative
Events are expected events at the scan's luminosity, the signal at its g_ref. Histograms are
read with uhi.io.hdf5 into hist objects and drawn with mplhep; error bars are the MC errors
(square roots of the variances). Along an axis whose bins differ in width (t+ and t- of the
analysis histogram, logarithmic below 1 GeV^2) the plots show densities: events divided by the
bin width, as the axis labels say.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import h5py
import hist
import matplotlib
import uhi.io.hdf5

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mplhep as hep  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

AXES = ("t_plus", "t_minus", "s_plus", "s_minus")
LABELS = {"t_plus": r"$t_+$ [GeV$^2$]", "t_minus": r"$t_-$ [GeV$^2$]",
          "s_plus": r"$s_+$ [GeV$^2$]", "s_minus": r"$s_-$ [GeV$^2$]",
          "m_ee": r"$m_{ee}$ [GeV]", "m_aa": r"$m_{\gamma\gamma}$ [GeV]"}


def read(f: h5py.File, name: str) -> hist.Hist:
    """One histogram of the file, as hist reads the UHI layout."""
    return hist.Hist(uhi.io.hdf5.read(f[name]))


def observable(axis) -> str:
    return axis.name


def unit(axis) -> str:
    """The unit in the axis label's trailing [brackets] (fathom writes e.g. 't+ = ... [GeV^2]')."""
    m = re.search(r"\[([^\]]*)\]\s*$", axis.label or "")
    return m.group(1) if m else ""


def tex_unit(u: str) -> str:
    return re.sub(r"\^(-?\d+)", r"$^{\1}$", u)


def axis_label(axis) -> str:
    name = observable(axis)
    if name in LABELS:
        return LABELS[name]
    return axis.label or name


def uniform(edges: np.ndarray) -> bool:
    w = np.diff(edges)
    return bool(np.allclose(w, w[0], rtol=1e-9, atol=0))


def unit_product(axes) -> str:
    """'GeV^2' x 'GeV^2' -> 'GeV$^{4}$': the unit of a bin's width or area."""
    powers: dict[str, int] = {}
    for a in axes:
        for part in unit(a).split():
            m = re.fullmatch(r"([^^]+)(?:\^(-?\d+))?", part)
            if m:
                powers[m.group(1)] = powers.get(m.group(1), 0) + int(m.group(2) or 1)
    return " ".join(base if n == 1 else f"{base}$^{{{n}}}$" for base, n in powers.items())


def per_bin_label(axes) -> tuple[np.ndarray, str]:
    """The divisor of each bin (its width, or area in 2D) where the bins differ in width, and the
    matching label: 'density: events / GeV^2', or 'events per bin (0.1 GeV)' for uniform bins."""
    edges = [np.asarray(a.edges) for a in axes]
    if all(uniform(e) for e in edges):
        widths = " \u00d7 ".join(f"{np.diff(e)[0]:.3g} {tex_unit(unit(a))}".strip() for a, e in zip(axes, edges))
        return np.ones(tuple(len(e) - 1 for e in edges)), f"events per bin ({widths})"
    divisor = np.ones(())
    for e in edges:
        divisor = np.multiply.outer(divisor, np.diff(e))
    return divisor, f"density: events / {unit_product(axes)}"


def set_scale(ax, which: str, axis) -> None:
    """Symmetric-log scale along an axis binned logarithmically (t+, t-), else linear; either way
    the scale's own ticks (mplhep puts ticks at the edges of few variable bins)."""
    e = np.asarray(axis.edges)
    nonzero = np.abs(e[e != 0])
    setter = ax.set_xscale if which == "x" else ax.set_yscale
    if not uniform(e) and nonzero.size and nonzero.max() / nonzero.min() > 50:
        setter("symlog", linthresh=nonzero.min())
    else:
        setter("linear")


def draw_1d(ax, h: hist.Hist, label: str, color: str, ls: str, absolute: bool = False) -> str:
    """Step histogram with MC error bars (densities where bin widths differ); returns the y label."""
    div, ylabel = per_bin_label(h.axes)
    v = h.values() / div
    err = np.sqrt(h.variances()) / div
    if absolute:
        v = np.abs(v)
    hep.histplot(v, h.axes[0].edges, yerr=err, ax=ax, label=label, color=color, linestyle=ls)
    set_scale(ax, "x", h.axes[0])
    return ylabel


def draw_2d(fig, ax, h: hist.Hist, title: str) -> None:
    div, zlabel = per_bin_label(h.axes)
    z = np.abs(h.values()) / div
    zpos = z[z > 0]
    if zpos.size:
        art = hep.hist2dplot(np.where(z > 0, z, np.nan), h.axes[0].edges, h.axes[1].edges, ax=ax,
                             norm=LogNorm(vmin=zpos.min(), vmax=zpos.max()), flow=None)
        art.cbar.set_label(zlabel)
    set_scale(ax, "x", h.axes[0])
    set_scale(ax, "y", h.axes[1])
    ax.set_xlabel(axis_label(h.axes[0]))
    ax.set_ylabel(axis_label(h.axes[1]))
    ax.set_title(title)


def plot_mass(scan: Path, entry: dict, analysis: str, out: Path, top: int) -> list[Path]:
    d = scan / entry["directory"]
    summary = json.loads((d / "summary.json").read_text())
    tag = entry["directory"]
    title = (f"$m_a$ = {entry['m_a_gev']:.4g} GeV, $g_{{a\\gamma\\gamma}}$ = {summary['g_ref_per_gev']:.3g} GeV$^{{-1}}$, "
             f"{summary['luminosity_pb'] / 1e6:.3g} ab$^{{-1}}$")
    written = []
    styles = {"signal_fusion": ("photon fusion", "tab:blue", "-"),
              "signal_annihilation": ("annihilation", "tab:orange", "-"),
              "signal_interference": ("|interference|", "tab:gray", ":"),
              "signal": ("signal (total)", "black", "-"),
              "background": ("background", "tab:red", "--")}
    with h5py.File(d / "histograms.h5") as f:
        comp = {c: read(f, f"{c}.{analysis}") for c in styles}
        observables = [observable(a) for a in comp["signal"].axes]

        fig, axs = plt.subplots(2, 2, figsize=(10, 7.5))
        for k, ax in enumerate(axs.flat):
            for c, (label, color, ls) in styles.items():
                ylabel = draw_1d(ax, comp[c].project(k), label, color, ls, absolute=c == "signal_interference")
            ax.set_yscale("log")
            ax.set_xlabel(axis_label(comp["signal"].axes[k]))
            ax.set_ylabel(ylabel)
        axs[1, 0].legend(fontsize=8, loc="center right")  # the gap between signal and background
        fig.suptitle(title)
        fig.tight_layout()
        p = out / f"{tag}_projections.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(p)

        fig, axs = plt.subplots(3, 2, figsize=(11, 12))
        for row, c in enumerate(("signal_fusion", "signal_annihilation", "background")):
            for col, pair in enumerate(((0, 1), (2, 3))):
                draw_2d(fig, axs[row, col], comp[c].project(*pair), styles[c][0])
        fig.suptitle(title)
        fig.tight_layout()
        p = out / f"{tag}_2d.png"
        fig.savefig(p, dpi=100)
        plt.close(fig)
        written.append(p)

        if "signal.m_ee" in f:
            fig, ax = plt.subplots(figsize=(7, 4.5))
            for c, (label, color, ls) in styles.items():
                ylabel = draw_1d(ax, read(f, f"{c}.m_ee"), label, color, ls, absolute=c == "signal_interference")
            ax.set_yscale("log")
            ax.set_xlabel(r"$m_{ee}$ [GeV]")
            ax.set_ylabel(ylabel)
            ax.legend(fontsize=8)
            ax.set_title(title, fontsize=9)
            fig.tight_layout()
            p = out / f"{tag}_m_ee.png"
            fig.savefig(p, dpi=110)
            plt.close(fig)
            written.append(p)

        if "signal.m_ee_m_aa" in f:
            fig, axs = plt.subplots(1, 3, figsize=(16, 4.5))
            for ax, c in zip(axs, ("signal_fusion", "signal_annihilation", "background")):
                h = read(f, f"{c}.m_ee_m_aa")
                draw_2d(fig, ax, h, styles[c][0])
                # the window holds m_gg: zoom on it
                cols = np.flatnonzero(np.abs(h.values()).sum(axis=1) > 0)
                e = h.axes[0].edges
                if cols.size:
                    ax.set_xlim(e[max(cols[0] - 2, 0)], e[min(cols[-1] + 3, len(e) - 1)])
            fig.suptitle(title)
            fig.tight_layout()
            p = out / f"{tag}_m_ee_m_gg.png"
            fig.savefig(p, dpi=100)
            plt.close(fig)
            written.append(p)

        # ranked bins: s / b, and each bin's share of sum s^2 / b (the Gaussian-regime
        # sensitivity 1 / sigma_mu^2); bins without background are listed with b = 0 first.
        # Flow bins included: the limit uses them too.
        edges = [np.asarray(a.edges) for a in comp["signal"].axes]
        s = comp["signal"].values(flow=True).ravel()
        b = comp["background"].values(flow=True).ravel()
        bv = comp["background"].variances(flow=True).ravel()
        keep = s > 0
        idx = np.flatnonzero(keep)
        with np.errstate(divide="ignore", invalid="ignore"):
            sb = np.where(b[idx] > 0, s[idx] / b[idx], np.inf)
            sens = np.where(b[idx] > 0, s[idx] ** 2 / b[idx], 0.0)
        order = np.argsort(-sb, kind="stable")
        total = sens.sum()
        shape = comp["signal"].values(flow=True).shape
        p = out / f"{tag}_ranked_bins.csv"
        with p.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["rank", *(f"{o}_lo" for o in observables), *(f"{o}_hi" for o in observables),
                        "signal", "background", "background_mc_error", "s_over_b", "s2_over_b_share",
                        "cumulative_share"])
            cum = 0.0
            for rank, j in enumerate(order[:top] if top > 0 else order, start=1):
                flat = idx[j]
                multi = np.unravel_index(flat, shape)
                lo = [(edges[a][i - 1] if i >= 1 else -np.inf) for a, i in enumerate(multi)]
                hi = [(edges[a][i] if i <= len(edges[a]) - 1 else np.inf) for a, i in enumerate(multi)]
                share = sens[j] / total if total > 0 else 0.0
                cum += share
                w.writerow([rank, *lo, *hi, f"{s[flat]:.6g}", f"{b[flat]:.6g}", f"{np.sqrt(bv[flat]):.3g}",
                            f"{sb[j]:.6g}", f"{share:.4g}", f"{cum:.4g}"])
        written.append(p)
    return written


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scan", type=Path)
    ap.add_argument("--output", type=Path)
    ap.add_argument("--top", type=int, default=200, help="ranked bins to list (0: all)")
    a = ap.parse_args(argv)
    index_path = a.scan / "index.json"
    if not index_path.is_file():
        print(f"plot_scan: {index_path}: no such file (expected a fathom scan directory)", file=sys.stderr)
        return 2
    index = json.loads(index_path.read_text())
    out = a.output or a.scan / "plots"
    out.mkdir(parents=True, exist_ok=True)
    for entry in index["masses"]:
        for p in plot_mass(a.scan, entry, index["analysis_histogram"], out, a.top):
            print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
