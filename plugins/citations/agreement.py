"""Whether a brief's text agrees with its citations about which source it discusses.

Two things are checked in the body and the highlights:

* a *citing phrase* that names a registered outlet the brief does not cite
  ("a Reuters report", "Bloomberg reported", "according to the FT"); only such
  phrases count, so ordinary prose that merely mentions an outlet is left alone;
* a link to a cited outlet's site whose address is not the cited article's.

Outlet names are matched as written in the registry (case-sensitively, spacing
free), which keeps common words from being read as outlets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefs.model import Brief, Citation
from briefs.problems import Problem

from .markdown_text import Locator, find_links, mask
from .outlets import Outlet, Registry, outlet_key
from .urls import clean_url, host_of, page_key

_ADJECTIVE = (
    r"(?:new|recent|latest|separate|earlier|later|original|exclusive|detailed|lengthy|"
    r"widely[- ](?:cited|shared|read)|front-page|long-form|opinion)"
)
_NOUN = (
    r"(?:piece|article|report|reporting|story|op-ed|column|analysis|investigation|editorial|"
    r"feature|interview|explainer|newsletter|dispatch|write-up|exclusive|scoop|coverage)"
)
_VERB = (
    r"(?:reported|reports|wrote|writes|said|says|noted|notes|claimed|claims|revealed|reveals|"
    r"quoted|quotes|cited|cites|published|publishes|disclosed|discloses|observed|observes|"
    r"argued|argues|explained|explains|added|adds|found|finds)"
)
_AUXILIARY = r"(?:has|had|also|first|later|previously|recently|exclusively|separately|then|last)"

_ARTICLE_BEFORE = re.compile(rf"(?i:\b(?:a|an|the|this|that|one)\s+(?:{_ADJECTIVE}\s+)?)$")
_NOUN_AFTER = re.compile(rf"(?i:\s+(?:{_ADJECTIVE}\s+)?{_NOUN}s?\b)")
_POSSESSIVE_AFTER = re.compile(rf"(?:['’]s?)(?i:\s+(?:{_ADJECTIVE}\s+)?{_NOUN}s?\b)")
_VERB_AFTER = re.compile(rf"(?i:\s+(?:{_AUXILIARY}\s+){{0,2}}{_VERB}\b)")
_SOURCE_BEFORE = re.compile(
    r"(?i:\b(?:according\s+to|(?:reported|published|written|broken|quoted|cited)\s+"
    r"(?:by|in)|writing\s+(?:in|for)|told)\s+(?:the\s+)?)$"
)
_CAPITALIZED_BEFORE = re.compile(r"\b([A-Z][\w'’.-]*)\s+$")
# Capitalized words that may stand right before an outlet's name without being part of it.
_OPENERS = frozenset(
    {
        "A", "An", "And", "As", "At", "But", "By", "Both", "Earlier", "Even", "For", "However",
        "In", "Indeed", "Last", "Later", "Meanwhile", "Now", "On", "Or", "Previously", "Recently",
        "Separately", "Similarly", "Since", "So", "Still", "That", "The", "Then", "This", "Today",
        "When", "While", "Yesterday", "Yet",
    }
)
_CONTEXT = 80


@dataclass(frozen=True)
class Mention:
    """An outlet named in a citing phrase: the outlet, the name as written, and where."""

    outlet: Outlet
    written: str
    line: int
    column: int


#: The last registry asked about and its pattern (a build has one registry; its names
#: are gathered and hashed once, not for every text).
_last_pattern: list[Any] = [None, None]


def _name_pattern(registry: Registry) -> re.Pattern[str] | None:
    """The pattern of :func:`_names_pattern` for the names of ``registry``."""
    if _last_pattern[0] is not registry:
        _last_pattern[:] = [registry, _names_pattern(tuple(registry.names()))]
    return _last_pattern[1]


@functools.lru_cache(maxsize=8)
def _names_pattern(all_names: tuple[str, ...]) -> re.Pattern[str] | None:
    """The pattern matching any of ``all_names`` not followed by a word character or
    ``&`` (made once per registry); :func:`_whole_names` checks what comes before.

    The check before a name is not in the pattern: a pattern that starts with a
    lookbehind is tried at every position of a text, one that starts with the names
    only where a name's first letter is (several times faster over a brief).
    """
    names = sorted({n for n in all_names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    parts = []
    for name in names:
        words = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in name.split()]
        parts.append(r"\s+".join(words))
    return re.compile(rf"(?:{'|'.join(parts)})(?![\w&])")


def _joins_name(character: str) -> bool:
    """Whether ``character`` before a name makes it part of a longer word: a word
    character (as ``\\w`` matches) or ``&``.

    >>> [_joins_name(c) for c in "aé_9& -("]
    [True, True, True, True, True, False, False, False]
    """
    return character.isalnum() or character in "_&"


def _whole_names(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` (:func:`_names_pattern`) in ``text`` that no word
    character or ``&`` comes right before, in order and not overlapping: what
    ``finditer`` gives for the pattern led by the lookbehind ``(?<![\\w&])``. A match
    so joined is passed over by one character, so a name that starts inside it is
    still found.

    >>> pattern = _names_pattern(("Le Monde", "Monde"))
    >>> [(m.start(), m.group(0)) for m in _whole_names(pattern, "Le Monde; XLe Monde")]
    [(0, 'Le Monde'), (14, 'Monde')]
    """
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and _joins_name(text[start - 1]):
            position = start + 1
            continue
        yield match
        position = match.end()


