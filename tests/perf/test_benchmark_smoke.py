"""The build benchmark runs end to end on a small site (no timing is asserted)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_benchmark_runs_on_fifty_briefs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build" / "run.py"), "--sizes", "50",
         "--repeat", "1", "--folder", str(tmp_path), "--markdown"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr + done.stdout
    table = [line for line in done.stdout.splitlines() if line.startswith("| 50 |")]
    assert len(table) == 1
    assert len(table[0].split("|")) == 17
    # Peak memory: tree / largest process / proportional, each measured (no zero, no NaN;
    # the tree figures are sampled, so a short build's may miss the largest's exact peak).
    for cell in table[0].split("|")[12:14]:
        figures = [float(value) for value in cell.split("/")]
        assert len(figures) == 3 and all(figure > 0 for figure in figures), cell
    # Both rebuilds (new words, then known words) read the edited brief only.
    rebuilds = [line for line in done.stdout.splitlines()
                if line.startswith("N=50: Assay rebuild")]
    assert len(rebuilds) == 2 and "known words" in rebuilds[1]
    assert all(": 1 source(s) read," in line for line in rebuilds), rebuilds
    # Each says what the build cache takes on disk beside the output.
    assert all(re.search(r"; build cache [1-9]\d* MiB on disk beside the output$", line)
               for line in rebuilds), rebuilds
    # Where each sampled build's memory peaked, and its peak before the search index.
    peaks = [line for line in done.stdout.splitlines()
             if line.startswith("N=50: peak memory of Assay's ")]
    assert [line.split(": ")[1] for line in peaks] == [
        "peak memory of Assay's cold", "peak memory of Assay's rebuild",
        "peak memory of Assay's rebuild, known words"]
    assert all(re.search(r": \d+ MiB at [\d.]+ s of [\d.]+ \(.*assay \d+.*\); "
                         r"before the index: \d+ MiB at ", line) for line in peaks), peaks
    ratios = [line for line in done.stdout.splitlines()
              if line.startswith("N=50: each round over its plain Pelican cold build: ")]
    assert len(ratios) == 1 and "rebuild, known words " in ratios[0], done.stdout
    assert (tmp_path / "50" / "assay" / "content" / "outlets.yml").is_file()
    assert len(list((tmp_path / "50" / "pelican" / "content").glob("*.md"))) == 50
    # Each feed carries the latest FEED_MAX_ITEMS briefs of the 50 (the archive has all).
    output = tmp_path / "50" / "assay" / "output"
    atom = (output / "feeds" / "all.atom.xml").read_text("utf-8")
    assert atom.count("<entry>") == 20
    assert len(json.loads((output / "feeds" / "all.json").read_text("utf-8"))["items"]) == 20
    assert len(list(output.glob("20*/*/*/index.html"))) == 50


def _bench_run_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_build_run", ROOT / "bench" / "build" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_timed_builds_are_not_sampled(tmp_path: Path, monkeypatch) -> None:
    """A timed build's process tree is left alone (sampling takes CPU from the build); a
    sampled one gives its tree's peaks."""
    run = _bench_run_module()
    command = [sys.executable, "-c", "import time; b = bytearray(50 << 20); time.sleep(0.5)"]
    sampled = run.measure(command, tmp_path, log=tmp_path / "log", sample=True)
    assert sampled.code == 0 and sampled.tree_mib >= 50 and sampled.pss_mib >= 50

    def no_sampling(pid: int, seconds: float = 0.0) -> object:
        raise AssertionError("a timed build was sampled")

    monkeypatch.setattr(run, "tree_sample", no_sampling)
    timed = run.measure(command, tmp_path, log=tmp_path / "log")
    assert timed.code == 0 and timed.seconds >= 0.5 and timed.rss_mib >= 50
    assert timed.tree_mib != timed.tree_mib  # NaN: not measured


#: (label, when a child forks during the first sample (None: never), the sample's
#: resident and proportional KiB, why). The tree: pid 1 (100 KiB resident, 100 KiB
#: proportional alone, 50 once it shares its pages with a child), then child 2 (100
#: resident, 50 proportional).
TREE_SAMPLE_ROWS = [
    ("a tree that stays", None, (100, 100), "one process, read once"),
    ("a child forked midway", "after the parent's read", (200, 100),
     "read again once the tree stays: the parent's pages counted once, not 1.5 times"),
    ("forked before the sample", "before", (200, 100), "parent and child, read once"),
]


@pytest.mark.parametrize(("label", "fork", "expected", "comment"), TREE_SAMPLE_ROWS,
                         ids=[row[0] for row in TREE_SAMPLE_ROWS])
def test_a_sample_read_while_the_tree_changes_is_read_again(
        label: str, fork: str | None, expected: tuple[int, int], comment: str,
        monkeypatch) -> None:
    run = _bench_run_module()
    forked = [fork == "before"]

    def proportional(pid: int) -> int:
        found = 50 if forked[0] else 100
        if pid == 1 and fork == "after the parent's read":
            forked[0] = True  # the fork lands between the parent's read and its children's
        return found

    monkeypatch.setattr(run, "_children", lambda pid: [2] if pid == 1 and forked[0] else [])
    monkeypatch.setattr(run, "_memory_kib", lambda pid: 100)
    monkeypatch.setattr(run, "_proportional_kib", proportional)
    sample = run.tree_sample(1)
    assert (sample.resident_kib, sample.proportional_kib) == expected, comment


