"""Checkpoint and resume: real runs killed at random moments resume to the bits of an
uninterrupted run; SIGTERM writes a checkpoint; a damaged, foreign or changed checkpoint is
refused with one line and never used; a failed checkpoint write (file-size limit, as on a full
disk) leaves the previous one usable. The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from run_outputs import ADAPTIVE, BHABHA, EXE, SHORT_ADAPTATION, assert_same_bits, fathom


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([EXE, *args, "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def checkpoint(out: Path) -> Path:
    return out.parent / (out.name + ".checkpoint")


def wait_for_checkpoint(p: subprocess.Popen[str], out: Path) -> None:
    manifest = checkpoint(out) / "manifest.toml"
    deadline = time.monotonic() + 120
    while not manifest.exists():
        assert p.poll() is None, "the run ended before its first checkpoint"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_runs_killed_at_random_moments_resume_to_the_same_bits(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    print(f"kill-time seed {seed} (replay: random.Random({seed}))")
    rng = random.Random(seed)
    run_args = (str(BHABHA), "-n", "2e6", "-t", "1")
    reference = tmp_path / "reference"
    r = fathom("run", *run_args, "-o", str(reference), "--checkpoint-every", "0")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    kills = 0
    for _ in range(12):
        resuming = (checkpoint(out) / "manifest.toml").exists()
        args = ("run", "--resume", str(out), "-t", "1") if resuming else ("run", *run_args, "-o", str(out))
        p = start(*args, "--checkpoint-every", "1e5ev")
        try:
            p.wait(timeout=rng.uniform(0.1, 1.5))
        except subprocess.TimeoutExpired:
            p.kill()  # SIGKILL: nothing of fathom's runs after it
            p.wait()
            kills += 1
            continue
        assert p.returncode == 0, p.stderr.read() if p.stderr else ""
        break
    else:
        r = fathom("run", "--resume", str(out), "--no-progress")
        assert r.returncode == 0, r.stderr
    print(f"killed {kills} times")
    assert (out / "summary.json").exists() and not checkpoint(out).exists()
    assert_same_bits(reference, out)


def test_sigterm_writes_a_checkpoint_and_the_resumed_adaptive_run_is_the_same(tmp_path: Path) -> None:
    args = (str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "1e6", "-t", "1")
    reference = tmp_path / "reference"
    assert fathom("run", *args, "-o", str(reference), "--checkpoint-every", "0").returncode == 0
    out = tmp_path / "out"
    # one event-count checkpoint, then SIGTERM: the next one is written at the signal
    p = start("run", *args, "-o", str(out), "--checkpoint-every", "1e5ev", "--batch-size", "20000")
    wait_for_checkpoint(p, out)
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=60) == -signal.SIGTERM
    assert not out.exists()
    manifest = (checkpoint(out) / "manifest.toml").read_text()
    assert "grid" in manifest
    r = fathom("run", str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "1e6", "--resume", str(out), "-t", "2",
               "--no-progress")  # the same card given again: accepted
    assert r.returncode == 0, r.stderr
    assert_same_bits(reference, out)
    assert not checkpoint(out).exists()


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output path of a Bhabha run killed after its first checkpoint."""
    out = tmp_path_factory.mktemp("stopped") / "out"
    p = start("run", str(BHABHA), "-n", "4e6", "-t", "1", "-o", str(out), "--checkpoint-every", "1e5ev")
    wait_for_checkpoint(p, out)
    p.kill()
    p.wait()
    return out


def copy_of(stopped: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(checkpoint(stopped), checkpoint(out))
    return out


def one_line_error(r: subprocess.CompletedProcess[str], message: str) -> None:
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], r.stderr


