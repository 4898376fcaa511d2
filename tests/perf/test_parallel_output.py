"""A build on several processes writes the very files a one-by-one build writes.

Pagefind's index (``pagefind/``) is left out of the comparison: Pagefind names its
filter files and its metadata by hashes that change from run to run even for the
same pages. Everything else is compared byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.perf.support import (
    build,
    files,
    generated_site,
    last_build,
    problem_lines,
    settings_file,
)

COUNT = 120


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One site built by two processes and by one, each with an empty cache."""
    site = generated_site(tmp_path_factory.mktemp("parallel"), COUNT)
    briefs = sorted((site / "content" / "briefs").glob("*.md"))
    # Two briefs with warnings (a missing house section): problems come out as before.
    for path in briefs[3:5]:
        text = path.read_text("utf-8")
        path.write_text(text.replace("## Speculation and Blind Spots", "## Other Matters"),
                        "utf-8")
    parallel = settings_file(site, "parallel.py", ASSAY_WORKERS=2,
                             ASSAY_CACHE_PATH=".cache/parallel")
    sequential = settings_file(site, "sequential.py", ASSAY_WORKERS=1,
                               ASSAY_CACHE_PATH=".cache/sequential")
    runs = {"site": site}
    for name, settings in (("parallel", parallel), ("sequential", sequential)):
        code, log = build(site, settings, f"out-{name}")
        assert code == 0, log
        runs[name] = log
    return runs


def test_every_file_is_byte_identical(two_builds: dict[str, object]) -> None:
    site = two_builds["site"]
    assert isinstance(site, Path)
    parallel, sequential = files(site / "out-parallel"), files(site / "out-sequential")
    assert len(parallel) > COUNT
    assert sorted(parallel) == sorted(sequential)
    different = [name for name in parallel if parallel[name] != sequential[name]]
    assert different == []


def test_search_index_has_the_same_pages(two_builds: dict[str, object]) -> None:
    site = two_builds["site"]
    assert isinstance(site, Path)
    fragments = [files(site / out / "pagefind" / "fragment", skip=())
                 for out in ("out-parallel", "out-sequential")]
    assert len(fragments[0]) == COUNT
    assert fragments[0] == fragments[1]


def test_the_parallel_build_used_workers(two_builds: dict[str, object]) -> None:
    site = two_builds["site"]
    assert isinstance(site, Path)
    assert last_build(site, ".cache/parallel")["workers"] == 2
    assert last_build(site, ".cache/sequential")["workers"] == 1


def test_problems_are_reported_the_same(two_builds: dict[str, object]) -> None:
    parallel = problem_lines(str(two_builds["parallel"]))
    sequential = problem_lines(str(two_builds["sequential"]))
    assert len(parallel) == 2
    assert all("house section 'Speculation and Blind Spots' is missing" in p for p in parallel)
    assert parallel == sequential


def test_a_strict_build_fails_with_the_full_list_either_way(tmp_path: Path) -> None:
    site = generated_site(tmp_path, 60)
    briefs = sorted((site / "content" / "briefs").glob("*.md"))
    for path in briefs[10:13]:
        path.write_text(path.read_text("utf-8").replace("date: 20", "date: 1x20", 1), "utf-8")
    logs = []
    for workers in (2, 1):
        settings = settings_file(site, f"w{workers}.py", ASSAY_WORKERS=workers,
                                 ASSAY_CACHE_PATH=f".cache/w{workers}")
        code, log = build(site, settings, f"out-{workers}")
        assert code == 1
        assert "strict build failed: 3 error(s) in 3 file(s)" in log
        assert not (site / f"out-{workers}").exists()
        logs.append(problem_lines(log))
    assert logs[0] == logs[1]
    assert len([line for line in logs[0] if ": error: date:" in line]) >= 3


def test_each_card_is_made_once(two_builds: dict[str, object]) -> None:
    site = two_builds["site"]
    assert isinstance(site, Path)
    parallel = last_build(site, ".cache/parallel")
    sequential = last_build(site, ".cache/sequential")
    # Made before the pages, half in each process, and taken by every listing.
    assert (parallel["cards_first"], parallel["cards_on_pages"]) == (COUNT, 0)
    assert (sequential["cards_first"], sequential["cards_on_pages"]) == (0, COUNT)
    # The next build takes its pages from the cache: no card made, first or on a page.
    code, log = build(site, "parallel.py", "out-again")
    assert code == 0, log
    again = last_build(site, ".cache/parallel")
    assert (again["cards_first"], again["cards_on_pages"]) == (0, 0)
