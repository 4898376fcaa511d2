"""The brief as the build and the templates see it: structured, validated, rendered.

These objects are made by :mod:`briefs.schema` from an author's front matter and
handed to templates as attributes of the Pelican article (``article.highlights``,
``article.view``, ``article.citations``, ``article.corrections``). Templates never
re-parse strings.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


class LineMap(Mapping[str, tuple[int, int]]):
    """Where each field of a source is: a field's dotted path (``"citation.date"``) →
    its (line, column), for messages.

    A brief has some thirty of them, read only when a message names one; so a map is
    pickled as one string (JSON) and made a dictionary again only when it is asked,
    which keeps a cached brief small and quick to load.

    >>> lines = LineMap({"title": (2, 1), "highlights.0": (5, 5)})
    >>> import pickle
    >>> again = pickle.loads(pickle.dumps(lines))
    >>> again.get("highlights.0"), "title" in again, again == dict(lines), len(again)
    ((5, 5), True, True, 2)
    """

    __slots__ = ("_found", "_packed")

    def __init__(self, positions: Mapping[str, tuple[int, int]] | str = ()):
        if isinstance(positions, str):
            self._packed: str | None = positions
            self._found: dict[str, tuple[int, int]] | None = None
        else:
            self._packed, self._found = None, dict(positions)

    def _positions(self) -> dict[str, tuple[int, int]]:
        if self._found is None:
            self._found = {name: (line, column)
                           for name, line, column in json.loads(self._packed or "[]")}
        return self._found

    def __getitem__(self, name: str) -> tuple[int, int]:
        return self._positions()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._positions())

    def __repr__(self) -> str:
        return f"LineMap({self._positions()!r})"

    def __reduce__(self) -> tuple[type[LineMap], tuple[str]]:
        if self._packed is None:
            self._packed = json.dumps([[name, line, column] for name, (line, column)
                                       in self._positions().items()], ensure_ascii=False)
        return LineMap, (self._packed,)


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlight bullet: its Markdown source and rendered inline HTML."""

    text: str
    html: str


@dataclass(frozen=True, slots=True)
class View:
    """The house view callout: the label (a setting, e.g. "REEx View"), title and body."""

    label: str
    title: str
    body: str
    html: str


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction or update note, dated."""

    date: datetime.date
    note: str
    html: str


@dataclass(frozen=True, slots=True)
class Citation:
    """The critiqued source, as the author cited it.

    ``line`` is the 1-based line of the citation in the brief's source file and
    ``positions`` maps each field written (``"url"``, ``"date"``) to its
    (line, column), for messages. ``archive`` is a path relative to the content
    folder of a local copy of the source (text or HTML) used to verify quotations.
    """

    publication: str
    date: datetime.date
    author: str | None = None
    title: str | None = None
    url: str | None = None
    archive_url: str | None = None
    accessed: datetime.date | None = None
    archive: str | None = None
    line: int = 0
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False,
                                                     hash=False)


@dataclass(slots=True)
class Brief:
    """A whole brief read from one source file.

    ``date`` and ``updated`` are timezone-naive or aware datetimes as written;
    ``body`` is the Markdown after the front matter, starting at ``body_line``;
    ``lines`` maps a dotted field path (``"citation.date"``, ``"highlights.1"``)
    to its (line, column) in the source.
    """

    path: str
    title: str
    date: datetime.datetime
    highlights: list[Highlight]
    citations: list[Citation]
    view: View
    body: str
    body_line: int
    updated: datetime.datetime | None = None
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    status: str = "published"
    slug: str | None = None
    lines: Mapping[str, tuple[int, int]] = field(default_factory=dict)
