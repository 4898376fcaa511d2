"""Run Pagefind (the binary from the ``pagefind_bin`` package) over a built site.

No network: the binary ships inside the Python package. Only the pages that mark
their content with ``data-pagefind-body`` (the briefs) are given to Pagefind: the
other pages would be read and dropped.

A big site's pages are indexed in parts of at most ``shard_size`` pages (more where
that would make more than ``most_parts`` parts, see :func:`part_size`): whole
folders in path order (briefs' paths start with their date, so a new brief changes
the newest part only), by several Pagefind processes at once, and the parts'
vocabulary pages make the words index (see :mod:`search.vocabulary`), which tells
the search page which parts know every word of a search. The next part waits ready
(staged) while the running ones are waited for, and starts as soon as any one ends.
Pagefind reads a part's pages as trimmed copies holding only what it indexes
(:func:`stage_trimmed`), staged in memory where the machine has a file system there:
the same index, about a sixth less of Pagefind's work. The newest part's bundle is
``<site>/pagefind/``, Pagefind's default, so ``/pagefind/pagefind.js`` works;
the others, newest to oldest, are ``<site>/pagefind/part-2/``, ..., the words
index is ``<site>/pagefind/words/``, and ``<site>/pagefind/parts.json`` lists them
for the search page (``{"parts": ["part-2/", ...], "words": "words/"}``; one index:
``{"parts": [], "words": null}``), which merges the parts (Pagefind's
``mergeIndex``). A part (or words index) whose pages are byte for byte those of one
indexed before is taken from the cache folder instead of being indexed again; so
are the words of a part's pages. Parts are made in a work folder beside the output
(``.pagefind-parts-*``), removed when the index is finished or cancelled; one that a
failed build left behind is removed by a later index after a day. A part Pagefind
made is moved into the site whole, but the newest (its folder holds the others),
whose files are linked there.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from briefs.cache import mark_used, prune_before, read_entry, remove_before, write_entry
from briefs.sitefiles import Stamp, place_file, read_html_files

from . import vocabulary

BUNDLE = "pagefind"
PARTS = "parts.json"
#: The words index's folder in the main bundle.
WORDS = "words"
#: The most seconds a Pagefind process may run (from its start) before it is stopped.
TIMEOUT = 300
#: The attribute that marks a page's indexed content.
MARKER = b"data-pagefind-body"


class IndexFailed(RuntimeError):
    """Pagefind could not be found or did not build the index."""


def pagefind_command() -> list[str]:
    """The command that starts Pagefind: the packaged binary, else ``python -m pagefind_bin``.

    Gives the argument list; raises :class:`IndexFailed` if neither is installed.
    """
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise IndexFailed("the pagefind_bin package is not installed "
                          "(pip install 'pagefind[bin]')") from exc
    try:
        return [str(get_executable())]
    except (FileNotFoundError, OSError):
        return [sys.executable, "-m", "pagefind_bin"]


#: The variable that sets the allocator of Pagefind's binary (the jemalloc it is built
#: with, whose variables take this prefix), and what Pagefind runs with unless the
#: environment sets it: one arena instead of four for each core. A part of 615 briefs
#: then takes 114 MiB instead of 128 at its peak, in the same time; two parts are
#: indexed at once on two cores, while the build's own process holds the whole site.
ALLOCATOR_VARIABLE = "_RJEM_MALLOC_CONF"
ALLOCATOR_SETTING = "narenas:1"


def pagefind_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """The environment Pagefind runs in: ``environment`` with :data:`ALLOCATOR_SETTING`
    when it does not set :data:`ALLOCATOR_VARIABLE` itself.

    >>> pagefind_environment({"LANG": "C"})
    {'_RJEM_MALLOC_CONF': 'narenas:1', 'LANG': 'C'}
    >>> pagefind_environment({"_RJEM_MALLOC_CONF": "narenas:2"})
    {'_RJEM_MALLOC_CONF': 'narenas:2'}
    """
    return {ALLOCATOR_VARIABLE: ALLOCATOR_SETTING, **environment}


def summarize(log: str) -> str:
    """The counts Pagefind reports at the end of ``log``, on one line.

    >>> summarize("Total:\\n  Indexed 1 language\\n  Indexed 12 pages\\n  Indexed 4 filters\\n")
    '1 language, 12 pages, 4 filters'
    """
    counts = re.findall(r"^\s*Indexed (\d+ \w+)\s*$", log, flags=re.MULTILINE)
    return ", ".join(counts) if counts else "done"


#: What the index takes of a page as it is written (see :func:`page_reading`).
Reading = tuple[bytes, bytes | None, list[str] | None]


def page_reading(content: bytes, *, words: bool = True) -> Reading:
    """What the index takes of a page's bytes: their SHA-256 digest; the digest of what
    Pagefind reads of the page (:func:`search.vocabulary.indexed_source`), None when
    the page marks no content; and, with ``words``, the page's language and its words
    joined by spaces (:func:`search.vocabulary.page_words`), None without ``words`` or
    when the page marks no content.

    >>> whole, digest, words = page_reading(
    ...     b'<html lang="en"><main data-pagefind-body><p>rare earths</p></main></html>')
    >>> len(whole), len(digest), words
    (32, 32, ['en', 'earths rare'])
    >>> page_reading(b"<p>no marked content</p>")[1:]
    (None, None)
    """
    whole = hashlib.sha256(content).digest()
    if MARKER not in content:
        return whole, None, None
    text = content.decode("utf-8", errors="replace")
    return whole, _indexed_digest(text), _words_entry(text) if words else None


def _indexed_digest(text: str) -> bytes:
    """The SHA-256 digest of what Pagefind reads of the page ``text``."""
    return hashlib.sha256(vocabulary.indexed_source(text).encode()).digest()


def _words_entry(text: str) -> list[str]:
    """The language of the page ``text`` and its words (those of its text and of its
    metadata), sorted and joined by spaces."""
    words = vocabulary.page_words(text) | vocabulary.meta_words(text)
    return [vocabulary.page_language(text), " ".join(sorted(words))]


def noted_words(noted: dict[str, tuple[Stamp, Reading]] | None) -> dict[str, list[str]]:
    """The language and words of each page ``noted`` with them (see :func:`page_reading`),
    by the hex digest of what Pagefind reads of it: what :func:`_part_words` takes."""
    return {reading[1].hex(): reading[2] for _, reading in (noted or {}).values()
            if reading[1] is not None and reading[2] is not None}


def indexed_pages(site: Path, cache: Path | None = None,
                  noted: dict[str, tuple[Stamp, Reading]] | None = None) -> dict[str, bytes]:
    """The HTML pages of ``site`` that mark content for the index, as sorted POSIX paths
    with the SHA-256 digest of what Pagefind reads of each
    (:func:`search.vocabulary.indexed_source`).

    When no page marks its content, every page is given with the digest of its bytes
    (Pagefind then indexes whole pages). With a ``cache`` folder (``indexed.pickle``), a
    page whose file has the stamp it had in the last build is not read again (see
    :func:`briefs.sitefiles.read_html_files`), and what a page with the same bytes gave is not
    worked out again. Nor is a page ``noted`` as it was written (relative path → its
    file's stamp then and its :func:`page_reading`) whose file still has that stamp.
    """
    marked, save = _read_indexed(site, cache, noted)
    save()
    return marked


def _read_indexed(site: Path, cache: Path | None,
                  noted: dict[str, tuple[Stamp, Reading]] | None
                  ) -> tuple[dict[str, bytes], Callable[[], None]]:
    """What :func:`indexed_pages` gives, and a function that keeps in ``cache`` what it
    read (for the next build; a build may start Pagefind first)."""
    kept = _indexed_known(cache)
    known: dict[bytes, bytes] = kept.get("digests", {})
    stamps = kept.get("stamps", {})
    if noted:
        stamps = {**stamps, **{relative: (found, reading[:2])
                               for relative, (found, reading) in noted.items()}}
    seen: dict[bytes, bytes] = {}
    root = os.fspath(site)

    def read(relative: str) -> tuple[bytes, bytes | None]:
        with open(os.path.join(root, relative), "rb") as stream:
            content = stream.read()
        whole = hashlib.sha256(content).digest()
        if MARKER not in content:
            return whole, None
        return whole, known.get(whole) or _indexed_digest(
            content.decode("utf-8", errors="replace"))

    found, keep = read_html_files(site, {BUNDLE, vocabulary.FOLDER}, stamps, read)
    marked: dict[str, bytes] = {}
    for relative, (whole, digest) in found.items():
        if digest is not None:
            marked[relative] = seen[whole] = digest

    def save() -> None:
        if cache is not None and (seen != known or keep != kept.get("stamps")):
            write_entry(cache / INDEXED, pickle.dumps(
                {"format": INDEXED_FORMAT, "digests": seen, "stamps": keep},
                protocol=pickle.HIGHEST_PROTOCOL))

    return marked or {relative: whole for relative, (whole, _) in found.items()}, save


#: What Pagefind reads of each page, by the digest of the page's bytes, and each page's
#: bytes and reading by its file's stamp (in the cache).
INDEXED = "indexed.pickle"
#: Changes with :func:`search.vocabulary.indexed_source`'s reading and the entry's form.
INDEXED_FORMAT = 2


def _indexed_known(cache: Path | None) -> dict[str, Any]:
    """What :func:`indexed_pages` kept in ``cache`` (empty when there is nothing); it is
    marked as used, and so kept while builds use it."""
    found = read_entry(cache / INDEXED if cache is not None else None, INDEXED_FORMAT)
    if found is not None and cache is not None:
        mark_used(cache / INDEXED)
    return found or {}


def part_names(count: int) -> list[str]:
    """The bundle folders (relative to the site) of ``count`` parts.

    >>> part_names(3)
    ['pagefind', 'pagefind/part-2', 'pagefind/part-3']
    """
    return [BUNDLE] + [f"{BUNDLE}/part-{number}" for number in range(2, count + 1)]


def _digest(pages: dict[str, bytes], args: Sequence[str]) -> str:
    """The cache key of a part: Pagefind's program name, version and arguments, and the
    paths and digests of ``pages``; not the folder Pagefind is installed in, so a
    project moved with its environment keeps its index.

    >>> import unittest.mock
    >>> keys = []
    >>> for installed in ("/one/.venv/bin/pagefind", "/two/.venv/bin/pagefind"):
    ...     with unittest.mock.patch(f"{__name__}.pagefind_command", lambda: [installed]):
    ...         keys.append(_digest({"a/index.html": b"digest"}, []))
    >>> keys[0] == keys[1] != _digest({"a/index.html": b"other"}, [])
    True
    """
    program = Path(pagefind_command()[-1]).name
    digest = hashlib.sha256(" ".join([program, *args]).encode())
    try:
        from importlib.metadata import version

        digest.update(version("pagefind_bin").encode())
    except Exception:  # no version known: the pages still decide
        pass
    for page, page_digest in pages.items():
        digest.update(page.encode() + b"\0")
        digest.update(page_digest)
    return digest.hexdigest()


#: Page paths Pagefind's ``--glob`` can name as they are (no glob syntax in them).
_GLOB_SAFE = re.compile(r"[\w./-]+")


def _folder_groups(pages: list[str], size: int, depth: int = 0) -> list[tuple[str, list[str]]]:
    """``pages`` (sorted) in groups that one glob names: a folder (at ``depth``) and
    every marked page below it, or one page; a folder with more than ``size`` pages
    is split by its subfolders."""
    groups: list[tuple[str, list[str]]] = []
    for page in pages:
        parts = page.split("/")
        key = "/".join(parts[: depth + 1]) + ("/" if len(parts) > depth + 1 else "")
        if groups and groups[-1][0] == key and key.endswith("/"):
            groups[-1][1].append(page)
        else:
            groups.append((key, [page]))
    split: list[tuple[str, list[str]]] = []
    for key, members in groups:
        if key.endswith("/") and len(members) > size:
            split += _folder_groups(members, size, depth + 1)
        else:
            split.append((key, members))
    return split


def part_size(pages: int, shard_size: int, most_parts: int = 0) -> int:
    """The most pages a part of an index of ``pages`` pages holds: ``shard_size`` (0 or
    less: every page, one index), or more where that would make more than about
    ``most_parts`` parts (0: no such bound). Parts are whole folders, so there are a
    few more than ``pages / size`` where folders do not fill them (at 20,000 briefs,
    parts of at most 1,000 are 24 of 766 to 893 briefs).

    Pagefind holds a part in memory as it indexes it (about 12 MiB and 0.165 MiB a
    page, two parts at once) and a rebuild indexes the edited brief's part again, so
    smaller parts make a build's end smaller and a rebuild faster; a reader's first
    search loads each part's entry, metadata and its chunk of each searched word, so
    fewer parts make it lighter.

    >>> part_size(4000, 550, 20), part_size(20000, 550, 20), part_size(300, 550, 20)
    (550, 1000, 550)
    >>> part_size(4000, 0, 20), part_size(0, 0), part_size(20000, 550)
    (4000, 1, 550)
    """
    if shard_size <= 0:
        return max(1, pages)
    if most_parts > 0:
        return max(shard_size, -(-pages // most_parts))
    return shard_size


def part_globs(pages: list[str], size: int) -> list[tuple[list[str], str]] | None:
    """``pages`` (sorted POSIX paths) in parts of about ``size`` pages, each with the
    Pagefind ``--glob`` that names exactly its folders; None when a path cannot be
    named by a glob as it is.

    A part is whole folders (a year of briefs, else a month, ...), so a new brief
    changes only the part of its folder; a folder bigger than ``size`` is a part of
    its own when it cannot be split.

    >>> pages = ["2019/01/a/index.html", "2019/02/b/index.html", "2020/01/c/index.html"]
    >>> [glob for _, glob in part_globs(pages, 2)]
    ['2019/**/*.html', '2020/**/*.html']
    >>> part_globs(["2019/01/a/index.html", "2019/01/b/index.html", "2019/02/c/index.html"], 2)[1]
    (['2019/02/c/index.html'], '2019/02/**/*.html')
    >>> part_globs(["a/index.html", "b/index.html", "c.html"], 5)[0][1]
    '{a/**/*.html,b/**/*.html,c.html}'
    >>> part_globs(["a b/index.html"], 5) is None
    True
    """
    if not all(_GLOB_SAFE.fullmatch(page) for page in pages):
        return None
    parts: list[tuple[list[str], list[str]]] = []
    for key, members in _folder_groups(pages, max(1, size)):
        pattern = f"{key}**/*.html" if key.endswith("/") else key
        if parts and len(parts[-1][0]) + len(members) <= size:
            parts[-1][0].extend(members)
            parts[-1][1].append(pattern)
        else:
            parts.append((list(members), [pattern]))
    return [(members, patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}")
            for members, patterns in parts]


def _stage(site: Path, pages: list[str], bundle: Path, glob: str | None = None, *,
           trim: bool = False) -> tuple[list[str], Path | None]:
    """Make ready what Pagefind reads to make ``bundle`` of ``pages`` of ``site``: gives
    the arguments naming it and the staging folder made for it (None: none).

    With ``trim``, Pagefind reads copies of the pages holding only what it indexes
    (:func:`stage_trimmed`; a site's parts); else it reads them where they are, named by
    ``glob`` (exactly the folders of ``pages``: the words index).
    """
    if trim:
        try:
            staging = stage_trimmed(site, pages, bundle.parent)
        except OSError as exc:
            raise IndexFailed(f"could not copy the pages for pagefind: {exc}") from exc
        return ["--site", str(staging)], staging
    if glob is None:
        raise ValueError("pages read where they are are named by a glob")
    return ["--site", str(site), "--glob", glob], None


def _launch(source: list[str], staging: Path | None, bundle: Path,
            args: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start Pagefind on what :func:`_stage` made ready (``source``, ``staging``), writing
    its bundle to ``bundle``; the staging folder is removed when it cannot start."""
    command = [*pagefind_command(), *source, "--output-path", str(bundle), *args]
    try:
        with open(_log_path(bundle), "wb") as log:
            return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                    env=pagefind_environment(os.environ))
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise IndexFailed(f"could not run pagefind: {exc}") from exc


#: The staging folders of trimmed pages: this prefix, then the id of the process that
#: made them and a dash.
STAGING_PREFIX = ".assay-pagefind-"
#: Where staging folders go when they can: a file system in memory (Linux's), where
#: making thousands of small files costs a tenth of what it costs on a disk's.
MEMORY_FOLDER = Path("/dev/shm")
#: Free bytes the file system in memory must have for it to take a part's copies (a
#: part of 650 briefs takes about 10 MiB; a container's is often 64 MiB, which other
#: programs, a browser among them, use too).
MEMORY_FREE = 256 * 1024 * 1024
#: A staging folder left this long (seconds) by a process that no longer runs is a
#: killed build's (a build's own lasts as long as Pagefind takes on one part).
STALE_STAGING = 3600


def staging_root(fallback: Path) -> Path:
    """Where to stage pages: :data:`MEMORY_FOLDER` when this machine has one to write to
    with :data:`MEMORY_FREE` bytes free, else ``fallback``."""
    try:
        free = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return fallback
    if free.f_bavail * free.f_frsize >= MEMORY_FREE and os.access(MEMORY_FOLDER,
                                                                  os.W_OK | os.X_OK):
        return MEMORY_FOLDER
    return fallback


def stage_trimmed(site: Path, pages: list[str], fallback: Path) -> Path:
    """A new folder (see :func:`staging_root`) holding, at the same paths, a copy of each
    of ``pages`` of ``site`` with only what Pagefind reads of it
    (:func:`search.vocabulary.indexed_page`): Pagefind indexes the copies as it would
    the pages, with about a sixth less work, and gives them the same URLs. Where the
    file system in memory runs out of room, they go to ``fallback``. The caller removes
    the folder; raises ``OSError``."""
    root = staging_root(fallback)
    try:
        return _stage_trimmed_in(root, site, pages)
    except OSError as exc:
        if root == fallback or exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        return _stage_trimmed_in(fallback, site, pages)


def _stage_trimmed_in(root: Path, site: Path, pages: list[str]) -> Path:
    """:func:`stage_trimmed` in a new folder of ``root`` (removed again on a failure)."""
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=root))
    try:
        made: set[Path] = set()
        for page in pages:
            text = (site / page).read_bytes().decode("utf-8", "surrogateescape")
            copy = staging / page
            if copy.parent not in made:
                copy.parent.mkdir(parents=True, exist_ok=True)
                made.add(copy.parent)
            copy.write_bytes(vocabulary.indexed_page(text).encode("utf-8", "surrogateescape"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def remove_orphaned_staging(now: float) -> None:
    """Remove the staging folders in :data:`MEMORY_FOLDER` that a process which no
    longer runs left there more than :data:`STALE_STAGING` seconds before ``now`` (a
    killed build's; staging folders on disk go with their work folder)."""
    with contextlib.suppress(OSError):
        remove_before([entry for entry in MEMORY_FOLDER.glob(f"{STAGING_PREFIX}*")
                       if _orphaned(entry.name)], now - STALE_STAGING)


def _orphaned(name: str) -> bool:
    """Whether the process that made the staging folder ``name`` no longer runs."""
    owner = name[len(STAGING_PREFIX):].split("-", 1)[0]
    return owner.isdigit() and not _running(int(owner))


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _log_path(bundle: Path) -> Path:
    """Where Pagefind's output goes while it makes ``bundle`` (beside it: a file, not a
    pipe, so a process need not be read from while another is waited for)."""
    return bundle.parent / f"{bundle.name}.log"


#: Seconds between two looks at the Pagefind processes while none has ended.
PAUSE = 0.005


def first_ended(processes: Sequence[subprocess.Popen[Any]], timeout: float = TIMEOUT) -> int:
    """The index in ``processes`` of one that has ended, waiting (looking every
    :data:`PAUSE` seconds) until one has; 0 when none has after ``timeout`` seconds.

    >>> ended = subprocess.Popen([sys.executable, "-c", "pass"])
    >>> running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(9)"])
    >>> first_ended([running, ended])
    1
    >>> first_ended([running], timeout=0.01)
    0
    >>> running.kill(); _ = running.wait(); _ = ended.wait()
    """
    deadline = time.monotonic() + timeout
    while True:
        for index, process in enumerate(processes):
            if process.poll() is not None:
                return index
        if time.monotonic() >= deadline:
            return 0
        time.sleep(PAUSE)


def _finish(process: subprocess.Popen[Any], staging: Path | None, bundle: Path,
            timeout: float | None = None) -> str:
    """Wait for ``process`` (at most ``timeout`` seconds more; by default
    :data:`TIMEOUT`) and remove its ``staging`` folder; gives its log. Raises
    :class:`IndexFailed` when it failed, wrote no bundle or ran out of time (it is then
    stopped)."""
    try:
        process.wait(timeout=TIMEOUT if timeout is None else timeout)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.wait()
        raise IndexFailed(f"pagefind did not finish within {TIMEOUT} seconds") from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    try:
        log = _log_path(bundle).read_text("utf-8", errors="replace")
    except OSError:
        log = ""
    if process.returncode != 0:
        raise IndexFailed(f"pagefind exited with status {process.returncode}:\n{log.strip()}")
    if not (bundle / "pagefind.js").is_file():
        raise IndexFailed(f"pagefind wrote no bundle to {bundle}:\n{log.strip()}")
    return log


def build_index(site: Path, *, extra_args: Sequence[str] = (), shard_size: int = 0,
                processes: int = 1, cache: Path | None = None, most_parts: int = 0) -> str:
    """Index the built ``site`` folder into ``site/pagefind/``, replacing an older bundle.

    Takes the extra Pagefind arguments, the most pages per part (0: one part), how
    many Pagefind processes may run at once, a folder that keeps parts between
    builds (None: none kept) and about how many parts at most (0: no bound; see
    :func:`part_size`). Gives Pagefind's counts as one line (see
    :func:`summarize`); raises :class:`IndexFailed` when Pagefind fails or writes no
    bundle.
    """
    return start_index(site, extra_args=extra_args, shard_size=shard_size,
                       processes=processes, cache=cache, most_parts=most_parts).finish()


def start_index(site: Path, *, extra_args: Sequence[str] = (), shard_size: int = 0,
                processes: int = 1, cache: Path | None = None, most_parts: int = 0,
                noted: dict[str, tuple[Stamp, Reading]] | None = None,
                index_type: Callable[..., IndexInProgress] | None = None) -> IndexInProgress:
    """Start indexing the built ``site`` folder (see :func:`build_index`, which takes the
    same arguments, but ``noted``: the pages read as they were written, see
    :func:`indexed_pages`): read its pages, write the vocabulary pages and start the
    first Pagefind processes. Gives the index in progress, whose ``finish`` waits for
    them; in between, the build can do other work. Raises :class:`IndexFailed` when
    Pagefind cannot be started. The index is made by ``index_type`` (by default
    :class:`PendingIndex`), called with its arguments: what makes the parts can be
    another process's (see :mod:`search.handover`).
    """
    site = site.resolve()
    if not site.is_dir():
        raise IndexFailed(f"no output folder at {site}")
    target = site / BUNDLE
    if target.exists():
        shutil.rmtree(target)
    words_folder = site / vocabulary.FOLDER
    shutil.rmtree(words_folder, ignore_errors=True)
    digests, save_indexed = _read_indexed(site, cache, noted)
    words = noted_words(noted)
    pages = list(digests)
    size = part_size(len(pages), shard_size, most_parts)
    globbed = part_globs(pages, size) if pages else None
    if globbed is not None:
        parts, globs = [members for members, _ in globbed], [glob for _, glob in globbed]
    else:
        parts = [pages[i:i + size] for i in range(0, len(pages), size)] or [[]]
        globs = [None] * len(parts)
    # Newest first: the merged search lists equal scores (a search by filters alone,
    # newest first in each part) in the order of the parts.
    parts, globs = parts[::-1], globs[::-1]
    remove_stale_work(site.parent)
    remove_orphaned_staging(time.time())
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=site.parent))
    pending: IndexInProgress | None = None
    try:
        keyed = [{page: digests[page] for page in part} for part in parts]
        with_words = len(parts) > 1
        # The parts' Pagefind processes start first; what the next build takes from the
        # cache is written, and the words index made, while they run.
        pending = (index_type or PendingIndex)(site, keyed, globs, work, extra_args,
                                               processes, cache, page_count=len(pages),
                                               words=with_words)
        save_indexed()
        if with_words:
            pending.add_words(_write_vocabulary(site, keyed, cache, words),
                              f"{vocabulary.FOLDER}/*.html")
    except BaseException:
        if pending is not None:
            pending.cancel()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(words_folder, ignore_errors=True)
        raise
    return pending


