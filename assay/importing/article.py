"""Recognise a brief in a single article's text: highlights, lede, sections, view, citation.

``parse_article(text, sections=..., view_label=...)`` takes the text of an article
in the house format (as scraped, after text repair; HTML converted to Markdown
first) and gives an :class:`Article` with each part, and notes of what it could not
find.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .citation_line import CitationLine, is_citation_line, parse_citation_line

_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_HIGHLIGHTS = re.compile(r"^\s*#*\s*(?:key\s+)?highlights\s*:?\s*$", re.I)
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of",
                          "on", "or", "the", "to", "vs", "via", "with"})
_SUBORDINATE = re.compile(r"^(?:despite|although|though|while|after|as|amid|following|"
                          r"with|even as|since|because)\b", re.I)


@dataclass
class Article:
    """The parts of one article; ``notes`` say what needs a human decision."""

    highlights: list[str] = field(default_factory=list)
    lede: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    view_title: str | None = None
    view_body: list[str] = field(default_factory=list)
    citation: CitationLine | None = None
    notes: list[str] = field(default_factory=list)

    def body(self) -> str:
        """The Markdown body: the lede, then each section under its heading."""
        parts = ["\n\n".join(self.lede)]
        for title, paragraphs in self.sections:
            parts.append(f"## {title}\n\n" + "\n\n".join(paragraphs))
        return "\n\n".join(p for p in parts if p) + "\n"


def tidy_spaces(line: str) -> str:
    """Collapse runs of spaces and no-break spaces (left by removed residue) into one.

    >>> tidy_spaces("a piece. \\u00a0 Beijing  still")
    'a piece. Beijing still'
    """
    return _SPACES.sub(" ", line).strip()


def _heading(line: str) -> str:
    return line.strip().lstrip("#").strip().rstrip(":").strip()


def parse_article(text: str, *, sections: Sequence[str], view_label: str) -> Article:
    """The parts of an article in the house format (see the module docstring)."""
    article = Article()
    house = {s.casefold(): s for s in sections}
    view_prefix = view_label.casefold() + ":"
    target: list[str] = article.lede
    in_highlights = False
    for raw in text.splitlines():
        line = tidy_spaces(raw)
        if not line:
            continue
        if _HIGHLIGHTS.match(line):
            in_highlights = True
            continue
        if in_highlights and _BULLET.match(line):
            article.highlights.append(_BULLET.sub("", line))
            continue
        in_highlights = False
        heading = _heading(line)
        if heading.casefold() in house:
            target = []
            article.sections.append((house[heading.casefold()], target))
        elif heading.casefold().startswith(view_prefix):
            article.view_title = heading[len(view_prefix):].strip()
            target = article.view_body
        elif is_citation_line(line):
            article.citation = parse_citation_line(line)
            target = []  # anything after the citation is page chrome
        elif line.startswith("#"):
            target = []
            article.sections.append((heading, target))
            article.notes.append(f"Section {heading!r} is not a house section; keep or rename it.")
        else:
            target.append(line)
    _note_missing(article, sections)
    return article


def _note_missing(article: Article, sections: Sequence[str]) -> None:
    if not article.highlights:
        article.notes.append("No highlights were found; add two to six.")
    if not article.lede:
        article.notes.append("No lede was found before the first section.")
    found = {title for title, _ in article.sections}
    for section in sections:
        if section not in found:
            article.notes.append(f"The house section {section!r} was not found.")
    if not article.view_title:
        article.notes.append("The house view was not found; add 'view:'.")
    if article.citation is None:
        article.notes.append("No citation line was found; add 'citation:'.")
    elif article.citation.ambiguous:
        article.notes.append("The citation's date could be read two ways; check it.")


def derive_title(lede: str) -> str | None:
    """A headline from the lede's first sentence: its main clause, in title case.

    >>> derive_title("Despite high-level meetings in Beijing, the U.S.–China rare earths "
    ...              "dispute remains unresolved. Representative Adam Smith said so.")
    'U.S.–China Rare Earths Dispute Remains Unresolved'
    """
    if not lede.strip():
        return None
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", lede.strip(), maxsplit=1)[0]
    sentence = sentence.rstrip(".!?")
    if _SUBORDINATE.match(sentence) and "," in sentence:
        sentence = sentence.split(",", 1)[1].strip()
    words = sentence.split()
    if words and words[0].lower() in {"the", "a", "an"} and len(words) > 1:
        words = words[1:]
    titled = []
    for index, word in enumerate(words):
        if any(c.isupper() for c in word) or not word[:1].isalpha():
            titled.append(word)
        elif index and word.lower() in _SMALL_WORDS:
            titled.append(word.lower())
        else:
            titled.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    title = " ".join(titled)
    return title if 3 <= len(title) <= 120 else None


def default_date(citation: CitationLine | None) -> datetime.date | None:
    """The day after the cited article: the house publishes its briefs the next day."""
    if citation is None or citation.date is None:
        return None
    return citation.date + datetime.timedelta(days=1)
