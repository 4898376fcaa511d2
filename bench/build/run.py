"""Benchmark a full Assay build against plain Pelican on the same generated briefs.

Run from the repository root::

    .venv/bin/python bench/build/run.py [--sizes 100,1000,4000] [--repeat 3]

For each size N it writes N briefs twice (``generate.py``: the contract format for
Assay, Pelican's own Markdown metadata for plain Pelican, same text) and, in one
run, alternating the two, times:

* Assay cold: ``assay build --publish`` (every plugin, the search index included)
  with no build cache;
* plain Pelican cold: ``pelican content -s pelicanconf.py`` (default theme, no
  plugins, no cache);
* plain Pelican with its content cache on (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``):
  a cold build that fills the cache;
* after changing one brief's lede in both sites (a sentence whose words are new to
  the briefs), Assay's rebuild (its build cache from the cold build) and plain
  Pelican's (its content cache);
* after changing the same brief again with a sentence of its own (no word new to
  the site), Assay's rebuild: the search index then indexes again only the part of
  the edited brief (see ``search.pagefind``), where a new word makes every part
  learn it.

Each build's peak memory is measured three ways: the largest single process (maximum
resident set, as ``/usr/bin/time -v`` reports it); the sum of the resident sets of
the whole process tree (workers and Pagefind included; pages a forked worker shares
with its parent counted twice); and the sum of the tree's proportional sets (PSS: a
page shared by n processes counts 1/n in each, so the sum is the memory the build
holds), both sampled every 100 ms from /proc. For each of Assay's sampled builds, a
line says where the proportional peak came (when, and each process's share), and the
peak of the samples taken before any Pagefind process ran (the build's own).
Sampling is not free (reading the proportional sets of a few hundred MiB costs the
CPU a build using every core would use, while plain Pelican leaves a core idle for
it), so memory is measured in a round of its own, before the timed rounds, whose
builds are not sampled; a build's time ends when its process ends (the benchmark
waits on it, not polls). After each Assay build the build cache's report
(``.cache/assay/last-build.json``) is read, so the report can say how much a rebuild
took from the cache. It prints the medians of ``--repeat`` runs, the ratios and the
cost per brief, and with ``--markdown`` a table ready for ``RESULTS.md``; then each
round's ratios (Assay's build over plain Pelican's cold build of the same round)
with their range, since one machine's runs spread by a few percent.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from generate import edit_one, write_sites  # noqa: E402

BIN = Path(sys.executable).parent
#: Seconds between two samples of the memory of a build's processes.
INTERVAL = 0.1


@dataclass
class Run:
    """One timed build: wall seconds, largest process and whole tree peaks (MiB), and for
    Assay what its build cache gave (sources read, pages rendered)."""

    seconds: float
    rss_mib: float
    tree_mib: float
    code: int
    cache: str = ""
    #: The peak of the tree's proportional set sizes (MiB).
    pss_mib: float = float("nan")
    #: Where that peak came (see :func:`describe_peak`), and the peak of the samples in
    #: which no Pagefind process ran: the build's own, before the index (sampled only).
    peak: str = ""
    peak_before_index: str = ""


@dataclass
class Sample:
    """One sample of a build's process tree: when (seconds from the start), its resident
    and proportional sums (KiB), and each process's name and proportional set (KiB)."""

    seconds: float
    resident_kib: int
    proportional_kib: int
    processes: tuple[tuple[str, int], ...]


#: The name of a Pagefind process (``/proc/<pid>/comm``).
INDEXER = "pagefind"


def describe_peak(sample: Sample | None, seconds: float) -> str:
    """Where a peak came in a build of ``seconds``: its proportional sum, when, and each
    process's share (MiB), largest first.

    >>> describe_peak(Sample(27.04, 0, 269_312, (("assay", 21_504), ("pagefind", 116_736),
    ...                                           ("pagefind", 132_096))), 29.7)
    '263 MiB at 27.0 s of 29.7 (pagefind 129, pagefind 114, assay 21)'
    >>> describe_peak(None, 3.0)
    'not sampled'
    """
    if sample is None:
        return "not sampled"
    shares = sorted(sample.processes, key=lambda process: -process[1])
    return (f"{sample.proportional_kib / 1024:.0f} MiB at {sample.seconds:.1f} s of "
            f"{seconds:.1f} (" + ", ".join(f"{name} {kib / 1024:.0f}" for name, kib in shares)
            + ")")


def before_index(sample: Sample) -> bool:
    """Whether no Pagefind process ran when ``sample`` was taken.

    >>> before_index(Sample(1.0, 0, 0, (("assay", 1), ("assay", 2))))
    True
    >>> before_index(Sample(1.0, 0, 0, (("assay", 1), (INDEXER, 2))))
    False
    """
    return all(name != INDEXER for name, _ in sample.processes)


