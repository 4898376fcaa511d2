"""Read a citation line such as "Hannah Collymore, Cryptopolitan, September 23, 2025."."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
#: Date forms at the end of a citation line, most specific first.
_DATES = [
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}",
    r"\d{4}-\d{2}-\d{2}",
    r"\d{4}/\d{1,2}/\d{1,2}",
    r"\d{1,2}/\d{1,2}/\d{4}",
    r"\d{1,2}\.\d{1,2}\.\d{4}",
]
_PREFIX = re.compile(r"^\s*(?:citation|source|cited article|original article)\s*:\s*", re.I)
_TITLE = re.compile(r"[“\"]([^”\"]+?)[,.]?[”\"]")


@dataclass(frozen=True)
class CitationLine:
    """What a citation line says; ``ambiguous`` when the date could be read two ways."""

    publication: str | None
    date: datetime.date | None
    author: str | None = None
    title: str | None = None
    ambiguous: bool = False


def is_citation_line(line: str) -> bool:
    """True for a line that starts with "Citation:" (or "Source:").

    >>> is_citation_line("Citation: Hannah Collymore, Cryptopolitan, September 23, 2025.")
    True
    """
    return bool(_PREFIX.match(line))


def parse_citation_line(line: str) -> CitationLine:
    """The author, outlet, headline and date of a citation line.

    >>> parse_citation_line("Citation: Hannah Collymore, Cryptopolitan, September 23, 2025.")
    CitationLine(publication='Cryptopolitan', date=datetime.date(2025, 9, 23), \
author='Hannah Collymore', title=None, ambiguous=False)
    >>> c = parse_citation_line('Jane Roe, “Rare earths, again,” Reuters, 3 Oct. 2025')
    >>> c.author, c.title, c.publication, c.date
    ('Jane Roe', 'Rare earths, again', 'Reuters', datetime.date(2025, 10, 3))
    >>> parse_citation_line("Bloomberg, 04/05/2025").ambiguous
    True
    """
    text = _PREFIX.sub("", line).strip().rstrip(".").strip()
    date, ambiguous = None, False
    for pattern in _DATES:
        match = re.search(rf"(?:^|,\s*|\s)({pattern})\s*$", text, re.I)
        if match:
            raw = match.group(1)
            date = dateparser.parse(raw.replace(".", " ") if "." in raw and "/" not in raw
                                    and not re.fullmatch(r"[\d.]+", raw) else raw,
                                    dayfirst=bool(re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", raw)),
                                    ).date()
            numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.]\d{4}", raw)
            ambiguous = bool(numeric and int(numeric.group(1)) <= 12
                             and int(numeric.group(2)) <= 12 and numeric.group(1)
                             != numeric.group(2))
            text = text[: match.start(1)].rstrip(" ,")
            break
    title = None
    if found := _TITLE.search(text):
        title = found.group(1).strip()
        text = (text[: found.start()] + text[found.end():]).strip()
    parts = [part.strip() for part in text.split(",") if part.strip()]
    author = parts[0] if len(parts) >= 2 else None
    publication = parts[-1] if parts else None
    return CitationLine(publication, date, author, title, ambiguous)