class IndexInProgress(Protocol):
    """An index being made (:class:`PendingIndex`, or one another process makes, see
    :mod:`search.handover`)."""

    def add_words(self, pages: dict[str, bytes], glob: str | None) -> None: ...

    def finish(self) -> str: ...

    def cancel(self) -> None: ...


#: The work folders of an index being made, beside the output folder.
WORK_PREFIX = ".pagefind-parts-"
#: A work folder untouched this long (seconds) is a failed build's leftover.
STALE_WORK = 86400


def remove_stale_work(folder: Path) -> None:
    """Remove from ``folder`` the index work folders no build has touched for
    ``STALE_WORK`` seconds (a build that failed before its index was finished leaves
    one)."""
    remove_before((entry for entry in folder.glob(f"{WORK_PREFIX}*") if entry.is_dir()),
                  time.time() - STALE_WORK)


class PendingIndex:
    """An index of a site whose parts are being made: the parts (each its pages with
    their digests, and its glob) are taken from the ``cache`` or indexed by up to
    ``processes`` Pagefind processes at once, the first of them started at once;
    :meth:`finish` waits for the rest and puts the bundles in place, :meth:`cancel`
    stops them. With ``words``, the words index (the parts' vocabulary pages) follows the
    parts (:meth:`add_words`). ``page_count`` is the number of the site's pages among the
    parts' (by default every page counts). With ``none_until_finish``, no process starts
    until :meth:`finish` is called (the first part is made ready meanwhile): made by the
    process that started the build (see :mod:`search.handover`), the index is planned
    while the build's process still holds the whole site, and a Pagefind process would
    then run beside it."""

    def __init__(self, site: Path, parts: list[dict[str, bytes]], globs: Sequence[str | None],
                 work: Path, args: Sequence[str], processes: int, cache: Path | None, *,
                 page_count: int | None = None, words: bool = False,
                 none_until_finish: bool = False):
        self.site, self.parts, self.globs, self.words = site, list(parts), list(globs), words
        self.work, self.args, self.processes, self.cache = work, list(args), processes, cache
        #: How many processes may run at once now (see ``none_until_finish``).
        self.running_at_most = 0 if none_until_finish else max(1, processes)
        self.found: list[tuple[Path, str] | None] = [None] * len(parts)
        #: The site's pages in the index.
        self.page_count = sum(map(len, parts)) if page_count is None else page_count
        self.todo: list[tuple[int, str]] = []
        #: The next part to index, made ready ahead (see :meth:`_make_ready`): its
        #: number, digest, Pagefind's arguments for its pages, staging and bundle folders.
        self.ready: tuple[int, str, list[str], Path | None, Path] | None = None
        self.running: list[tuple[int, str, subprocess.Popen[bytes], Path | None, Path]] = []
        #: When each running part's time is out (see :data:`TIMEOUT`), by its number.
        self.deadlines: dict[int, float] = {}
        #: How many parts of the site's pages; each part's bundle folder in the site.
        self.count = len(parts)
        self.names = part_names(self.count) + ([f"{BUNDLE}/{WORDS}"] if words else [])
        #: Whether the bundles are all in place (a cancelled index removes those placed).
        self.finished = False
        try:
            for number in range(len(parts)):
                self._take(number)
            self._start_more()
            if not self.running:
                self._make_ready()  # the first part, while none may run yet
        except BaseException:
            self.cancel()
            raise

    def _take(self, number: int) -> None:
        """Take part ``number`` from the cache, or plan to index it."""
        digest = _digest(self.parts[number], self.args)
        kept = self.cache / digest if self.cache is not None else None
        if kept is not None and (kept / "pagefind.js").is_file():
            log = kept.parent / f"{digest}.log"
            self.found[number] = (kept, log.read_text("utf-8") if log.is_file() else "")
            _touch(kept)
            _touch(log)
        else:
            self.todo.append((number, digest))

    def add_words(self, pages: dict[str, bytes], glob: str | None) -> None:
        """Add the words index (its vocabulary ``pages`` with their digests, and their
        glob) after the parts of an index made with ``words``; it starts when a
        process is free."""
        if not self.words or len(self.parts) != self.count:
            raise ValueError("an index has one words index, after its parts")
        self.parts.append(pages)
        self.globs.append(glob)
        self.found.append(None)
        try:
            self._take(self.count)
            self._start_more()
        except BaseException:
            self.cancel()
            raise

    def _start_more(self) -> None:
        """Start parts still to index while fewer than :attr:`running_at_most` run (the one
        made ready ahead first)."""
        while (self.ready or self.todo) and len(self.running) < self.running_at_most:
            ready = self._make_ready()
            if ready is None:
                break
            number, digest, source, staging, bundle = ready
            self.ready = None
            process = _launch(source, staging, bundle, self.args)
            self.running.append((number, digest, process, staging, bundle))
            self.deadlines[number] = time.monotonic() + TIMEOUT

    def _make_ready(self) -> tuple[int, str, list[str], Path | None, Path] | None:
        """Make the next part to index ready for Pagefind (:func:`_stage`), if there is
        one and none is ready yet: done while the running processes are waited for, so
        the next starts as soon as one ends. Gives the part made ready (None: none)."""
        if self.ready is None and self.todo:
            number, digest = self.todo.pop(0)
            bundle = self.work / f"part-{number + 1}"
            source, staging = _stage(self.site, list(self.parts[number]), bundle,
                                     self.globs[number], trim=number < self.count)
            self.ready = (number, digest, source, staging, bundle)
        return self.ready

    def finish(self) -> str:
        """Wait for the parts, put the bundles in the site (the newest part at
        ``pagefind/``, the others and the words index listed in its ``parts.json``)
        and give Pagefind's counts as one line (see :func:`summarize`); raises
        :class:`IndexFailed` when Pagefind fails or writes no bundle.

        The bundles taken from the cache are put in place while Pagefind makes the
        others, and each one Pagefind makes as soon as it is done."""
        if self.words and len(self.parts) == self.count:
            self.cancel()
            raise ValueError("an index with words was finished without its words index")
        try:
            self.running_at_most = max(1, self.processes)
            self._start_more()
            for number in range(len(self.parts)):
                self._place(number)
            while self.running:  # each part as soon as it is made, in any order
                self._make_ready()
                # Until the first to start (whose time runs out first) runs out of time.
                left = self.deadlines[self.running[0][0]] - time.monotonic()
                ended = first_ended([process for _, _, process, _, _ in self.running],
                                    timeout=max(0.0, left))
                number, digest, process, staging, bundle = self.running.pop(ended)
                left = self.deadlines.pop(number) - time.monotonic()
                log = _finish(process, staging, bundle, timeout=max(0.0, left))
                self.found[number] = (bundle, log)
                self._place(number)
                if self.cache is not None:  # from where its files are now, its own only
                    _keep(self.found[number][0], self.cache, digest, log)
                self._start_more()
            listing = {"parts": [name.removeprefix(f"{BUNDLE}/") + "/"
                                 for name in self.names[1:self.count]],
                       "words": f"{WORDS}/" if self.words else None}
            (self.site / BUNDLE / PARTS).write_text(json.dumps(listing), "utf-8")
            self.finished = True
        finally:
            self.cancel()
        if self.cache is not None:
            prune(self.cache)
        if self.count == 1 and self.found[0] is not None:
            return summarize(self.found[0][1])
        return f"{self.page_count} pages in {self.count} parts"

    def _place(self, number: int) -> None:
        """Put the bundle of part ``number`` in the site, if it is there to put.

        A bundle Pagefind made in the work folder for any part but the newest (whose
        folder holds the others and ``parts.json``) is moved into its folder of the site
        whole, and ``found`` then names that folder; any other is linked there file by
        file, and ``found`` still names the bundle alone."""
        found = self.found[number]
        if found is None:
            return
        target = self.site / self.names[number]
        if number > 0 and found[0].parent == self.work and not target.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(found[0], target)
            except OSError:  # another file system: linked (or copied) as any other
                pass
            else:
                self.found[number] = (target, found[1])
                return
        _copy_bundle(found[0], target)

    def cancel(self) -> None:
        """Stop the Pagefind processes still running and remove the work folders and,
        unless the index is finished, the bundles already put in the site (the index
        stays unfinished); :meth:`finish` ends with it."""
        for _, _, process, staging, _ in self.running:
            process.kill()
            process.wait()
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
        if self.ready is not None and self.ready[3] is not None:
            shutil.rmtree(self.ready[3], ignore_errors=True)
        self.running, self.todo, self.ready = [], [], None
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(self.site / vocabulary.FOLDER, ignore_errors=True)
        if not self.finished:  # no part of an unfinished index is left in the site
            shutil.rmtree(self.site / BUNDLE, ignore_errors=True)