def cache_report(site: Path) -> str:
    """What the last Assay build of ``site`` read and rendered, from its cache report."""
    try:
        stats = json.loads((site / ".cache" / "assay" / "last-build.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "no cache report"
    cache = disk_use(site / ".cache" / "assay", besides=site / "output") / 2**20
    return (f"{len(stats.get('read', []))} source(s) read, {len(stats.get('from_cache', []))} "
            f"from the cache; {stats.get('pages_rendered', '?')} page job(s) rendered, "
            f"{stats.get('pages_kept', '?')} from the cache; build cache {cache:.0f} MiB "
            "on disk beside the output")


def disk_use(folder: Path, *, besides: Path | None = None) -> int:
    """The bytes on disk of the files under ``folder`` (not of its folders, a few KiB
    each), each file once (by inode), leaving out those that are also files under
    ``besides`` (a kept page is a hard link to the output's file: no disk of its own)."""
    shared = {(f.st_dev, f.st_ino) for f in _file_stats(besides)} if besides else set()
    seen: set[tuple[int, int]] = set()
    total = 0
    for found in _file_stats(folder):
        inode = (found.st_dev, found.st_ino)
        if inode not in shared and inode not in seen:
            seen.add(inode)
            total += found.st_blocks * 512
    return total


def _file_stats(folder: Path) -> list[os.stat_result]:
    """The stat of every file under ``folder`` (none when it is missing)."""
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                found.append(os.lstat(os.path.join(root, name)))
    return found


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (from /proc, without scanning every process)."""
    found: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children", "rb") as stream:
                found += [int(child) for child in stream.read().split()]
        except OSError:
            continue
    return found


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _memory_kib(pid: int) -> int:
    """The resident set size of ``pid`` in KiB (from /proc/<pid>/statm: cheap to read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * _PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _proportional_kib(pid: int) -> int:
    """The proportional set size of ``pid`` in KiB (``Pss`` of /proc/<pid>/smaps_rollup;
    0 where the kernel does not give it)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
            for line in stream:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_pids(root: int) -> list[int]:
    """``root`` and every process below it, sorted."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(_children(pid))
    return sorted(found)


#: How many times a sample of a tree's memory is read while the tree keeps changing.
TRIES = 3


def _name(pid: int) -> str:
    """The name of process ``pid`` (``?`` once it has ended)."""
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as stream:
            return stream.read().strip()
    except OSError:
        return "?"


def tree_sample(root: int, seconds: float = 0.0) -> Sample:
    """A :class:`Sample` of ``root`` and every process below it, taken ``seconds`` into
    the build: the resident and the proportional memory of each, in KiB, and their sums.

    In the resident sum, pages a forked worker shares with its parent are counted in
    both, which overstates the memory of a build that forks; the proportional sum
    counts each page once. A sample counts only while the tree stays the same: read as
    a process forks, the parent's pages would count whole and the new child's share of
    them again, up to half the parent's memory too much. Such a sample is read again,
    and counts as nothing (no process, zero sums) after :data:`TRIES` changed trees.
    """
    for _ in range(TRIES):
        pids = tree_pids(root)
        resident = sum(_memory_kib(pid) for pid in pids)
        shares = tuple((_name(pid), _proportional_kib(pid)) for pid in pids)
        if tree_pids(root) == pids:
            return Sample(seconds, resident, sum(kib for _, kib in shares), shares)
    return Sample(seconds, 0, 0, ())


def settle(site: Path, timeout: float = 120.0) -> None:
    """Wait until ``assay build`` has removed the outputs it set aside in ``site`` (it
    removes them in the background), so no build is timed while one is removed."""
    deadline = time.monotonic() + timeout
    while any(site.glob(".output.previous-*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def measure(command: list[str], cwd: Path, *, log: Path, sample: bool = False) -> Run:
    """Run ``command`` in ``cwd`` (once ``cwd`` has settled); its output goes to ``log``.

    The time is taken when the process ends. With ``sample``, a thread samples the
    memory of its process tree every ``INTERVAL`` seconds meanwhile (without, the tree
    figures are NaN).
    """
    settle(cwd)
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(command)}  (in {cwd})\n".encode())
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        resident_peak = [0]
        #: The samples of the largest proportional sum: of all, and before the index.
        highest: dict[str, Sample] = {}
        ended = threading.Event()

        def watch() -> None:
            while not ended.is_set():
                sample = tree_sample(process.pid, time.perf_counter() - start)
                resident_peak[0] = max(resident_peak[0], sample.resident_kib)
                for kind, counts in (("all", True), ("before", before_index(sample))):
                    best = highest.get(kind)
                    if counts and (best is None
                                   or sample.proportional_kib > best.proportional_kib):
                        highest[kind] = sample
                ended.wait(INTERVAL)

        sampler = threading.Thread(target=watch, daemon=True) if sample else None
        if sampler is not None:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        ended.set()
        if sampler is not None:
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    nan = float("nan")
    proportional_peak = highest["all"].proportional_kib if "all" in highest else 0
    return Run(seconds, usage.ru_maxrss / 1024, resident_peak[0] / 1024 if sample else nan,
               process.returncode, pss_mib=proportional_peak / 1024 if sample else nan,
               peak=describe_peak(highest.get("all"), seconds) if sample else "",
               peak_before_index=(describe_peak(highest.get("before"), seconds)
                                  if sample else ""))


def _clean(site: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(site / name, ignore_errors=True)


def bench_size(count: int, repeat: int, folder: Path, log: Path, *,
               sequential: bool = False) -> dict[str, list[Run]]:
    """Every measurement on ``count`` briefs: a round whose builds are sampled for memory,
    then ``repeat`` timed rounds."""
    assay, plain = write_sites(count, folder / str(count))
    assay_build = [str(BIN / "assay"), "build", "--publish", "--quiet"]
    pelican = [str(BIN / "pelican"), "content", "-q", "-s"]
    names = ("assay_cold", "plain_cold", "plain_cached_cold", "assay_warm", "plain_warm",
             "assay_warm_known", "assay_sequential")
    runs: dict[str, list[Run]] = {key: [] for name in names
                                  for key in (name, f"{name}_memory")}
    (assay / "sequential.py").write_text(
        "import os, sys\nsys.path.append(os.curdir)\nfrom publishconf import *  # noqa\n"
        "ASSAY_WORKERS = 1\n", "utf-8")
    edited = count // 2
    # Round 0 measures memory (its builds sampled, their times unused); the others time.
    for round_number in range(repeat + 1):
        sample = round_number == 0

        def measured(name: str, command: list[str], site: Path, *,
                     sample: bool = sample) -> Run:
            run = measure(command, site, log=log, sample=sample)
            runs[f"{name}_memory" if sample else name].append(run)
            if site == assay:
                run.cache = cache_report(assay)
            return run

        _clean(assay, ".cache", "output")
        measured("assay_cold", assay_build, assay)
        _clean(plain, "output", "cache")
        measured("plain_cold", [*pelican, "pelicanconf.py"], plain)
        _clean(plain, "output", "cache")
        measured("plain_cached_cold", [*pelican, "cachedconf.py"], plain)
        edit_one(assay, plain=False, number=edited)
        edit_one(plain, plain=True, number=edited)
        measured("assay_warm", assay_build, assay)
        measured("plain_warm", [*pelican, "cachedconf.py"], plain)
        edit_one(assay, plain=False, number=edited, known_words=True)
        measured("assay_warm_known", assay_build, assay)
        if sequential and not sample:
            _clean(assay, ".cache", "output")
            measured("assay_sequential", [*assay_build, "-s", "sequential.py"], assay)
    failed = [name for name, done in runs.items() for run in done if run.code != 0]
    if failed:
        raise SystemExit(f"a build failed ({', '.join(failed)}); see {log}")
    return runs


def median(runs: list[Run], field: str) -> float:
    """The median of ``field`` over ``runs`` (NaN when there are none)."""
    values = [getattr(run, field) for run in runs]
    return statistics.median(values) if values else float("nan")


def round_ratios(runs: dict[str, list[Run]], name: str) -> list[float]:
    """Each timed round's ``name`` build over plain Pelican's cold build of the same round
    (the two ran one after the other, so a round's ratio is not moved by a slower or
    faster stretch of the machine the way a ratio of medians can be)."""
    return [run.seconds / plain.seconds
            for run, plain in zip(runs[name], runs["plain_cold"], strict=True)]


def ratios_line(count: int, runs: dict[str, list[Run]]) -> str:
    """One line with every round's ratios of the cold build and the two rebuilds, and their
    range: how far the runs spread around the medians of the table."""
    parts = []
    for label, name in (("cold", "assay_cold"), ("rebuild", "assay_warm"),
                        ("rebuild, known words", "assay_warm_known")):
        values = round_ratios(runs, name)
        parts.append(f"{label} " + ", ".join(f"{v:.3f}×" for v in values)
                     + (f" ({min(values):.3f}–{max(values):.3f}×)" if len(values) > 1 else ""))
    return (f"N={count:,}: each round over its plain Pelican cold build: "
            + "; ".join(parts))


def report(results: dict[int, dict[str, list[Run]]], *, markdown: bool) -> str:
    """The table of medians, ratios and per-brief costs."""
    head = ["N", "Assay cold s", "Pelican cold s", "cold ratio", "Assay rebuild s",
            "rebuild / Pelican cold", "Assay rebuild, known words s",
            "rebuild, known words / Pelican cold", "Pelican cached rebuild s", "Assay ms/brief",
            "Pelican ms/brief", "Assay peak MiB (tree / largest / proportional)",
            "Pelican peak MiB (tree / largest / proportional)", "memory ratio (tree)",
            "memory ratio (proportional)"]
    rows = []
    for count, runs in sorted(results.items()):
        a_cold, p_cold = median(runs["assay_cold"], "seconds"), median(runs["plain_cold"],
                                                                        "seconds")
        a_warm, p_warm = median(runs["assay_warm"], "seconds"), median(runs["plain_warm"],
                                                                        "seconds")
        a_known = median(runs["assay_warm_known"], "seconds")
        # Memory from the sampled round (see bench_size).
        assay_runs = ("assay_cold_memory", "assay_warm_memory", "assay_warm_known_memory")
        a_tree = max(median(runs[k], "tree_mib") for k in assay_runs)
        a_rss = max(median(runs[k], "rss_mib") for k in assay_runs)
        p_tree = median(runs["plain_cold_memory"], "tree_mib")
        p_rss = median(runs["plain_cold_memory"], "rss_mib")
        a_pss = max(median(runs[k], "pss_mib") for k in assay_runs)
        p_pss = median(runs["plain_cold_memory"], "pss_mib")
        rows.append([f"{count:,}", f"{a_cold:.2f}", f"{p_cold:.2f}", f"{a_cold / p_cold:.2f}×",
                     f"{a_warm:.2f}", f"{a_warm / p_cold:.2f}×", f"{a_known:.2f}",
                     f"{a_known / p_cold:.2f}×", f"{p_warm:.2f}",
                     f"{1000 * a_cold / count:.2f}", f"{1000 * p_cold / count:.2f}",
                     f"{a_tree:.0f} / {a_rss:.0f} / {a_pss:.0f}",
                     f"{p_tree:.0f} / {p_rss:.0f} / {p_pss:.0f}",
                     f"{a_tree / p_tree:.2f}×", f"{a_pss / p_pss:.2f}×"])
    lines = []
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---:" for _ in head) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
        lines.append("  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True)))
        lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True))
                  for row in rows]
    for count, runs in sorted(results.items()):
        lines.append(ratios_line(count, runs))
        if runs["assay_sequential"]:
            lines.append(f"N={count:,}: Assay cold with ASSAY_WORKERS = 1: "
                         f"{median(runs['assay_sequential'], 'seconds'):.2f} s")
        lines.append(f"N={count:,}: Pelican cold with its content cache on: "
                     f"{median(runs['plain_cached_cold'], 'seconds'):.2f} s")
        for run in runs["assay_warm"]:
            lines.append(f"N={count:,}: Assay rebuild {run.seconds:.2f} s: {run.cache}")
        for run in runs["assay_warm_known"]:
            lines.append(f"N={count:,}: Assay rebuild, known words {run.seconds:.2f} s: "
                         f"{run.cache}")
        lines += peak_lines(count, runs)
    return "\n".join(lines)


def peak_lines(count: int, runs: dict[str, list[Run]]) -> list[str]:
    """Where each sampled Assay build's memory peaked, and its peak before the search
    index (while no Pagefind process ran): which part of the build to look at."""
    return [f"N={count:,}: peak memory of Assay's {label}: {run.peak}; "
            f"before the index: {run.peak_before_index}"
            for label, name in (("cold", "assay_cold_memory"), ("rebuild", "assay_warm_memory"),
                                ("rebuild, known words", "assay_warm_known_memory"))
            for run in runs[name]]


def compile_project() -> None:
    """Compile Assay's own modules (``assay/``, ``plugins/``) to bytecode before timing,
    as an installed package's are (pip compiles them; plain Pelican's are): in an
    environment that sets ``PYTHONDONTWRITEBYTECODE`` the plugins would otherwise be
    compiled again by every build (about 0.06 s)."""
    for name in ("assay", "plugins"):
        compileall.compile_dir(ROOT / name, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; gives the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,4000",
                        help="comma-separated numbers of briefs (e.g. 100,1000,4000,20000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (median)")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the generated sites go (default: a temporary folder)")
    parser.add_argument("--sequential", action="store_true",
                        help="also time Assay with ASSAY_WORKERS = 1")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    folder = args.folder or Path(tempfile.mkdtemp(prefix="assay-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "builds.log"
    compile_project()
    results = {}
    for count in sizes:
        print(f"N={count:,}: building...", file=sys.stderr, flush=True)
        results[count] = bench_size(count, args.repeat, folder, log,
                                    sequential=args.sequential)
    print(f"{os.cpu_count()} cores; times: medians of {args.repeat} run(s); memory: one "
          f"sampled round; build logs in {log}")
    print(report(results, markdown=args.markdown))
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
