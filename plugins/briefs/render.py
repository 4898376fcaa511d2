"""Markdown to safe HTML: the renderer the reader, ``assay check`` and tests share.

>>> r = Renderer()
>>> r.field("China *dominates* supply.")
'<p>China <em>dominates</em> supply.</p>'
>>> r.body("## Facts\\n\\nText <script>x()</script>")
'<h2>Facts</h2>\\n<p>Text </p>'
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markupsafe import Markup

from .blockchecks import QuickBlockChecks
from .headinglinks import QuickHeadingLinks
from .inlinepatterns import LiteralLedPatterns, SkipPlainText
from .sanitize import clean_html

#: Marks the end of a brief's lede while its body is rendered (an HTML comment: Markdown
#: keeps it as a block of its own, and the sanitizer would drop it).
LEDE_END = "<!-- assay:lede-end -->"

#: Markdown extensions for the short fields (highlights, view body, corrections).
FIELD_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists"]


#: A sentence with nothing Markdown or HTML would read as markup: letters, digits,
#: spaces and prose punctuation, starting with a letter.
_PLAIN = re.compile(r"[^\W\d_“‘\"'(](?:[^\W_]|[ .,;:'’‘“”\"()—–%$€£/?-])*")


def is_plain(source: str) -> bool:
    """Whether ``source`` renders as exactly one paragraph of itself.

    >>> is_plain("China’s share rose to 70 per cent (again)."), is_plain("*Bold*")
    (True, False)
    >>> is_plain("- a list"), is_plain("A <b>tag</b>"), is_plain("Line\\nbreak")
    (False, False, False)
    """
    return _PLAIN.fullmatch(source) is not None and "  " not in source


def _quick() -> list[Extension]:
    """The extensions that make Python-Markdown quicker with the same output:
    :class:`~briefs.inlinepatterns.LiteralLedPatterns`,
    :class:`~briefs.blockchecks.QuickBlockChecks`,
    :class:`~briefs.headinglinks.QuickHeadingLinks` and
    :class:`~briefs.inlinepatterns.SkipPlainText` (added after the others)."""
    return [LiteralLedPatterns(), QuickBlockChecks(), QuickHeadingLinks(), SkipPlainText()]


def _body_markdown(settings: dict[str, Any]) -> Markdown:
    """A Markdown instance from Pelican's ``MARKDOWN`` setting, without the meta extension,
    with the extensions of :func:`_quick` after its own.

    The setting is copied, never changed in place.
    """
    configs = {name: dict(config)
               for name, config in settings.get("extension_configs", {}).items()
               if name != "markdown.extensions.meta"}
    extensions = [e for e in settings.get("extensions", FIELD_EXTENSIONS)
                  if e != "markdown.extensions.meta"]
    extensions += [e for e in configs if e not in extensions]
    rest = {k: v for k, v in settings.items() if k not in ("extensions", "extension_configs")}
    rest.setdefault("output_format", "html")
    return Markdown(extensions=[*extensions, *_quick()], extension_configs=configs, **rest)


class Renderer:
    """Renders Markdown fields and bodies to sanitized HTML.

    ``markdown_settings`` is Pelican's ``MARKDOWN`` setting (for bodies);
    ``allowed_html`` is ``BRIEFS_ALLOWED_HTML`` (``{"tags": [...], "attributes": {...}}``),
    widening the sanitizer's allowlist.
    """

    def __init__(self, markdown_settings: dict[str, Any] | None = None,
                 allowed_html: dict[str, Any] | None = None):
        self._body_md = _body_markdown(markdown_settings or {})
        self._field_md = Markdown(extensions=[*FIELD_EXTENSIONS, *_quick()],
                                  output_format="html")
        allowed = allowed_html or {}
        self._extra_tags = tuple(allowed.get("tags", ()))
        self._extra_attributes = dict(allowed.get("attributes", {}))

    def clean(self, html: str) -> str:
        """``html`` through the sanitizer's allowlist."""
        return clean_html(html, extra_tags=self._extra_tags,
                          extra_attributes=self._extra_attributes)

    def field(self, source: str) -> str:
        """Markdown of a short field as sanitized HTML.

        A one-line plain sentence (see :func:`is_plain`) is one paragraph, as Markdown
        and the sanitizer would make it, without running them.
        """
        if is_plain(source):
            return f"<p>{source}</p>"
        return self.clean(self._field_md.reset().convert(source))

    def body(self, source: str) -> str:
        """Markdown of a body as sanitized HTML."""
        return self.clean(self._body_md.reset().convert(source))

    def body_and_lede(self, source: str, lede_lines: int | None) -> tuple[str, str]:
        """The HTML of a body and of its lede (its first ``lede_lines`` lines; None: the
        whole body), from one Markdown run.

        The end of the lede is marked in the source, and the rendered body cut there;
        should the mark not come out as a block of its own, both are rendered apart.

        >>> body, lede = Renderer().body_and_lede("Lede *one*.\\n\\n## Facts\\n\\nText.", 2)
        >>> lede
        '<p>Lede <em>one</em>.</p>'
        >>> body == Renderer().body("Lede *one*.\\n\\n## Facts\\n\\nText.")
        True
        """
        if lede_lines is None:
            body = self.body(source)
            return body, body
        lines = source.splitlines()
        marked = "\n".join([*lines[:lede_lines], "", LEDE_END, "", *lines[lede_lines:]])
        html = self._body_md.reset().convert(marked)
        before, found, after = html.partition(LEDE_END)
        if not found or LEDE_END in after or not after.startswith("\n\n"):
            return self.body(source), self.body("\n".join(lines[:lede_lines]))
        return self.clean(before + after[2:]), self.clean(before.rstrip("\n"))


def plain_text(html: str) -> str:
    """The text of rendered HTML: tags and comments taken out, entities resolved,
    whitespace collapsed (Markupsafe's ``striptags``, as Jinja's ``striptags`` filter
    gives a page's meta description). Text on both sides of an inline tag stays joined;
    Markdown's blocks are apart on lines of their own.

    >>> plain_text("<p>A <b>bold</b>\\n claim on <em>U.S.</em>-China &amp; more</p>")
    'A bold claim on U.S.-China & more'
    >>> plain_text("<p>One.</p>\\n<p>Two.</p>")
    'One. Two.'
    >>> plain_text("<p>China <em>dominates</em>\\n supply &amp; more.</p>")
    'China dominates supply & more.'
    """
    return Markup(html or "").striptags()
