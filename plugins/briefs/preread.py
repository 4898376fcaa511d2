"""Every brief read at the start of the build: from the build cache, or on all cores.

Reading briefs is independent work: each source is decoded, repaired, parsed,
checked and rendered on its own (:func:`briefs.prepare.prepare`). When the article
generator starts, :func:`preread` takes what it can from the cache
(:mod:`briefs.cache`) and reads the rest in worker processes (``ASSAY_WORKERS``,
default: the cores this process may use; ``1`` reads them one by one in this
process). The reader then only turns each result into Pelican's metadata, in
source order, recording each source's problems as it goes: the build reports and
writes exactly what a one-by-one build does.

Workers are forked from the build (they share its settings, plugins and checks
without pickling them) and give back pickled results; a worker that fails on a
source leaves it to the reader, which reads it in this process as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Any

from . import heap
from .cache import ReadCache, begin_build
from .prepare import Prepared, Tools, display_path, prepare

logger = logging.getLogger(__name__)

#: Fewer sources to read than this per extra process are read in this process.
MIN_PER_WORKER = 16


class Build:
    """The reading state of one build: its settings' tools, the cache, the results."""

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.tools = Tools(settings)
        self.cache = ReadCache(settings)
        self.results: dict[str, Prepared] = {}
        #: The build cache key of each source read, by path.
        self.keys: dict[str, str] = {}
        self.workers = 1

    def prepared(self, source_path: str) -> Prepared:
        """The reading of ``source_path``: pre-read, from the cache, or read now."""
        found = self.results.pop(source_path, None)
        if found is not None:
            return found
        data, key = self._key(source_path)
        if key is not None:
            self.keys[source_path] = key
            cached = self.cache.load(key)
            if cached is not None:
                self.cache.from_cache.append(display_path(source_path))
                return cached
        prepared = prepare(source_path, self.tools, data)
        self.cache.read.append(display_path(source_path))
        if key is not None:
            self.cache.store(key, self.cache.entry(prepared))
        return prepared

    def _key(self, source_path: str) -> tuple[bytes | None, str | None]:
        """The source's bytes and its cache key (None, None when it cannot be read)."""
        try:
            data = Path(source_path).read_bytes()
        except OSError:
            return None, None
        return data, self.cache.key(display_path(source_path), data)


_builds: dict[int, Build] = {}


def build_for(settings: dict[str, Any]) -> Build:
    """The reading state of the build with ``settings`` (made on first use)."""
    build = _builds.get(id(settings))
    if build is None or build.settings is not settings:
        _builds.clear()
        build = _builds[id(settings)] = Build(settings)
    return build


def start(settings: dict[str, Any]) -> Build:
    """Begin a build with ``settings``: a fresh reading state (a preview server rebuilds
    in one process)."""
    from .pagecache import forget_contents

    _builds.clear()
    forget_contents()
    return build_for(settings)


def content_made(content: Any) -> None:
    """Handler of ``content_object_init``: note the build cache key of the content's source
    (so the page cache can digest the content by it)."""
    from .pagecache import remember

    settings = getattr(content, "settings", None)
    source = getattr(content, "source_path", None)
    if isinstance(settings, dict) and source:
        build = _builds.get(id(settings))
        if build is not None and build.settings is settings:
            remember(content, build.keys.get(source))


def worker_count(settings: dict[str, Any]) -> int:
    """How many processes read and write: ``ASSAY_WORKERS``, else the usable cores."""
    value = settings.get("ASSAY_WORKERS")
    if value is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("ASSAY_WORKERS must be a whole number of processes, 1 or more")
    return value


def can_fork() -> bool:
    """Whether worker processes can be forked here."""
    return "fork" in multiprocessing.get_all_start_methods()


#: The build the forked workers read for (set just before they start).
_worker_build: list[Build] = []


def _read_one(item: tuple[str, bytes | None, str | None]) -> tuple[str, bytes | None]:
    """In a worker: read one source, keep it in the cache, give back the entry's bytes."""
    source_path, data, key = item
    build = _worker_build[0]
    try:
        blob = build.cache.entry(prepare(source_path, build.tools, data))
    except Exception:  # the reader reads it again in the build's process, and reports it
        logger.debug("worker could not read %s", source_path, exc_info=True)
        return source_path, None
    if key is not None:
        build.cache.store(key, blob)
    return source_path, blob


def preread(generator: Any) -> None:
    """Read the article generator's sources before it asks for them (see the module)."""
    from .reader import BriefReader

    settings = generator.settings
    begin_build(settings)
    build = build_for(settings)
    build.cache.begin()
    files = generator.get_files(settings["ARTICLE_PATHS"],
                                exclude=settings["ARTICLE_EXCLUDES"],
                                extensions=BriefReader.file_extensions)
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in sorted(files)]
    todo: list[tuple[str, bytes | None, str | None]] = []
    with heap.paused():  # every reading loaded is kept
        for path in paths:
            data, key = build._key(path)
            if key is not None:
                build.keys[path] = key
            cached = build.cache.load(key) if key is not None else None
            if cached is not None:
                build.results[path] = cached
                build.cache.from_cache.append(display_path(path))
            else:
                todo.append((path, data, key))
    workers = min(worker_count(settings), max(1, len(todo) // MIN_PER_WORKER))
    build.workers = workers
    if workers > 1 and can_fork():
        _read_in_workers(build, todo, workers)


def _read_in_workers(build: Build, todo: list[tuple[str, bytes | None, str | None]],
                     workers: int) -> None:
    """Read the sources of ``todo`` in ``workers`` forked processes into ``build.results``."""
    _worker_build[:] = [build]
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(todo) // (workers * 8)))
    try:
        with context.Pool(workers) as pool:
            for path, blob in pool.imap(_read_one, todo, chunksize=chunk):
                if blob is None:
                    continue
                entry = pickle.loads(blob)
                build.results[path] = entry["prepared"]
                build.cache.read.append(display_path(path))
    finally:
        _worker_build.clear()
