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
from collections.abc import Iterable
from typing import Any, NamedTuple

from jinja2 import pass_context
from markupsafe import Markup

WORDS_PER_MINUTE = 230
#: The theme's card of a brief in a listing.
CARD_TEMPLATE = "partials/brief_card.html"


def long_date(value: datetime.date) -> str:
    """A date as "September 23, 2025"."""
    return f"{value:%B} {value.day}, {value.year}"


def reading_time(*html_parts: str) -> int:
    """Minutes to read the given HTML fragments, at least 1."""
    words = sum(len(re.sub(r"<[^>]+>", " ", part).split()) for part in html_parts)
    return max(1, round(words / WORDS_PER_MINUTE))


@pass_context
def brief_card(context: Any, article: Any) -> Markup:
    """The listing card of ``article`` (the theme's ``partials/brief_card.html`` rendered
    with the page's context): rendered once per build and site URL, then the same HTML
    on every listing that shows the brief.

    A card shows the brief and the settings only, so it is the same on every page;
    the page cache keeps it for the next build too (``Fragments``), under the digest
    of the brief, the settings, the theme and the code. A batch of pages may have its
    cards made before its pages (:mod:`briefs.cards`).
    """
    from .pagecache import fragments

    site_url = context.get("SITEURL")
    found = known_card(context.environment, article, site_url)
    if found is not None:
        return found
    store = fragments()
    kept_as = store.key("card", article, site_url) if store is not None else None
    kept = store.get(kept_as) if kept_as is not None else None
    if kept is not None:
        html = kept if isinstance(kept, Markup) else Markup(kept)
    else:
        html = render_card(context, article)
        _counts["on pages"] += 1
        if kept_as is not None:
            store.put(kept_as, html)
    _cards(context.environment)[(id(article), site_url)] = (article, html)
    return html


#: Cards this process rendered on their pages since :func:`cards_rendered_on_pages` was
#: last asked (for the build's report).
_counts = {"on pages": 0}


def cards_rendered_on_pages() -> int:
    """How many cards this process rendered on their pages since it was last asked."""
    count, _counts["on pages"] = _counts["on pages"], 0
    return count


def render_card(context: Any, article: Any) -> Markup:
    """The card of ``article`` rendered afresh from the template ``context`` (a Jinja
    context: the page's, or one made from the shared context alone)."""
    template = context.environment.get_template(CARD_TEMPLATE)
    return Markup(template.render({**context.get_all(), "article": article}))


def _cards(environment: Any) -> dict[tuple[int, Any], tuple[Any, Markup]]:
    """The cards made this build by ``environment``'s templates, by brief and site URL."""
    return environment.__dict__.setdefault("_assay_cards", {})


def known_card(environment: Any, article: Any, site_url: Any) -> Markup | None:
    """The card of ``article`` at ``site_url`` made this build, if it was."""
    found = _cards(environment).get((id(article), site_url))
    return found[1] if found is not None and found[0] is article else None


def remember_card(environment: Any, article: Any, site_url: Any, html: str) -> None:
    """Take ``html`` as the card of ``article`` at ``site_url`` for the rest of the
    build (and keep it for the next, as :func:`brief_card` does): one copy, which the
    fragment store and every environment's cards share."""
    from .pagecache import fragments

    store = fragments()
    kept_as = store.key("card", article, site_url) if store is not None else None
    card = Markup(html)
    if kept_as is not None:
        store.put(kept_as, card)
    _cards(environment)[(id(article), site_url)] = (article, card)


class BriefRow(NamedTuple):
    """What a compact listing (the archive) shows of a brief: its date (and that date as
    the site writes it), its URL and its title."""

    date: Any
    locale_date: str
    url: str
    title: str


def brief_rows(briefs: Iterable[Any]) -> list[BriefRow]:
    """A :class:`BriefRow` for each of ``briefs``, in order.

    A page that lists briefs through their rows depends on those only (see
    :mod:`briefs.pagecache`): an edit to a brief's text leaves the archive as it was.

    >>> from types import SimpleNamespace as NS
    >>> day = datetime.date(2025, 9, 23)
    >>> brief_rows([NS(date=day, locale_date="Sep 23", url="b/", title="B", body="...")])
    [BriefRow(date=datetime.date(2025, 9, 23), locale_date='Sep 23', url='b/', title='B')]
    """
    return [BriefRow(b.date, b.locale_date, b.url, b.title) for b in briefs]


def term_counts(terms: Iterable[tuple[Any, Any]]) -> list[tuple[Any, int]]:
    """Each (topic or author, its briefs) pair of ``terms`` as (topic or author, how many
    briefs), in order: what a list of topics or authors shows, so such a page depends on
    the counts only.

    >>> term_counts([("nickel", ["a", "b"]), ("cobalt", ["c"])])
    [('nickel', 2), ('cobalt', 1)]
    """
    return [(term, len(briefs)) for term, briefs in terms]


FILTERS = {"long_date": long_date, "brief_card": brief_card, "brief_rows": brief_rows,
           "term_counts": term_counts}
