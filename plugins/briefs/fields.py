"""Field processors: each turns one raw front-matter value into a typed value or fails.

A processor takes the raw value and gives the converted value; on bad input it
raises :class:`FieldError` with a message and a fix-it hint. The schema
(:mod:`briefs.schema`) attaches file, line and column.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

#: Longest title and slug accepted; longer ones are almost always a paste accident.
MAX_TITLE_LENGTH = 200
MAX_SLUG_LENGTH = 80
MAX_TEXT_LENGTH = 2_000

# Bidirectional overrides and isolates, and zero-width characters other than ZWJ in
# emoji: invisible characters that can make a title or slug read differently from
# what it is.
_INVISIBLE = re.compile("[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FieldError(ValueError):
    """A value that does not fit its field; ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str | None = None):
        self.message = message
        self.hint = hint
        super().__init__(message)


def type_name(value: Any) -> str:
    """The YAML word for the type of ``value``.

    >>> type_name([1]), type_name({}), type_name(3), type_name(None)
    ('a list', 'a mapping', 'a number', 'nothing')
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def text(value: Any, *, max_length: int = MAX_TEXT_LENGTH, visible: bool = False) -> str:
    """Non-empty text, stripped, at most ``max_length`` characters.

    With ``visible``, bidi overrides and zero-width characters are refused.

    >>> text("  A title ")
    'A title'
    >>> text(12)
    Traceback (most recent call last):
    ...
    briefs.fields.FieldError: expected text, found a number
    """
    if not isinstance(value, str):
        raise FieldError(f"expected text, found {type_name(value)}",
                         "put the value in quotes" if isinstance(value, int | float) else None)
    value = value.strip()
    if not value:
        raise FieldError("is empty", "write a value or remove the field")
    if len(value) > max_length:
        raise FieldError(f"is {len(value)} characters long (at most {max_length})",
                         "shorten it")
    if visible and (found := _INVISIBLE.search(value)):
        name = unicodedata.name(found.group(), f"U+{ord(found.group()):04X}")
        raise FieldError(f"contains the invisible character {name}",
                         "retype the text without it; it can make text read differently "
                         "from what it is")
    return value


def title(value: Any) -> str:
    """A title: visible text of at most :data:`MAX_TITLE_LENGTH` characters."""
    return text(value, max_length=MAX_TITLE_LENGTH, visible=True)


def slug(value: Any) -> str:
    """A URL slug: lowercase letters, digits and single hyphens.

    >>> slug("rare-earths-2025")
    'rare-earths-2025'
    >>> slug("../etc")
    Traceback (most recent call last):
    ...
    briefs.fields.FieldError: '../etc' is not a slug
    """
    value = text(value, max_length=MAX_SLUG_LENGTH, visible=True)
    if not _SLUG.match(value):
        raise FieldError(f"{value!r} is not a slug",
                         "use lowercase letters, digits and hyphens, e.g. 'rare-earths-dispute'")
    return value


def text_list(value: Any, *, visible: bool = False, max_length: int = 100) -> list[str]:
    """A list of texts; a single text is taken as a list of one.

    >>> text_list("China"), text_list(["rare earths", "China"])
    (['China'], ['rare earths', 'China'])
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise FieldError(f"expected a list of text, found {type_name(value)}",
                         "write [first, second] or one '- item' per line")
    result = []
    for number, item in enumerate(items, start=1):
        try:
            result.append(text(item, visible=visible, max_length=max_length))
        except FieldError as exc:
            raise FieldError(f"item {number} {exc.message}", exc.hint) from None
    return result


def date(value: Any) -> datetime.date:
    """A calendar date written YYYY-MM-DD.

    >>> date("2025-09-23")
    datetime.date(2025, 9, 23)
    >>> date("2025-02-30")
    Traceback (most recent call last):
    ...
    briefs.fields.FieldError: impossible date 2025-02-30: day is out of range for month
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise FieldError(f"expected a date YYYY-MM-DD, found {value!r}",
                         "write the date as 2025-09-23")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FieldError(f"impossible date {value.strip()}: {exc}",
                         "check the day and month") from None


def moment(value: Any) -> datetime.datetime:
    """A date with optional time and zone (ISO 8601), as a datetime.

    >>> moment("2025-09-24")
    datetime.datetime(2025, 9, 24, 0, 0)
    >>> moment("2025-09-24T08:30+02:00").isoformat()
    '2025-09-24T08:30:00+02:00'
    """
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    if isinstance(value, str) and _DATE.match(value.strip()):
        return datetime.datetime.combine(date(value), datetime.time())
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value.strip()):
        raise FieldError(f"expected a date YYYY-MM-DD (time optional), found {value!r}",
                         "write e.g. 2025-09-24 or 2025-09-24T08:30+02:00")
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise FieldError(f"impossible date {value.strip()}: {exc}",
                         "check the day, month and time") from None


def url(value: Any) -> str:
    """An absolute http(s) URL; any other scheme is refused.

    >>> url("https://example.com/a?b=1")
    'https://example.com/a?b=1'
    >>> url("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    briefs.fields.FieldError: 'javascript:alert(1)' is not an http(s) address
    """
    value = text(value, max_length=2_000, visible=True)
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", value, re.IGNORECASE):
        raise FieldError(f"{value!r} is not an http(s) address",
                         "write the full address, starting with https://")
    return value


def one_of(value: Any, choices: tuple[str, ...]) -> str:
    """One of ``choices``.

    >>> one_of("draft", ("published", "draft"))
    'draft'
    """
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise FieldError(f"{value!r} is not one of {listed}", f"write one of {listed}")
    return value
