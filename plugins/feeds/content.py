"""What a feed item says about a brief: its highlights, its body, the house view and the citation.

The HTML comes from the theme's ``partials/feed_item.html`` (setting
``FEEDS_ITEM_TEMPLATE``), rendered with the site's own Jinja environment so that
the citation reads exactly as on the brief's page.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from markupsafe import Markup

DEFAULT_TEMPLATE = "partials/feed_item"

#: The "#" permalinks Markdown's toc extension adds to headings: noise in a feed reader.
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', flags=re.DOTALL)


def strip_headerlinks(html: str) -> str:
    """``html`` without the heading permalinks.

    >>> strip_headerlinks('<h2 id="x">Facts<a class="headerlink" href="#x" title="Link">#</a></h2>')
    '<h2 id="x">Facts</h2>'
    """
    return _HEADERLINK.sub("", html)


def iso_day(value: datetime.date | None) -> str | None:
    """A date as ``YYYY-MM-DD`` (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def render_item(generator: Any, brief: Any, *, full: bool, site_url: str) -> str:
    """The feed HTML of ``brief``, rendered with ``generator``'s theme.

    Takes the article generator (for its Jinja environment and context), the
    brief, whether to include the whole body (``full``) or only highlights,
    summary and citation, and the site URL the links are made absolute with.
    Gives an HTML fragment.
    """
    name = generator.settings.get("FEEDS_ITEM_TEMPLATE", DEFAULT_TEMPLATE)
    template = generator.get_template(name)
    body = strip_headerlinks(brief.get_content(site_url)) if full else ""
    context = dict(generator.context)
    context.update(article=brief, body=Markup(body), full=full, SITEURL=site_url)
    return template.render(context).strip()


def citation_record(citation: Any) -> dict[str, Any]:
    """One citation as plain JSON values (dates as ``YYYY-MM-DD``, absent fields left out)."""
    record = {
        "publication": citation.publication,
        "author": getattr(citation, "author", None),
        "title": getattr(citation, "title", None),
        "date": iso_day(getattr(citation, "date", None)),
        "url": getattr(citation, "url", None),
        "archive_url": getattr(citation, "archive_url", None),
        "accessed": iso_day(getattr(citation, "accessed", None)),
    }
    return {key: value for key, value in record.items() if value is not None}
