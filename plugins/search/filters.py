"""Discovery filters for the theme: related briefs, neighbours, and the search facets.

The plugin adds :data:`FILTERS` to every generator's Jinja environment. A brief
is any object with ``url``, ``title``, ``date``, ``tags`` (each with ``slug`` and a
name) and ``citations`` (each with ``publication``), as the briefs reader makes them.

>>> from types import SimpleNamespace as NS
>>> import datetime
>>> def tag(name): return NS(slug=name.replace(" ", "-"), name=name)
>>> def brief(title, day, topics, outlet):
...     return NS(url=f"{title}/", title=title, date=datetime.datetime(2025, 9, day),
...               tags=[tag(t) for t in topics], citations=[NS(publication=outlet)])
>>> a = brief("A", 24, ["rare earths", "China"], "Cryptopolitan")
>>> b = brief("B", 20, ["rare earths"], "Reuters")
>>> c = brief("C", 18, ["shipping"], "cryptopolitan")
>>> d = brief("D", 10, ["oil"], "Reuters")
>>> [(r.brief.title, r.topics, r.outlets) for r in related_briefs(a, [a, b, c, d])]
[('B', ['rare earths'], []), ('C', [], ['Cryptopolitan'])]
>>> n = adjacent_briefs(b, [d, a, c, b])
>>> n.newer, n.older
(Neighbour(url='A/', title='A'), Neighbour(url='C/', title='C'))
>>> adjacent_briefs(a, [a, b]).newer is None
True
>>> outlet_names([a, b, c, d])
['Cryptopolitan', 'Reuters']
>>> brief_years([a, d])
[2025]
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple


class Related(NamedTuple):
    """A related brief and what it shares with the one being read."""

    brief: Any
    topics: list[str]
    outlets: list[str]


class Neighbour(NamedTuple):
    """What a page shows of a brief next to it: its URL and title."""

    url: str
    title: str


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


#: Briefs with more topics and outlets than this are scored one by one (see _Related).
_LATTICE_KEYS = 8


def _keys(brief: Any) -> dict[tuple[str, str], int]:
    """What ``brief`` can share with another: its topics (weight 2) and outlets (weight 1)."""
    keys = {("topic", slug): 2 for slug in _topics(brief)}
    keys.update({("outlet", key): 1 for key in _outlets(brief)})
    return keys


def _submasks(mask: int) -> Iterator[int]:
    """Every non-empty subset of the bits of ``mask``, as a mask, largest first.

    >>> [bin(sub) for sub in _submasks(0b101)]
    ['0b101', '0b100', '0b1']
    """
    sub = mask
    while sub:
        yield sub
        sub = (sub - 1) & mask


def _bits(mask: int) -> Iterator[int]:
    """Each bit of ``mask``, as a mask, lowest first.

    >>> [bin(bit) for bit in _bits(0b101)]
    ['0b1', '0b100']
    """
    while mask:
        bit = mask & -mask
        yield bit
        mask ^= bit


class _Related:
    """An index of ``briefs`` (with ``keys``: each brief's :func:`_keys`, by identity) that
    finds a brief's related briefs without a full scan.

    Every brief is filed under each subset of its topics and outlets, so the briefs
    sharing exactly a given set with the one being read are a short walk away; the
    subsets are visited from the highest score down, and the walk stops once
    ``limit`` briefs are found. The result is the one a scan of every brief would give:
    most shared first, newer first among equals, then in list order.

    It is kept small, as every process that writes pages makes one: each topic and
    outlet is a bit, a set of them a number (a mask), and a brief is filed by its rank
    (its place, newest first). At 4,000 briefs that is about 4 MiB, where sets of
    names and lists of the briefs themselves took about 14.
    """

    def __init__(self, briefs: list[Any], keys: dict[int, dict[tuple[str, str], int]]):
        self.briefs = briefs
        order = sorted(range(len(briefs)), key=lambda i: briefs[i].date, reverse=True)
        self.ranked = [briefs[i] for i in order]
        self.rank = {id(brief): rank for rank, brief in enumerate(self.ranked)}
        #: Each topic and outlet's bit, and the bits of each weight.
        self.bits: dict[tuple[str, str], int] = {}
        self.weights: dict[int, int] = {}
        #: Each ranked brief's mask, and the ranks filed under each mask (a tuple, or
        #: the rank itself where it is the only one, as most are).
        self.masks: list[int] = []
        self.wide: list[int] = []
        filed: dict[int, list[int]] = {}
        for rank, brief in enumerate(self.ranked):
            mask = self._mask(keys[id(brief)], learn=True)
            self.masks.append(mask)
            if mask.bit_count() > _LATTICE_KEYS:
                self.wide.append(rank)
                continue
            for subset in _submasks(mask):
                filed.setdefault(subset, []).append(rank)
        self.filed: dict[int, int | tuple[int, ...]] = {
            subset: ranks[0] if len(ranks) == 1 else tuple(ranks)
            for subset, ranks in filed.items()}

    def _filed(self, subset: int) -> tuple[int, ...]:
        """The ranks filed under the mask ``subset``, newest first."""
        ranks = self.filed.get(subset, ())
        return (ranks,) if isinstance(ranks, int) else ranks

    def _mask(self, keys: dict[tuple[str, str], int], learn: bool = False) -> int:
        """The mask of ``keys`` (with ``learn``, new keys get a bit; else they are left
        out: no brief of the index shares them)."""
        mask = 0
        for key, weight in keys.items():
            bit = self.bits.get(key)
            if bit is None:
                if not learn:
                    continue
                bit = self.bits[key] = 1 << len(self.bits)
                self.weights[weight] = self.weights.get(weight, 0) | bit
            mask |= bit
        return mask

    def _score(self, shared: int) -> int:
        """The score of sharing the keys of the mask ``shared``."""
        return sum(weight * (shared & bits).bit_count() for weight, bits in self.weights.items())

    def _mask_of(self, brief: Any) -> int:
        """The mask of ``brief``: its own if it is in the index, else made of its keys."""
        rank = self.rank.get(id(brief))
        return self.masks[rank] if rank is not None else self._mask(_keys(brief))

    def _rank(self, brief: Any) -> int:
        return self.rank.get(id(brief), len(self.briefs))

    def top(self, brief: Any, limit: int) -> list[Any]:
        """Up to ``limit`` briefs most related to ``brief``, best first."""
        mine = self._mask_of(brief)
        if limit <= 0 or not mine:
            return []
        url = getattr(brief, "url", None)

        def other(candidate: Any) -> bool:
            return candidate is not brief and getattr(candidate, "url", object()) != url

        masks, ranked = self.masks, self.ranked
        if mine.bit_count() > _LATTICE_KEYS:
            # A brief shares a key with it only if it is filed under that key's bit.
            pool = {id(ranked[rank]): ranked[rank]
                    for bit in _bits(mine) for rank in self._filed(bit)}
            pool.update((id(ranked[rank]), ranked[rank]) for rank in self.wide)
            scored = [(self._score(mine & self._mask_of(b)), b) for b in pool.values()
                      if other(b)]
        else:
            scored = self._walk(mine, limit, other)
            scored += [(self._score(mine & masks[rank]), ranked[rank]) for rank in self.wide
                       if other(ranked[rank])]
        scored = [(score, b) for score, b in scored if score]
        scored.sort(key=lambda entry: (-entry[0], self._rank(entry[1])))
        return [b for _, b in scored[:limit]]

    def _walk(self, mine: int, limit: int, other: Any) -> list[tuple[int, Any]]:
        """(score, brief) of the best ``limit`` briefs filed under subsets of ``mine``."""
        levels: dict[int, list[int]] = {}
        for subset in _submasks(mine):
            levels.setdefault(self._score(subset), []).append(subset)
        masks, ranked = self.masks, self.ranked
        found: list[tuple[int, Any]] = []
        for score in sorted(levels, reverse=True):
            need = limit - len(found)
            if need <= 0:
                break
            hits: list[Any] = []
            for subset in levels[score]:
                taken = 0
                for rank in self._filed(subset):
                    if taken == need:
                        break
                    if mine & masks[rank] == subset and other(ranked[rank]):
                        hits.append(ranked[rank])
                        taken += 1
            hits.sort(key=self._rank)
            found += [(score, b) for b in hits[:need]]
        return found


class _Index:
    """The related-briefs index and the date order of one list of briefs."""

    def __init__(self, briefs: list[Any]):
        self.briefs = briefs
        self.size = len(briefs)
        self._related: _Related | None = None
        self._ordered: list[Any] | None = None
        self._position: dict[int, int] = {}
        self._places: dict[int, int] | None = None
        self._keys: dict[int, dict[tuple[str, str], int]] | None = None
        self._inputs: str | None = None

    def _place_map(self) -> dict[int, int]:
        """Where each brief (by identity) first is in the list."""
        if self._places is None:
            self._places = {}
            for number, listed in enumerate(self.briefs):
                self._places.setdefault(id(listed), number)
        return self._places

    def place(self, brief: Any) -> int | None:
        """Where ``brief`` (this very object) is in the list, or None."""
        return self._place_map().get(id(brief))

    @property
    def keys(self) -> dict[int, dict[tuple[str, str], int]]:
        """Each brief's topics and outlets (:func:`_keys`), by identity; made once."""
        if self._keys is None:
            self._keys = {id(brief): _keys(brief) for brief in self.briefs}
        return self._keys

    def inputs(self) -> str | None:
        """A digest of everything the related picks among the list depend on: each
        brief's URL, date, topics and outlets, in list order (None when a brief is in
        the list twice: the picks then also depend on which entries are one brief)."""
        if self._inputs is None:
            if len(self._place_map()) != self.size:
                self._inputs = ""
            else:
                keys = self.keys
                digest = hashlib.sha256()
                for brief in self.briefs:
                    picked_by = _pick_inputs(brief, keys[id(brief)])
                    digest.update(repr(picked_by).encode("utf-8") + b"\0")
                self._inputs = digest.hexdigest()
        return self._inputs or None

    @property
    def related(self) -> _Related:
        if self._related is None:
            self._related = _Related(self.briefs, self.keys)
        return self._related

    def date_order(self) -> list[Any]:
        """The briefs newest first, with where each is in that order; made once."""
        if self._ordered is None:
            self._ordered = sorted(self.briefs, key=lambda b: b.date, reverse=True)
            self._position = {id(b): i for i, b in enumerate(self._ordered)}
        return self._ordered

    def adjacent(self, brief: Any) -> Adjacent:
        ordered = self.date_order()
        index = self._position.get(id(brief))
        if index is None or ordered[index] is not brief:
            return Adjacent(None, None)
        newer = ordered[index - 1] if index > 0 else None
        older = ordered[index + 1] if index + 1 < len(ordered) else None
        return Adjacent(newer, older)


#: Indexes of the lists of briefs templates pass in (a build passes the same list to
#: every page), most recent last; a list is known by identity and length.
_indexes: list[_Index] = []
_KEPT = 4


def _index(briefs: Iterable[Any]) -> _Index:
    """The index of ``briefs`` (made once per list of briefs)."""
    if isinstance(briefs, list):
        for index in _indexes:
            if index.briefs is briefs and index.size == len(briefs):
                return index
        index = _Index(briefs)
        _indexes.append(index)
        del _indexes[:-_KEPT]
        return index
    return _Index(list(briefs))


def make_index(briefs: list[Any]) -> None:
    """Make the whole index of ``briefs`` now, as the pages would make it as they first
    ask: the related briefs' index, the date order, and what the picks depend on. The
    build's process makes it before the pages' writing processes fork, for them to
    share (see :func:`briefs.writer.before_forking`).

    >>> import datetime
    >>> from types import SimpleNamespace as NS
    >>> briefs = [NS(url="a/", date=datetime.date(2025, 1, 2), citations=[], tags=[]),
    ...           NS(url="b/", date=datetime.date(2025, 1, 1), citations=[], tags=[])]
    >>> make_index(briefs)
    >>> index = _index(briefs)
    >>> index._related is not None, index._ordered == briefs, index._inputs is not None
    (True, True, True)
    """
    index = _index(briefs)
    index.related  # noqa: B018 (made on first use)
    index.inputs()
    index.date_order()


def related_briefs(brief: Any, briefs: Iterable[Any], limit: int = 3) -> list[Related]:
    """Up to ``limit`` other briefs sharing topics or a cited outlet with ``brief``.

    Takes the brief being read and all published briefs; gives :class:`Related`
    entries, most shared first (a shared topic weighs more than a shared outlet),
    newer first among equals. The briefs are indexed once per list, so a build
    that asks for every brief's related briefs does not compare every pair.
    """
    return _related(brief, _index(briefs).related.top(brief, limit))


def _related(brief: Any, picked: Iterable[Any]) -> list[Related]:
    """The :class:`Related` entries of the briefs ``picked`` for ``brief``."""
    topics, outlets = _topics(brief), _outlets(brief)
    result = []
    for other in picked:
        shared_topics = [name for slug, name in _topics(other).items() if slug in topics]
        shared_outlets = [outlets[key] for key in _outlets(other) if key in outlets]
        result.append(Related(other, shared_topics, shared_outlets))
    return result


def _pick_inputs(brief: Any, keys: dict[tuple[str, str], int]) -> tuple[Any, ...]:
    """What the related picks read of ``brief``: its URL (or that it has none), date,
    and its topics and outlets (``keys``, see :func:`_keys`)."""
    url = ("url", brief.url) if hasattr(brief, "url") else ("no url",)
    return (url, repr(brief.date), sorted(keys.items()))


class RelatedPicks:
    """Lets the page cache (:mod:`briefs.pagecache`) keep :func:`related_briefs`' picks
    between builds: the picks are a function of :meth:`inputs` alone, and the result a
    function of :meth:`made_from` (the brief and the briefs picked), so while the inputs
    are unchanged the page cache compares those instead of indexing the briefs.

    >>> import datetime
    >>> from types import SimpleNamespace as NS
    >>> def brief(n, topics):
    ...     return NS(url=f"b/{n}/", date=datetime.date(2025, 1, n), citations=[],
    ...               tags=[NS(slug=t, name=t) for t in topics])
    >>> briefs = [brief(1, ["oil"]), brief(2, ["oil", "gas"]), brief(3, ["gas"])]
    >>> result = related_briefs(briefs[1], briefs, 3)
    >>> picks = RelatedPicks.picks(result, briefs[1], briefs, 3)
    >>> picks
    [2, 0]
    >>> RelatedPicks.made_from(picks, briefs[1], briefs, 3) == (
    ...     briefs[1], [entry.brief for entry in result])
    True
    >>> again = [brief(1, ["oil"]), brief(2, ["oil", "gas"]), brief(3, ["gas"])]
    >>> RelatedPicks.inputs(again[1], again, 3) == RelatedPicks.inputs(briefs[1], briefs, 3)
    True
    >>> changed = [brief(1, []), brief(2, ["oil", "gas"]), brief(3, ["gas"])]
    >>> RelatedPicks.inputs(changed[1], changed, 3) == RelatedPicks.inputs(briefs[1], briefs, 3)
    False
    """

    @staticmethod
    def inputs(brief: Any, briefs: Any, limit: int = 3) -> str | None:
        """A digest of everything the picks for ``brief`` among ``briefs`` depend on
        (None when it cannot be told)."""
        if not isinstance(briefs, list):
            return None
        index = _index(briefs)
        listed = index.inputs()
        if listed is None:
            return None
        place = index.place(brief)
        query = (("at", place) if place is not None
                 else ("outside", _pick_inputs(brief, _keys(brief))))
        return hashlib.sha256(repr((listed, limit, query)).encode("utf-8")).hexdigest()

    @staticmethod
    def picks(result: list[Related], brief: Any, briefs: Any, limit: int = 3
              ) -> list[int] | None:
        """Where each brief of ``result`` is in ``briefs`` (None when one is not there)."""
        if not isinstance(briefs, list):
            return None
        index = _index(briefs)
        places = [index.place(entry.brief) for entry in result]
        return None if None in places else places  # type: ignore[return-value]

    @staticmethod
    def made_from(picks: list[int], brief: Any, briefs: Any, limit: int = 3
                  ) -> tuple[Any, list[Any]]:
        """What :func:`related_briefs`' result is made of when it picks the briefs at
        ``picks``: ``brief`` and those briefs (:func:`_related` reads nothing else)."""
        return brief, [briefs[place] for place in picks]


related_briefs.kept_picks = RelatedPicks  # type: ignore[attr-defined]


def adjacent_briefs(brief: Any, briefs: Iterable[Any]) -> Adjacent:
    """The briefs just newer and just older than ``brief`` among ``briefs`` (by date), as
    a page links to them: each a :class:`Neighbour` (URL and title).

    Gives an :class:`Adjacent`; either side is ``None`` at the ends of the archive
    (and both when ``brief`` is not among ``briefs``). A page that shows its neighbours
    this way depends on their URLs and titles only (see :mod:`briefs.pagecache`): an
    edit to a neighbour's text leaves it as it was.
    """
    near = _index(briefs).adjacent(brief)
    return Adjacent(*(None if other is None else Neighbour(other.url, other.title)
                      for other in near))


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
