"""The build cache: an edited brief is read again, an unchanged one comes from the cache.

What each build took from the cache and what it read is in ``last-build.json`` in
the cache folder (and in the build's log); these tests read that, never timings.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.perf.support import (
    add_sentence,
    build,
    files,
    generated_site,
    last_build,
    problem_lines,
)

COUNT = 24


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site built once (cold), into ``out-cold``."""
    root = generated_site(tmp_path_factory.mktemp("cache"), COUNT)
    first = sorted((root / "content" / "briefs").glob("*.md"))[0]
    first.write_text(first.read_text("utf-8").replace("## The Framing That Falls Short",
                                                      "## Another Heading"), "utf-8")
    code, log = build(root, "publishconf.py", "out-cold")
    assert code == 0, log
    stats = last_build(root)
    assert stats["from_cache"] == []
    assert len(stats["read"]) == COUNT + 2  # the briefs and the two pages
    (root / "cold.log").write_text(log, "utf-8")
    return root


def _briefs(site: Path) -> list[Path]:
    return sorted((site / "content" / "briefs").glob("*.md"))


def _display(path: Path, site: Path) -> str:
    return path.relative_to(site).as_posix()


def test_a_build_without_changes_takes_everything_from_the_cache(site: Path) -> None:
    code, log = build(site, "publishconf.py", "out-warm")
    assert code == 0, log
    stats = last_build(site)
    assert stats["read"] == []
    assert len(stats["from_cache"]) == COUNT + 2
    assert stats["pages_rendered"] == 0 and stats["pages_kept"] > COUNT
    # Problems are part of what the cache keeps: reported exactly as by the cold build.
    cold_problems = problem_lines((site / "cold.log").read_text("utf-8"))
    assert len(cold_problems) == 1
    assert problem_lines(log) == cold_problems
    assert files(site / "out-warm") == files(site / "out-cold")


def test_an_edited_brief_is_read_again_and_the_rest_come_from_the_cache(site: Path) -> None:
    edited = _briefs(site)[5]
    add_sentence(edited, "One more sentence.")
    code, log = build(site, "publishconf.py", "out-edited")
    assert code == 0, log
    stats = last_build(site)
    assert stats["read"] == [_display(edited, site)]
    assert len(stats["from_cache"]) == COUNT + 1
    assert _display(_briefs(site)[6], site) in stats["from_cache"]
    page = next((site / "out-edited").rglob(f"{edited.stem[11:]}/index.html"))
    assert "One more sentence." in page.read_text("utf-8")


def test_a_changed_archived_source_reads_the_brief_that_quotes_it_again(site: Path) -> None:
    quoting = [path for path in _briefs(site) if "archive:" in path.read_text("utf-8")]
    assert quoting, "the generator gives some briefs a quotation and an archived source"
    brief = quoting[0]
    archive = next(line.split('"')[1] for line in brief.read_text("utf-8").splitlines()
                   if "archive:" in line)
    source = site / "content" / archive
    source.write_text(source.read_text("utf-8") + "\nA later paragraph.\n", "utf-8")
    code, log = build(site, "publishconf.py", "out-archive")
    assert code == 0, log
    assert last_build(site)["read"] == [_display(brief, site)]


def test_a_changed_outlet_registry_reads_every_brief_again(site: Path) -> None:
    registry = site / "content" / "outlets.yml"
    registry.write_text(registry.read_text("utf-8") + "# a comment\n", "utf-8")
    code, log = build(site, "publishconf.py", "out-registry")
    assert code == 0, log
    stats = last_build(site)
    assert len(stats["read"]) == COUNT + 2  # the registry is an input of every source
    assert stats["from_cache"] == []


@pytest.mark.parametrize("archive_format", [
    pytest.param("--posix", id="file-times-to-the-nanosecond"),  # as actions/cache packs it
    pytest.param("--format=gnu", id="file-times-to-the-second"),  # as some CI caches do
])
def test_a_build_cache_archived_and_restored_in_a_fresh_checkout_is_used(
        tmp_path: Path, archive_format: str) -> None:
    """The workflow's publish build restores the latest run's build cache from an archive
    into a fresh checkout at the same path, with no output folder: every reading and
    page comes from it, and the site is the same; also when the archive kept file times
    to the second only (kept pages are then read once, and get their times back)."""
    site = generated_site(tmp_path, 8)
    code, log = build(site, "publishconf.py", "output")
    assert code == 0, log
    built = files(site / "output")
    kept_times = {path: path.stat().st_mtime_ns
                  for path in (site / ".cache/assay/pages").rglob("*.[0-9]")}
    assert kept_times
    archive = tmp_path / "cache.tar"
    subprocess.run(["tar", archive_format, "-cf", str(archive), ".cache"], cwd=site,
                   check=True)
    shutil.rmtree(site / ".cache")
    shutil.rmtree(site / "output")
    subprocess.run(["tar", "-xf", str(archive)], cwd=site, check=True)
    code, log = build(site, "publishconf.py", "output")
    assert code == 0, log
    stats = last_build(site)
    assert stats["read"] == [] and len(stats["from_cache"]) == 8 + 2
    assert stats["pages_rendered"] == 0 and stats["pages_kept"] > 8, stats["missed"]
    assert files(site / "output") == built
    assert {path: path.stat().st_mtime_ns for path in kept_times} == kept_times
    code, log = build(site, "publishconf.py", "output")
    assert code == 0, log
    assert last_build(site)["pages_rendered"] == 0


def test_a_project_moved_to_another_folder_keeps_its_build_cache(tmp_path: Path) -> None:
    """The build cache's keys hold the project's paths relative to it (its settings'
    paths, the files its checks read), so a clone or copy in another folder builds
    from the same cache: nothing read or rendered, the same site, no old path in it."""
    site = generated_site(tmp_path / "first", 8)
    code, log = build(site, "publishconf.py", "output")
    assert code == 0, log
    built = files(site / "output")
    moved = site.rename(tmp_path / "moved")
    shutil.rmtree(moved / "output")
    code, log = build(moved, "publishconf.py", "output")
    assert code == 0, log
    stats = last_build(moved)
    assert stats["read"] == [] and len(stats["from_cache"]) == 8 + 2
    assert stats["pages_rendered"] == 0, stats["missed"]
    assert files(moved / "output") == built
    assert not [name for name, data in built.items() if str(tmp_path / "first").encode() in data]
