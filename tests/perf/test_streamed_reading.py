"""The workers read while the build goes on: they start once the keying of sources
has found enough to read, and the reader takes each reading as it asks for it.

These tests run the pre-reading in this process on a generated site (real sources,
real worker processes), with a stand-in for Pelican's article generator that lists
the briefs as Pelican would.
"""

from __future__ import annotations

import gc
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from pelican.settings import read_settings

from briefs import preread
from briefs.prepare import Prepared, display_path, prepare
from tests.perf.support import generated_site, settings_file

COUNT = 48


class ArticleGenerator:
    """What :func:`briefs.preread.preread` asks of Pelican's article generator."""

    def __init__(self, site: Path, settings: dict[str, Any]):
        self.settings = settings
        self.path = str(site / "content")

    def get_files(self, paths: list[str], exclude: Any = None,
                  extensions: Any = None) -> set[str]:
        content = Path(self.path)
        return {p.relative_to(content).as_posix()
                for folder in paths for p in (content / folder).glob("*.md")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generated_site(tmp_path_factory.mktemp("streamed"), COUNT)
    settings_file(root, "two.py", ASSAY_WORKERS=2)
    return root


@pytest.fixture
def generator(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ArticleGenerator:
    """A generator of ``site`` with a build cache of its own (so every source is read)."""
    monkeypatch.chdir(site)
    settings = read_settings("two.py", override={"ASSAY_CACHE_PATH": str(tmp_path / "cache")})
    preread.start(settings)
    yield ArticleGenerator(site, settings)
    preread.start(settings)  # ends any workers a failed test left


def _briefs(generator: ArticleGenerator) -> list[str]:
    return sorted(str(p) for p in (Path(generator.path) / "briefs").glob("*.md"))


def _read_here(build: preread.Build, path: str) -> Prepared:
    return prepare(path, build.tools, Path(path).read_bytes())


def test_workers_start_once_the_keying_has_found_enough_to_read(
        generator: ArticleGenerator, monkeypatch: pytest.MonkeyPatch) -> None:
    keyed_at_start: list[int] = []
    start_reading = preread.Reading.__init__

    def reading(self: preread.Reading, build: preread.Build, *args: Any,
                **options: Any) -> None:
        keyed_at_start.append(len(build.keys))
        start_reading(self, build, *args, **options)

    monkeypatch.setattr(preread.Reading, "__init__", reading)
    preread.preread(generator)
    build = preread.build_for(generator.settings)
    assert keyed_at_start == [preread.START_WORKERS]  # not after all COUNT sources
    assert build.workers == 2 and build.reading is not None
    assert len(build.keys) == COUNT
    preread.finish_reading(generator)


def test_readings_are_taken_as_the_reader_asks_in_any_order(
        generator: ArticleGenerator) -> None:
    preread.preread(generator)
    build = preread.build_for(generator.settings)
    paths = _briefs(generator)
    for path in reversed(paths):  # the last first: every reading before it comes in
        prepared = build.prepared(path)
        expected = _read_here(build, path)
        assert (prepared.content, prepared.fields["summary"]) == (
            expected.content, expected.fields["summary"]), path
    assert sorted(build.cache.read) == sorted(display_path(p) for p in paths)
    assert build.cache.from_cache == []
    preread.finish_reading(generator)
    assert build.reading is None
    assert multiprocessing.active_children() == []


def test_readings_not_asked_for_are_taken_in_when_reading_ends(
        generator: ArticleGenerator) -> None:
    preread.preread(generator)
    build = preread.build_for(generator.settings)
    reading = build.reading
    assert reading is not None
    preread.finish_reading(generator)
    assert reading.waiting == set()
    assert sorted(build.results) == _briefs(generator)
    assert multiprocessing.active_children() == []


def test_a_source_a_worker_cannot_read_is_read_in_the_build_process(
        generator: ArticleGenerator, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _briefs(generator)
    failing = paths[COUNT // 2]

    def prepare_in_worker(path: str, *args: Any) -> Prepared:
        if path == failing:
            raise RuntimeError("a worker cannot read this one")
        return prepare(path, *args)

    monkeypatch.setattr(preread, "prepare", prepare_in_worker)
    preread.preread(generator)  # the workers are forked with the failing reader
    monkeypatch.setattr(preread, "prepare", prepare)
    build = preread.build_for(generator.settings)
    prepared = build.prepared(failing)
    assert prepared.content == _read_here(build, failing).content
    assert build.cache.read.count(display_path(failing)) == 1
    preread.finish_reading(generator)
    assert failing not in build.results


def test_a_build_that_stops_midway_leaves_no_worker(generator: ArticleGenerator) -> None:
    preread.preread(generator)
    assert multiprocessing.active_children() != []
    preread.start(generator.settings)  # the next build in this process
    assert multiprocessing.active_children() == []


def test_the_next_build_in_the_process_reads_afresh_after_one_that_stopped_midway(
        generator: ArticleGenerator) -> None:
    preread.preread(generator)
    build = preread.build_for(generator.settings)
    second, third = _briefs(generator)[1:3]
    build.prepared(third)  # the build stops here; the first two readings are left
    assert second in build.results
    Path(second).write_text(Path(second).read_text("utf-8").replace(
        "## The Facts", "An edit between the builds.\n\n## The Facts", 1), "utf-8")
    preread.preread(generator)  # a preview server builds again (no new build state)
    assert preread.build_for(generator.settings) is build
    assert "An edit between the builds." in build.prepared(second).content
    preread.finish_reading(generator)
    assert multiprocessing.active_children() == []


def test_workers_collect_cycles_though_forked_while_collection_is_held(
        generator: ArticleGenerator) -> None:
    assert gc.isenabled()
    preread.preread(generator)  # forks the workers while it loads (heap.paused)
    reading = preread.build_for(generator.settings).reading
    assert reading is not None
    assert reading._pool.apply(gc.isenabled) is True
    preread.finish_reading(generator)


def test_few_sources_to_read_are_read_by_the_reader(
        generator: ArticleGenerator, monkeypatch: pytest.MonkeyPatch) -> None:
    few = _briefs(generator)[:preread.START_WORKERS - 1]
    listed = generator.get_files
    monkeypatch.setattr(generator, "get_files", lambda *a, **k: {
        p for p in listed(*a, **k) if str(Path(generator.path) / p) in few})
    preread.preread(generator)
    build = preread.build_for(generator.settings)
    assert build.reading is None and build.workers == 1
    assert multiprocessing.active_children() == []
    assert build.prepared(few[0]).content == _read_here(build, few[0]).content
