"""Writing the site on all cores: a generator's pages and feeds rendered in forked processes.

Rendering pages is independent work once every source is read. The
:class:`ParallelWriter` (Pelican's writer, returned by the ``get_writer`` signal)
collects what a generator writes while it produces its output (pages, feeds, and
other work plugins hand it with :meth:`ParallelWriter.submit`) and, when the
generator is done, does it in forked copies of this process, which share every read
brief, template and setting without pickling them: ``ASSAY_WORKERS`` at a time, each
taking the next job to do until it has rendered :data:`RENDERED_PER_PROCESS` pages or
done :data:`JOBS_PER_PROCESS` jobs (most of a rebuild's come from the build cache),
then ending, and a fresh copy taking the next jobs. A process that writes pages
copies the pages of the build's memory whose objects it reads (their reference
counts change), and keeps some of what it makes; what a process took is given back
when it ends, so the build's memory while it writes grows with a process's share of
the jobs, not with the site. Before they fork, this process looks up in the build
cache the jobs that read the whole site (listings, archives, feeds, plugins' calls)
and puts the kept ones in place, so that no writing process copies the memory of
every brief to check them; the writers render the others under the keys it made.
Each job is done exactly as the one-by-one writer does it, from the same context,
so every file is byte-identical to a sequential build's;
the writing processes' log records are replayed here in the order the jobs were made.

A file that two jobs would write, or a job that fails in a worker, makes the writer
do the whole batch again here, one by one, so the outcome (the error, the warning,
the file that is kept) is the sequential writer's. ``ASSAY_WORKERS = 1`` writes one
by one from the start. What plugins note of the files as they are written
(:func:`briefs.sitefiles.read_written_pages`) is sent from the workers to this process.
Jobs are done after the generator's own end-of-output signal
(``article_writer_finalized``) and before Pelican's ``finalized``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from . import heap, sitefiles
from .filters import cards_rendered_on_pages
from .forked import Tickets, call_forked, collect, run_forked
from .pagecache import Job, PageCache, RecordingContext, file_stamp
from .paging import page_jobs
from .sitefiles import place_file

logger = logging.getLogger(__name__)

#: Fewer jobs than this per extra process are done in this process.
MIN_JOBS_PER_WORKER = 24

#: The most pages a forked writing process renders before it ends. At 4,000 briefs, a
#: process that had rendered 100 pages held about 28 MiB of its own as it ended (45 at
#: most, for listings and feeds); one that rendered 1,000, about 55 MiB.
RENDERED_PER_PROCESS = 100
#: The most jobs it does in all. A job taken from the build cache reads less (at 4,000
#: briefs, a process that took 1,000 held about 25 MiB; one that took 250, about 14)
#: and takes about a tenth of the time, while each process costs a fork and copies
#: again what every page reads (about 20 ms). In a rebuild of 4,000 briefs after one
#: edit, 250 gave a peak of 195 MiB against 213 with 1,000, in the same time.
JOBS_PER_PROCESS = 250

#: What the build's process makes for the writing processes before they fork (see
#: :func:`before_forking`), in the order it was asked for.
_before_forking: list[Callable[[], None]] = []


#: A job is to be looked up in the cache (see :meth:`ParallelWriter._do_job`).
_ASK = object()


def before_forking(function: Callable[[], None]) -> None:
    """Have ``function`` called in the build's process, once, before its next batch of
    writes is done in forked processes (while the listing cards are made). What it
    makes (an index of every brief that each page reads) is then shared by the writing
    processes, instead of made in each: a process that makes it reads every brief, and
    so copies the memory pages they are on. It is an optional head start: a failure
    is logged and the pages make what they need. Batches done in this process alone
    (no fork) drop it."""
    _before_forking.append(function)


def before_forking_on_briefs(generator: Any, function: Callable[[list[Any]], None]) -> None:
    """:func:`before_forking` for work on the briefs the pages show: ``function`` is
    called with the ``articles`` of ``generator``'s context as they are then (not at
    all when the context holds no list of them)."""
    def call() -> None:
        articles = generator.context.get("articles")
        if isinstance(articles, list):
            function(articles)

    before_forking(call)


def forget_before_forking() -> None:
    """Drop what :func:`before_forking` was given (a build starts afresh)."""
    _before_forking.clear()


def _prepare_for_forking() -> None:
    """Call what :func:`before_forking` was given; then keep what it made out of the cycle
    collector's passes in the writing processes (see :mod:`briefs.heap`)."""
    work = list(_before_forking)
    _before_forking.clear()
    for function in work:
        try:
            function()
        except Exception:
            logger.debug("made nothing before the writers forked", exc_info=True)
    if work:
        heap.settle()


