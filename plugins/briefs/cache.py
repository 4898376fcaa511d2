"""The build cache: each source's reading, kept between builds, keyed by what shaped it.

A reading (:class:`~briefs.prepare.Prepared`: the rendered brief, its check results,
its repairs and every problem found) depends on the source's bytes, its path, the
settings, the code that read it and the files its checks read. The key of an entry
is a hash of the first four; the entry records the digest of each file the checks
read and is used only while they are unchanged. Paths in the working folder (the
project's) count as paths relative to it, in the key and in the entry, so a clone or
copy of the project in another folder builds from the same cache. Checks also
compare dates with today: an entry made when every date of the brief was past is
good on any later day, one made when a date was today or later only on the day it
was made.

Entries live in ``ASSAY_CACHE_PATH`` (default ``.cache/assay``), in its database
(:mod:`briefs.entrystore`: the build's process writes them as the readings come in);
``ASSAY_CACHE = False`` turns the cache off. Each build writes
``last-build.json`` there: which sources came from the cache and which were read.
Entries that no build has used since the latest builds that made their entries anew
are removed (see :func:`used_since`): looked for once a day, and after such a build.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import collector
from .entrystore import FILE_NAME as ENTRIES
from .entrystore import EntryStore
from .paths import display_path

if TYPE_CHECKING:  # the search index's process loads this module without the readers
    from .prepare import Prepared

logger = logging.getLogger(__name__)

#: Changes whenever the layout of an entry changes.
FORMAT = 1
DEFAULT_PATH = ".cache/assay"
#: Settings that do not change how a source reads (where output goes, how to run).
VOLATILE = frozenset({"OUTPUT_PATH", "ASSAY_WORKERS", "ASSAY_CACHE", "ASSAY_CACHE_PATH",
                      "ASSAY_CACHE_BUILDS", "WRITE_SELECTED", "DELETE_OUTPUT_DIRECTORY",
                      "OUTPUT_RETENTION"})
#: Libraries whose output ends up in a reading.
LIBRARIES = ("markdown", "pyyaml", "nh3", "pelican", "beautifulsoup4", "ftfy",
             "charset-normalizer")
#: An entry no build has used for this many days is removed, whatever the builds.
UNUSED_DAYS = 14
#: The cache keeps what was used since this many of the latest builds that made their
#: entries anew began (``ASSAY_CACHE_BUILDS``).
KEPT_BUILDS = 3
#: The start times of those builds and how many are kept, in the cache's folder.
BUILDS = "builds.json"
#: How far a file system's clock may run behind :func:`time.time` (it may keep a coarser
#: time), in seconds: a build starts this much earlier than it asks the time.
CLOCK_SLACK = 0.1


def _stable(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same in every process and build."""
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_stable(v)) for v in value)
    if isinstance(value, str | os.PathLike):
        # A path in the project's folder as a relative one, so a moved project keeps its cache.
        text = os.fspath(value)
        return display_path(text) if os.path.isabs(text) else text
    if value is None or isinstance(value, int | float | bool):
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    text = repr(value)
    return text if " at 0x" not in text else f"{type(value).__module__}.{type(value).__name__}"


#: The extension Pelican's own Markdown reader adds to the ``MARKDOWN`` setting, in
#: place, when it is made (in a build's first moments, once a process: a preview server's
#: later builds see it, its first does not). No reading uses it (see
#: :func:`briefs.render._body_markdown`).
PELICAN_META = "markdown.extensions.meta"


