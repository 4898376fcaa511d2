"""Pages kept between builds: a page is rendered again only when something it shows changed.

Every write of a batch (:mod:`briefs.writer`) is a *job*: a page and its
paginated followers, a feed, or a function a plugin hands the writer with the
files it writes. A job's key is a digest of the site's settings, theme and plugin
code, and of the job's own arguments (the brief of a brief's page, the briefs of a
topic page, ...), each Pelican content digested with everything it holds. While a
job renders, the writer records what it reads from the shared context (``pages``,
``articles``, ``period_archives``, ...); the cache entry keeps a digest of each.
In the next build a job whose key has an entry, and whose recorded context reads
give the same digests, gets its files back from the cache instead of being
rendered.

Filters that pick a few briefs out of all of them (``related_briefs``,
``adjacent_briefs``), or take little of each (``brief_rows``: date, URL and title;
``term_counts``: each topic or author and its count; ``brief_years``,
``outlet_names``), narrow the dependency: a page that uses the site's lists
(``articles``, ``dates``, ``tags``, ``authors``) only through them depends on what
they gave, recorded with the call, not on every brief of the site; the next build
calls them again to compare. A listing that Pelican paginates is the exception: the
list it pages through is part of the job's key; one that pages through the site's own
lists (the home page) is written one page per job instead (:mod:`briefs.paging`),
each page's key made of its own briefs (:func:`page_digest`). A filter whose
picks depend on less than the values it is given says so with a ``kept_picks``
helper (``inputs(*args)``: a digest of what the picks depend on; ``picks(result,
*args)``; ``made_from(picks, *args)``: the values, among those given, that the result
of those picks is made of): the entry keeps the digest and the picks, and the
digest of the values the result is made of. While the picks' digest is unchanged the
next build compares those values again instead of calling the filter
(``related_briefs``: its picks depend only on the briefs' URLs, dates, topics and
outlets; its result is made of the brief and the briefs picked). Any other use of
``articles`` makes the page depend on all briefs.

Entries live in the build cache's database (``ASSAY_CACHE_PATH``, see
:mod:`briefs.entrystore`; each process writes the entries of its jobs when it has done
them); the whole cache is off with ``ASSAY_CACHE = False``. An entry's files are kept
under ``pages/``, named by its key, as hard links to the files the job wrote (copies
where links cannot be made), so keeping and
restoring a page moves no bytes. Every file of the output is written as a new file,
never changed in place, so a kept file changes only when something outside the build
writes to it; an entry whose file's size or content differs from what was recorded is
not used. The size and modification time are what a build looks at; only a kept file
whose time alone differs (a cache restored by a tool that keeps coarser file times) is
read, and when its content is the one recorded it gets its recorded time back.
Entries that no build has used since the latest builds that made their entries anew
are removed with their files (see :func:`briefs.cache.used_since`), once the build
has written every page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import inspect
import io
import json
import logging
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from jinja2.runtime import Context
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from .cache import (
    DEFAULT_PATH,
    add_library_versions,
    file_digest,
    settings_digest,
    write_entry,
)
from .entrystore import FILE_NAME as ENTRIES
from .entrystore import EntryStore
from .sitefiles import content_digest

logger = logging.getLogger(__name__)

FORMAT = 5
#: Filters whose result depends only on their arguments and that pick a few of the
#: briefs they are given, or take little of each: a page's dependency on a site's list
#: (:data:`NARROWABLE`) through them is what they gave.
NARROWING_FILTERS = ("related_briefs", "adjacent_briefs", "brief_rows", "term_counts",
                     "brief_years", "outlet_names")
#: Context values a page may use through the narrowing filters only.
NARROWABLE = frozenset({"articles", "dates", "tags", "authors"})
#: Content attributes that are not the content's own data.
_NOT_OWN = frozenset({"settings", "_context"})
LIBRARIES = ("jinja2", "markupsafe", "pelican", "feedgenerator")

_WRITE_FILE = inspect.signature(Writer.write_file)
_WRITE_FEED = inspect.signature(Writer.write_feed)


class Undigestable(Exception):
    """A value the cache cannot digest: the job is rendered and not kept."""


class _Pickler(pickle.Pickler):
    """Pickles a value for its digest: contents by their own digest, topics and authors
    by name."""

    def __init__(self, stream: io.BytesIO, digests: Digests):
        super().__init__(stream, protocol=5)
        # No memo: equal values give equal bytes whether or not they are one object.
        self.fast = True
        self.digests = digests

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Content):
            return (str, (f"content:{self.digests.content(obj)}",))
        if isinstance(obj, URLWrapper):
            return (str, (f"{type(obj).__qualname__}:{obj.name}:{obj.slug}",))
        if isinstance(obj, Page):
            return (tuple, (page_digest(obj),))
        if isinstance(obj, Paginator):
            return (str, (paginator_digest(obj),))
        return NotImplemented


def page_digest(page: Page) -> tuple[Any, ...]:
    """What stands for a page of a listing (Pelican's ``Page``, a job's argument once the
    listing is written one page per job, see :mod:`briefs.paging`) in the job's key: its
    file name, URL and number, its briefs, and its paginator's shape."""
    return ("page", page.full_name, page.base_url, page.number, list(page.object_list),
            paginator_digest(page.paginator))


