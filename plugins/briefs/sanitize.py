"""Make rendered HTML inert: an allowlist of tags, attributes and URL schemes (nh3).

Markdown lets authors (and importers) write raw HTML; whatever they write, no
script, event handler, ``javascript:`` or ``data:`` URL reaches a page.

>>> clean_html('<p onclick="x()">Hi<script>alert(1)</script></p>')
'<p>Hi</p>'
>>> clean_html('<a href="javascript:alert(1)">x</a> <a href="https://a.example/">y</a>')
'<a rel="noopener noreferrer">x</a> <a href="https://a.example/" rel="noopener noreferrer">y</a>'
>>> clean_html('<h2 id="facts">Facts<a class="headerlink" href="#facts">#</a></h2>')
'<h2 id="facts">Facts<a class="headerlink" href="#facts" rel="noopener noreferrer">#</a></h2>'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import nh3

#: Tags a brief may hold beyond nh3's defaults: figures, footnotes, abbreviations.
EXTRA_TAGS = frozenset({"figure", "figcaption", "abbr", "sup", "sub", "section", "mark"})
#: Attributes by tag; "*" applies to every tag.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "ol": {"start", "reversed", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
}
#: The only URL schemes a link or image may use.
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(html: str, *, extra_tags: Iterable[str] = (),
               extra_attributes: Mapping[str, Iterable[str]] | None = None) -> str:
    """``html`` with everything outside the allowlist removed.

    ``extra_tags`` and ``extra_attributes`` widen the allowlist (setting
    ``BRIEFS_ALLOWED_HTML``); scripts and event handlers can never be allowed.
    """
    extra = tuple(sorted((tag, frozenset(names))
                         for tag, names in (extra_attributes or {}).items()))
    return _cleaner(frozenset(extra_tags), extra).clean(html)


@functools.lru_cache(maxsize=16)
def _cleaner(extra_tags: frozenset[str],
             extra_attributes: tuple[tuple[str, frozenset[str]], ...]) -> nh3.Cleaner:
    """The sanitizer of the allowlist widened by ``extra_tags`` and ``extra_attributes``
    (tag and attribute names), made once: ``nh3.clean`` would build it for every call,
    about a third of the time it takes to clean a brief's body.

    >>> _cleaner(frozenset(), ()) is _cleaner(frozenset(), ())
    True
    """
    tags = set(nh3.ALLOWED_TAGS) | EXTRA_TAGS | extra_tags
    tags -= {"script", "style", "iframe", "object", "embed"}
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    for tag, names in extra_attributes:
        attributes.setdefault(tag, set()).update(n for n in names if not n.startswith("on"))
    return nh3.Cleaner(tags=tags, attributes=attributes, url_schemes=set(URL_SCHEMES),
                       strip_comments=True)
