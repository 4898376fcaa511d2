"""The briefs' bodies and other long texts kept in a file while the site is built, out
of the build's memory.

A brief's rendered body is the largest thing the build holds of it: about 10 KB of
a brief's memory at a few thousand briefs (two bytes a character once a curly quote
is in it), and the pages' writing reads each once. The build's process holds every
brief while its forked writers render their share (:mod:`briefs.writer`), and each
body a writer renders makes the memory page it starts on private to that writer.
So each brief's body goes, as it is made, to a file of the build
(:class:`BodyStore`, unlinked from the start, shared by the forked writers), and
the brief keeps where it is (:class:`StoredBody`): its class becomes
:class:`StoredArticle`, which reads its body back each time it is asked for it.

Each answer is Pelican's: the body read back is the one made, and
:meth:`StoredArticle.get_content` is Pelican's without remembering its answers (a
remembered body would be back in memory, in each process that asked for it).

The house view and the highlights (their Markdown and HTML: about 3 KB of a brief,
which its page and its feed items read) go to the same file (:func:`store_texts`): the
brief's view becomes a :class:`StoredView` and each highlight a
:class:`StoredHighlight`, which read their texts back when asked and are otherwise the
model's :class:`~briefs.model.View` and :class:`~briefs.model.Highlight`.

>>> store = BodyStore()
>>> kept = store.keep("<p>Rare “earths”</p>")
>>> kept.text()
'<p>Rare “earths”</p>'
>>> import pickle
>>> pickle.loads(pickle.dumps(kept))  # a copy elsewhere is the text itself
'<p>Rare “earths”</p>'
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
from typing import Any

from pelican.contents import Article

from .model import Brief, Highlight, View

#: Bodies shorter than this stay in memory: kept, they would save nothing.
MIN_STORED_LENGTH = 256
#: Whether this system reads and writes a file at a given place (``os.pread``,
#: ``os.pwrite``; not on Windows): without, the bodies stay in memory.
AVAILABLE = hasattr(os, "pread") and hasattr(os, "pwrite")


class BodyStore:
    """A file of bodies in ``folder`` (by default, where temporary files go), appended to
    as bodies are kept; unlinked from the start, gone with the store (or the process).
    Forked processes read it through the descriptor they inherit; only the process
    that made the store writes to it."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        # In ``folder`` (the build cache's, on the project's disk), not where temporary
        # files go, which may be a file system in memory; open as long as the store is.
        try:
            self._file = tempfile.TemporaryFile(prefix="assay-bodies-", dir=folder)  # noqa: SIM115
        except OSError:
            self._file = tempfile.TemporaryFile(prefix="assay-bodies-")  # noqa: SIM115
        self._end = 0
        self._lock = threading.Lock()
        self._process = os.getpid()

    def writable(self) -> bool:
        """Whether this process may keep bodies here (it made the store)."""
        return os.getpid() == self._process

    def keep(self, text: str) -> StoredBody:
        """Write ``text`` to the file; gives where it is."""
        return self.keep_all([text])[0]

    def keep_all(self, texts: list[str]) -> list[StoredBody]:
        """Write ``texts`` to the file, one after another, in one write; gives where each
        is."""
        data = [text.encode("utf-8", errors="surrogatepass") for text in texts]
        with self._lock:
            offset = self._end
            os.pwrite(self._file.fileno(), b"".join(data), offset)
            self._end += sum(map(len, data))
        kept = []
        for piece in data:
            kept.append(StoredBody(self, offset, len(piece)))
            offset += len(piece)
        return kept

    def read(self, offset: int, length: int) -> str:
        """The text of ``length`` bytes at ``offset`` (as :meth:`keep` wrote it)."""
        data = os.pread(self._file.fileno(), length, offset)
        if len(data) != length:  # pread gives what it reads in one go: never short here
            raise OSError(f"a stored body was cut short ({len(data)} of {length} bytes)")
        return data.decode("utf-8", errors="surrogatepass")


class StoredBody:
    """Where a body is in a :class:`BodyStore`. Pickled, it is the body's text: a copy
    made for another process or build does not depend on this build's file."""

    __slots__ = ("length", "offset", "store")

    def __init__(self, store: BodyStore, offset: int, length: int) -> None:
        self.store = store
        self.offset = offset
        self.length = length

    def text(self) -> str:
        """The body, read back."""
        return self.store.read(self.offset, self.length)

    def __reduce__(self) -> tuple[Any, ...]:
        return str, (self.text(),)


class StoredArticle(Article):
    """Pelican's article, with its body in a :class:`BodyStore` (see the module)."""

    @property  # type: ignore[override]
    def _content(self) -> Any:
        value = self.__dict__.get("_content")
        return value.text() if isinstance(value, StoredBody) else value

    @_content.setter
    def _content(self, value: Any) -> None:
        self.__dict__["_content"] = value

    def get_content(self, siteurl: str) -> str:  # type: ignore[override]
        """Pelican's ``Content.get_content``, its answer not remembered."""
        content = self._get_content() if hasattr(self, "_get_content") else self._content
        return self._update_content(content, siteurl)


def store_body(content: Any, store: BodyStore) -> bool:
    """Move the body of ``content`` (an article just made) into ``store``, when it is
    Pelican's own article class with a body worth keeping there; gives whether it did.

    >>> from pelican.settings import DEFAULT_CONFIG
    >>> article = Article("<p>" + "word " * 100 + "</p>", metadata={"title": "T"},
    ...                   settings=DEFAULT_CONFIG)
    >>> store_body(article, BodyStore()), type(article).__name__
    (True, 'StoredArticle')
    >>> article.content == "<p>" + "word " * 100 + "</p>"
    True
    """
    body = content.__dict__.get("_content")
    if type(content) is not Article or not isinstance(body, str) \
            or len(body) < MIN_STORED_LENGTH or not AVAILABLE or not store.writable():
        return False
    content.__dict__["_content"] = store.keep(body)
    content.__class__ = StoredArticle
    return True