def paginator_digest(paginator: Paginator) -> str:
    """What stands for a listing's paginator in a job's key: its name, URL and shape,
    not its list (a template that reads the list depends on it: see
    :class:`briefs.paging.ListedPaginator`)."""
    return (f"paginator:{paginator.name}:{paginator.url}:{paginator.per_page}:"
            f"{paginator.orphans}:{paginator.count}:{paginator.num_pages}")


class Digests:
    """Digests of the values pages are made from, each computed once per build.

    A value is digested through its pickle (each content by its own digest, made
    from everything it holds but the settings and the shared context); a value
    that cannot be pickled cannot be digested.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}
        self._active: set[int] = set()

    def _pickled(self, value: Any) -> str:
        stream = io.BytesIO()
        try:
            _Pickler(stream, self).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            raise Undigestable(str(exc)) from None
        return hashlib.sha256(stream.getbuffer()).hexdigest()

    def of(self, value: Any) -> str:
        """The digest of ``value`` (raises :class:`Undigestable`)."""
        if isinstance(value, Content):
            return self.content(value)
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, list | tuple) and value and all(
                isinstance(item, Content) for item in value):
            # A listing's briefs: their digests in order, without pickling each again.
            listed = " ".join(self.content(item) for item in value)
            result = hashlib.sha256(f"{type(value).__name__}:{listed}".encode()).hexdigest()
        else:
            result = self._pickled(value)
        # Kept by identity (the memo holds the value, so the id stays its own): immutable
        # values, and the shared context's lists and dicts, which a batch does not change.
        if isinstance(value, list | dict | tuple | str | bytes | int | float | frozenset):
            self._memo[id(value)] = (value, result)
        return result

    def content(self, content: Content) -> str:
        """The digest of a content and everything it holds (its page, feeds and cards).

        A content made from a source the build cache knows is digested as that
        source's key plus whatever was added or replaced since it was made.
        """
        known = self._memo.get(id(content))
        if known is not None and known[0] is content:
            return known[1]
        if id(content) in self._active:  # contents that point at each other
            return f"cycle:{content.source_path}"
        self._active.add(id(content))
        try:
            origin = _origins.get(id(content))
            if origin is not None and origin.content is content:
                own: Any = ("read", origin.key, origin.changes())
            else:
                own = sorted((name, value) for name, value in vars(content).items()
                             if name not in _NOT_OWN)
            result = self._pickled((type(content).__qualname__, own))
        finally:
            self._active.discard(id(content))
        self._memo[id(content)] = (content, result)
        return result


class Derived(list):  # type: ignore[type-arg]
    """A list a plugin made for a content from that content alone, the settings and the
    build's shared inputs (the outlet registry), and put on it as an attribute: all of
    which the key of a content read through the build cache covers.

    On such a content its digest is its attribute's name, without pickling its items;
    anywhere else (a content without a key, a job's own argument) it is digested like
    any list.

    >>> Derived([1, 2]) == [1, 2]
    True
    """

    __slots__ = ()


class _Origin:
    """A content as it was made from a source the build cache knows (its key).

    Keeps the values the content started with, so what a plugin added or replaced
    afterwards can be told apart (and digested) from what the key already covers.
    The values are kept as tuples beside their names, and contents made alike share
    one tuple of names (:func:`_shared_names`): a brief's attributes and metadata took
    about 1.2 KB as two dicts, and take about 0.4 KB so.
    """

    __slots__ = ("_metadata", "_metadata_names", "_names", "_values", "content", "key")

    def __init__(self, content: Content, key: str):
        self.content = content
        self.key = key
        values = vars(content)
        self._names = _shared_names(values)
        self._values = tuple(values.values())
        metadata = getattr(content, "metadata", None)
        metadata = metadata if isinstance(metadata, dict) else {}
        self._metadata_names = _shared_names(metadata)
        self._metadata = tuple(metadata.values())

    @property
    def values(self) -> dict[str, Any]:
        """The content's attributes as it was made (a new dict)."""
        return dict(zip(self._names, self._values, strict=True))

    @property
    def metadata(self) -> dict[str, Any]:
        """The content's metadata as it was made (a new dict)."""
        return dict(zip(self._metadata_names, self._metadata, strict=True))

    def changes(self) -> list[tuple[str, Any]]:
        """The attributes (and metadata entries) added or replaced since it was made; a
        :class:`Derived` value as its attribute's name (the content's key covers it)."""
        found: list[tuple[str, Any]] = []
        values, before = vars(self.content), self.values
        # Only the names whose value is not the one the content started with (and the
        # metadata, which may have changed in place) can give a change.
        names = {name for name, value in values.items() if value is not before.get(name, _GONE)}
        names.update(name for name in before if name not in values)
        if "metadata" in values:
            names.add("metadata")
        for name in sorted(names - _NOT_OWN):
            value = values.get(name, _GONE)
            if name == "metadata" and value is before.get(name):
                metadata = self.metadata
                found += [(f"metadata.{key}", item) for key, item in sorted(
                    value.items()) if item is not metadata.get(key, _GONE)]
                found += [(f"metadata.{key}", _GONE) for key in sorted(metadata)
                          if key not in value]
            elif value is not before.get(name, _GONE):
                found.append((name, ("derived", name) if isinstance(value, Derived) else value))
        return found


#: The tuples of names :class:`_Origin` keeps, each once (see :func:`_shared_names`).
_names_kept: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared_names(mapping: dict[str, Any]) -> tuple[str, ...]:
    """The keys of ``mapping`` as a tuple, in order: the one tuple already kept for
    those keys, else a new one, kept (contents made alike share theirs).

    >>> _shared_names({"a": 1, "b": 2}) is _shared_names({"a": 3, "b": 4})
    True
    """
    names = tuple(mapping)
    return _names_kept.setdefault(names, names)


_GONE = "(absent)"
#: Contents made from sources the build cache knows, by identity.
_origins: dict[int, _Origin] = {}


def remember(content: Content, key: str | None) -> None:
    """Note that ``content`` was just made from the source whose build cache key is ``key``."""
    if key is not None:
        _origins[id(content)] = _Origin(content, key)


def digest_ahead(contents: Iterable[Any]) -> None:
    """Digest each of ``contents`` now, for the page cache of the build in progress (none:
    nothing is done). Called in the build's process before the writers fork (see
    :func:`briefs.writer.before_forking`), it makes the digests once, for every
    writing process to share: each would otherwise digest again the briefs its pages
    show (the page's own, its neighbours and related briefs), reading their attributes
    and so copying the memory they are on. A content that cannot be digested is left
    to its pages."""
    if not _page_caches or not _page_caches[0].enabled:
        return
    digests = _page_caches[0].digests
    for content in contents:
        if isinstance(content, Content):
            with contextlib.suppress(Undigestable):
                digests.content(content)


def forget_contents() -> None:
    """Forget the contents of the previous build."""
    _origins.clear()
    _names_kept.clear()


class _Recorder:
    """What one job read from the shared context while it rendered."""

    def __init__(self, shared: dict[str, Any], kwargs: dict[str, Any], *,
                 paginates: bool = True):
        self.shared = shared
        self.kwargs = kwargs
        #: Whether the job is a listing Pelican pages through (see :data:`_PAGINATED`).
        self.paginates = paginates
        self.names: set[str] = set()
        #: Shared values a template used as a whole (also when handed in under
        #: another name, such as Pelican's ``all_articles``).
        self.whole: set[str] = set()
        self.calls: list[tuple[str, tuple[Any, ...], str]] = []
        self.files: list[str] = []

    def narrowable(self, value: Any) -> str | None:
        """The shared name of ``value`` if it is a narrowable shared list."""
        return narrowable_name(value, self.shared)


def narrowable_name(value: Any, shared: dict[str, Any]) -> str | None:
    """The name under which the shared context ``shared`` holds ``value`` (the very list)
    among the site-wide lists the cache narrows (:data:`NARROWABLE`); None: under none.

    >>> site = {"articles": [1], "dates": [1]}
    >>> narrowable_name(site["dates"], site), narrowable_name([1], site)
    ('dates', None)
    """
    if isinstance(value, list):
        for name in NARROWABLE:
            if value is shared.get(name):
                return name
    return None


def paginated_lists(bound: dict[str, Any] | None, templates: dict[str, Any]) -> dict[str, Any]:
    """The lists Pelican's writer pages through in the ``write_file`` call whose bound
    arguments are ``bound``, by name, as it decides: a template of ``templates``
    (``PAGINATED_TEMPLATES``) given ``paginated`` lists, or else its ``articles`` and
    ``dates`` (in the order it was given them); ``{}``: it pages through none.

    >>> paginated_lists({"template_name": "index", "kwargs": {"dates": [2], "x": 1}},
    ...                 {"index": None})
    {'dates': [2]}
    >>> paginated_lists({"template_name": "about", "kwargs": {"dates": [2]}}, {"index": None})
    {}
    """
    if not bound or bound.get("template_name") not in templates:
        return {}
    paginated = bound.get("paginated")
    if paginated is None:
        paginated = {k: v for k, v in (bound.get("kwargs") or {}).items() if k in _PAGINATED}
    return paginated


_recording: list[_Recorder] = []


class _Whole:
    """A shared list a page may use only through narrowing filters; any other use of it
    makes the page depend on all of it."""

    __slots__ = ("_name", "_recorder", "_value")

    def __init__(self, value: list[Any], name: str, recorder: _Recorder):
        self._value = value
        self._name = name
        self._recorder = recorder

    def _all(self) -> list[Any]:
        self._recorder.whole.add(self._name)
        return self._value

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __contains__(self, item: Any) -> bool:
        return item in self._all()

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._all())

    def __eq__(self, other: object) -> bool:
        return self._all() == other

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return str(self._all())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._all(), name)


