#!/usr/bin/env python3
"""Does the fully differential search beat the 3-photon search? (issue 16, items 2 and 5.)

From one scan made with llr_alp (`fathom scan CARD --masses ...`, scan.llr_bins > 0) this runs
`fathom reach` on

  - the scan's analysis histogram (the binned 4D one, t+ t- s+ s-),
  - llr_alp, the optimal statistic, in bins of equal signal content (5, 10, 20, 40: the
    convergence in the number of bins, merged anew from the fine bins by --llr-bins),
  - llr_alp x m_ee (the Dalitz-like and the fusion region as separate bins),

each with and without the background's MC error (reach.csv's g_up_median and
g_up_median_no_mc_error), against the 3-photon curve; and splits the signal at m_ee =
(sqrt(s) - m_a) / 2 into the Dalitz-like part (below) and the fusion part (above): each part's share
of the sensitivity (sum of s^2 / b over the lambda bins), the lambda limit restricted to each part
(without MC error: the closed-form Asimov limit below, checked against fathom reach on the whole),
and each part's purity: the best s/b reachable at 50 % of that part's signal (lambda bins taken in
decreasing s/b, the last one in part).

    .venv/bin/python scripts/llr_study.py SCAN_DIR [--fathom build/host/fathom] [--luminosity 50ab-1]
        [--out SCAN_DIR/llr_study] [--bins 5,10,20,40]

Writes OUT/study.json and prints the markdown tables of docs/validation.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# Phi^-1(1 - 0.05 / 2): the median expected CLs = 0.05 limit has sqrt(q_mu,A) = this (CCGV eq. 89)
Z_MEDIAN = 1.959963984540054


def reach(fathom: str, scan: Path, out: Path, luminosity: str, args: list[str]) -> list[dict]:
    cmd = [fathom, "reach", str(scan), "--luminosity", luminosity, "--no-plot", "--force", "-o", str(out), *args]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit(f"llr_study: {' '.join(cmd)} failed: {r.stderr.strip()}")
    return list(csv.DictReader((out / "reach.csv").open()))


def asimov_mu_up(s: np.ndarray, b: np.ndarray) -> float:
    """Median expected CLs 95 % limit on mu without systematics or MC error: q_mu,A =
    2 sum [mu s - b ln(1 + mu s / b)] = Z_MEDIAN^2 (background-only Asimov data), by bisection."""
    keep = (b > 0) & (s > 0)
    s, b = s[keep], b[keep]
    if s.size == 0:
        return math.inf

    def q(mu: float) -> float:
        return float(2 * np.sum(mu * s - b * np.log1p(mu * s / b)))

    lo, hi = 0.0, 1.0
    while q(hi) < Z_MEDIAN**2:
        hi *= 2
        if hi > 1e30:
            return math.inf
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if q(mid) < Z_MEDIAN**2 else (lo, mid)
    return 0.5 * (lo + hi)


def purity_at_half(s: np.ndarray, b: np.ndarray) -> float:
    """Best s/b with 50 % of the signal: bins in decreasing s/b, the last one taken in part."""
    keep = s > 0
    s, b = s[keep], b[keep]
    if s.size == 0:
        return math.nan
    order = np.argsort(-(s / np.where(b > 0, b, np.finfo(float).tiny)))
    target = 0.5 * s.sum()
    got_s = got_b = 0.0
    for i in order:
        take = min(1.0, (target - got_s) / s[i])
        got_s += take * s[i]
        got_b += take * b[i]
        if got_s >= target * (1 - 1e-12):
            break
    return got_s / got_b if got_b > 0 else math.inf


def regions(scan: Path, directory: str, scale: float) -> dict:
    with h5py.File(scan / directory / "histograms.h5") as f:
        s = f["signal.llr_alp_m_ee"]["storage"]["values"][()] * scale
        b = f["background.llr_alp_m_ee"]["storage"]["values"][()] * scale
    # axis 1: underflow, [0, boundary) Dalitz-like, [boundary, sqrt(s)) fusion, overflow
    total = {"s": s.sum(), "sensitivity": float(np.sum(np.where(b > 0, s * s / np.where(b > 0, b, 1), 0)))}
    out = {}
    for name, col in (("dalitz", 1), ("fusion", 2)):
        sr, br = s[:, col], b[:, col]
        sens = float(np.sum(np.where(br > 0, sr * sr / np.where(br > 0, br, 1), 0)))
        out[name] = {
            "signal_share": float(sr.sum() / total["s"]),
            "sensitivity_share": sens / total["sensitivity"] if total["sensitivity"] > 0 else math.nan,
            "mu_up_no_mc_error": asimov_mu_up(sr, br),
            "purity_at_half": purity_at_half(sr, br),
            "signal_events": float(sr.sum()),
        }
    out["both_mu_up_no_mc_error"] = asimov_mu_up(s[:, 1:3].ravel(), b[:, 1:3].ravel())
    return out


def plot(study: dict, best: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    m = [p["m_a_gev"] for p in study["masses"]]

    def col(name: str, key: str) -> list[float]:
        return [p[name][key] if p[name][key] is not None else math.nan for p in study["masses"]]

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(m, col("4d", "three_photon_g_limit"), "k-", label="3-photon search (50 ab$^{-1}$)")
    ax.plot(m, col("4d", "g_up_median"), "o--", color="tab:blue", label="binned 4D ($t_\\pm, s_\\pm$)")
    ax.plot(m, col("4d", "g_up_median_no_mc_error"), "o-", color="tab:blue", label="binned 4D, no MC error")
    ax.plot(m, col(best, "g_up_median"), "s--", color="tab:red", label=f"$\\lambda$ ({best[3:]} bins)")
    ax.plot(m, col(best, "g_up_median_no_mc_error"), "s-", color="tab:red", label="$\\lambda$, no MC error")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xticks(m)
    ax.set_xticklabels([f"{x:g}" for x in m])
    ax.set_xlabel("$m_a$ [GeV]")
    ax.set_ylabel("expected 95 % CL limit on $g_{a\\gamma\\gamma}$ [GeV$^{-1}$]")
    ax.set_title(f"e+e- -> e+e- gamma gamma, barrel, {study['luminosity']}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan", type=Path)
    ap.add_argument("--fathom", default=str(ROOT / "build" / "host" / "fathom"))
    ap.add_argument("--luminosity", default="50ab-1")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--bins", default="5,10,20,40")
    ap.add_argument("--plot", type=Path, help="also draw g_up versus m_a (4D, lambda, 3-photon) into this PNG")
    a = ap.parse_args()
    out = a.out or a.scan / "llr_study"
    out.mkdir(parents=True, exist_ok=True)
    index = json.loads((a.scan / "index.json").read_text())
    if index.get("format") != "fathom-scan-3" or not index.get("llr_bins"):
        sys.exit(f"llr_study: {a.scan} has no llr_alp histograms (fathom-scan-3 with scan.llr_bins > 0)")

    variants = {"4d": []} | {f"llr{n}": ["--analysis", "llr_alp", "--llr-bins", n] for n in a.bins.split(",")}
    variants["llr_m_ee"] = ["--analysis", "llr_alp_m_ee"]
    rows = {name: reach(a.fathom, a.scan, out / name, a.luminosity, args) for name, args in variants.items()}
    g_ref = index["g_ref_per_gev"]
    lumi_scale = None
    study = {"scan": str(a.scan), "luminosity": a.luminosity, "masses": []}
    for k, m in enumerate(index["masses"]):
        point = {"m_a_gev": m["m_a_gev"]}
        for name in variants:
            r = rows[name][k]
            point[name] = {key: float(r[key]) if r[key] not in ("", "inf") else (math.inf if r[key] == "inf" else None)
                           for key in ("g_up_median", "g_up_median_no_mc_error", "mc_precision_weighted_ratio",
                                       "three_photon_g_limit", "kept_bins")}
        if lumi_scale is None:
            # histograms hold events at the scan's luminosity; reach rescales signal_events the same way
            with h5py.File(a.scan / m["directory"] / "histograms.h5") as f:
                s_scan = float(f["signal.llr_alp"]["storage"]["values"][()].sum())
            lumi_scale = float(rows["llr_m_ee"][k]["signal_events_at_gref"]) / s_scan
        reg = regions(a.scan, m["directory"], lumi_scale)
        # the closed form against fathom reach on the same bins (llr_alp x m_ee, no MC error)
        g_closed = g_ref * math.sqrt(reg["both_mu_up_no_mc_error"])
        g_fathom = point["llr_m_ee"]["g_up_median_no_mc_error"]
        reg["closed_form_vs_fathom"] = g_closed / g_fathom
        for name in ("dalitz", "fusion"):
            reg[name]["g_up_no_mc_error"] = g_ref * math.sqrt(reg[name]["mu_up_no_mc_error"])
        point["regions"] = reg
        study["masses"].append(point)
    (out / "study.json").write_text(json.dumps(study, indent=1))
    bins = a.bins.split(",")
    best = f"llr{bins[-2] if len(bins) > 1 else bins[0]}"
    if a.plot:
        plot(study, best, a.plot)

    def g(x: float | None) -> str:
        return "-" if x is None else ("inf" if math.isinf(x) else f"{x:.3g}")

    print("| m_a (GeV) | 3-photon | 4D | 4D no MC err | lambda | lambda no MC err | lambda x m_ee no MC err | r 4D | r lambda |")
    print("|---|---|---|---|---|---|---|---|---|")
    for p in study["masses"]:
        print(f"| {p['m_a_gev']:g} | {g(p['4d']['three_photon_g_limit'])} | {g(p['4d']['g_up_median'])} | "
              f"{g(p['4d']['g_up_median_no_mc_error'])} | {g(p[best]['g_up_median'])} | "
              f"{g(p[best]['g_up_median_no_mc_error'])} | {g(p['llr_m_ee']['g_up_median_no_mc_error'])} | "
              f"{p['4d']['mc_precision_weighted_ratio']:.3g} | {p[best]['mc_precision_weighted_ratio']:.3g} |")
    print(f"\n(lambda: {best[3:]} bins of equal signal content)\n")
    print("| m_a (GeV) | " + " | ".join(f"{n} bins: g_up (no MC err)" for n in bins) + " |")
    print("|---|" + "---|" * len(bins))
    for p in study["masses"]:
        cells = [f"{g(p[f'llr{n}']['g_up_median'])} ({g(p[f'llr{n}']['g_up_median_no_mc_error'])})" for n in bins]
        print(f"| {p['m_a_gev']:g} | " + " | ".join(cells) + " |")
    print("\n| m_a (GeV) | Dalitz: signal share | sensitivity share | g_up no MC err | s/b at 50 % | "
          "fusion: signal share | sensitivity share | g_up no MC err | s/b at 50 % | closed form / fathom |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for p in study["masses"]:
        d, f_ = p["regions"]["dalitz"], p["regions"]["fusion"]
        print(f"| {p['m_a_gev']:g} | {d['signal_share']:.3f} | {d['sensitivity_share']:.3f} | "
              f"{g(d['g_up_no_mc_error'])} | {d['purity_at_half']:.3g} | {f_['signal_share']:.3f} | "
              f"{f_['sensitivity_share']:.3f} | {g(f_['g_up_no_mc_error'])} | {f_['purity_at_half']:.3g} | "
              f"{p['regions']['closed_form_vs_fathom']:.4f} |")


if __name__ == "__main__":
    main()