def _part_words(site: Path, part: dict[str, bytes], cache: Path | None,
                noted: dict[str, list[str]]) -> dict[str, list[str]]:
    """The words of ``part``'s pages by page language (sorted), from the cache when the
    same pages were read before.

    When the part changed, each page that was in it before with the same digest gives
    its words from the cache (``<first page>.page-words.json``), so does each page
    ``noted`` as it was written (its language and words by the hex digest of what
    Pagefind reads of it), and only the others are read.
    """
    key = hashlib.sha256(f"words {PAGE_WORDS_FORMAT}".encode())
    for page, page_digest in part.items():
        key.update(page.encode() + b"\0" + page_digest)
    kept = cache / f"{key.hexdigest()}.words.json" if cache is not None else None
    first = next(iter(part), "")
    by_page = (cache / f"{hashlib.sha256(first.encode()).hexdigest()}.page-words.json"
               if cache is not None else None)
    if kept is not None and by_page is not None and kept.is_file():
        with contextlib.suppress(OSError, ValueError):
            found = json.loads(kept.read_text("utf-8"))
            # The pages' words are used too: kept from pruning while the part is.
            _touch(kept)
            _touch(by_page)
            return found
    known = _kept_page_words(by_page)
    pages: dict[str, list[str]] = {}
    by_language: dict[str, set[str]] = {}
    for page, page_digest in part.items():
        digest = page_digest.hex()
        entry = known.get(digest) or noted.get(digest)
        if entry is None:
            entry = _words_entry((site / page).read_text("utf-8", errors="replace"))
        pages[digest] = entry
        by_language.setdefault(entry[0], set()).update(entry[1].split())
    found = {language: sorted(words) for language, words in sorted(by_language.items())}
    if kept is not None and by_page is not None:
        write_entry(by_page, json.dumps(
            {"format": PAGE_WORDS_FORMAT, "pages": pages}, ensure_ascii=False).encode())
        write_entry(kept, json.dumps(found, ensure_ascii=False).encode())
    return found