class RecordingContext(Context):
    """Jinja's template context, noting which shared values a job's templates read."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        if _recording and key not in self.vars:
            recorder = _recording[-1]
            shared = recorder.narrowable(value)
            if shared is not None and not (
                    recorder.paginates and key in _PAGINATED and key in recorder.kwargs):
                return _Whole(value, shared, recorder)
            recorder.names.add(key)
        return value


#: Template values Pelican's writer paginates: in a listing it pages through, a page
#: shows part of them, so the whole list is part of the job's key, never narrowed.
_PAGINATED = frozenset({"articles", "dates"})


def _aliases(job: Job, paginates: bool) -> dict[str, str]:
    """Job arguments that are a narrowable shared list (Pelican hands every listing the
    site's ``articles`` and ``dates``, and ``all_articles``): name -> shared name. The
    lists a listing that ``paginates`` pages through are not."""
    shared = job.shared() or {}
    bound = job._bound() or {}
    paginated = (set(_PAGINATED) | set(bound.get("paginated") or {})) if paginates else set()
    found = {}
    for name, value in job.template_kwargs().items():
        narrow = narrowable_name(value, shared) if name not in paginated else None
        if narrow is not None:
            found[name] = narrow
    return found


def _plain(value: Any) -> Any:
    return value._value if isinstance(value, _Whole) else value


def _describe(value: Any, recorder: _Recorder) -> tuple[str, Any] | None:
    """How to find ``value`` again in the next build, or None."""
    if isinstance(value, _Whole):
        return ("shared", value._name)
    for name, given in recorder.kwargs.items():
        if given is value:
            return ("kw", name)
    if value is None or isinstance(value, bool | int | float | str):
        return ("const", value)
    return None


def narrowing(name: str, function: Callable[..., Any], digests: Digests) -> Callable[..., Any]:
    """``function`` (the filter ``name``) recording its picks when given a shared list."""

    def narrowed(value: Any, *args: Any) -> Any:
        plain = [_plain(value), *(_plain(a) for a in args)]
        recorder = _recording[-1] if _recording else None
        wholes = [a for a in (value, *args) if isinstance(a, _Whole)]
        if recorder is None or not wholes:
            return function(*plain)
        described = [_describe(a, recorder) for a in (value, *args)]
        result = function(*plain)
        try:
            if any(d is None for d in described):
                raise Undigestable(name)
            kept = _kept_picks(function, result, plain)
            recorder.calls.append((name, tuple(described),
                                   _result_digest(function, result, kept, plain, digests), kept))
        except Undigestable:
            for whole in wholes:
                whole._all()
        return result

    narrowed.__wrapped__ = function  # type: ignore[attr-defined]
    return narrowed


def _kept_picks(function: Callable[..., Any], result: Any, args: list[Any]
                ) -> tuple[str, Any] | None:
    """What stands for ``result`` of the narrowing filter ``function`` in the next build,
    when the filter can say (its ``kept_picks``): the digest of what its picks depend on,
    and the picks."""
    helper = getattr(function, "kept_picks", None)
    if helper is None:
        return None
    inputs = helper.inputs(*args)
    picks = helper.picks(result, *args) if inputs is not None else None
    return (inputs, picks) if picks is not None else None


def _result_digest(function: Callable[..., Any], result: Any, kept: tuple[str, Any] | None,
                   args: list[Any], digests: Digests) -> str:
    """The digest that stands for ``result`` of ``function(*args)`` in a page's entry:
    with the picks ``kept`` (see :func:`_kept_picks`), the digest of the values the
    filter makes its result of from those picks (its ``kept_picks.made_from``), which
    are few and digested already; else the digest of ``result``."""
    helper = getattr(function, "kept_picks", None)
    if kept is not None and helper is not None:
        return digests.of(("made from", helper.made_from(kept[1], *args)))
    return digests.of(result)


def _call_digest(function: Callable[..., Any], kept: tuple[str, Any] | None,
                 args: list[Any], digests: Digests) -> str:
    """The digest :func:`_result_digest` gives for ``function(*args)`` in this build. The
    filter is not called while what the picks ``kept`` by the build that recorded the
    call depend on is unchanged."""
    helper = getattr(function, "kept_picks", None)
    if kept is not None and helper is not None and helper.inputs(*args) == kept[0]:
        return digests.of(("made from", helper.made_from(kept[1], *args)))
    result = function(*args)
    return _result_digest(function, result, _kept_picks(function, result, args), args, digests)


def _folder_digest(digest: Any, folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(file_digest(path).encode())


def site_digest(settings: dict[str, Any]) -> str:
    """A digest of what shapes every page: settings, theme, plugin code, libraries."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {settings_digest(settings)}".encode())
    theme = Path(settings.get("THEME", ""))
    _folder_digest(digest, theme, "*")
    for folder in settings.get("THEME_TEMPLATES_OVERRIDES", []) or []:
        _folder_digest(digest, Path(folder), "*")
    folders = {Path(__file__).parent}
    folders.update(Path(p) for p in settings.get("PLUGIN_PATHS", []) or [])
    for folder in sorted(folders):
        _folder_digest(digest, folder, "*.py")
    add_library_versions(digest, LIBRARIES)
    return digest.hexdigest()