def test_a_tree_that_keeps_changing_gives_no_sample(monkeypatch) -> None:
    run = _bench_run_module()
    pids = iter(range(2, 100))
    monkeypatch.setattr(run, "_children", lambda pid: [next(pids)] if pid == 1 else [])
    monkeypatch.setattr(run, "_memory_kib", lambda pid: 100)
    monkeypatch.setattr(run, "_proportional_kib", lambda pid: 100)
    sample = run.tree_sample(1)
    assert (sample.resident_kib, sample.proportional_kib, sample.processes) == (0, 0, ())


#: Rounds of (Assay cold, rebuild, rebuild with known words, plain Pelican cold) seconds,
#: the ratios each round's builds give, and why.
ROUND_RATIO_ROWS = [
    ("one round", [(12.0, 3.0, 2.5, 10.0)], [1.2], [0.3], [0.25],
     "each build over plain Pelican's cold build"),
    ("paired by round", [(12.0, 3.0, 3.0, 10.0), (11.0, 2.0, 2.0, 8.0)], [1.2, 1.375],
     [0.3, 0.25], [0.3, 0.25],
     "a round's builds over its own Pelican build, not the median of all rounds"),
]


@pytest.mark.parametrize(("label", "rounds", "cold", "warm", "known", "comment"),
                         ROUND_RATIO_ROWS, ids=[row[0] for row in ROUND_RATIO_ROWS])
def test_round_ratios(label, rounds, cold, warm, known, comment) -> None:
    run = _bench_run_module()

    def runs_of(column: int) -> list:
        return [run.Run(seconds=r[column], rss_mib=0.0, tree_mib=0.0, code=0) for r in rounds]

    runs = {"assay_cold": runs_of(0), "assay_warm": runs_of(1), "assay_warm_known": runs_of(2),
            "plain_cold": runs_of(3)}
    assert run.round_ratios(runs, "assay_cold") == pytest.approx(cold), comment
    assert run.round_ratios(runs, "assay_warm") == pytest.approx(warm), comment
    assert run.round_ratios(runs, "assay_warm_known") == pytest.approx(known), comment
    line = run.ratios_line(4000, runs)
    assert line.startswith("N=4,000: each round over its plain Pelican cold build: cold ")
    assert ("(" in line) == (len(rounds) > 1), line


def test_the_benchmark_compiles_the_project_before_timing(tmp_path: Path,
                                                          monkeypatch) -> None:
    """Assay's modules are timed with their bytecode, as plain Pelican's installed ones
    are: the benchmark compiles ``assay/`` and ``plugins/`` before its first build (an
    environment may stop Python writing bytecode)."""
    run = _bench_run_module()
    events: list[str] = []
    monkeypatch.setattr(run.compileall, "compile_dir",
                        lambda folder, **kw: events.append(f"compile {Path(folder).name}"))
    monkeypatch.setattr(run, "bench_size", lambda count, *a, **kw: events.append("build") or {})
    monkeypatch.setattr(run, "report", lambda results, markdown: "")
    assert run.main(["--sizes", "1", "--repeat", "1", "--folder", str(tmp_path)]) == 0
    assert events == ["compile assay", "compile plugins", "build"]


def test_disk_use_counts_a_file_once_and_not_one_shared_with_the_output(
        tmp_path: Path) -> None:
    run = _bench_run_module()
    cache, output = tmp_path / "cache", tmp_path / "output"
    (cache / "pages").mkdir(parents=True)
    output.mkdir()
    (output / "index.html").write_bytes(b"x" * 10_000)
    os.link(output / "index.html", cache / "pages" / "kept.0")  # a kept page
    (cache / "entry.pickle").write_bytes(b"y" * 20_000)
    os.link(cache / "entry.pickle", cache / "pages" / "same-entry")  # one file, two names
    own = (cache / "entry.pickle").stat().st_blocks * 512
    assert own >= 20_000
    assert run.disk_use(cache, besides=output) == own
    assert run.disk_use(cache) == own + (output / "index.html").stat().st_blocks * 512
    assert run.disk_use(tmp_path / "none") == 0


def test_a_peak_says_when_it_came_and_which_processes_held_it(tmp_path: Path) -> None:
    """The peak of a tree where a Pagefind process runs beside a big one, after a small
    start: the whole tree's peak names both; the peak before the index is the start's."""
    run = _bench_run_module()
    indexer = tmp_path / "pagefind"  # a process of Pagefind's name
    indexer.write_bytes(Path("/bin/sleep").read_bytes())
    indexer.chmod(0o755)
    big = shlex.join([sys.executable, "-c", "import time; b = bytearray(60 << 20); "
                      "b[::4096] = bytes(len(b[::4096])); time.sleep(0.8)"])
    command = ["sh", "-c", f"sleep 0.6; {shlex.quote(str(indexer))} 2 & {big}; wait"]
    sampled = run.measure(command, tmp_path, log=tmp_path / "log", sample=True)
    assert sampled.code == 0
    total = re.fullmatch(r"(\d+) MiB at ([\d.]+) s of ([\d.]+) \((.*)\)", sampled.peak)
    before = re.fullmatch(r"(\d+) MiB at ([\d.]+) s of ([\d.]+) \((.*)\)",
                          sampled.peak_before_index)
    assert total and before, (sampled.peak, sampled.peak_before_index)
    assert int(total[1]) >= 60 and "pagefind" in total[4] and float(total[2]) >= 0.6
    assert int(before[1]) < 30 and "pagefind" not in before[4] and "sh " in before[4]
