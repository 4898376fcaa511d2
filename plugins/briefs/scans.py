"""Pelican's scans of each content's HTML, skipped where the HTML cannot match them.

When Pelican reads a source it scans the HTML for images without an ``alt`` text
(:func:`pelican.readers.find_empty_alt`, which warns), and the article generator
scans it again for links to static files (``Content.get_static_links``). Each is a
regular expression run over the whole HTML, from every ``<`` of it: for thousands of
briefs, a sizeable part of making Pelican's objects from briefs the build cache
already holds. Neither can match HTML without the text every match starts with
(``<img``; a quoted attribute value opening with ``{`` or ``|``, with Pelican's
default ``INTRASITE_LINK_REGEX``), so for such HTML the answer is known without the
scan: no warning, no static link. Any other HTML, or another link pattern, is
scanned by Pelican as before.
"""

from __future__ import annotations

from typing import Any

import pelican.contents
import pelican.readers
import pelican.settings

from .memo import original

_ORIGINAL_EMPTY_ALT = original(pelican.readers.find_empty_alt)
_ORIGINAL_STATIC_LINKS = original(pelican.contents.Content.get_static_links)
_DEFAULT_LINK_REGEX = pelican.settings.DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]
#: What a link to a static file starts with under the default link pattern: a quote,
#: then ``{`` or ``|`` (``href="{static}/a.pdf"``, ``src='|attach|b.png'``).
_LINK_STARTS = ('"{', '"|', "'{", "'|")


def could_have_empty_alt(html: str) -> bool:
    """Whether ``html`` could hold an image Pelican's ``find_empty_alt`` warns about (it
    has an ``<img`` tag).

    >>> could_have_empty_alt('<p>A chart: <img src="c.png" alt=""></p>')
    True
    >>> could_have_empty_alt("<p>No images; an <IMG> in capitals is not one either.</p>")
    False
    """
    return "<img" in html


def could_link_static(html: str, link_regex: str) -> bool:
    """Whether ``html`` could link to a static file with the ``INTRASITE_LINK_REGEX``
    ``link_regex`` (always, for a pattern other than Pelican's default).

    >>> could_link_static('<a href="{static}/report.pdf">report</a>', _DEFAULT_LINK_REGEX)
    True
    >>> could_link_static('<a href="https://example.org/?a={b}">x</a> {static}',
    ...                   _DEFAULT_LINK_REGEX)
    False
    >>> could_link_static("<p>plain</p>", r"\\[\\[(?P<what>.*?)\\]\\]")
    True
    """
    if link_regex != _DEFAULT_LINK_REGEX:
        return True
    # Looking for one character is much faster than for two that start with a quote (a
    # page is full of quotes), and most HTML has neither brace nor bar.
    if "{" not in html and "|" not in html:
        return False
    return any(start in html for start in _LINK_STARTS)


def find_empty_alt(content: str, path: str) -> None:
    """Pelican's ``find_empty_alt``, for HTML that could hold an image only."""
    if content and could_have_empty_alt(content):
        _ORIGINAL_EMPTY_ALT(content, path)


def get_static_links(self: Any) -> set[str]:
    """Pelican's ``Content.get_static_links``, for HTML that could link to a file only."""
    content = self._content
    if isinstance(content, str) and not could_link_static(
            content, self.settings["INTRASITE_LINK_REGEX"]):
        return set()
    return _ORIGINAL_STATIC_LINKS(self)


find_empty_alt.__wrapped__ = _ORIGINAL_EMPTY_ALT  # type: ignore[attr-defined]
get_static_links.__wrapped__ = _ORIGINAL_STATIC_LINKS  # type: ignore[attr-defined]


def install() -> None:
    """Put the skipping scans in the place of Pelican's (again: no effect)."""
    pelican.readers.find_empty_alt = find_empty_alt
    pelican.contents.Content.get_static_links = get_static_links
