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

The reading overlaps the work on either side of it. Workers start as soon as the
keying of sources has found enough of them to read (:data:`START_WORKERS`), and
are given the rest as the keying finds them; and :func:`preread` returns while they
read, so that Pelican makes each brief's objects as soon as its reading is back
(:meth:`Build.prepared` waits for that source's reading only). The build's process
would otherwise key on one core before the workers start, and make the objects on
one core after they end. :func:`finish_reading` (when the generator has asked for
every source) takes what is left and ends the workers.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import bodies, heap
from .cache import ReadCache, begin_build, cache_path
from .prepare import Prepared, Tools, display_path, prepare

logger = logging.getLogger(__name__)

#: Fewer sources to read than this per extra process are read in this process.
MIN_PER_WORKER = 16

#: Workers start once the keying has found this many sources to read.
START_WORKERS = 2 * MIN_PER_WORKER

#: Sources a worker takes at a time, at most (fewer when there are fewer to read, so
#: that each worker gets several batches).
CHUNK = 64

#: What a worker is given: a source's path and its bytes.
Item = tuple[str, bytes | None]


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
        #: The workers' reading while it goes on (see :class:`Reading`).
        self.reading: Reading | None = None
        #: Where the briefs' bodies are kept while the site is built (made on first use).
        self.bodies: bodies.BodyStore | None = None

    def prepared(self, source_path: str) -> Prepared:
        """The reading of ``source_path``: pre-read (waiting for the workers if they
        have it still), from the cache, or read now."""
        found = self.results.pop(source_path, None)
        if found is None and self.reading is not None:
            self.reading.wait_for(source_path)
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

    def forget(self) -> None:
        """Drop what a build that stopped midway left: its readings not asked for, and
        its workers."""
        if self.reading is not None:
            self.reading.end()
            self.reading = None
        self.results.clear()

    def _key(self, source_path: str) -> tuple[bytes | None, str | None]:
        """The source's bytes and its cache key (None, None when it cannot be read)."""
        try:
            data = Path(source_path).read_bytes()
        except OSError:
            return None, None
        return data, self.cache.key(display_path(source_path), data)


_builds: dict[int, Build] = {}


def _current(settings: dict[str, Any]) -> Build | None:
    """The reading state of the build with ``settings``, if one was made."""
    build = _builds.get(id(settings))
    return build if build is not None and build.settings is settings else None


def _drop_builds() -> None:
    """Drop every reading state, ending the workers a build left."""
    for build in _builds.values():
        build.forget()
    _builds.clear()


def build_for(settings: dict[str, Any]) -> Build:
    """The reading state of the build with ``settings`` (made on first use)."""
    build = _current(settings)
    if build is None:
        _drop_builds()
        build = _builds[id(settings)] = Build(settings)
    return build


def start(settings: dict[str, Any]) -> Build:
    """Begin a build with ``settings``: a fresh reading state (a preview server rebuilds
    in one process)."""
    from .pagecache import forget_contents

    _drop_builds()
    forget_contents()
    return build_for(settings)


def content_made(content: Any) -> None:
    """Handler of ``content_object_init``: keep a brief's body, house view and highlights
    out of memory (see :mod:`briefs.bodies`), and note the build cache key of the
    content's source (so the page cache can digest the content by it)."""
    from .pagecache import remember

    settings = getattr(content, "settings", None)
    source = getattr(content, "source_path", None)
    build = _current(settings) if isinstance(settings, dict) and source else None
    if build is not None:
        if build.bodies is None and bodies.AVAILABLE:
            build.bodies = bodies.BodyStore(cache_path(settings, ""))
        if build.bodies is not None:
            bodies.store_body(content, build.bodies)
            bodies.store_texts(content, build.bodies)
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


def _read_one(item: Item) -> tuple[str, bytes | None]:
    """In a worker: read one source, give back its cache entry's bytes (the build's
    process keeps them in the cache)."""
    source_path, data = item
    build = _worker_build[0]
    try:
        return source_path, build.cache.entry(prepare(source_path, build.tools, data))
    except Exception:  # the reader reads it again in the build's process, and reports it
        logger.debug("worker could not read %s", source_path, exc_info=True)
        return source_path, None


def preread(generator: Any) -> None:
    """Key the article generator's sources, take what the cache holds, and start reading
    the rest before the generator asks for them (see the module)."""
    from .reader import BriefReader

    settings = generator.settings
    begin_build(settings)
    build = build_for(settings)
    build.forget()  # a preview server's last build may have stopped midway
    build.cache.begin()
    files = generator.get_files(settings["ARTICLE_PATHS"],
                                exclude=settings["ARTICLE_EXCLUDES"],
                                extensions=BriefReader.file_extensions)
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in sorted(files)]
    most = worker_count(settings) if can_fork() else 1
    collecting = gc.isenabled()
    reading: Reading | None = None
    todo: list[Item] = []
    with heap.paused():  # every reading loaded is kept
        for number, path in enumerate(paths):
            data, key = build._key(path)
            if key is not None:
                build.keys[path] = key
            cached = build.cache.load(key) if key is not None else None
            if cached is not None:
                build.results[path] = cached
                build.cache.from_cache.append(display_path(path))
            elif reading is not None:
                reading.give((path, data))
            else:
                todo.append((path, data))
                if most > 1 and len(todo) >= START_WORKERS:
                    # At most every source not keyed yet is to be read too.
                    most_todo = len(todo) + len(paths) - number - 1
                    reading = build.reading = Reading(
                        build, min(most, most_todo // MIN_PER_WORKER), most_todo,
                        collecting=collecting)
                    for item in todo:
                        reading.give(item)
    if reading is not None:
        reading.close()
        build.workers = reading.workers
    else:
        build.workers = 1  # the reader reads the few sources left as it asks for them


def finish_reading(generator: Any) -> None:
    """Handler of ``article_generator_pretaxonomy`` (the generator has asked for every
    source): take in the readings not asked for, and end the workers."""
    build = _current(generator.settings)
    if build is not None and build.reading is not None:
        reading, build.reading = build.reading, None
        reading.finish()


class Reading:
    """Worker processes reading sources while the build goes on.

    :meth:`give` hands them a source (in the order the generator asks for them) and
    :meth:`close` says there are no more; :meth:`wait_for` takes their readings into
    ``build.results`` in that order, up to the one asked for. A source a worker
    could not read gets no reading: the reader reads it again in this process.
    """

    def __init__(self, build: Build, workers: int, expected: int, *,
                 collecting: bool = True):
        """Start ``workers`` processes for about ``expected`` sources (at most); with
        ``collecting``, they collect cycles (they are forked while the build holds
        collection)."""
        self.build, self.workers = build, workers
        #: The sources given and not taken in yet.
        self.waiting: set[str] = set()
        self._todo: queue.SimpleQueue[Item | None] = queue.SimpleQueue()
        _worker_build[:] = [build]
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(workers, initializer=gc.enable if collecting else None)
        self._results: Iterator[tuple[str, bytes | None]] = self._pool.imap(
            _read_one, iter(self._todo.get, None),
            chunksize=max(1, min(CHUNK, expected // (workers * 8))))

    def give(self, item: Item) -> None:
        """Have a worker read the source of ``item`` (path, bytes)."""
        self.waiting.add(item[0])
        self._todo.put(item)

    def close(self) -> None:
        """No more sources to give."""
        self._todo.put(None)

    def wait_for(self, source_path: str) -> None:
        """Take the readings in until the one of ``source_path`` (at once if it was never
        given, or is in)."""
        while source_path in self.waiting:
            self._take_next()

    def finish(self) -> None:
        """Take in every reading left, then end the workers."""
        try:
            while self.waiting:
                self._take_next()
        finally:
            self.end()

    def end(self) -> None:
        """End the workers (at once: a build that stops midway leaves no process)."""
        self._pool.terminate()
        self.waiting.clear()
        _worker_build.clear()

    def _take_next(self) -> None:
        path, blob = next(self._results)
        self.waiting.discard(path)
        if blob is not None:
            self.build.results[path] = pickle.loads(blob)["prepared"]
            self.build.cache.read.append(display_path(path))
            key = self.build.keys.get(path)
            if key is not None:
                self.build.cache.store(key, blob)
