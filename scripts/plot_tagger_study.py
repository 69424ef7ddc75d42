#!/usr/bin/env python3
"""Plots of a forward-tagger study (`fathom tagger`, study.json).

    scripts/plot_tagger_study.py STUDY_DIR [--three-photon CSV]

Writes to STUDY_DIR:
  limit_vs_mass.png        expected median limit on g_agg versus m_a at 50 ab^-1, one line per
                           theta_min (dashed: without the background's MC error), with the
                           standard 3-photon curve (--three-photon, else the study's, else the
                           project's data/belle2_3gamma_reach_50ab.csv; the plot says if none)
  luminosity_needed.png    the luminosity at which the e+e- gamma gamma analysis matches the
                           3-photon reach at 50 ab^-1, versus theta_min, one line per mass
                           (open circles: not reached, drawn at 1e5 ab^-1; dashed: the same
                           without the background's MC error)
  limit_vs_luminosity.png  the limit versus luminosity per mass, one line per theta_min
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# the 3-photon curve's reader and label are plot_reach.py's (this script's directory is on sys.path)
from plot_reach import THREE_PHOTON_LABEL, missing_curve_note, read_curve, three_photon_path  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", type=Path)
    ap.add_argument("--three-photon", type=Path)
    a = ap.parse_args(argv)
    path = a.study / "study.json"
    if not path.is_file():
        print(f"plot_tagger_study: {path}: no such file (expected a fathom tagger directory)", file=sys.stderr)
        return 2
    study = json.loads(path.read_text())
    curve = three_photon_path(str(a.three_photon) if a.three_photon else None, study.get("three_photon_csv"))
    frame = "CM, symmetric" if study["frame"] == "cm" else f"lab, one-sided ({study['side']})"
    label = r"$\theta^*_{\min}$" if study["frame"] == "cm" else r"$\theta^{\rm lab}_{\min}$"

    by_theta: dict[float, list[dict]] = defaultdict(list)
    for r in study["matches"]:
        by_theta[r["theta_min_deg"]].append(r)
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for theta, rows in sorted(by_theta.items(), reverse=True):
        rows.sort(key=lambda r: r["m_a_gev"])
        line, = ax.plot([r["m_a_gev"] for r in rows], [r["g_up_median_50ab"] for r in rows], "o-",
                        label=f"{label} = {theta:g}°")
        if all("g_up_median_no_mc_error_50ab" in r for r in rows):
            ax.plot([r["m_a_gev"] for r in rows], [r["g_up_median_no_mc_error_50ab"] for r in rows], "s--",
                    mfc="none", color=line.get_color())
    if curve.is_file():
        m, g = read_curve(str(curve))
        ax.plot(m, g, "k--", label=THREE_PHOTON_LABEL)
    else:
        ax.text(0.98, 0.02, missing_curve_note(curve, "plot_tagger_study"), transform=ax.transAxes, ha="right",
                va="bottom", fontsize=8, color="darkred")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$m_a$ [GeV]")
    ax.set_ylabel(r"expected 95 % CL limit on $g_{a\gamma\gamma}$ [GeV$^{-1}$]")
    ax.set_title(f"e⁺e⁻ → e⁺e⁻γγ at 50 ab⁻¹, lepton acceptance {frame}\n"
                 "solid: with the background's MC error; dashed: without it", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.study / "limit_vs_mass.png", dpi=120)
    plt.close(fig)

    by_mass: dict[float, list[dict]] = defaultdict(list)
    for r in study["matches"]:
        if r["three_photon_g_50ab"] is not None:
            by_mass[r["m_a_gev"]].append(r)
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for m, rows in sorted(by_mass.items()):
        rows.sort(key=lambda r: r["theta_min_deg"])
        x = [r["theta_min_deg"] for r in rows]
        y = [r["matching_luminosity_pb"] / 1e6 if r["matching_luminosity_pb"] is not None else None for r in rows]
        line, = ax.plot([xi for xi, yi in zip(x, y) if yi is not None], [yi for yi in y if yi is not None], "o-",
                        label=f"$m_a$ = {m:g} GeV")
        missing = [xi for xi, yi in zip(x, y) if yi is None]
        if missing:
            ax.plot(missing, [1e5] * len(missing), "o", mfc="none", color=line.get_color())
        yi = [r.get("matching_luminosity_no_mc_error_pb") for r in rows]
        pts = [(xi, v / 1e6) for xi, v in zip(x, yi) if v is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "s--", color=line.get_color(), mfc="none",
                    label=f"$m_a$ = {m:g} GeV, without MC error")
    ax.axhline(50, color="gray", ls=":", label="50 ab⁻¹")
    ax.set_yscale("log")
    ax.set_xlabel(f"{label} [degrees]")
    ax.set_ylabel("luminosity to match the 3γ reach at 50 ab⁻¹ [ab⁻¹]")
    ax.axhline(0.5, color="gray", ls="-.", lw=0.8, label="0.5 ab⁻¹ (100 × less)")
    ax.set_title(f"lepton acceptance {frame}; open markers: not reached", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.study / "luminosity_needed.png", dpi=120)
    plt.close(fig)

    curves: dict[float, dict[float, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for r in study["limits"]:
        curves[r["m_a_gev"]][r["theta_min_deg"]].append((r["luminosity_pb"] / 1e6, r["g_up_median"]))
    masses = sorted(curves)
    fig, axs = plt.subplots(1, len(masses), figsize=(5.5 * len(masses), 4.5), squeeze=False)
    for ax, m in zip(axs[0], masses):
        for theta, pts in sorted(curves[m].items(), reverse=True):
            pts.sort()
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=f"{label} = {theta:g}°")
        g3 = next((r["three_photon_g_50ab"] for r in study["matches"] if r["m_a_gev"] == m), None)
        if g3:
            ax.axhline(g3, color="k", ls="--", label="3γ at 50 ab⁻¹")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("luminosity [ab⁻¹]")
        ax.set_ylabel(r"limit on $g_{a\gamma\gamma}$ [GeV$^{-1}$]")
        ax.set_title(f"$m_a$ = {m:g} GeV", fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.study / "limit_vs_luminosity.png", dpi=110)
    plt.close(fig)
    for name in ("limit_vs_mass.png", "luminosity_needed.png", "limit_vs_luminosity.png"):
        print(a.study / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
