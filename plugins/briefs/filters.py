"""Template filters, all in one module; the plugin adds them to every generator.

>>> import datetime
>>> long_date(datetime.date(2025, 9, 23))
'September 23, 2025'
>>> reading_time("<p>" + "word " * 450 + "</p>")
2
"""

from __future__ import annotations

import datetime
import re

WORDS_PER_MINUTE = 230


def long_date(value: datetime.date) -> str:
    """A date as "September 23, 2025"."""
    return f"{value:%B} {value.day}, {value.year}"


def reading_time(*html_parts: str) -> int:
    """Minutes to read the given HTML fragments, at least 1."""
    words = sum(len(re.sub(r"<[^>]+>", " ", part).split()) for part in html_parts)
    return max(1, round(words / WORDS_PER_MINUTE))


FILTERS = {"long_date": long_date}