def _read_back(slot: str) -> Any:
    """A property whose value is the text kept where the ``slot`` attribute says, read
    back each time (see :class:`StoredBody`)."""
    return property(lambda self: getattr(self, slot).text())


class _StoredModel:
    """What a model's object whose texts are kept in a :class:`BodyStore` answers as the
    model's: equal to the object it keeps (either way round), hashed, shown, pickled and
    copied as that object (:meth:`model`), so no copy refers to this build's file."""

    __slots__ = ()

    def model(self) -> Any:
        """The model's object, its texts read back."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return self.model() == (other.model() if isinstance(other, _StoredModel) else other)

    def __hash__(self) -> int:
        return hash(self.model())

    def __repr__(self) -> str:
        return repr(self.model())

    def __reduce__(self) -> tuple[Any, ...]:
        found = self.model()
        return type(found), dataclasses.astuple(found)


class StoredView(_StoredModel, View):
    """A house view (:class:`~briefs.model.View`) whose ``body`` and ``html`` are kept in
    a :class:`BodyStore` and read back each time they are asked for. Equal to the view
    it keeps; pickled (or copied), it is that view.

    >>> view = View("REEx View", "Hold", "Prices *rose*.", "<p>Prices <em>rose</em>.</p>")
    >>> kept = StoredView(view, *BodyStore().keep_all([view.body, view.html]))
    >>> kept.title, kept.html, kept == view, isinstance(kept, View)
    ('Hold', '<p>Prices <em>rose</em>.</p>', True, True)
    >>> import pickle
    >>> type(pickle.loads(pickle.dumps(kept))).__name__
    'View'
    """

    __slots__ = ("_kept_body", "_kept_html")

    def __init__(self, view: View, body: StoredBody, html: StoredBody) -> None:
        for name, value in (("label", view.label), ("title", view.title),
                            ("_kept_body", body), ("_kept_html", html)):
            object.__setattr__(self, name, value)

    body = _read_back("_kept_body")
    html = _read_back("_kept_html")

    def model(self) -> View:
        return View(self.label, self.title, self.body, self.html)


class StoredHighlight(_StoredModel, Highlight):
    """A highlight (:class:`~briefs.model.Highlight`) whose ``text`` and ``html`` are kept
    in a :class:`BodyStore` (see :class:`StoredView`)."""

    __slots__ = ("_kept_html", "_kept_text")

    def __init__(self, text: StoredBody, html: StoredBody) -> None:
        object.__setattr__(self, "_kept_text", text)
        object.__setattr__(self, "_kept_html", html)

    text = _read_back("_kept_text")
    html = _read_back("_kept_html")

    def model(self) -> Highlight:
        return Highlight(self.text, self.html)


#: The metadata (and attributes) of a brief that :func:`store_texts` gives their kept
#: form: each names a part of the brief.
STORED_PARTS = ("brief", "view", "highlights")


def store_texts(content: Any, store: BodyStore) -> bool:
    """Move the house view and highlights of ``content`` (an article just made from a
    brief: its metadata holds the :class:`~briefs.model.Brief`) into ``store``, wherever
    the article holds them: its ``brief``, ``view`` and ``highlights``, as metadata and as
    attributes. Gives whether it did (not for a page, a brief kept already, a view or
    highlight of another class, or where the system cannot, see :data:`AVAILABLE`).

    >>> from pelican.settings import DEFAULT_CONFIG
    >>> import datetime
    >>> brief = Brief("a.md", "T", datetime.datetime(2025, 5, 1), [Highlight("*a*", "<em>a</em>")],
    ...               [], View("REEx View", "Hold", "b", "<p>b</p>"), "", 1)
    >>> article = Article("<p>b</p>", metadata={"title": "T", "brief": brief,
    ...                   "view": brief.view, "highlights": brief.highlights},
    ...                   settings=DEFAULT_CONFIG)
    >>> store_texts(article, BodyStore()), type(article.view).__name__
    (True, 'StoredView')
    >>> article.highlights[0].html, article.brief.highlights is article.highlights
    ('<em>a</em>', True)
    """
    metadata = getattr(content, "metadata", None)
    brief = metadata.get("brief") if isinstance(metadata, dict) else None
    if not isinstance(brief, Brief) or type(brief.view) is not View \
            or any(type(h) is not Highlight for h in brief.highlights) \
            or not AVAILABLE or not store.writable():
        return False
    view, highlights = brief.view, brief.highlights
    kept = store.keep_all([view.body, view.html,
                           *(text for h in highlights for text in (h.text, h.html))])
    stored_view = StoredView(view, kept[0], kept[1])
    stored_highlights = [StoredHighlight(kept[i], kept[i + 1])
                         for i in range(2, len(kept), 2)]
    replaced = {id(brief): dataclasses.replace(brief, view=stored_view,
                                               highlights=stored_highlights),
                id(view): stored_view, id(highlights): stored_highlights}
    for name in STORED_PARTS:
        for holder in (metadata, content.__dict__):
            value = holder.get(name)
            if value is not None and id(value) in replaced:
                holder[name] = replaced[id(value)]
    return True
