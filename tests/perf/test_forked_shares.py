"""The pages' writing processes: forked copies of the build's process that take the
next job to do until they have done their share, then end, a fresh copy taking the
next jobs (``briefs.forked.run_forked`` and ``Tickets``, ``briefs.writer``), so what a
process copies of the build's memory and keeps of its pages is given back as it ends."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from briefs import writer as writer_module
from briefs.forked import Tickets, run_forked
from briefs.pagecache import PageCache
from briefs.preread import can_fork
from briefs.writer import ParallelWriter, _share_done

needs_fork = pytest.mark.skipif(not can_fork(), reason="no forked processes here")

# (label, jobs done, of them rendered, whether the process has done its share, why)
SHARE_CASES = [
    ("nothing yet", 0, 0, False, "a process does at least one job"),
    ("rendering", 99, 99, False, "under the pages it may render"),
    ("rendered enough", 100, 100, True, "RENDERED_PER_PROCESS pages rendered"),
    ("mostly kept", 249, 50, False, "jobs from the cache are cheap: more of them"),
    ("done enough", 250, 50, True, "JOBS_PER_PROCESS jobs in all"),
    ("all kept", 250, 0, True, "a fork now and then even when nothing renders"),
]


@pytest.mark.parametrize(("label", "done", "rendered", "expected", "why"), SHARE_CASES,
                         ids=[case[0] for case in SHARE_CASES])
def test_share_done(label: str, done: int, rendered: int, expected: bool, why: str) -> None:
    assert writer_module.RENDERED_PER_PROCESS == 100
    assert writer_module.JOBS_PER_PROCESS == 250
    assert _share_done(done, rendered) is expected, why


_kept: list[int] = []


@needs_fork
def test_each_number_is_taken_once_by_processes_that_end() -> None:
    _kept.clear()
    tickets = Tickets(2000)

    def some() -> list[tuple[int, int]]:
        taken = []
        for _ in range(7):  # a share of 7 numbers at most
            number = tickets.take()
            if number is None:
                break
            taken.append((os.getpid(), number))
            _kept.append(number)
        return taken

    results = run_forked(some, at_once=2, more=lambda: tickets.left() > 0)
    numbers = sorted(number for taken in results for _, number in taken)
    assert numbers == list(range(2000)) and tickets.left() == 0
    pids = {pid for taken in results for pid, _ in taken}
    assert len(pids) >= 2000 // 7 and os.getpid() not in pids
    assert _kept == []  # what the processes kept ended with them
    for pid in pids:  # every process was waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_at_most_so_many_run_at_once_and_the_next_starts_when_one_ends(tmp_path) -> None:
    marks = tmp_path / "marks"
    tickets = Tickets(4)
    lengths = [1.5, 0.2, 0.2, 0.2]

    def mark() -> float:
        number = tickets.take()
        if number is None:
            return 0.0
        with open(marks, "a", encoding="utf-8") as stream:
            stream.write(f"start {time.monotonic()}\n")
        time.sleep(lengths[number])
        with open(marks, "a", encoding="utf-8") as stream:
            stream.write(f"end {time.monotonic()}\n")
        return lengths[number]

    # A long call and three short ones, two at a time: the short ones follow each other
    # while the long one runs.
    started = time.monotonic()
    results = run_forked(mark, at_once=2, more=lambda: tickets.left() > 0)
    assert sorted(r for r in results if r) == [0.2, 0.2, 0.2, 1.5]
    assert time.monotonic() - started < 2.5
    events = sorted((float(at), kind) for kind, at in
                    (line.split() for line in marks.read_text("utf-8").splitlines()))
    running, most = 0, 0
    for _, kind in events:
        running += 1 if kind == "start" else -1
        most = max(most, running)
    assert most == 2


@needs_fork
def test_results_bigger_than_a_pipe_and_failures() -> None:
    size = 5 * 1024 * 1024  # far more than a pipe holds: read while the others run
    tickets = Tickets(3)

    def big() -> bytes:
        number = tickets.take()
        return b"x" * (size if number != 1 else 1)

    results = run_forked(big, at_once=2, more=lambda: tickets.left() > 0)
    assert sorted(map(len, results)) == [1, size, size]

    failing = Tickets(10)

    def fail_on_two() -> int:
        number = failing.take()
        if number == 2:
            raise ValueError("two")
        if number == 3:
            os._exit(0)  # ends without sending a result
        time.sleep(0.05)
        return number

    results = run_forked(fail_on_two, at_once=1, more=lambda: failing.left() > 0)
    assert results == [0, 1, None]  # none started after the failure
    assert run_forked(fail_on_two, at_once=2, more=lambda: False) == []


def _write_process_and_count(path: str) -> None:
    """Write this process's id and how many jobs it did before this one."""
    Path(path).write_text(f"{os.getpid()} {len(_kept)}", "utf-8")
    _kept.append(1)


