"""Job-array streams and `fathom merge`: the merged streams of a run are that run, bit for bit.

"Bit for bit": every histogram's values, variances and exact limbs (flow bins included), the exact
tally and weight spectrum, and the physics numbers of summary.json. Provenance (timing, device,
threads, the merge's inputs) may differ. Bad merges fail with one line and write nothing.
The executable comes from $FATHOM_EXE.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import h5py
import hist
import numpy as np
import pytest
import uhi.io.hdf5

from run_outputs import ADAPTIVE, BHABHA, SHORT_ADAPTATION, fathom, summary
from run_outputs import assert_same_bits as assert_same_physics


def run(*args: str) -> None:
    r = fathom("run", *args, "--no-progress")
    assert r.returncode == 0, r.stderr


def assert_same_bits(a: Path, b: Path) -> None:
    assert_same_physics(a, b)
    sa, sb = summary(a), summary(b)
    # the card too, but for where it was written and how many threads ran it
    for s in (sa, sb):
        del s["run_card"]["output"]
        for key in ("threads", "batch_size"):
            s["run_card"]["run"].pop(key, None)
    assert sa["run_card"] == sb["run_card"]
    with h5py.File(b / "histograms.h5") as fb:
        for name in fb:  # still a histogram that hist opens, exact sums or not
            h = hist.Hist(uhi.io.hdf5.read(fb[name]))
            assert h.sum(flow=True).value == pytest.approx(sb["cross_section_pb"], rel=1e-12)


def test_streams_merge_into_the_single_run(tmp_path: Path) -> None:
    single = tmp_path / "single"
    run(str(BHABHA), "-n", "30000", "-o", str(single), "-t", "2")
    streams = []
    for j in range(3):
        streams.append(tmp_path / f"s{j}")
        run(str(BHABHA), "-n", "30000", "--stream", str(j), "--streams", "3", "-o", str(streams[-1]), "-t", "1",
            "--batch-size", "777")
    s1 = summary(streams[1])
    assert s1["stream"] == {"index": 1, "count": 3}
    assert s1["events_tried"] == 10000 and s1["event_ranges"] == [{"seed": s1["seed"], "first": 10000, "end": 20000}]

    merged = tmp_path / "merged"
    r = fathom("merge", str(merged), *map(str, streams))
    assert r.returncode == 0, r.stderr
    assert_same_bits(single, merged)
    m = summary(merged)["merge"]
    assert m["equivalent_to_single_run"] is True and [i["events"] for i in m["inputs"]] == [10000] * 3

    # a merged output merges again, in any order of its parts
    part = tmp_path / "part"
    assert fathom("merge", str(part), str(streams[2]), str(streams[0])).returncode == 0
    assert summary(part)["merge"]["equivalent_to_single_run"] is False  # events 0-10000 and 20000-30000
    again = tmp_path / "again"
    r = fathom("merge", str(again), str(streams[1]), str(part))
    assert r.returncode == 0, r.stderr
    assert_same_bits(single, again)


def test_adaptive_streams_share_a_frozen_grid(tmp_path: Path) -> None:
    # the run that adapts the grid is itself the single run the streams must reproduce
    grid_run = tmp_path / "grid_run"
    run(str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "20000", "-o", str(grid_run), "-t", "2")
    r = fathom("run", str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "20000", "--stream", "0", "--streams", "2",
               "-o", str(tmp_path / "refused"))
    assert r.returncode == 2 and "--grid GRIDRUN/grid.h5 --stream J --streams M" in r.stderr
    assert not (tmp_path / "refused").exists()
    streams = []
    for j in range(2):
        streams.append(tmp_path / f"g{j}")
        run(str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "20000", "--grid", str(grid_run / "grid.h5"), "--stream", str(j),
            "--streams", "2", "-o", str(streams[-1]), "-t", "2")
    merged = tmp_path / "merged"
    r = fathom("merge", str(merged), *map(str, streams))
    assert r.returncode == 0, r.stderr
    assert_same_bits(grid_run, merged)
    assert summary(merged)["sampler_grid_digest"] == summary(grid_run)["sampler_grid_digest"]
    assert (merged / "grid.h5").is_file()

    # another seed adapts another grid: statistically combinable, not one run
    other = tmp_path / "other_seed"
    run(str(ADAPTIVE), *SHORT_ADAPTATION, "-n", "10000", "-s", "99", "-o", str(other), "-t", "2")
    mixed = tmp_path / "mixed"
    r = fathom("merge", str(mixed), str(merged), str(other))
    assert r.returncode == 0, r.stderr
    s = summary(mixed)
    assert s["events_tried"] == 30000 and s["merge"]["equivalent_to_single_run"] is False
    assert "different seeds" in s["merge"]["why_not_equivalent"]
    assert not (mixed / "grid.h5").exists()  # no one grid made these events
    # the exact sums add: sum w is the sum of the inputs' (to the last bit of the limbs)
    with h5py.File(merged / "histograms.h5") as fa, h5py.File(other / "histograms.h5") as fb, \
            h5py.File(mixed / "histograms.h5") as fm:
        assert fm.attrs["exact_tally"][8] == fa.attrs["exact_tally"][8] + fb.attrs["exact_tally"][8]


@pytest.fixture(scope="module")
def two_streams(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("streams")
    for j in range(2):
        run(str(BHABHA), "-n", "4000", "--stream", str(j), "--streams", "2", "-o", str(d / f"s{j}"), "-t", "1")
    return d / "s0", d / "s1"


def test_merge_refuses_what_cannot_be_combined(tmp_path: Path, two_streams: tuple[Path, Path]) -> None:
    s0, s1 = two_streams
    other_cuts = tmp_path / "other_cuts"
    run(str(BHABHA), "-n", "2000", "-s", "5", "--set", "cuts.particle=[]", "-o", str(other_cuts), "-t", "1")
    other_bins = tmp_path / "other_bins"
    run(str(BHABHA), "-n", "2000", "-s", "5", "--set", "histograms=[]", "-o", str(other_bins), "-t", "1")
    old = tmp_path / "old_format"
    shutil.copytree(s1, old)
    with h5py.File(old / "histograms.h5", "a") as f:
        del f.attrs["fathom_histograms_format"]
    not_a_run = tmp_path / "not_a_run"
    not_a_run.mkdir()
    cases = [
        ((s0, s0), "hold some of the same events"),
        ((s0, s1, s0), "hold some of the same events"),
        ((s0, other_cuts), "in the card key cuts"),
        ((s0, other_bins), "in the card key histograms"),
        ((s0, old), "histograms format 1 (no exact sums)"),
        ((s0, not_a_run), "no run_card.toml"),
        ((s0, tmp_path / "missing"), "no such directory"),
    ]
    for inputs, message in cases:
        out = tmp_path / "out"
        r = fathom("merge", str(out), *map(str, inputs))
        assert r.returncode == 2, (inputs, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (message, r.stderr)
        assert not out.exists()
    # the output may not be an input, nor be replaced without --force
    r = fathom("merge", str(s0), str(s1))
    assert r.returncode == 2 and "exists" in r.stderr
    r = fathom("merge", str(s0), str(s0), str(s1), "--force")
    assert r.returncode == 2 and (s0 / "summary.json").is_file()


def test_stream_options_are_checked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args, message in [(("--stream", "2", "--streams", "2"), "option --stream"),
                          (("--stream", "0"), "needs --streams"),
                          (("--streams", "0"), "option --streams"),
                          (("-n", "3", "--streams", "4"), "option --streams")]:
        r = fathom("run", str(BHABHA), *args, "-o", str(out))
        assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert not out.exists()