@dataclasses.dataclass
class Job:
    """One write of a batch: ``kind`` is "file", "feed" or "call"."""

    kind: str
    function: Callable[..., Any] | None
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    outputs: tuple[str, ...] = ()

    def shared(self) -> dict[str, Any] | None:
        """The shared context the job renders with."""
        if self.kind == "call":
            return None
        bound = self._bound()
        return bound.get("context") if bound else None

    def template(self) -> Any:
        """The template the job renders (None for a call)."""
        bound = self._bound() or {}
        return bound.get("template")

    def template_kwargs(self) -> dict[str, Any]:
        """The values the job gives its templates besides the shared context."""
        bound = self._bound() or {}
        extra = dict(bound.get("kwargs", {}))
        if self.kind == "feed":
            extra["elements"] = bound.get("elements")
        return extra

    def override(self) -> bool:
        """Whether the job may overwrite a file written before (Pelican's override_output)."""
        bound = self._bound() or {}
        return bool(bound.get("override_output", False))

    def _bound(self) -> dict[str, Any] | None:
        if self.kind == "call":
            return None
        if "_arguments" not in self.__dict__:
            signature = _WRITE_FILE if self.kind == "file" else _WRITE_FEED
            try:
                bound = signature.bind(None, *self.args, **self.kwargs)
                bound.apply_defaults()
                self.__dict__["_arguments"] = dict(bound.arguments)
            except TypeError:
                self.__dict__["_arguments"] = None
        arguments = self.__dict__["_arguments"]
        return dict(arguments) if arguments is not None else None


