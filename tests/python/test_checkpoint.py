"""Checkpoint and resume: real runs killed at random moments resume to the bits of an
uninterrupted run; SIGTERM writes a checkpoint; a damaged, foreign or changed checkpoint is
refused with one line and never used; a failed checkpoint write (a full tmpfs, and a file-size
limit) leaves the previous one usable. The executable comes from $FATHOM_EXE.
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

from run_outputs import ADAPTIVE, BHABHA, EXE, SHORT_ADAPTATION, assert_same_bits, fathom, summary


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
    assert_same_adaptation(reference, out)  # the iterations' report survives the checkpoint
    assert not checkpoint(out).exists()


def assert_same_adaptation(a: Path, b: Path) -> None:
    """The adaptation reports of summary.json agree but for their timing: every iteration's
    estimate and channel weights, the frozen weights, the combined estimate."""
    ra, rb = summary(a)["adaptation"], summary(b)["adaptation"]
    ra.pop("seconds"), rb.pop("seconds")
    assert ra == rb


def manifest_phase(out: Path) -> tuple[str, int]:
    text = (checkpoint(out) / "manifest.toml").read_text()
    phase = re.search(r"phase = [\"'](\w+)[\"']", text)
    events = re.search(r"adaptation_events = (\d+)", text)
    assert phase and events, text
    return phase.group(1), int(events.group(1))


def wait_for_adaptation_checkpoint(p: subprocess.Popen[str], out: Path, before: int) -> int:
    """Until a checkpoint written while adapting holds other than `before` adaptation events:
    their number."""
    deadline = time.monotonic() + 120
    while True:
        assert p.poll() is None, "the run ended before the checkpoint"
        assert time.monotonic() < deadline
        if (checkpoint(out) / "manifest.toml").exists():
            phase, events = manifest_phase(out)
            assert phase == "adaptation", "the adaptation ended before the checkpoint looked for"
            if events != before:
                return events
        time.sleep(0.01)


def test_a_run_stopped_while_adapting_resumes_its_adaptation(tmp_path: Path) -> None:
    # six iterations, a checkpoint after each: SIGKILL after the first, SIGTERM in the resumed run
    adaptation = ("--set", "phase_space.adapt_iterations=6", "--set", "phase_space.adapt_events=50000")
    args = (str(ADAPTIVE), *adaptation, "-n", "1e5", "-t", "1")
    reference = tmp_path / "reference"
    assert fathom("run", *args, "-o", str(reference), "--checkpoint-every", "0").returncode == 0
    out = tmp_path / "out"
    p = start("run", *args, "-o", str(out), "--checkpoint-every", "50000ev")
    first = wait_for_adaptation_checkpoint(p, out, 0)
    p.kill()
    p.wait()
    assert manifest_phase(out) == ("adaptation", first) and first < 300000
    # the resumed run goes on from the checkpoint's iterations: its first checkpoint holds one more
    p = start("run", "--resume", str(out), "-t", "1", "--checkpoint-every", "50000ev")
    second = wait_for_adaptation_checkpoint(p, out, first)
    assert second == first + 50000
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=60) == -signal.SIGTERM
    phase, third = manifest_phase(out)
    assert phase == "adaptation" and second <= third < 300000
    r = fathom("run", "--resume", str(out), "-t", "2", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert_same_bits(reference, out)
    assert_same_adaptation(reference, out)
    assert summary(out)["resumed_from"].endswith("while adapting")
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


def can_mount_tmpfs(where: Path) -> bool:
    """A size-limited tmpfs in a private mount namespace (root, or unprivileged user namespaces);
    it disappears with the namespace."""
    where.mkdir()
    r = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                        f"mount -t tmpfs -o size=64k tmpfs {where}"], capture_output=True, check=False)
    return r.returncode == 0


def test_a_full_tmpfs_while_checkpointing_keeps_the_previous_checkpoint(tmp_path: Path, stopped: Path) -> None:
    fs = tmp_path / "fs"
    if shutil.which("unshare") is None or not can_mount_tmpfs(fs):
        pytest.skip("no size-limited tmpfs here (needs root or user namespaces); "
                    "test_a_failed_checkpoint_write_keeps_the_previous_one covers a failed write with ulimit -f")
    # room for the checkpoint, a second state and the output once the filler is gone
    kib = 4 * sum(f.stat().st_size for f in checkpoint(stopped).iterdir()) // 1024 + 1024
    # in the namespace: the checkpoint on a tmpfs that it fills up to 16 KiB, a resumed run
    # whose checkpoints cannot be written, then the tmpfs emptied of the filler and the run resumed
    script = f"""
mount -t tmpfs -o size={kib}k tmpfs {fs} || exit 90
cp -r {checkpoint(stopped)} {fs}/out.checkpoint
dd if=/dev/zero of={fs}/filler bs=4k 2>/dev/null
truncate -s -16K {fs}/filler  # room to start the run, none for a state (about 58 kB)
cd {fs}/out.checkpoint && sha256sum $(ls -A | grep -v '[.]tmp-') > {tmp_path}/before.txt
{EXE} run --resume {fs}/out -t 1 --checkpoint-every 1e5ev --no-progress 2> {tmp_path}/full.err
echo $? > {tmp_path}/full.rc
cd {fs}/out.checkpoint && sha256sum $(ls -A | grep -v '[.]tmp-') > {tmp_path}/after.txt
ls -A {fs} > {tmp_path}/listing.txt
rm {fs}/filler
{EXE} run --resume {fs}/out -t 2 --no-progress && cp -r {fs}/out {tmp_path}/resumed
"""
    r = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "bash", "-c", script],
                       capture_output=True, text=True, timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    err = (tmp_path / "full.err").read_text()
    assert (tmp_path / "full.rc").read_text().strip() == "1", err
    assert "checkpoint not written" in err and "No space left on device" in err, err
    assert (tmp_path / "before.txt").read_text() == (tmp_path / "after.txt").read_text()
    assert "out" not in (tmp_path / "listing.txt").read_text().split()  # no half-written output
    reference = tmp_path / "reference"
    assert fathom("run", str(BHABHA), "-n", "4e6", "-t", "2", "-o", str(reference), "--checkpoint-every", "0",
                  "--no-progress").returncode == 0
    assert_same_bits(reference, tmp_path / "resumed")


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
