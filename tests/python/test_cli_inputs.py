"""Bad numbers, files and commands through the `fathom` executable (issue 13, items 3 and 5).

Each case must exit with status 2 (an input error) before anything runs, with one line on stderr
that names the key, option, file or command at fault. The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

EXE = os.environ.get("FATHOM_EXE", "")
SOURCE = Path(__file__).resolve().parents[2]
CARD = SOURCE / "configs" / "bhabha_belle2.toml"


def fathom(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "set FATHOM_EXE to the fathom executable"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=60, check=False)


def one_line_error(r: subprocess.CompletedProcess[str], *needles: str, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# (table and key = value added to the default Bhabha card, the key the error names, a part of it)
BAD_NUMBERS = [
    ("process", "z_mass = inf", "process.z_mass", "got inf"),
    ("process", "z_width = inf", "process.z_width", "got inf"),
    ("process", "g_agg = 1e308", "process.g_agg", "got 1e+308"),
    ("process", "alp_mass = -1.0", "process.alp_mass", "got -1"),
    ("process", "alp_width = -1.0", "process.alp_width", "got -1"),
    ("process", "alpha = 0.0", "process.alpha", "got 0"),
    ("beams", "electron_energy = 1e300", "beams.electron_energy", "got 1e+300"),
]


@pytest.mark.parametrize("table,line,key,says", BAD_NUMBERS, ids=[c[1] for c in BAD_NUMBERS])
def test_bad_numbers_in_the_card_name_the_key(tmp_path: Path, table: str, line: str, key: str, says: str) -> None:
    text = CARD.read_text()
    assert f"[{table}]" in text
    card = tmp_path / "card.toml"
    name = line.split(" = ")[0]
    kept = "\n".join(x for x in text.splitlines() if not x.startswith(name + " "))
    card.write_text(kept.replace(f"[{table}]", f"[{table}]\n{line}", 1))
    r = fathom("run", str(card), "--output", str(tmp_path / "out"), "--events", "10")
    one_line_error(r, f"'{key}'", says, str(card))
    assert not list(tmp_path.glob("out*"))


def test_cut_nothing_can_pass_is_refused_up_front(tmp_path: Path) -> None:
    card = tmp_path / "card.toml"
    card.write_text('[process]\nname = "ee_eeaa"\n[[cuts.particle]]\nparticles = "photons"\nenergy_min = 100.0\n')
    r = fathom("run", str(card), "--output", str(tmp_path / "out"), "--events", "10")
    one_line_error(r, "'cuts.particle[0].energy_min'", "no event can pass")


@pytest.mark.parametrize(
    "option,value",
    [("--alpha", "nan"), ("--alpha", "inf"), ("--alpha", "0"), ("--alpha", "-1"), ("--electron-mass", "nan"),
     ("--g-agg", "nan"), ("--g-agg", "inf"), ("--g-agg", "-1e-4"), ("--alp-width", "nan"), ("--alp-width", "-1"),
     ("--alp-mass", "0"), ("--alp-mass", "-1")],
)
def test_me_options_out_of_range(tmp_path: Path, reference: Path, option: str, value: str) -> None:
    src = reference / "alp_ee_eeax_m1.csv"
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "alp_fusion", "--input", str(src), "--output", str(out), option, value)
    one_line_error(r, f"option {option}: expected")
    assert not out.exists()


@pytest.mark.parametrize(
    "option,value",
    [("--cls-level", "nan"), ("--cls-level", "2"), ("--background-norm-uncertainty", "-0.5"),
     ("--background-norm-uncertainty", "inf")],
)
def test_reach_options_out_of_range(tmp_path: Path, option: str, value: str) -> None:
    scan = tmp_path / "scan"
    scan.mkdir()
    (scan / "index.json").write_text('{"format": "fathom-scan-1"}')
    r = fathom("reach", str(scan), "--luminosity", "50ab-1", option, value)
    one_line_error(r, f"option {option}")
    assert not (scan / "reach").exists()


@pytest.mark.parametrize("what", ["directory", "fifo", "devnull"])
def test_paths_that_are_not_files_are_named_for_what_they_are(tmp_path: Path, what: str) -> None:
    if what == "directory":
        path, says = tmp_path / "card.toml", "is a directory"
        path.mkdir()
    elif what == "fifo":
        path, says = tmp_path / "card.toml", "is not a regular file (a FIFO)"
        os.mkfifo(path)
    else:
        path, says = Path("/dev/null"), "is not a regular file (a character device)"
    r = fathom("run", str(path), "--output", str(tmp_path / "out"))
    line = one_line_error(r, str(path), says)
    assert "no such file" not in line
    r = fathom("me", "--process", "ee_ee", "--input", str(path), "--output", str(tmp_path / "o.csv"))
    one_line_error(r, str(path), says)


def test_read_error_is_not_an_empty_file(tmp_path: Path) -> None:
    # /proc/self/mem is a regular file whose first page cannot be read (EIO)
    r = fathom("run", "/proc/self/mem", "--output", str(tmp_path / "out"))
    line = one_line_error(r, "/proc/self/mem", "read error", code=1)
    assert "empty" not in line


def test_csv_with_a_byte_order_mark(tmp_path: Path, reference: Path) -> None:
    src = reference / "ee_ee_massive_qed_cuts.csv"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    out = tmp_path / "out.csv"
    r = fathom("me", "--process", "ee_ee", "--input", str(bom), "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text().splitlines()[0].startswith("ep_in_E")


def test_unknown_command_and_unit_are_named(tmp_path: Path) -> None:
    one_line_error(fathom("rnu", str(CARD)), "unknown command 'rnu'", "run, merge, me, scan, reach, tagger")
    scan = tmp_path / "scan"
    scan.mkdir()
    (scan / "index.json").write_text('{"format": "fathom-scan-1"}')
    one_line_error(fathom("reach", str(scan), "--luminosity", "50xb-1"), 'unknown unit "xb-1"', "ab-1")


def test_scan_errors_found_before_the_first_run(tmp_path: Path) -> None:
    # the card is valid; the signal runs that the scan derives are not (two-photon fusion needs a
    # massive electron): refused at once, naming the user's card, the key and the mass
    text = (SOURCE / "configs" / "alp_scan_quick.toml").read_text()
    for old, new in [("electron_mass = 0.000510998950", "electron_mass = 0.0"),
                     ('signal_sampler = "adaptive"', 'signal_sampler = "two_photon_fusion"')]:
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace('sampler = "adaptive"  ', 'sampler = "rambo"  ', 1)
    # a RAMBO background cannot be adapted to the analysis: the scan's importance sampling off
    text = text.replace("\nanalysis_histogram = ", "\nimportance_sampling = false\nanalysis_histogram = ", 1)
    card = tmp_path / "scan.toml"
    card.write_text(text)
    r = fathom("scan", str(card), "--output", str(tmp_path / "out"))
    line = one_line_error(r, str(card), "'process.electron_mass'", "m_a = ")
    assert ".tmp-" not in line
    assert not list(tmp_path.glob("out*"))
