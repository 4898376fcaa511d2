"""Discovery filters for the theme: related briefs, neighbours, and the search facets.

The plugin adds :data:`FILTERS` to every generator's Jinja environment. A brief
is any object with ``date``, ``tags`` (each with ``slug`` and a name) and
``citations`` (each with ``publication``), as the briefs reader makes them.

>>> from types import SimpleNamespace as NS
>>> import datetime
>>> def tag(name): return NS(slug=name.replace(" ", "-"), name=name)
>>> def brief(title, day, topics, outlet):
...     return NS(title=title, date=datetime.datetime(2025, 9, day),
...               tags=[tag(t) for t in topics], citations=[NS(publication=outlet)])
>>> a = brief("A", 24, ["rare earths", "China"], "Cryptopolitan")
>>> b = brief("B", 20, ["rare earths"], "Reuters")
>>> c = brief("C", 18, ["shipping"], "cryptopolitan")
>>> d = brief("D", 10, ["oil"], "Reuters")
>>> [(r.brief.title, r.topics, r.outlets) for r in related_briefs(a, [a, b, c, d])]
[('B', ['rare earths'], []), ('C', [], ['Cryptopolitan'])]
>>> n = adjacent_briefs(b, [d, a, c, b])
>>> n.newer.title, n.older.title
('A', 'C')
>>> adjacent_briefs(a, [a, b]).newer is None
True
>>> outlet_names([a, b, c, d])
['Cryptopolitan', 'Reuters']
>>> brief_years([a, d])
[2025]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple


class Related(NamedTuple):
    """A related brief and what it shares with the one being read."""

    brief: Any
    topics: list[str]
    outlets: list[str]


class Adjacent(NamedTuple):
    """The briefs published just after (``newer``) and just before (``older``) one."""

    newer: Any | None
    older: Any | None


def outlet_key(name: str) -> str:
    """An outlet's name folded for comparison ("The  Guardian" ~ "the guardian").

    >>> outlet_key("  The  Guardian ")
    'the guardian'
    """
    return " ".join(name.split()).casefold()


def _outlets(brief: Any) -> dict[str, str]:
    """The outlets ``brief`` cites: folded key -> name as first written.

    The citations plugin's ``citation_views`` give each outlet's registered name;
    without them the name is the citation's ``publication`` as written.
    """
    views = getattr(brief, "citation_views", None)
    if views:
        names = [getattr(view, "outlet_name", None) for view in views]
    else:
        names = [getattr(c, "publication", None)
                 for c in getattr(brief, "citations", None) or ()]
    found: dict[str, str] = {}
    for name in names:
        if name and name.strip():
            found.setdefault(outlet_key(name), " ".join(name.split()))
    return found


def _topics(brief: Any) -> dict[str, str]:
    """The topics of ``brief``: slug -> name."""
    return {tag.slug: str(getattr(tag, "name", tag)) for tag in getattr(brief, "tags", None) or ()}


def related_briefs(brief: Any, briefs: Iterable[Any], limit: int = 3) -> list[Related]:
    """Up to ``limit`` other briefs sharing topics or a cited outlet with ``brief``.

    Takes the brief being read and all published briefs; gives :class:`Related`
    entries, most shared first (a shared topic weighs more than a shared outlet),
    newer first among equals.
    """
    topics, outlets = _topics(brief), _outlets(brief)
    scored = []
    for other in briefs:
        if other is brief or getattr(other, "url", object()) == getattr(brief, "url", None):
            continue
        shared_topics = [name for slug, name in _topics(other).items() if slug in topics]
        shared_outlets = [outlets[key] for key in _outlets(other) if key in outlets]
        score = 2 * len(shared_topics) + len(shared_outlets)
        if score:
            scored.append((score, other.date, Related(other, shared_topics, shared_outlets)))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [entry[2] for entry in scored[:limit]]


def adjacent_briefs(brief: Any, briefs: Iterable[Any]) -> Adjacent:
    """The briefs just newer and just older than ``brief`` among ``briefs`` (by date).

    Gives an :class:`Adjacent`; either side is ``None`` at the ends of the archive.
    """
    ordered = sorted(briefs, key=lambda b: b.date, reverse=True)
    for index, other in enumerate(ordered):
        if other is brief:
            newer = ordered[index - 1] if index > 0 else None
            older = ordered[index + 1] if index + 1 < len(ordered) else None
            return Adjacent(newer, older)
    return Adjacent(None, None)


def outlet_names(briefs: Iterable[Any]) -> list[str]:
    """Every outlet cited by ``briefs``, once each (as first written), sorted by name."""
    names: dict[str, str] = {}
    for brief in briefs:
        for key, name in _outlets(brief).items():
            names.setdefault(key, name)
    return sorted(names.values(), key=outlet_key)


def brief_years(briefs: Iterable[Any]) -> list[int]:
    """The years in which ``briefs`` were published, newest first."""
    return sorted({brief.date.year for brief in briefs}, reverse=True)


FILTERS: dict[str, Callable[..., Any]] = {
    "related_briefs": related_briefs,
    "adjacent_briefs": adjacent_briefs,
    "outlet_names": outlet_names,
    "brief_years": brief_years,
}