def test_damaged_or_foreign_checkpoints_are_refused(tmp_path: Path, stopped: Path) -> None:
    state = next(checkpoint(stopped).glob("state-*.h5")).name
    # a flipped byte, a truncated file: the checksum says so, and the files stay as they were
    for damage in ("flip", "truncate"):
        out = copy_of(stopped, tmp_path / damage)
        f = checkpoint(out) / state
        data = bytearray(f.read_bytes())
        if damage == "flip":
            data[len(data) // 2] ^= 0x01
        else:
            data = data[: len(data) // 2]
        f.write_bytes(bytes(data))
        one_line_error(fathom("run", "--resume", str(out)), "checksum differs from the manifest's")
        assert f.read_bytes() == bytes(data) and not out.exists()
    # another fathom revision wrote it
    out = copy_of(stopped, tmp_path / "revision")
    m = checkpoint(out) / "manifest.toml"
    m.write_text(re.sub(r"git_revision = .*", 'git_revision = "another-revision"', m.read_text()))
    one_line_error(fathom("run", "--resume", str(out)), "resume with the fathom that wrote it")
    # a changed card
    one_line_error(fathom("run", str(BHABHA), "-n", "4e6", "--set", "cuts.particle=[]", "--resume", str(stopped)),
                   "differs from the checkpoint's")
    one_line_error(fathom("run", str(BHABHA), "-n", "3e6", "--resume", str(stopped)), "run.events (3000000 vs 4000000)")
    # nothing to resume; options that the checkpoint fixes
    one_line_error(fathom("run", "--resume", str(tmp_path / "nothing")), "no checkpoint")
    one_line_error(fathom("run", "--resume", str(stopped), "--streams", "2"), "come from the checkpoint")
    one_line_error(fathom("run", str(BHABHA), "--checkpoint-every", "5min"), "option --checkpoint-every")
    # a fresh run never writes over an unfinished run's checkpoint
    one_line_error(fathom("run", str(BHABHA), "-o", str(stopped)), "holds the checkpoint of an unfinished run")
    assert (checkpoint(stopped) / "manifest.toml").exists()


def test_a_failed_checkpoint_write_keeps_the_previous_one(tmp_path: Path, stopped: Path) -> None:
    out = copy_of(stopped, tmp_path)
    before = {p.name: p.read_bytes() for p in checkpoint(out).iterdir()}
    # files may not grow beyond 20 KiB (a full disk for the state and the output, not the manifest)
    limited = f"trap '' XFSZ; ulimit -f 20; exec {EXE} run --resume {out} -t 1 --checkpoint-every 1e5ev --no-progress"
    r = subprocess.run(["bash", "-c", limited], capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 1, r.stderr
    assert "checkpoint not written" in r.stderr and "the previous one stays" in r.stderr
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in checkpoint(out).iterdir() if ".tmp-" not in p.name} == before
    r = fathom("run", "--resume", str(out), "-t", "2", "--no-progress")
    assert r.returncode == 0, r.stderr
    reference = tmp_path / "reference"
    assert fathom("run", str(BHABHA), "-n", "4e6", "-t", "2", "-o", str(reference), "--checkpoint-every", "0",
                  "--no-progress").returncode == 0
    assert_same_bits(reference, out)


def test_a_directory_fathom_did_not_make_is_never_written_or_emptied(tmp_path: Path) -> None:
    out = tmp_path / "out"
    user = checkpoint(out)
    user.mkdir()
    files = {"run_card.toml": b"my notes\n", "state-a.h5": b"my data", "notes.txt": b"keep"}
    for name, data in files.items():
        (user / name).write_bytes(data)
    # checkpoints on: refused before anything runs
    one_line_error(fathom("run", str(BHABHA), "-n", "20000", "-o", str(out)), "was not made by fathom")
    assert not out.exists()
    # checkpoints off: the run is written, and the directory is left exactly as it was
    r = fathom("run", str(BHABHA), "-n", "20000", "-o", str(out), "--checkpoint-every", "0", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert (out / "summary.json").exists()
    assert {p.name: p.read_bytes() for p in user.iterdir()} == files