def _part_of_longer_name(before: str) -> bool:
    """Whether the text right before a name ends in a capitalized word that is not an opener."""
    match = _CAPITALIZED_BEFORE.search(before)
    return bool(match) and match.group(1) not in _OPENERS


def _is_citing(before: str, after: str, written: str) -> bool:
    if _ARTICLE_BEFORE.search(before) and _NOUN_AFTER.match(after):
        return True
    if _SOURCE_BEFORE.search(before):
        return True
    if _part_of_longer_name(before):
        return False
    possessive = _POSSESSIVE_AFTER.match(after)
    if possessive and (possessive.group(0)[1:2] == "s" or written.endswith("s")):
        return True
    return bool(_VERB_AFTER.match(after))


def outlet_mentions(
    markdown: str, registry: Registry, *, first_line: int = 1, first_column: int = 1
) -> list[Mention]:
    """The registered outlets named in citing phrases of ``markdown``, in order.

    ``first_line`` and ``first_column`` say where the text starts in its file.

    >>> reg = Registry((Outlet("Reuters", "reuters"),))
    >>> [(m.written, m.line) for m in outlet_mentions("Hi.\\nAs Reuters reported, no.", reg)]
    [('Reuters', 2)]
    >>> outlet_mentions("Shares of Reuters rose.", reg)
    []
    """
    pattern = _name_pattern(registry)
    if pattern is None:
        return []
    text = mask(markdown)
    locate = Locator(text, first_line, first_column)
    found: list[Mention] = []
    for match in _whole_names(pattern, text):
        before = text[max(0, match.start() - _CONTEXT) : match.start()]
        after = text[match.end() : match.end() + _CONTEXT]
        outlet = registry.lookup(match.group(0))
        if outlet is not None and _is_citing(before, after, match.group(0)):
            line, column = locate.at(match.start())
            found.append(Mention(outlet, " ".join(match.group(0).split()), line, column))
    return found


def _texts(brief: Brief) -> Iterator[tuple[str, int, int]]:
    """The brief's Markdown texts with where each starts: the body, then each highlight."""
    yield brief.body, brief.body_line, 1
    for index, highlight in enumerate(brief.highlights):
        line, column = brief.lines.get(f"highlights.{index}", (0, 1))
        yield highlight.text, line, column


def _cited(citations: list[Citation], registry: Registry) -> list[str]:
    names: list[str] = []
    for citation in citations:
        if isinstance(citation.publication, str) and citation.publication.strip():
            name = registry.canonical(citation.publication)
            if name not in names:
                names.append(name)
    return names


def _hosts(citation: Citation, registry: Registry) -> set[str]:
    hosts: set[str] = set()
    outlet = registry.lookup(citation.publication) if citation.publication else None
    if outlet is not None and outlet.host:
        hosts.add(outlet.host)
    if citation.url and (host := host_of(citation.url)):
        hosts.add(host)
    return hosts


def check_agreement(brief: Brief, registry: Registry) -> list[Problem]:
    """Warnings where the brief's text names or links a source its citations do not match.

    Takes a brief and the outlet registry; gives one warning per citing phrase
    naming an uncited registered outlet, and one per link to a cited outlet's
    site that is not the cited article (tracking parameters, scheme, ``www.``,
    trailing slash and fragment aside; links to the outlet's front page pass).
    """
    problems: list[Problem] = []
    cited = _cited(brief.citations, registry)
    cited_keys = {outlet_key(name) for name in cited}
    by_host: dict[str, list[Citation]] = {}
    for citation in brief.citations:
        for host in _hosts(citation, registry):
            by_host.setdefault(host, []).append(citation)

    for text, first_line, first_column in _texts(brief):
        for mention in outlet_mentions(text, registry, first_line=first_line,
                                       first_column=first_column):
            if outlet_key(mention.outlet.name) in cited_keys:
                continue
            cites = ", ".join(cited) if cited else "no source"
            problems.append(Problem(
                brief.path, mention.line, mention.column, "warning",
                f"the text names {mention.written!r} as a source, but the brief cites {cites}",
                f"cite {mention.outlet.name} too, or correct the outlet named",
            ))

        locate = Locator(text, first_line, first_column)
        for link in find_links(text):
            host = host_of(link.url)
            candidates = by_host.get(host or "", [])
            if not candidates or page_key(link.url) == host:
                continue
            urls = [c.url for c in candidates if c.url]
            if any(page_key(link.url) == page_key(url) for url in urls):
                continue
            line, column = locate.at(link.offset)
            if urls:
                message = f"link to {host} is not the cited article"
                hint = f"the citation's url is {urls[0]}"
            else:
                message = f"link to {host}, but the citation gives no url"
                hint = f"add url: {clean_url(link.url)} to the citation"
            problems.append(Problem(brief.path, line, column, "warning", message, hint))
    return problems