def _write_batch(output: Path, count: int) -> list[tuple[int, int]]:
    """Write ``count`` pages in one batch of a two-worker writer without a build cache;
    gives each page's process and how many jobs that process did before it."""
    _kept.clear()
    writer = ParallelWriter(str(output), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    with writer.batch():
        for number in range(count):
            writer.submit(_write_process_and_count, str(output / f"{number}.html"))
    return [tuple(map(int, (output / f"{n}.html").read_text("utf-8").split()))
            for n in range(count)]


@needs_fork
def test_a_batch_is_written_by_fresh_processes_each_doing_a_share(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Each process starts from the build's memory (nothing the process before it kept),
    does at most its share and ends; the build's process writes none of the pages."""
    monkeypatch.setattr(writer_module, "JOBS_PER_PROCESS", 10)
    rows = _write_batch(tmp_path, 65)
    by_process: dict[int, list[int]] = {}
    for pid, before in rows:
        by_process.setdefault(pid, []).append(before)
    assert os.getpid() not in by_process and _kept == []
    assert len(by_process) >= 7  # 65 jobs, at most 10 for each process
    assert all(counts == list(range(len(counts))) and len(counts) <= 10
               for counts in by_process.values())


@needs_fork
def test_a_process_ends_once_it_has_rendered_its_share(tmp_path: Path, monkeypatch) -> None:
    """Jobs that render (no build cache here) count against RENDERED_PER_PROCESS."""
    monkeypatch.setattr(writer_module, "RENDERED_PER_PROCESS", 5)
    pids = [pid for pid, _ in _write_batch(tmp_path, 50)]
    assert max(pids.count(pid) for pid in set(pids)) <= 5 and len(set(pids)) >= 10


def test_without_shared_memory_the_batch_is_written_here(tmp_path: Path, monkeypatch) -> None:
    def no_shared_memory(count: int) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(writer_module, "Tickets", no_shared_memory)
    rows = _write_batch(tmp_path, 60)
    assert {pid for pid, _ in rows} == {os.getpid()} and len(_kept) == 60


def _write_kept_call(output: str, name: str, log: str) -> None:
    """A plugin's call that writes ``name`` in ``output``; notes its process in ``log``."""
    Path(output, name).write_text(f"page {name}", "utf-8")
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(f"call {os.getpid()}\n")


@needs_fork
def test_kept_jobs_that_read_the_site_are_taken_here_before_the_writers_fork(
        tmp_path: Path, monkeypatch) -> None:
    """A rebuild takes from the cache, in the build's process, the jobs that are not a
    brief's own page (a plugin's calls here); a writing process that did would copy
    the memory of every brief they read. Jobs rendered anew are the writers'."""
    log = tmp_path / "log"

    def note_calls(owner: type, name: str, word: str) -> None:
        """Have each call of ``owner.name`` noted in the log with its process."""
        method = getattr(owner, name)

        def noted(*args):
            with open(log, "a", encoding="utf-8") as stream:
                stream.write(f"{word} {os.getpid()}\n")
            return method(*args)

        monkeypatch.setattr(owner, name, noted)

    note_calls(ParallelWriter, "_restore", "restore")
    note_calls(PageCache, "lookup", "lookup")
    settings = {"ASSAY_CACHE_PATH": str(tmp_path / "cache"), "ASSAY_WORKERS": 2}

    output = tmp_path / "output"

    def build(names: list[str]) -> list[str]:
        log.write_text("", "utf-8")
        shutil.rmtree(output, ignore_errors=True)
        output.mkdir()
        writer = ParallelWriter(str(output), settings=settings)
        with writer.batch():
            for name in names:
                writer.submit(_write_kept_call, str(output), name, str(log), outputs=[name])
        assert sorted(p.name for p in output.iterdir()) == sorted(names)
        return log.read_text("utf-8").split("\n")[:-1]

    names = [f"{number}.html" for number in range(60)]
    first = build(names)
    assert sum(line.startswith("call") for line in first) == 60
    assert f"call {os.getpid()}" not in first  # rendered by the writing processes

    second = build([*names, "new.html"])
    assert second.count(f"restore {os.getpid()}") == 60  # all kept, taken here
    calls = [line for line in second if line.startswith("call")]
    assert len(calls) == 1 and calls != [f"call {os.getpid()}"]  # the new one, forked
    # each looked up once, here: the new one is rendered without looking it up again
    assert [line for line in second if line.startswith("lookup")] == [
        f"lookup {os.getpid()}"] * 61
    assert (output / "7.html").read_text("utf-8") == "page 7.html"


@needs_fork
def test_the_build_gives_back_what_a_batch_freed(tmp_path: Path, monkeypatch) -> None:
    """The writing processes' results are freed once merged: the build's process gives
    that memory back to the system before it goes on (its index, its cache)."""
    from briefs import heap

    trimmed: list[int] = []
    monkeypatch.setattr(heap, "_trim", trimmed.append)
    _write_batch(tmp_path, 60)
    assert trimmed == [0]
