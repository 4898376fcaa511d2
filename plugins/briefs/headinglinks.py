"""Python-Markdown's table-of-contents extension, without the work no page uses.

The briefs' bodies are rendered with ``markdown.extensions.toc`` for what it does to
the headings: each gets a unique ``id`` and a "#" link to itself. For every body it
also does two things that a site which never places a ``[TOC]`` marker does not need,
and that take most of its time (about 140 µs of a brief's four headings):

- it serializes each heading on its own, runs the text back through the inline
  unescaping and every postprocessor, to learn the heading's text for its ``id``;
- it builds the table of contents as elements, tidies them, looks through the whole
  document for the marker, then serializes the table and runs every postprocessor on
  it, for ``Markdown.toc``.

The :class:`QuickHeadingLinks` extension gives the extension's tree processor a
``run`` that skips both where their result is known without them:

- a heading with no child elements and no character that serializing or unescaping
  would change (``&``, ``<``, ``>`` and the inline placeholders' ``\\x02``/``\\x03``)
  serializes to its own text, so its inner HTML is that text, stripped;
- a document none of whose elements holds the marker as its whole text gets no table
  of contents, so the table is neither built nor serialized. ``Markdown.toc`` is then
  not set: it stays as ``Markdown.reset()`` leaves it, empty, for the renderer resets
  its instance before each body (nothing in the build reads it);
  ``Markdown.toc_tokens`` is set as before.

The HTML is the same, byte for byte. Only the processor of the Python-Markdown version
this module was written against (:data:`KNOWN_VERSION`) is changed; another keeps its
own ``run``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import (
    TocTreeprocessor,
    escape_cdata,
    nest_toc_tokens,
    remove_fnrefs,
    render_inner_html,
    run_postprocessors,
    strip_tags,
    unescape,
    unique,
)

#: The Python-Markdown release whose ``TocTreeprocessor.run`` :meth:`QuickTocTreeprocessor.run`
#: follows step by step.
KNOWN_VERSION = (3, 11)

#: Text that serializes and unescapes to itself: none of ``&<>`` and no placeholder.
_SELF_SERIALIZING = re.compile(r"[^&<>\x02\x03]*")


def inner_html(heading: etree.Element, md: Markdown) -> str:
    """The inner HTML of ``heading`` as the toc extension renders it, for its ``id``
    and its entry: its own text, stripped, when it has no child and nothing that
    serializing changes; else the extension's full rendering.

    >>> md = Markdown(extensions=["markdown.extensions.toc"])
    >>> heading = etree.Element("h2")
    >>> heading.text = "  Facts that hold "
    >>> inner_html(heading, md)
    'Facts that hold'
    >>> heading.text = "Rock & roll"
    >>> inner_html(heading, md)
    'Rock &amp; roll'
    """
    text = heading.text or ""
    if len(heading) == 0 and _SELF_SERIALIZING.fullmatch(text):
        return run_postprocessors(text.strip(), md)
    return render_inner_html(remove_fnrefs(heading), md)


class QuickTocTreeprocessor(TocTreeprocessor):
    """The toc extension's tree processor with the shortcuts of the module's docstring.

    Its ``run`` is Python-Markdown 3.11's, step for step, but for those two shortcuts.
    """

    def run(self, doc: etree.Element) -> None:
        """Give each heading of ``doc`` its ``id`` and links; place and record the
        table of contents only where the marker is."""
        used_ids = set()
        headings = []
        has_marker = False
        for el in doc.iter():
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                headings.append(el)
            elif self.marker and el.text and el.text.strip() == self.marker:
                has_marker = True
        id_counters: dict[str, int] = {}

        toc_tokens = []
        for el in headings:
            self.set_level(el)
            innerhtml = inner_html(el, self.md)
            name = strip_tags(innerhtml)

            # Do not override pre-existing ids
            if "id" not in el.attrib:
                el.attrib["id"] = unique(self.slugify(html.unescape(name), self.sep),
                                         used_ids, id_counters)

            data_toc_label = ""
            if "data-toc-label" in el.attrib:
                data_toc_label = run_postprocessors(unescape(el.attrib["data-toc-label"]),
                                                    self.md)
                name = escape_cdata(strip_tags(data_toc_label))
                del el.attrib["data-toc-label"]

            if self.toc_top <= int(el.tag[-1]) <= self.toc_bottom:
                toc_tokens.append({
                    "level": int(el.tag[-1]),
                    "id": unescape(el.attrib["id"]),
                    "name": name,
                    "html": innerhtml,
                    "data-toc-label": data_toc_label,
                })

            if self.use_anchors:
                self.add_anchor(el, el.attrib["id"])
            if self.use_permalinks not in [False, None]:
                self.add_permalink(el, el.attrib["id"])

        toc_tokens = nest_toc_tokens(toc_tokens)
        self.md.toc_tokens = toc_tokens
        if has_marker:
            div = self.build_toc_div(toc_tokens)
            self.replace_marker(doc, div)
            toc = self.md.serializer(div)
            for pp in self.md.postprocessors:
                toc = pp.run(toc)
            self.md.toc = toc


class QuickHeadingLinks(Extension):
    """Give the toc extension's tree processor the quicker ``run`` of
    :class:`QuickTocTreeprocessor`, keeping its settings. Add it after the toc extension;
    without one it does nothing.

    >>> md = Markdown(extensions=["markdown.extensions.toc", QuickHeadingLinks()])
    >>> type(md.treeprocessors["toc"]).__name__
    'QuickTocTreeprocessor'
    >>> print(md.convert("## Facts\\n\\n## Facts"))
    <h2 id="facts">Facts</h2>
    <h2 id="facts_1">Facts</h2>
    """

    def extendMarkdown(self, md: Markdown) -> None:
        if "toc" not in md.treeprocessors or not is_known(md.treeprocessors["toc"]):
            return
        md.treeprocessors["toc"].__class__ = QuickTocTreeprocessor


def is_known(processor: Any) -> bool:
    """Whether ``processor`` is the toc extension's own, of :data:`KNOWN_VERSION`."""
    return (type(processor) is TocTreeprocessor
            and markdown.__version_info__[:2] == KNOWN_VERSION)