class _Capture(logging.Handler):
    """Keeps log records (made plain and picklable), by the job they belong to."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.job = -1
        self.records: list[tuple[int, logging.LogRecord]] = []

    def emit(self, record: logging.LogRecord) -> None:
        plain = logging.makeLogRecord(record.__dict__)
        plain.msg = record.getMessage()
        plain.args = None
        if record.exc_info:
            plain.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        plain.exc_info = None
        self.records.append((self.job, plain))


@contextlib.contextmanager
def captured_logs(keep: bool = True) -> Iterator[_Capture]:
    """Log records of the block kept in a :class:`_Capture` instead of being shown
    (``keep=False``: shown as they come, nothing kept)."""
    capture = _Capture()
    if not keep:
        yield capture
        return
    root = logging.getLogger()
    handlers = root.handlers[:]
    root.handlers = [capture]
    try:
        yield capture
    finally:
        root.handlers = handlers


class ParallelWriter(Writer):
    """Pelican's writer, doing a generator's writes in several processes (see the module)."""

    workers = 1

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None):
        super().__init__(output_path, settings=settings)
        from .preread import can_fork, worker_count

        self.workers = worker_count(settings or {}) if can_fork() else 1
        self.cache = PageCache(settings or {}, output_path)
        self._jobs: list[Job] | None = None
        self._folders: set[str] = set()

    # Collecting ------------------------------------------------------------

    def write_file(self, *args: Any, **kwargs: Any) -> None:
        if self._jobs is None:
            return super().write_file(*args, **kwargs)
        self._jobs.extend(page_jobs(Job("file", None, args, kwargs), self.settings))
        return None

    def write_feed(self, *args: Any, **kwargs: Any) -> Any:
        if self._jobs is None:
            return super().write_feed(*args, **kwargs)
        self._jobs.append(Job("feed", None, args, kwargs))
        return None

    def submit(self, function: Callable[..., Any], *args: Any,
               outputs: tuple[str, ...] | list[str] = (), **kwargs: Any) -> None:
        """Call ``function(*args, **kwargs)`` with the batch's other work (now when none).

        ``outputs`` names the files (relative to the output folder) the call writes;
        a call that names them, and whose output depends only on its arguments and
        the settings, is kept in the build cache like a page.
        """
        if self._jobs is None:
            function(*args, **kwargs)
        else:
            self._jobs.append(Job("call", function, args, kwargs, tuple(outputs)))

    @contextlib.contextmanager
    def batch(self, env: Any = None) -> Iterator[None]:
        """Collect the writes of the block, then do them: from the cache, in parallel."""
        if self._jobs is not None or (self.workers <= 1 and not self.cache.enabled):
            yield
            return
        if env is not None:
            self.cache.narrow(env)
        self._jobs = []
        try:
            yield
            jobs = self._jobs
        finally:
            self._jobs = None
        self._run(jobs)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        from .pagecache import _recording

        if filename not in self._overridden_files and (
                override or filename not in self._written_files):
            # A new file, never a write through an existing one: a file of an earlier
            # build may be a hard link to a page kept in the build cache.
            _remove(filename)
        stream = super()._open_w(filename, encoding, override)
        if _recording:
            _recording[-1].files.append(filename)
        return stream

    # Doing -----------------------------------------------------------------

    def _do(self, job: Job) -> None:
        if job.kind == "file":
            super().write_file(*job.args, **job.kwargs)
        elif job.kind == "feed":
            super().write_feed(*job.args, **job.kwargs)
        else:
            assert job.function is not None
            for name in job.outputs:
                _remove(os.path.join(self.output_path, name))
            job.function(*job.args, **job.kwargs)

    def _do_kept(self, job: Job, key: str | None) -> None:
        """Do ``job`` and keep what it wrote under ``key``."""
        recorder = self.cache.begin(job)
        try:
            self._do(job)
        except BaseException:
            self.cache.finish(job, None, recorder, Path(self.output_path))
            raise
        self.cache.finish(job, key, recorder, Path(self.output_path))

    def _restore(self, files: list[tuple[str, Path, tuple[int, int]]],
                 override: bool) -> set[str] | None:
        """Put the kept ``files`` (output path, kept file, its recorded size and time) in
        the output; gives their paths (None if one was written before, or a kept file is
        gone or was replaced since the lookup, by another build: the job is rendered)."""
        paths = {os.path.join(self.output_path, *name.split("/")): (kept, stamp)
                 for name, kept, stamp in files}
        if any(p in self._written_files or p in self._overridden_files for p in paths):
            return None
        for path, (kept, stamp) in paths.items():
            folder = os.path.dirname(path)
            if folder not in self._folders:
                make_folder(folder)
                self._folders.add(folder)
            try:
                place_file(kept, path)
                found = file_stamp(kept)
            except OSError:
                return None
            if found != stamp:
                return None
        self._written_files |= set(paths)
        if override:
            self._overridden_files |= set(paths)
        return set(paths)

    def _run(self, jobs: list[Job]) -> None:
        before = (set(self._written_files), set(self._overridden_files))
        results = self._run_jobs(jobs)
        if results is None or _overlap(before[0], results):
            logger.debug("writing the batch again, one job after another")
            self._written_files, self._overridden_files = before
            for job in jobs:
                self._do(job)
            return
        for result in results:
            self._written_files |= result["written"]
            self._overridden_files |= result["overridden"]
        for result in results:  # from forked processes (this one's are here already)
            self.cache.fragments.merge(result.get("fragments", {}))
            sitefiles.merge_notes(result.get("notes", {}))
            self.cache.missed += result.get("missed", [])
        self.cache.fragments.save()
        self.cache.report(sum(r["kept"] for r in results), sum(r["rendered"] for r in results),
                          sum(r["cards"] for r in results))
        records = [(index, process, order, record)
                   for process, result in enumerate(results)
                   for order, (index, record) in enumerate(result["records"])]
        records.sort(key=lambda entry: entry[:3])
        for *_, record in records:
            logging.getLogger(record.name).handle(record)
        del results, records
        heap.trim()  # the results' bytes, freed (the build's process lives on)

    def _run_jobs(self, jobs: list[Job]) -> list[dict[str, Any]] | None:
        """Do ``jobs``: each process's result (None when one failed)."""
        tickets = _tickets(len(jobs)) if self._writers_for(len(jobs)) > 1 else None
        if tickets is None:
            forget_before_forking()  # the pages make what they read, here
            with captured_logs(keep=False) as capture:
                return [self._do_share(jobs, range(len(jobs)), capture, quiet=False)]
        self._cards_first(jobs)
        _prepare_for_forking()  # when no cards were made first (or that failed before)
        here, left, missed = self._kept_here(jobs)
        tickets.count = len(left)
        results = run_forked(partial(self._forked_share, jobs, left, missed, tickets),
                             self._writers_for(len(left)), more=lambda: tickets.left() > 0)
        if tickets.left() or any(result is None for result in results):
            return None
        return [here, *results]

    def _writers_for(self, count: int) -> int:
        """How many processes write ``count`` jobs: this writer's workers, but none for
        fewer than :data:`MIN_JOBS_PER_WORKER` jobs each (and always one)."""
        return min(self.workers, max(1, count // MIN_JOBS_PER_WORKER))

    def _kept_here(self, jobs: list[Job]
                   ) -> tuple[dict[str, Any], list[int], dict[int, str | None]]:
        """Take from the cache, in this process and before the writing processes fork,
        the jobs of ``jobs`` that read the whole site (listings, archives, feeds and
        plugins' calls: all but the briefs' own pages) and are kept. Gives what
        :meth:`_do_share` gives for them, the numbers of the jobs left to the writing
        processes (in order), and the keys of those the cache had no good files for,
        by number (they are rendered without being looked up again).

        Checking such a job reads every brief it lists; a writing process that did
        would copy the memory they are on (a rebuild's archives page, about 13 MiB at
        4,000 briefs), and each of them would compute again what the others did."""
        start = (set(self._written_files), set(self._overridden_files))
        done: set[int] = set()
        missed: dict[int, str | None] = {}
        with captured_logs() as capture:
            for index, job in enumerate(jobs):
                if not _reads_the_site(job):
                    continue
                capture.job = index
                try:
                    kept, key = self._take_kept(job)
                except Exception:  # left to a writing process, which reports it
                    logger.debug("job not checked before the writers forked", exc_info=True)
                    continue
                if kept:
                    done.add(index)
                else:
                    missed[index] = key
        self.cache.flush()
        here = self._share_result(start, capture, kept=len(done), rendered=0, cards=0)
        return here, [index for index in range(len(jobs)) if index not in done], missed

    def _cards_first(self, jobs: list[Job]) -> None:
        """Make the listing cards the pages of ``jobs`` show before the pages, in forked
        processes (one a worker), for every process to take (see :mod:`briefs.cards`);
        meanwhile, make here what the writing processes are to share (see
        :func:`before_forking`).

        This process makes no card itself: what rendering a card logs passes Pelican's
        log filters, which remember the messages they let through, and a card made here
        first would keep its page from showing its message. A failure here only leaves
        the cards to their pages."""
        from .cards import make_cards, plan_cards, take_cards

        try:
            plan = plan_cards(jobs, self.settings)
            if plan is None:
                return
            numbers = list(range(len(plan.briefs)))
            children: list[tuple[int, Any]] = []
            made: dict[int, str] = {}
            try:
                for k in range(self.workers):
                    children.append(call_forked(make_cards, plan, numbers[k::self.workers]))
                _prepare_for_forking()
            finally:
                for child in children:
                    made.update(collect(*child) or {})
            take_cards(plan, made)
        except Exception:  # an optional head start: the pages make their cards
            logger.debug("cards not made before the pages", exc_info=True)
            return
        self.cache.cards_first += len(made)

    def _take_kept(self, job: Job) -> tuple[bool, str | None]:
        """Put ``job``'s files in place from the cache if they are good: whether they
        were, and the job's key (None when it cannot be kept)."""
        key = self.cache.key(job)
        files = self.cache.lookup(job, key) if key is not None else None
        return files is not None and self._restore(files, job.override()) is not None, key

    def _do_job(self, job: Job, missed: Any = _ASK) -> bool:
        """Do ``job``: its files from the cache if they are good, else render it (and keep
        it). ``missed`` is the job's key where the cache is known to have no good files
        for it: it is rendered at once. Gives whether it came from the cache."""
        key = missed
        if missed is _ASK:
            kept, key = self._take_kept(job)
            if kept:
                return True
        self._do_kept(job, key)
        return False

    def _do_share(self, jobs: list[Job], numbers: Iterable[int], capture: _Capture,
                  quiet: bool = True, enough: Callable[[int, int], bool] | None = None,
                  missed: dict[int, str | None] | None = None) -> dict[str, Any] | None:
        """Do the jobs of ``numbers`` in turn (those in ``missed`` rendered under the key
        given there, see :meth:`_do_job`), until ``enough(done, rendered)`` is true
        after one; gives the files written, log records and counts (None when a job
        failed: unless ``quiet``, its error is raised)."""
        missed = missed or {}
        start = (set(self._written_files), set(self._overridden_files))
        done = kept = 0
        cards_rendered_on_pages()  # count this share's cards only
        try:
            for index in numbers:
                capture.job = index
                kept += self._do_job(jobs[index], missed.get(index, _ASK))
                done += 1
                if enough is not None and enough(done, done - kept):
                    break
        except Exception:
            if not quiet:
                raise
            return None
        finally:
            self.cache.flush()  # the entries of the jobs done are good, whatever followed
        return self._share_result(start, capture, kept=kept, rendered=done - kept,
                                  cards=cards_rendered_on_pages())

    def _share_result(self, start: tuple[set[str], set[str]], capture: _Capture, *,
                      kept: int, rendered: int, cards: int) -> dict[str, Any]:
        """What a share of a batch gives :meth:`_run`: the files written and overridden
        since ``start`` (the writer's two sets then), the log records ``capture`` kept,
        and how many jobs were kept, rendered and cards rendered on their pages."""
        return {"written": self._written_files - start[0],
                "overridden": self._overridden_files - start[1],
                "records": capture.records, "kept": kept, "rendered": rendered,
                "cards": cards}

    def _forked_share(self, jobs: list[Job], left: list[int], missed: dict[int, str | None],
                      tickets: Tickets) -> dict[str, Any] | None:
        """In a forked process (see :func:`run_forked`), do the jobs whose numbers are at
        the places of ``left`` it takes from ``tickets`` (the jobs this process did not
        take from the cache before the fork; ``missed``: see :meth:`_kept_here`), until
        it has done its share (:data:`RENDERED_PER_PROCESS`, :data:`JOBS_PER_PROCESS`):
        what :meth:`_do_share` gives (None when a job failed), with what plugins noted of
        the files the process wrote, the fragments it made, and why the cache missed its
        jobs, for the build's process (which has what was there before the fork)."""
        sitefiles.taken_notes()  # the build's process keeps those
        self.cache.fragments.start_taking()  # and the fragments made so far
        reasons_before = len(self.cache.missed)
        with captured_logs() as capture:
            result = self._do_share(jobs, (left[place] for place in iter(tickets.take, None)),
                                    capture, enough=_share_done, missed=missed)
        if result is not None:
            result["notes"] = sitefiles.taken_notes()
            result["fragments"] = self.cache.fragments.taken()
            result["missed"] = self.cache.missed[reasons_before:]
        return result


def _tickets(count: int) -> Tickets | None:
    """The numbers of ``count`` jobs for the writing processes to take (None where
    processes cannot share memory: the jobs are done in the build's process)."""
    try:
        return Tickets(count)
    except (OSError, ImportError):
        logger.debug("no memory to share between processes here", exc_info=True)
        return None


def _share_done(done: int, rendered: int) -> bool:
    """Whether a forked writing process that did ``done`` jobs, ``rendered`` of them
    rendered, has done its share.

    >>> _share_done(99, 99), _share_done(100, 100), _share_done(249, 5), _share_done(250, 5)
    (False, True, False, True)
    """
    return rendered >= RENDERED_PER_PROCESS or done >= JOBS_PER_PROCESS


def make_folder(folder: str) -> None:
    """Make ``folder`` and its missing parents, as ``os.makedirs(folder, exist_ok=True)``
    does, but with one system call where the parent is there (as it is for most of a
    site's folders). What is in the way is left to the write that follows, which reports
    it.

    >>> import tempfile
    >>> root = tempfile.mkdtemp()
    >>> make_folder(os.path.join(root, "2025", "03", "a-brief"))
    >>> make_folder(os.path.join(root, "2025", "03", "another"))
    >>> make_folder(os.path.join(root, "2025"))
    >>> sorted(os.listdir(os.path.join(root, "2025", "03")))
    ['a-brief', 'another']
    """
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        pass


def _remove(path: str) -> None:
    """Remove the file at ``path`` if there is one (what cannot be removed is left to the
    write that follows, which reports it)."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _overlap(before: set[str], results: list[dict[str, Any]]) -> bool:
    """Whether two processes (or the cache) gave one file (the sequential writer objects)."""
    seen = set(before)
    for result in results:
        if seen & result["written"]:
            return True
        seen |= result["written"]
    return False


def get_writer(pelican: Any) -> type:
    """Handler of Pelican's ``get_writer`` signal: the parallel writer."""
    return ParallelWriter


def batch_output(generator: Any) -> None:
    """Make ``generator`` hand its writes to the writer as one batch.

    Its templates note what they read (for the page cache). Pelican's own page and
    static generators write little and are left as they are.
    """
    from pelican.generators import PagesGenerator, StaticGenerator

    generator.env.context_class = RecordingContext
    if isinstance(generator, PagesGenerator | StaticGenerator):
        return
    produce = generator.generate_output

    def generate_output(writer: Any) -> Any:
        if isinstance(writer, ParallelWriter):
            with writer.batch(generator.env):
                return produce(writer)
        return produce(writer)

    generator.generate_output = generate_output


def _reads_the_site(job: Job) -> bool:
    """Whether ``job`` is not a brief's own page (Pelican writes those with an
    ``article``): a listing, an archive, a feed or a plugin's call, which read many
    briefs, or the site's lists.

    >>> _reads_the_site(Job("file", None, ("a.html",), {"article": object()}))
    False
    >>> _reads_the_site(Job("file", None, ("archives.html",), {"dates": []}))
    True
    >>> _reads_the_site(Job("feed", None, ([], {}), {}))
    True
    """
    return not (job.kind == "file" and "article" in job.kwargs)