def settings_digest(settings: dict[str, Any]) -> str:
    """A digest of every setting that can change how a source reads; the same before and
    after Pelican adds its meta extension to ``MARKDOWN``.

    >>> before = {"MARKDOWN": {"extensions": ["markdown.extensions.toc"]}}
    >>> after = {"MARKDOWN": {"extensions": ["markdown.extensions.toc", PELICAN_META]}}
    >>> settings_digest(before) == settings_digest(after)
    True
    >>> settings_digest(before) == settings_digest({"MARKDOWN": {"extensions": []}})
    False

    A path in the working folder (the project's) counts as a path relative to it, so a
    project moved to another folder keeps its cache:

    >>> inside = {"PATH": os.path.join(os.getcwd(), "content")}
    >>> settings_digest(inside) == settings_digest({"PATH": "content"})
    True
    >>> settings_digest(inside) == settings_digest({"PATH": "/elsewhere/content"})
    False
    """
    data = {k: v for k, v in settings.items() if k.isupper() and k not in VOLATILE}
    markdown = data.get("MARKDOWN")
    if isinstance(markdown, dict) and isinstance(markdown.get("extensions"), list):
        data["MARKDOWN"] = {**markdown, "extensions": [
            e for e in markdown["extensions"] if e != PELICAN_META]}
    text = json.dumps(_stable(data), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _package_folder(module_name: str) -> Path | None:
    module = sys.modules.get(module_name.split(".")[0])
    origin = getattr(module, "__file__", None)
    return Path(origin).parent if origin else None


def code_digest() -> str:
    """A digest of the code that reads sources: this package, the packages of the
    registered filters and checks, the libraries they use and Python's version."""
    folders = {Path(__file__).parent}
    for function in collector.extensions():
        folder = _package_folder(getattr(function, "__module__", "") or "")
        if folder is not None:
            folders.add(folder)
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder.parent).as_posix().encode())
            digest.update(path.read_bytes())
    add_library_versions(digest, LIBRARIES)
    return digest.hexdigest()


def add_library_versions(digest: Any, names: Iterable[str]) -> None:
    """Feed ``digest`` (a hashlib object) the installed version of each library of
    ``names`` ("absent" for one that is not installed)."""
    for name in names:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} absent".encode())


