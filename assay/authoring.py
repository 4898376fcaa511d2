"""``assay new``: a brief skeleton with every field of the contract and the house sections."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from .sourcefile import brief_source


def skeleton(title: str, today: datetime.date, *, sections: Sequence[str], view_label: str,
             author: str | None) -> str:
    """The source of a new brief titled ``title``, dated ``today``, as a draft to fill in.

    >>> text = skeleton("A New Brief", datetime.date(2025, 10, 1), sections=["Facts"],
    ...                 view_label="REEx View", author="REEx Editorial")
    >>> "status: draft" in text and "## Facts" in text and "title: A New Brief" in text
    True
    """
    fields = {
        "title": title,
        "date": today,
        "authors": [author] if author else [],
        "topics": [],
        "summary": "One sentence that says what the brief finds.",
        "status": "draft",
        "highlights": ["The first point, in one sentence.",
                       "The second point, in one sentence."],
        "citation": {
            "author": "Author of the critiqued article",
            "publication": "Outlet",
            "date": today,
            "title": "Headline of the critiqued article",
            "url": "https://example.com/the-article",
        },
        "view": {"title": f"Title of the {view_label}",
                 "body": "What the house thinks, in a paragraph or two.\n"},
    }
    body = "The lede: what the article claims and what this brief finds.\n"
    for section in sections:
        body += f"\n## {section}\n\n...\n"
    return brief_source(fields, body)