class Fragments:
    """Fragments of pages (a brief's listing card) kept between builds.

    A fragment is known by the site's digest, its kind, the digest of the content it
    shows and whatever else it depends on (``extra``); a build keeps the fragments it
    used, in one file (``pages/fragments.pickle``). Forked processes hand what they
    made and used to the parent (:meth:`taken`, :meth:`merge`), which saves them.
    """

    FILE = "fragments.pickle"

    def __init__(self, folder: Path, site: str, digests: Digests, enabled: bool):
        self.path = folder / self.FILE
        self.site = site
        self.digests = digests
        self.enabled = enabled
        self._kept: dict[str, str] | None = None
        self.new: dict[str, str] = {}
        self.used: set[str] = set()
        #: What was made and used before :meth:`start_taking` (not taken).
        self._before: tuple[set[str], set[str]] = (set(), set())

    def key(self, kind: str, content: Content, *extra: Any) -> str | None:
        """The key of the fragment ``kind`` of ``content`` (None when it cannot be kept)."""
        if not self.enabled:
            return None
        try:
            digest = self.digests.content(content)
        except Undigestable:
            return None
        return hashlib.sha256(f"{self.site}:{kind}:{digest}:{extra!r}".encode()).hexdigest()

    def _loaded(self) -> dict[str, str]:
        if self._kept is None:
            try:
                entry = pickle.loads(self.path.read_bytes())
                valid = isinstance(entry, dict) and entry.get("format") == FORMAT
                self._kept = entry["fragments"] if valid else {}
            except Exception:  # none yet, or a damaged file: make them again
                self._kept = {}
        return self._kept

    def get(self, key: str) -> str | None:
        """The fragment kept under ``key``, if any."""
        found = self.new.get(key)
        if found is None:
            found = self._loaded().get(key)
        if found is not None:
            self.used.add(key)
        return found

    def any_kept(self) -> bool:
        """Whether fragments are kept from an earlier build."""
        return self.enabled and bool(self._loaded())

    def put(self, key: str, html: str) -> None:
        """Keep ``html`` under ``key``, as it is (a card's ``Markup`` is shared with the
        pages that show it; :meth:`taken` and :meth:`save` give plain strings)."""
        self.new[key] = html
        self.used.add(key)

    def start_taking(self) -> None:
        """Leave what was made and used so far out of :meth:`taken` (a forked process
        takes only its own: its parent has the rest)."""
        self._before = (set(self.new), set(self.used))

    def taken(self) -> dict[str, Any]:
        """What this process made and used (since :meth:`start_taking`), for the parent's
        :meth:`merge`."""
        made, used = self._before
        return {"new": {key: str(html) for key, html in self.new.items() if key not in made},
                "used": self.used - used}

    def merge(self, taken: dict[str, Any]) -> None:
        """Add what a forked process made and used."""
        self.new.update(taken.get("new", {}))
        self.used |= set(taken.get("used", ()))

    def save(self) -> None:
        """Keep the fragments this build used (and only those) for the next build."""
        if not self.enabled or not self.new:
            return
        kept = self._loaded()
        fragments = {key: str(self.new.get(key) or kept[key]) for key in sorted(self.used)
                     if key in self.new or key in kept}
        write_entry(self.path, pickle.dumps({"format": FORMAT, "fragments": fragments},
                                            protocol=pickle.HIGHEST_PROTOCOL))


