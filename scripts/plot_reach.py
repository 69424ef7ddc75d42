#!/usr/bin/env python3
"""Plot the expected reach of `fathom reach`: reach.json -> reach.png.

Usage: plot_reach.py reach.json [--three-photon CSV] [-o reach.png]

Expected 95 % CL (1 - CLs level) upper limit on g_agg [GeV^-1] against m_a [GeV], log-log:
the median with the +-1 sigma (green) and +-2 sigma (yellow) bands, and optionally the
Belle II 3-photon projection (CSV: mass, limit; '#' comments and a header line skipped).
Masses without a limit (null in reach.json) are left out of the curves.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402

THREE_PHOTON_LABEL = "Belle II 3\u03b3, 50 ab\u207b\u00b9 (arXiv:1709.00009)"


def number(x) -> float:
    return math.nan if x is None else float(x)


def read_curve(path: str) -> tuple[list[float], list[float]]:
    masses, limits = [], []
    with open(path, newline="", encoding="utf-8-sig") as f:  # a spreadsheet BOM is no data
        for row in csv.reader(line for line in f if not line.lstrip().startswith("#")):
            try:
                m, g = float(row[0]), float(row[1])
            except (ValueError, IndexError):
                continue  # header
            masses.append(m)
            limits.append(g)
    return masses, limits


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reach_json")
    parser.add_argument("--three-photon", help="published limit curve (CSV) to compare with")
    parser.add_argument("-o", "--output", default="reach.png")
    args = parser.parse_args(argv)

    with open(args.reach_json) as f:
        reach = json.load(f)
    points = reach["points"]
    m = [p["m_a_gev"] for p in points]
    band = {k: [number(p["g_up_per_gev"][k]) for p in points] for k in ("m2", "m1", "median", "p1", "p2")}

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.fill_between(m, band["m2"], band["p2"], color="#fdd800", label="expected \u00b12\u03c3", lw=0)
    ax.fill_between(m, band["m1"], band["p1"], color="#00b140", label="expected \u00b11\u03c3", lw=0)
    ax.plot(m, band["median"], "k--", marker="o" if len(m) < 3 else None, label="expected median")
    if args.three_photon:
        cm, cg = read_curve(args.three_photon)
        ax.plot(cm, cg, color="tab:blue", lw=2, label=THREE_PHOTON_LABEL)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$m_a$ [GeV]")
    ax.set_ylabel(r"$g_{a\gamma\gamma}$ upper limit [GeV$^{-1}$]")
    cl = 100 * (1 - reach["settings"]["cls_level"])
    lumi = reach["luminosity"].replace("^-1", "\u207b\u00b9")  # "50 ab^-1" -> "50 ab⁻¹"
    title = f"fathom reach, e$^+$e$^-$ \u2192 e$^+$e$^-$a, {lumi}, {cl:g} % CL (CLs)"
    radius = reach["settings"].get("decay_radius_m")
    if radius is not None:
        title += f", decay within {radius:g} m"
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=150)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