def file_digest(path: str | os.PathLike[str]) -> str:
    """A digest of the file at ``path`` ("missing" when there is none)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except IsADirectoryError:
        return "folder"
    except OSError:
        return "missing"


class ReadCache:
    """The readings of one build's sources: looked up, stored, and counted."""

    def __init__(self, settings: dict[str, Any]):
        self.enabled = bool(settings.get("ASSAY_CACHE", True))
        self.root = Path(settings.get("ASSAY_CACHE_PATH") or DEFAULT_PATH)
        #: Where earlier versions kept an entry a file each (removed as they age).
        self.folder = self.root / "read"
        self.entries = EntryStore(self.root / ENTRIES if self.enabled else None, "read")
        self.today = datetime.date.today()
        self.from_cache: list[str] = []
        self.read: list[str] = []
        self._digests: dict[str, str] = {}
        self.salt = ""
        if self.enabled:
            shared = [str(p) for p in collector.inputs(None, settings)]
            parts = [settings_digest(settings), code_digest(),
                     *(f"{display_path(p)}={self.digest(p)}" for p in shared)]
            self.salt = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def digest(self, path: str) -> str:
        """The digest of the file at ``path``, computed once per build."""
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def key(self, display: str, data: bytes) -> str:
        """The key of the source shown as ``display`` whose bytes are ``data``."""
        digest = hashlib.sha256(self.salt.encode())
        digest.update(display.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def load(self, key: str) -> Prepared | None:
        """The reading kept under ``key`` if it is still good, else None."""
        if not self.enabled:
            return None
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            entry = pickle.loads(blob)
        except Exception:  # a damaged or foreign entry is a miss, never a failure
            return None
        return self.check(entry, key)

    def check(self, entry: Any, key: str | None = None) -> Prepared | None:
        """The reading of ``entry`` if it is still good (inputs unchanged, dates), else
        None; the entry ``key`` is then noted as used."""
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        prepared = entry["prepared"]
        made = entry["today"]
        if made != self.today and (prepared.latest is not None and prepared.latest >= made):
            return None
        if any(self.digest(p) != d for p, d in entry["inputs"].items()):
            return None
        if key is not None:
            self.entries.use(key)
        return prepared

    def entry(self, prepared: Prepared) -> bytes:
        """``prepared`` as the bytes of an entry (with the digests of its inputs)."""
        inputs = {display_path(p): self.digest(p) for p in prepared.inputs}
        return pickle.dumps({"format": FORMAT, "today": self.today, "inputs": inputs,
                             "prepared": prepared}, protocol=pickle.HIGHEST_PROTOCOL)

    def store(self, key: str, blob: bytes) -> None:
        """Keep the entry ``blob`` under ``key`` (written by :meth:`report` at the latest;
        failures ignored)."""
        if not self.enabled:
            return
        self.entries.put(key, blob)

    def begin(self) -> None:
        """Start counting a build's sources anew (a preview server builds again and again
        with one cache)."""
        self.from_cache, self.read = [], []

    def report(self, workers: int) -> None:
        """Log what this build took from the cache, write ``last-build.json``, and write
        the entries given and used."""
        self.entries.flush()
        logger.info("briefs: %d source(s) from the build cache, %d read (%d process(es))",
                    len(self.from_cache), len(self.read), workers)
        if not self.enabled:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            stats = {"from_cache": sorted(self.from_cache), "read": sorted(self.read),
                     "workers": workers}
            (self.root / "last-build.json").write_text(json.dumps(stats, indent=1), "utf-8")
        except OSError as exc:
            logger.debug("build cache: cannot write its report: %s", exc)

    def prune(self, before: float, now: float) -> None:
        """Remove the entries no build has used since ``before`` (and the files of earlier
        versions' entries, never used now), and leftovers of their interrupted writes a
        day after ``now``."""
        if not self.enabled:
            return
        self.entries.prune(before)
        remove_before(_entries(self.folder), before)
        remove_before(_leftovers(self.folder), now - 86400)
        if self.folder.is_dir():  # the earlier versions' folders, once they are empty
            for folder in [*self.folder.iterdir(), self.folder]:
                with contextlib.suppress(OSError):
                    folder.rmdir()


def kept_builds(settings: dict[str, Any]) -> int:
    """How many of the latest builds that made their entries anew the cache keeps what
    was used since: ``ASSAY_CACHE_BUILDS``
    (a whole number, 1 or more; raises ``ValueError`` on another value)."""
    value = settings.get("ASSAY_CACHE_BUILDS", KEPT_BUILDS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("ASSAY_CACHE_BUILDS must be a whole number of builds, 1 or more")
    return value


#: When the build in progress started (see :func:`begin_build`); empty outside a build.
_started: list[float] = []


def begin_build(settings: dict[str, Any]) -> None:
    """Note that a build with ``settings`` starts now: the entries it uses are marked
    from now on (see :func:`mark_used`). The start is taken by the file system's clock
    when the cache is on (the clock the entries' times come from, which may keep a
    coarser time than :func:`time.time`), less ``CLOCK_SLACK``."""
    now = time.time()
    root = cache_path(settings, "")
    if root is not None:
        with contextlib.suppress(OSError):
            root.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".started-", dir=root)
            try:
                now = min(now, os.fstat(handle).st_mtime)
            finally:
                os.close(handle)
                os.unlink(name)
    _started[:] = [now - CLOCK_SLACK]


def end_build(settings: dict[str, Any], *, new: bool) -> None:
    """Note that the build begun with :func:`begin_build` has used and made its entries;
    ``new``: it made more of them than it took from the cache (a new theme, setting,
    version or site), so its start joins the latest such builds' in the cache's
    ``builds.json`` (at most ``ASSAY_CACHE_BUILDS`` of them are kept)."""
    path = cache_path(settings, BUILDS)
    if path is None or not new or not _started:
        return
    keep = kept_builds(settings)
    start = _started[0]
    earlier = [s for s in _recorded(path)[1] if s < start]
    starts = [*earlier[max(0, len(earlier) - keep + 1):], start]
    write_entry(path, json.dumps({"keep": keep, "starts": starts}).encode())


def _recorded(path: Path) -> tuple[int, list[float]]:
    """How many builds ``builds.json`` at ``path`` keeps and their starts (none when
    there is none, or it is damaged)."""
    try:
        found = json.loads(path.read_text("utf-8"))
        keep, starts = found["keep"], found["starts"]
        if isinstance(keep, int) and all(isinstance(s, int | float) for s in starts):
            return keep, sorted(float(s) for s in starts)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return KEPT_BUILDS, []


def used_since(starts: list[float], keep: int, now: float) -> float:
    """The time since which an entry must have been used to stay in the cache, given
    the sorted start times of the latest builds that made their entries anew and how
    many of them to keep: the start of the oldest of the last ``keep``, but never more
    than ``UNUSED_DAYS`` days ago; ``UNUSED_DAYS`` days ago until ``keep`` are known.
    Starts after ``now`` are not counted.

    >>> DAY = 86400.0
    >>> used_since([10 * DAY, 11 * DAY, 12 * DAY], 2, 12.5 * DAY) / DAY
    11.0
    >>> used_since([11 * DAY], 2, 12.5 * DAY) / DAY  # one build known: 14 days
    -1.5
    """
    oldest = now - UNUSED_DAYS * 86400
    starts = [start for start in starts if start <= now]
    if keep >= 1 and len(starts) >= keep:
        return max(oldest, starts[-keep])
    return oldest


def prune_before(root: Path, now: float) -> float:
    """The time before which an entry of the build cache at ``root`` that no build has
    used since may be removed (see :func:`used_since`): never after the start of the
    build in progress, whatever builds began meanwhile."""
    keep, starts = _recorded(root / BUILDS)
    before = used_since(starts, keep, now)
    return min(before, _started[0]) if _started else before


def pruning_due(stamp: Path, *, new: bool = False) -> float | None:
    """The time now if the pruning the file ``stamp`` marks is due: once a day, or now
    after a build that made its entries ``new`` (see :func:`end_build`; the stamp then
    marks it done); else None (also when the stamp cannot be written)."""
    now = time.time()
    try:
        if not new and now - stamp.stat().st_mtime < 86400:
            return None
    except OSError:
        pass
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        return None
    return now


def remove_before(entries: Iterable[Path], before: float) -> None:
    """Remove the files and folders of ``entries`` last changed before the time
    ``before`` (what cannot be removed stays)."""
    for entry in entries:
        try:
            if entry.stat().st_mtime < before:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()
        except OSError:
            continue


def _entries(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        yield from folder.glob("*/*.pickle")


def _leftovers(folder: Path) -> Iterable[Path]:
    """Files of interrupted writes (see :func:`write_entry`)."""
    if folder.is_dir():
        yield from folder.glob("*/.entry-*")


def mark_used(path: Path) -> None:
    """Mark the entry at ``path`` as used: its time is set to now, once a build (see
    :func:`begin_build`; outside a build, once a day)."""
    since = _started[0] if _started else time.time() - 86400
    try:
        if path.stat().st_mtime < since:
            os.utime(path)
    except OSError:
        pass


def cache_path(settings: dict[str, Any], name: str) -> Path | None:
    """``name`` (a file or folder) in the build cache of ``settings`` (``ASSAY_CACHE_PATH``,
    default ``.cache/assay``); None when the cache is off (``ASSAY_CACHE = False``).

    >>> cache_path({}, "search"), cache_path({"ASSAY_CACHE": False}, "search")
    (PosixPath('.cache/assay/search'), None)
    """
    if not settings.get("ASSAY_CACHE", True):
        return None
    return Path(settings.get("ASSAY_CACHE_PATH") or DEFAULT_PATH) / name


def read_entry(path: Path | None, form: int) -> dict[str, Any] | None:
    """The pickled dictionary at ``path`` if its ``"format"`` is ``form``; None when there
    is none, or it is damaged or of another form (a cache entry is never an error).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "entry.pickle"
    >>> write_entry(path, pickle.dumps({"format": 2, "value": 1}))
    >>> read_entry(path, 2), read_entry(path, 1), read_entry(path.with_name("none"), 2)
    ({'format': 2, 'value': 1}, None, None)
    """
    if path is None:
        return None
    try:
        entry = pickle.loads(path.read_bytes())
    except Exception:  # none yet, damaged, or written by another version
        return None
    return entry if isinstance(entry, dict) and entry.get("format") == form else None


def write_entry(path: Path, blob: bytes) -> None:
    """Write a cache entry atomically; a failure is logged and ignored (it is only a cache).

    The bytes go to a new file of a name of its own beside ``path`` (made only by this
    call, readable by its owner only), which then takes ``path``'s place; the folder is
    made when it is missing.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_entry(folder / "ab" / "entry.pickle", b"one")
    >>> write_entry(folder / "ab" / "entry.pickle", b"two")
    >>> [(p.name, p.read_bytes()) for p in (folder / "ab").iterdir()]
    [('entry.pickle', b'two')]
    """
    temporary = path.with_name(f".entry-{os.getpid()}-{secrets.token_hex(8)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        try:
            handle = os.open(temporary, flags, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, flags, 0o600)
    except OSError as exc:
        logger.debug("build cache: cannot write %s: %s", path, exc)
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(blob)
        os.replace(temporary, path)
    except OSError as exc:
        logger.debug("build cache: cannot write %s: %s", path, exc)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