#: The page cache of the build in progress (and its fragment store).
_page_caches: list[PageCache] = []


def finished_page_cache() -> PageCache | None:
    """The page cache of the build that has just written every page (once a build)."""
    return _page_caches.pop() if _page_caches else None


def fragments() -> Fragments | None:
    """The fragment store of the build in progress (its page cache's), if there is one."""
    return _page_caches[-1].fragments if _page_caches else None


class PageCache:
    """The cached output of a build's jobs (see the module)."""

    def __init__(self, settings: dict[str, Any], output_path: str):
        self.enabled = bool(settings.get("ASSAY_CACHE", True))
        root = Path(settings.get("ASSAY_CACHE_PATH") or DEFAULT_PATH)
        self.folder = root / "pages"
        self.entries = EntryStore(root / ENTRIES if self.enabled else None, "pages")
        self.output = Path(output_path)
        self.digests = Digests()
        self.site = site_digest(settings) if self.enabled else ""
        self.paginated_templates = settings.get("PAGINATED_TEMPLATES") or {}
        #: The items of a feed Pelican writes: the first ``FEED_MAX_ITEMS`` it is given.
        self.feed_items: int | None = settings.get("FEED_MAX_ITEMS")
        self.originals: dict[str, Callable[..., Any]] = {}
        self.reused = 0
        self.rendered = 0
        #: Listing cards made before the pages (see briefs.cards), and on their pages.
        self.cards_first = 0
        self.cards_on_pages = 0
        self.missed: list[str] = []
        self.fragments = Fragments(self.folder, self.site, self.digests, self.enabled)
        _page_caches[:] = [self]

    def narrow(self, env: Any) -> None:
        """Make the narrowing filters of the Jinja environment ``env`` record their picks."""
        for name in NARROWING_FILTERS:
            function = env.filters.get(name)
            if function is None or hasattr(function, "__wrapped__"):
                continue
            self.originals[name] = function
            env.filters[name] = narrowing(name, function, self.digests)

    def key(self, job: Job) -> str | None:
        """The key of ``job``, or None when it cannot be kept."""
        if not self.enabled or (job.kind == "call" and not job.outputs):
            return None
        try:
            if job.kind == "call":
                function = job.function
                what: Any = (f"{function.__module__}.{function.__qualname__}", job.args,
                             job.kwargs, job.outputs)
            else:
                bound = job._bound()
                if bound is None:
                    return None
                aliases = _aliases(job, self.paginates(job))
                values = dict(bound.pop("kwargs", {}))
                values.update(bound)
                if job.kind == "feed" and isinstance(values.get("elements"), list | tuple):
                    # A feed shows its first items only: briefs further down the list
                    # it is given do not change it.
                    values["elements"] = list(values["elements"][: self.feed_items])
                    aliases.pop("elements", None)
                what = sorted((name, self._part(name, value, aliases))
                              for name, value in values.items()
                              if name not in ("self", "context"))
            digest = hashlib.sha256(f"{self.site}:{job.kind}:".encode())
            digest.update(self.digests.of(what).encode())
        except Undigestable:
            return None
        return digest.hexdigest()

    def _part(self, name: str, value: Any, aliases: dict[str, str]) -> Any:
        """What stands for the job argument ``name`` in its key."""
        if name in aliases:
            return ("shared", aliases[name])
        if name == "template":
            return getattr(value, "name", None)
        if isinstance(value, list | tuple | dict) and len(value) > 8:
            return ("digest", self.digests.of(value))
        return value

    def _kept_file(self, key: str, number: int) -> Path:
        """Where the ``number``-th file of the entry ``key`` is kept."""
        return self.folder / key[:2] / f"{key}.{number}"

    def lookup(self, job: Job, key: str) -> list[tuple[str, Path, tuple[int, int]]] | None:
        """The files of ``job`` kept under ``key`` (their paths relative to the output,
        where they are kept, and their recorded size and time), if what it read and they
        are unchanged."""
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            entry = pickle.loads(blob)
        except Exception:  # a damaged entry: render the job
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        shared = job.shared() or {}
        kwargs = job.template_kwargs()
        try:
            for name, expected in entry["deps"].items():
                if name not in shared or self.digests.of(shared[name]) != expected:
                    self.missed.append(f"dep {name}")
                    return None
            for name, described, expected, kept in entry["calls"]:
                function = self.originals.get(name)
                args = [_find(d, shared, kwargs) for d in described]
                if function is None or _call_digest(
                        function, kept, args, self.digests) != expected:
                    self.missed.append(f"call {name}")
                    return None
        except (Undigestable, KeyError, LookupError):
            return None
        files = []
        for number, (name, stamp, digest) in enumerate(entry["files"]):
            kept = self._kept_file(key, number)
            try:
                unchanged = kept_unchanged(kept, stamp, digest)
            except OSError:
                return None
            if not unchanged:
                self.missed.append("kept file changed")
                return None
            files.append((name, kept, tuple(stamp)))
        self.entries.use(key)
        return files

    def report(self, reused: int, rendered: int, cards: int = 0) -> None:
        """Add this batch's counts (pages kept and rendered, cards rendered on their
        pages) to the build's ``last-build.json`` (see briefs.cache)."""
        self.reused += reused
        self.rendered += rendered
        self.cards_on_pages += cards
        stats_path = self.folder.parent / "last-build.json"
        if not self.enabled:
            return
        try:
            stats = json.loads(stats_path.read_text("utf-8")) if stats_path.is_file() else {}
            stats.update(pages_kept=self.reused, pages_rendered=self.rendered,
                         missed=sorted(set(self.missed)),
                         fragments_made=len(self.fragments.new),
                         fragments_kept=len(self.fragments.used - set(self.fragments.new)),
                         cards_first=self.cards_first, cards_on_pages=self.cards_on_pages)
            stats_path.parent.mkdir(parents=True, exist_ok=True)
            stats_path.write_text(json.dumps(stats, indent=1), "utf-8")
        except (OSError, ValueError) as exc:
            logger.debug("build cache: cannot write its report: %s", exc)

    def paginates(self, job: Job) -> bool:
        """Whether Pelican's writer pages through lists in ``job`` (as it decides: a
        template of ``PAGINATED_TEMPLATES`` given ``paginated`` lists, or ``articles``
        or ``dates``)."""
        bound = job._bound() if job.kind == "file" else None
        return bool(paginated_lists(bound, self.paginated_templates))

    def begin(self, job: Job) -> _Recorder:
        """Start recording what ``job`` reads (call :meth:`finish` after it ran)."""
        recorder = _Recorder(job.shared() or {}, job.template_kwargs(),
                             paginates=self.paginates(job))
        _recording.append(recorder)
        return recorder

    def finish(self, job: Job, key: str | None, recorder: _Recorder, output: Path) -> None:
        """Stop recording ``job`` and keep its files under ``key``."""
        _recording.remove(recorder)
        if key is None:
            return
        names = sorted({n for n in recorder.names if n not in recorder.kwargs
                        and n in recorder.shared} | recorder.whole)
        try:
            deps = {name: self.digests.of(recorder.shared[name]) for name in names}
            paths = list(job.outputs) if job.kind == "call" else recorder.files
            files = []
            for number, path in enumerate(paths):
                target = Path(path) if os.path.isabs(path) else output / path
                name = target.relative_to(output).as_posix()
                kept = self._kept_file(key, number)
                stamp = keep_file(target, kept)
                files.append((name, stamp, content_digest(kept)))
        except (Undigestable, OSError, ValueError):
            return
        entry = {"format": FORMAT, "deps": deps, "calls": recorder.calls, "files": files}
        self.entries.put(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def flush(self) -> None:
        """Write the entries this process made and used (at the end of its jobs)."""
        self.entries.flush()

    def prune(self, before: float, now: float) -> None:
        """Remove the entries (and their files) no build has used since ``before``, and
        files left without an entry a day after ``now``."""
        if not self.enabled:
            return
        removed = self.entries.prune(before)
        live = self.entries.keys()
        if live is None or not self.folder.is_dir():
            return  # which kept files have an entry is not known: none is removed
        for folder in self.folder.iterdir():
            if folder.is_dir():
                prune_kept_files(folder, live, removed, now)


def _find(described: tuple[str, Any], shared: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    kind, value = described
    if kind == "shared":
        return shared[value]
    if kind == "kw":
        return kwargs[value]
    return value


def keep_file(written: Path, kept: Path) -> tuple[int, int]:
    """Keep the file ``written`` at ``kept`` (a hard link, else a copy), replacing what
    was there in one step; gives the kept file's size and modification time (ns)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    temporary = kept.with_name(f".{kept.name}.{secrets.token_hex(8)}")
    try:
        os.link(written, temporary)
    except OSError:
        write_entry(temporary, written.read_bytes())
    os.replace(temporary, kept)
    return file_stamp(kept)


def kept_unchanged(kept: Path, stamp: tuple[int, int], digest: bytes) -> bool:
    """Whether the kept file ``kept`` holds what was kept in it: the size and time
    (``stamp``) recorded then; or, when only its time differs, the bytes whose digest
    was recorded, in which case the recorded time is given back to the file, so that
    builds after this one find it by its stamp without reading it. A cache restored by
    a tool that keeps file times to the second (a zip or GNU tar archive) is used so.
    Raises ``OSError`` when the file is gone.

    >>> import tempfile
    >>> kept = Path(tempfile.mkdtemp()) / "page.0"
    >>> _ = kept.write_bytes(b"<p>kept</p>")
    >>> stamp, digest = file_stamp(kept), content_digest(kept)
    >>> os.utime(kept, ns=(0, stamp[1] // 10**9 * 10**9 - 10**9))  # restored coarser
    >>> kept_unchanged(kept, stamp, digest), file_stamp(kept) == stamp
    (True, True)
    >>> _ = kept.write_bytes(b"<p>edit</p>")  # changed in place, same size
    >>> kept_unchanged(kept, stamp, digest)
    False
    """
    found = file_stamp(kept)
    if found == tuple(stamp):
        return True
    if found[0] != stamp[0] or content_digest(kept) != digest:
        return False
    os.utime(kept, ns=(os.stat(kept).st_atime_ns, stamp[1]))
    return file_stamp(kept) == tuple(stamp)


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int]:
    """The size and modification time (ns) of the file at ``path``: what a kept file is
    checked by (raises ``OSError`` when it is gone)."""
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns


def prune_kept_files(folder: Path, live: set[str], removed: set[str], now: float) -> None:
    """Remove from ``folder`` the kept files of the entries ``removed``, and a day after
    ``now`` the files of no entry of ``live`` (kept files whose entry is gone, an
    earlier version's entry files, and leftovers of interrupted writes). A kept file
    is named by its entry's key, a dot and its number."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        key = name.partition(".")[0]
        if key in live:
            continue
        path = folder / name
        try:
            # A kept file whose entry is gone has a day's grace: another build may be
            # writing its entry now.
            if key in removed or os.stat(path).st_mtime < now - 86400:
                os.unlink(path)
        except OSError:
            continue