#: Changes with the form of a part's ``.page-words.json`` and with what a page's words
#: are (since 2: the words of its metadata too).
PAGE_WORDS_FORMAT = 2


def _kept_page_words(path: Path | None) -> dict[str, list[str]]:
    """The language and words (joined by spaces) of each page digest (hex) kept at
    ``path`` (none when there are none)."""
    if path is None:
        return {}
    try:
        entry = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(entry, dict) and entry.get("format") == PAGE_WORDS_FORMAT:
        return entry["pages"]
    return {}


def _write_vocabulary(site: Path, parts: list[dict[str, bytes]], cache: Path | None,
                      noted: dict[str, list[str]]) -> dict[str, bytes]:
    """Write the vocabulary pages of ``parts`` (see :mod:`search.vocabulary`), one a
    part and language, into ``site``, the part numbered from 1 as the search page
    numbers them (newest first); gives their paths with their digests: the pages of
    the words index. ``noted``: pages' words already read (see :func:`_part_words`)."""
    written: dict[str, bytes] = {}
    folder = site / vocabulary.FOLDER
    folder.mkdir(exist_ok=True)
    for number, part in enumerate(parts, start=1):
        by_language = _part_words(site, part, cache, noted)
        for index, language in enumerate(by_language, start=1):
            content = vocabulary.vocabulary_page(language, by_language[language],
                                                 str(number)).encode()
            name = f"{vocabulary.FOLDER}/{number}-{index}.html"
            (site / name).write_bytes(content)
            written[name] = hashlib.sha256(content).digest()
    return written


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(cache: Path) -> None:
    """Remove the parts (and what was read of pages) in ``cache`` that no build has used
    since the latest builds that made their entries anew began (see
    :func:`briefs.cache.used_since`; ``cache`` is a folder of the build cache)."""
    if cache.is_dir():
        remove_before(cache.iterdir(), prune_before(cache.parent, time.time()))


def _keep(bundle: Path, cache: Path, digest: str, log: str) -> None:
    """Keep a copy of ``bundle`` in ``cache`` (failures only cost a later rebuild)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".part-", dir=cache))
        shutil.copytree(bundle, temporary / "bundle", copy_function=place_file)
        (cache / f"{digest}.log").write_text(log, "utf-8")
        os.replace(temporary / "bundle", cache / digest)
        shutil.rmtree(temporary, ignore_errors=True)
    except OSError:
        pass


def _copy_bundle(bundle: Path, target: Path) -> None:
    """Put the files of ``bundle`` at ``target`` (leaving folders already there)."""
    for folder, _, names in os.walk(bundle):
        placed = target / Path(folder).relative_to(bundle)
        placed.mkdir(parents=True, exist_ok=True)
        for name in names:
            place_file(os.path.join(folder, name), placed / name)
