"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) for briefs.

Each item has ``id``, ``url``, ``title``, ``content_html``, ``summary``,
``date_published``, ``date_modified``, ``authors`` and ``tags``, and an
``_assay`` extension object with the brief's highlights, its citation(s), the
house view and the reading time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin

from pelican.utils import set_date_tzinfo

from briefs.render import plain_text

from .content import citation_record

VERSION = "https://jsonfeed.org/version/1.1"


def absolute(site_url: str, path: str) -> str:
    """``path`` (a site-relative URL such as ``2025/09/x/``) joined to ``site_url``.

    >>> absolute("https://assay.example.org", "2025/09/x/")
    'https://assay.example.org/2025/09/x/'
    >>> absolute("https://h.example/sub", "feeds/all.json")
    'https://h.example/sub/feeds/all.json'
    >>> absolute("", "feeds/all.json")
    '/feeds/all.json'
    """
    return urljoin(site_url.rstrip("/") + "/", path)


def _timestamp(value: Any, timezone: str | None) -> str:
    return set_date_tzinfo(value, timezone).isoformat()


def feed_item(brief: Any, *, site_url: str, content_html: str,
              timezone: str | None) -> dict[str, Any]:
    """The JSON Feed item of ``brief``; takes its rendered ``content_html``."""
    url = absolute(site_url, brief.url)
    published = _timestamp(brief.date, timezone)
    modified = getattr(brief, "modified", None)
    citations = [citation_record(c) for c in getattr(brief, "citations", None) or ()]
    view = getattr(brief, "view", None)
    extension: dict[str, Any] = {
        "highlights": [{"text": plain_text(h.html), "html": h.html}
                       for h in getattr(brief, "highlights", None) or ()],
        "citation": citations[0] if citations else None,
        "citations": citations,
        "reading_time_minutes": getattr(brief, "reading_time", None),
    }
    if view is not None:
        extension["view"] = {"label": view.label, "title": view.title, "html": view.html}
    corrections = getattr(brief, "corrections", None) or []
    if corrections:
        extension["corrections"] = [{"date": c.date.isoformat(), "html": c.html}
                                    for c in corrections]
    return {
        "id": url,
        "url": url,
        "title": plain_text(brief.title),
        "content_html": content_html,
        "summary": plain_text(getattr(brief, "summary", "") or ""),
        "date_published": published,
        "date_modified": _timestamp(modified, timezone) if modified else published,
        "authors": [{"name": str(a), "url": absolute(site_url, a.url)}
                    for a in getattr(brief, "authors", None) or ()],
        "tags": [str(t) for t in getattr(brief, "tags", None) or ()],
        "language": getattr(brief, "lang", None) or "en",
        "_assay": extension,
    }


def json_feed(briefs: Iterable[Any], *, settings: dict[str, Any], feed_path: str,
              title: str, content: Callable[[Any], str]) -> dict[str, Any]:
    """A whole JSON Feed document.

    Takes the briefs (newest first), the settings, the feed's path in the output
    folder, its title, and a function giving the content HTML of a brief.
    """
    site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    timezone = settings.get("TIMEZONE")
    limit = settings.get("FEED_MAX_ITEMS")
    items = [feed_item(b, site_url=site_url, content_html=content(b), timezone=timezone)
             for b in list(briefs)[:limit]]
    document: dict[str, Any] = {
        "version": VERSION,
        "title": title,
        "home_page_url": absolute(site_url, ""),
        "feed_url": absolute(site_url, feed_path),
        "description": settings.get("SITESUBTITLE", ""),
        "language": settings.get("DEFAULT_LANG", "en"),
        "authors": [{"name": settings["AUTHOR"]}] if settings.get("AUTHOR") else [],
        "items": items,
    }
    if not document["authors"]:
        del document["authors"]
    return document


def dumps(document: dict[str, Any]) -> str:
    """``document`` as JSON text (UTF-8, indented, with a final newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
