"""Interop with the tools a physicist uses: `--set KEY=VALUE` card overrides on the command line
(run, scan, tagger), typed HDF5 attributes (numbers stored as numbers) that h5py and uhi read,
and the licence and citation files. The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import h5py
import hist
import numpy as np
import pytest
import uhi.io.hdf5

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
CARD = SOURCE / "configs" / "bhabha_belle2.toml"
SCAN_CARD = SOURCE / "configs" / "alp_scan_quick.toml"
TAGGER_CARD = SOURCE / "configs" / "tagger_study.toml"


def fathom(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, check=False)


def fails(args: list[str], *needles: str) -> str:
    """The command is refused as an input error (status 2) with one line holding every needle."""
    r = fathom(*args)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], r.stderr
    return lines[0]


def string_numbers(f: h5py.File) -> list[str]:
    """Attributes anywhere in the file that hold a number as text (git revisions excepted)."""
    found = []

    def check(name: str, obj) -> None:
        for key, value in obj.attrs.items():
            if key == "git_revision":
                continue
            if isinstance(value, bytes):
                value = value.decode()
            if isinstance(value, str):
                try:
                    float(value)
                except ValueError:
                    continue
                found.append(f"{name or '/'}@{key} = {value!r}")

    check("", f)
    f.visititems(check)
    return found


def test_set_overrides_run_card_keys(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = fathom("run", str(CARD), "-n", "2000", "-o", str(out), "-t", "2", "--set", "process.z_exchange=true",
               "--set", "beams.crossing_angle_mrad=83", "--set", "detector.enabled=true", "--set",
               'output.directory="ignored"')  # --output wins over the card, as always
    assert r.returncode == 0, r.stderr
    card = tomllib.loads((out / "run_card.toml").read_text())
    assert card["process"]["z_exchange"] is True
    assert card["beams"]["crossing_angle_mrad"] == 83.0  # an integer where the card takes a float
    assert card["detector"]["enabled"] is True  # a table the card did not have
    assert not (tmp_path / "ignored").exists()


def test_set_keeps_the_cards_checks(tmp_path: Path) -> None:
    o = str(tmp_path / "o")
    fails(["run", str(CARD), "-o", o, "--set", "process.z_exchange=1"], "--set", "process.z_exchange",
          "a boolean, got an integer")
    fails(["run", str(CARD), "-o", o, "--set", "process.nonsense=1"], "unknown key 'process.nonsense'")
    fails(["run", str(CARD), "-o", o, "--set", "nonsense.key=1"], "unknown key 'nonsense'")
    fails(["run", str(CARD), "-o", o, "--set", "beams.crossing_angle_mrad=-1"], "beams.crossing_angle_mrad")
    fails(["run", str(CARD), "-o", o, "--set", "foo"], "option --set 'foo'", "expected KEY=VALUE")
    fails(["run", str(CARD), "-o", o, "--set", "a.b="], "option --set 'a.b='", "expected a TOML value")
    fails(["run", str(CARD), "-o", o, "--set", "process.name=ee_eea"], "option --set", "expected a TOML value")
    fails(["run", str(CARD), "-o", o, "--set", "cuts.particle.theta_min=10"], "'cuts.particle' is an array")
    assert not (tmp_path / "o").exists()


def test_set_reaches_scan_and_tagger_cards(tmp_path: Path) -> None:
    o = str(tmp_path / "o")
    # the card's values are valid: each error shows the override was applied before the checks
    fails(["scan", str(SCAN_CARD), "-o", o, "--set", "scan.mass_spacing_sigmas=-1"], "scan.mass_spacing_sigmas")
    fails(["scan", str(SCAN_CARD), "-o", o, "--set", "scan.nonsense=1"], "unknown key 'scan.nonsense'")
    fails(["scan", str(SCAN_CARD), "-o", o, "--set", "scan.masses=0.5"], "the card's 'scan.masses' is an array")
    fails(["tagger", str(TAGGER_CARD), "-o", o, "--set", 'tagger.frame="sideways"'], "tagger.frame", "sideways")
    fails(["tagger", str(TAGGER_CARD), "-o", o, "--set", "tagger.nonsense=true"], "unknown key 'tagger.nonsense'")
    fails(["tagger", str(TAGGER_CARD), "-o", o, "--set", "scan.masses="], "option --set")
    assert not (tmp_path / "o").exists()
    for command in ("run", "scan", "tagger"):
        r = fathom(command, "--help")
        assert r.returncode == 0 and "--set KEY=VALUE" in r.stdout, r.stdout


def test_hdf5_attributes_are_typed(tmp_path: Path) -> None:
    """Numbers are HDF5 numbers in a run's histograms and in a sampler grid, and uhi reads every
    histogram of the file."""
    card = tmp_path / "adaptive.toml"
    card.write_text(CARD.read_text().replace('sampler = "rambo"', 'sampler = "adaptive"\nadapt_iterations = 2\n'
                                             'adapt_events = 2000'))
    out = tmp_path / "out"
    r = fathom("run", str(card), "-n", "2000", "-o", str(out), "-t", "2")
    assert r.returncode == 0, r.stderr
    with h5py.File(out / "histograms.h5") as f:
        assert string_numbers(f) == []
        assert isinstance(f.attrs["process"], str)
        for name in f:
            g = f[name]
            assert g.attrs["uhi_schema"].dtype == np.int64
            axis = g["ref_axes"]["axis_0"]
            if axis.attrs["type"] == "regular":
                assert axis.attrs["lower"].dtype == np.float64 and axis.attrs["bins"].dtype == np.int64
            assert hist.Hist(uhi.io.hdf5.read(g)).sum(flow=True).value > 0
    with h5py.File(out / "grid.h5") as f:
        assert string_numbers(f) == []
        assert f.attrs["fathom_grid_format"].dtype == np.int64
        assert f.attrs["bins"].dtype == np.int64
        assert f.attrs["adaptation_events"].dtype == np.uint64


def test_license_and_citation() -> None:
    text = (SOURCE / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text
    cff = (SOURCE / "CITATION.cff").read_text()
    assert re.search(r"^cff-version: 1\.2\.0$", cff, re.M)
    assert re.search(r'^  - name: "the fathom developers"$', cff, re.M)
    assert re.search(r"^license: Apache-2\.0$", cff, re.M)
    version = re.search(r"^project\(fathom VERSION (\S+)", (SOURCE / "CMakeLists.txt").read_text(), re.M).group(1)
    assert re.search(rf'^version: "{re.escape(version)}"$', cff, re.M), "CITATION.cff version != CMakeLists.txt"
