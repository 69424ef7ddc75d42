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
Events are expected events at the scan's luminosity, the signal at its g_ref.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

AXES = ("t_plus", "t_minus", "s_plus", "s_minus")
LABELS = {"t_plus": r"$t_+$ [GeV$^2$]", "t_minus": r"$t_-$ [GeV$^2$]",
          "s_plus": r"$s_+$ [GeV$^2$]", "s_minus": r"$s_-$ [GeV$^2$]"}


def read(f: h5py.File, name: str) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[str]]:
    """Values, variances (flow bins included) and the inner edges and observables of each axis."""
    g = f[name]
    values = g["storage"]["values"][()]
    variances = g["storage"]["variances"][()]
    edges, observables = [], []
    for i in range(values.ndim):
        a = g["ref_axes"][f"axis_{i}"]
        if a.attrs["type"] in (b"regular", "regular"):
            edges.append(np.linspace(a.attrs["lower"], a.attrs["upper"], int(a.attrs["bins"]) + 1))
        else:
            edges.append(a["edges"][()])
        obs = a["metadata"].attrs["name"]
        observables.append(obs.decode() if isinstance(obs, bytes) else obs)
    return values, variances, edges, observables


def inner(v: np.ndarray) -> np.ndarray:
    return v[tuple(slice(1, -1) for _ in range(v.ndim))]


def project(v: np.ndarray, keep: tuple[int, ...]) -> np.ndarray:
    drop = tuple(i for i in range(v.ndim) if i not in keep)
    return inner(v.sum(axis=drop)) if drop else inner(v)


def plot_mass(scan: Path, entry: dict, analysis: str, out: Path, top: int) -> list[Path]:
    d = scan / entry["directory"]
    summary = json.loads((d / "summary.json").read_text())
    tag = entry["directory"]
    title = (f"$m_a$ = {entry['m_a_gev']:.4g} GeV, $g_{{a\\gamma\\gamma}}$ = {summary['g_ref_per_gev']:.3g} GeV$^{{-1}}$, "
             f"{summary['luminosity_pb'] / 1e6:.3g} ab$^{{-1}}$")
    written = []
    with h5py.File(d / "histograms.h5") as f:
        comp = {}
        for c in ("signal", "signal_fusion", "signal_annihilation", "signal_interference", "background"):
            comp[c] = read(f, f"{c}.{analysis}")
        edges, observables = comp["signal"][2], comp["signal"][3]
        styles = {"signal_fusion": ("photon fusion", "tab:blue", "-"),
                  "signal_annihilation": ("annihilation", "tab:orange", "-"),
                  "signal_interference": ("|interference|", "tab:gray", ":"),
                  "signal": ("signal (total)", "black", "-"),
                  "background": ("background", "tab:red", "--")}

        fig, axs = plt.subplots(2, 2, figsize=(10, 7.5))
        for k, ax in enumerate(axs.flat):
            for c, (label, color, ls) in styles.items():
                y = project(comp[c][0], (k,))
                ax.stairs(np.abs(y), edges[k], label=label, color=color, linestyle=ls)
            ax.set_yscale("log")
            ax.set_xlabel(LABELS.get(observables[k], observables[k]))
            ax.set_ylabel("events per bin")
        axs[0, 0].legend(fontsize=8)
        fig.suptitle(title)
        fig.tight_layout()
        p = out / f"{tag}_projections.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(p)

        fig, axs = plt.subplots(3, 2, figsize=(10, 12))
        for row, c in enumerate(("signal_fusion", "signal_annihilation", "background")):
            for col, pair in enumerate(((0, 1), (2, 3))):
                ax = axs[row, col]
                z = np.abs(project(comp[c][0], pair))
                zpos = z[z > 0]
                if zpos.size:
                    m = ax.pcolormesh(edges[pair[0]], edges[pair[1]], np.where(z > 0, z, np.nan).T,
                                      norm=LogNorm(vmin=zpos.min(), vmax=zpos.max()), shading="flat")
                    fig.colorbar(m, ax=ax, label="events per bin")
                ax.set_xlabel(LABELS.get(observables[pair[0]], observables[pair[0]]))
                ax.set_ylabel(LABELS.get(observables[pair[1]], observables[pair[1]]))
                ax.set_title(styles[c][0])
        fig.suptitle(title)
        fig.tight_layout()
        p = out / f"{tag}_2d.png"
        fig.savefig(p, dpi=100)
        plt.close(fig)
        written.append(p)

        if "signal.m_ee" in f:
            fig, ax = plt.subplots(figsize=(7, 4.5))
            for c, (label, color, ls) in styles.items():
                v, _, e, _ = read(f, f"{c}.m_ee")
                ax.stairs(np.abs(inner(v)), e[0], label=label, color=color, linestyle=ls)
            ax.set_yscale("log")
            ax.set_xlabel(r"$m_{ee}$ [GeV]")
            ax.set_ylabel("events per bin")
            ax.legend(fontsize=8)
            ax.set_title(title, fontsize=9)
            fig.tight_layout()
            p = out / f"{tag}_m_ee.png"
            fig.savefig(p, dpi=110)
            plt.close(fig)
            written.append(p)

        if "signal.m_ee_m_aa" in f:
            fig, axs = plt.subplots(1, 3, figsize=(15, 4.5))
            for ax, c in zip(axs, ("signal_fusion", "signal_annihilation", "background")):
                v, _, e, _ = read(f, f"{c}.m_ee_m_aa")
                z = np.abs(inner(v))
                zpos = z[z > 0]
                if zpos.size:
                    m = ax.pcolormesh(e[0], e[1], np.where(z > 0, z, np.nan).T,
                                      norm=LogNorm(vmin=zpos.min(), vmax=zpos.max()), shading="flat")
                    fig.colorbar(m, ax=ax, label="events per bin")
                    # the window holds m_gg: zoom on it
                    cols = np.flatnonzero(z.sum(axis=1) > 0)
                    ax.set_xlim(e[0][max(cols[0] - 2, 0)], e[0][min(cols[-1] + 3, len(e[0]) - 1)])
                ax.set_xlabel(r"$m_{\gamma\gamma}$ [GeV]")
                ax.set_ylabel(r"$m_{ee}$ [GeV]")
                ax.set_title(styles[c][0])
            fig.suptitle(title)
            fig.tight_layout()
            p = out / f"{tag}_m_ee_m_gg.png"
            fig.savefig(p, dpi=100)
            plt.close(fig)
            written.append(p)

        # ranked bins: s / b, and each bin's share of sum s^2 / b (the Gaussian-regime
        # sensitivity 1 / sigma_mu^2); bins without background are listed with b = 0 first
        s = comp["signal"][0].ravel()
        b = comp["background"][0].ravel()
        bv = comp["background"][1].ravel()
        keep = s > 0
        idx = np.flatnonzero(keep)
        with np.errstate(divide="ignore", invalid="ignore"):
            sb = np.where(b[idx] > 0, s[idx] / b[idx], np.inf)
            sens = np.where(b[idx] > 0, s[idx] ** 2 / b[idx], 0.0)
        order = np.argsort(-sb, kind="stable")
        total = sens.sum()
        shape = comp["signal"][0].shape
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
