#!/usr/bin/env python3
"""Plot the expected reach of `fathom reach`: reach.json -> reach.png.

Usage: plot_reach.py reach.json [--three-photon CSV] [-o reach.png]

Expected 95 % CL (1 - CLs level) upper limit on g_agg [GeV^-1] against m_a [GeV], log-log:
the median with the +-1 sigma (green) and +-2 sigma (yellow) bands, and the Belle II 3-photon
projection at 50 ab^-1 (CSV: mass, limit; '#' comments and a header line skipped): --three-photon,
else the file reach.json names, else the project's data/belle2_3gamma_reach_50ab.csv. Without
the curve the plot says so (and a warning line goes to stderr); it never leaves it out silently.
Masses whose background MC error is not small against the data's (`fathom reach` warned:
mc_precision.warning in reach.json) are marked, and the plot says that their limit reflects
the MC sample; every mass is labelled with its ratio r (mc_precision.weighted_ratio). Masses
without a limit (null in reach.json) are left out of the curves.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402

THREE_PHOTON_LABEL = "Belle II 3\u03b3, 50 ab\u207b\u00b9 (arXiv:1709.00009)"
#: the project's copy of the 3-photon curve (with its source header)
DEFAULT_THREE_PHOTON = Path(__file__).resolve().parents[1] / "data" / "belle2_3gamma_reach_50ab.csv"


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


def three_photon_path(given: str | None, recorded: str | None) -> Path:
    """The 3-photon curve to draw: the option, else what fathom reach used, else the project's."""
    if given:
        return Path(given)
    if recorded and Path(recorded).is_file():
        return Path(recorded)
    return DEFAULT_THREE_PHOTON


def missing_curve_note(path: Path, who: str) -> str:
    """The warning for a missing 3-photon curve: printed on stderr and written into the plot."""
    print(f"{who}: warning: 3-photon comparison curve {path} not found; the plot is without it", file=sys.stderr)
    return f"3\u03b3 comparison curve not found ({path.name}): not shown"


def plot(reach: dict, curve: Path, output: str) -> list[str]:
    """Draw reach.png; returns the notes written into the plot (a missing 3-photon curve, the
    background-MC-precision warning)."""
    points = reach["points"]
    m = [p["m_a_gev"] for p in points]
    band = {k: [number(p["g_up_per_gev"][k]) for p in points] for k in ("m2", "m1", "median", "p1", "p2")}

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.fill_between(m, band["m2"], band["p2"], color="#fdd800", label="expected \u00b12\u03c3", lw=0)
    ax.fill_between(m, band["m1"], band["p1"], color="#00b140", label="expected \u00b11\u03c3", lw=0)
    ax.plot(m, band["median"], "k--", marker="o" if len(m) < 3 else None, label="expected median")
    notes = []
    if curve.is_file():
        cm, cg = read_curve(str(curve))
        ax.plot(cm, cg, color="tab:blue", lw=2, label=THREE_PHOTON_LABEL)
    else:
        notes.append(missing_curve_note(curve, "plot_reach"))
    # every mass says how precise its background MC is: r = MC error / the data's Poisson error
    # (sensitivity weighted; the limit is weaker by about sqrt(1 + r^2))
    for p in points:
        ratio = p.get("mc_precision", {}).get("weighted_ratio")
        if ratio is not None and math.isfinite(number(p["g_up_per_gev"]["median"])):
            ax.annotate(f"r={number(ratio):.2g}", (p["m_a_gev"], number(p["g_up_per_gev"]["median"])),
                        textcoords="offset points", xytext=(4, -10), fontsize=6.5, color="dimgray")
    warned = [p for p in points if p.get("mc_precision", {}).get("warning")]
    if warned:
        ax.plot([p["m_a_gev"] for p in warned], [number(p["g_up_per_gev"]["median"]) for p in warned], "rx", ms=10,
                mew=2, label="background MC error not small (fathom reach warning)")
        worst = max(number(p["mc_precision"]["weighted_ratio"]) for p in warned)
        notes.append(f"WARNING: at {len(warned)} of {len(points)} masses (\u00d7) the background MC error is not small "
                     f"against the data's\nPoisson error (up to {worst:.2g} times it): those limits reflect the MC "
                     "sample; generate more background")
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
    ax.legend(fontsize=8, loc="upper left")
    # the notes go below the axes, where no curve can hide them
    text = "\n".join(notes)
    lines = text.count("\n") + 1 if notes else 0
    fig.set_figheight(5 + 0.16 * lines)
    fig.tight_layout(rect=(0, (0.16 * lines + 0.1) / (5 + 0.16 * lines) if notes else 0, 1, 1))
    if notes:
        fig.text(0.5, 0.02, text, ha="center", va="bottom", fontsize=7.5, color="darkred")
    fig.savefig(output, dpi=150)
    plt.close(fig)
    return notes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reach_json")
    parser.add_argument("--three-photon", help="published limit curve (CSV) to compare with")
    parser.add_argument("-o", "--output", default="reach.png")
    args = parser.parse_args(argv)

    with open(args.reach_json) as f:
        reach = json.load(f)
    plot(reach, three_photon_path(args.three_photon, reach.get("settings", {}).get("three_photon_csv")), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
