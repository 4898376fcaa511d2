"""The words of each part of a search index, so that parts search like one index.

Pagefind searches each part of an index on its own (``mergeIndex``) and drops a
search word that a part does not know, or matches a shorter prefix of it: a part
without ``insurance`` would list every brief with the other words of the search,
and one without any word starting ``insur`` would match ``in``. One index over the
whole site would do that only for a word the whole site lacks. So each part has a
*vocabulary page*: every word its indexed pages hold (each once, in the language of
its pages), with the filter ``part:<number>``; the vocabulary pages of all the parts
make one more, small index, the *words index*. The search page first searches the
words index: a part whose vocabulary page is found knows every word of the search
as the whole site knows it (the site's words are the words index's words), and
only those parts are searched (a ``part`` filter each part gets when it is merged).
A part whose page is not found holds no page with the words. So a word new to the
site changes its own part and the words index, not every part.

The words are the whitespace-separated pieces of the text Pagefind indexes, and of
the page's metadata values (Pagefind 1.5 finds a page by them too: see
:func:`meta_values`), read as Pagefind 1.x reads a page: the elements marked
``data-pagefind-body``, without
``data-pagefind-ignore`` elements, comments and the elements Pagefind leaves out
(scripts, styles, forms, navigation, footers, ...); the tags of block elements
(paragraphs, headings, list items, ...), ``<br>`` and elements with an ``id``
separate words, other tags do not (``earth<em>s</em>`` is ``earths``). The pieces
are kept as written (entities too), so Pagefind's own tokenizer reads them on the
vocabulary page as it reads them on the pages. Attributes Pagefind is asked to
index (``data-pagefind-index-attrs``) are not read: the theme does not use them.
A vocabulary page is marked ``noindex``: the sitemap, written while the index is
made, leaves it out.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator

#: The filter that names the part of a vocabulary page (and, on the search page, of
#: each page found).
FILTER_NAME = "part"
#: Where the vocabulary pages are written while the words index is made.
FOLDER = "pagefind-vocabulary"

_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
#: Tags that separate words: Pagefind's sentence elements, ``br``, elements with an id.
_SEPARATING_TAG = re.compile(
    r"<(?:/?(?:h[1-6]|p|td|div|ul|li|article|section)(?=[\s/>])[^>]*"
    r"|br(?=[\s/>])[^>]*|[a-zA-Z][^>\s]*\s(?:[^>]*\s)?id\s*=[^>]*)>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
#: Elements whose text Pagefind leaves out of a page's body.
_LEFT_OUT = ("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav",
             "iframe", "template")
_LEFT_OUT_TAG = re.compile(rf"<({'|'.join(_LEFT_OUT)})(?=[\s/>])", re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


def _element_end(text: str, start: int, name: str) -> int:
    """Where the element called ``name`` whose start tag is at ``start`` ends."""
    depth = 0
    for other in _same_name(name).finditer(text, start):
        depth += -1 if other.group(1) else 1
        if depth == 0:
            return other.end()
    return len(text)


def _element_spans(text: str, attribute: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each element of ``text`` whose start tag has
    ``attribute``, outermost only.

    >>> text = '<p>a</p><div x><div>b</div>c</div><p>d data-x</p>'
    >>> [text[s:e] for s, e in _element_spans(text, "x")]
    ['<div x><div>b</div>c</div>']
    """
    spans: list[tuple[int, int]] = []
    at = 0
    while (tag := next(_tags_with(text, attribute, at), None)) is not None:
        name = tag.group(2).lower()
        if name in _VOID or tag.group(3).rstrip().endswith("/"):
            at = tag.end()
        else:
            at = _element_end(text, tag.start(), name)
        spans.append((tag.start(), at))
    return spans


def _named_spans(text: str, name: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each element called ``name``, outermost only.

    >>> text = '<p>a<nav>b<nav>c</nav></nav>d</p>'
    >>> [text[s:e] for s, e in _named_spans(text, "nav")]
    ['<nav>b<nav>c</nav></nav>']
    """
    spans: list[tuple[int, int]] = []
    at = 0
    pattern = _same_name(name)
    while (tag := pattern.search(text, at)) is not None:
        if tag.group(1):
            at = tag.end()
            continue
        end = _element_end(text, tag.start(), name)
        spans.append((tag.start(), end))
        at = end
    return spans


@functools.cache
def _same_name(name: str) -> re.Pattern[str]:
    """Start and end tags of elements called ``name``."""
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)


@functools.cache
def _attribute(attribute: str) -> re.Pattern[str]:
    return re.compile(rf"\s{re.escape(attribute)}(?=[\s=/]|$)")


def _is_attribute(attributes: str, attribute: str) -> bool:
    return _attribute(attribute).search(attributes) is not None


def _without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(text[at:start])
        at = end
    pieces.append(text[at:])
    return " ".join(pieces)


def _tags_with(page: str, attribute: str, at: int = 0) -> Iterator[re.Match[str]]:
    """Each start tag of ``page`` that has ``attribute``, in order (nested ones too), from
    the offset ``at`` on."""
    while (found := page.find(attribute, at)) != -1:
        at = found + len(attribute)
        start = page.rfind("<", 0, found)
        tag = _TAG.match(page, start) if start != -1 else None
        if (tag is not None and tag.end() > found and not tag.group(1)
                and _is_attribute(tag.group(3), attribute)):
            yield tag


@functools.cache
def _attribute_value(name: str) -> re.Pattern[str]:
    return re.compile(rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                      re.I)


def _value(attributes: str, name: str) -> str | None:
    """The value of the attribute ``name`` in a start tag's ``attributes`` (as written)."""
    found = _attribute_value(name).search(attributes)
    return next(group for group in found.groups() if group is not None) if found else None


_IMAGE = re.compile(r"<img(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_META_ITEM = re.compile(r"\s*([^\[\],]+?)\s*(?:\[([^\]]*)\])?\s*(?:,|$)")


def meta_values(page: str) -> dict[str, str]:
    """The metadata Pagefind takes from a page's elements, by key, values as written;
    Pagefind 1.5 finds a page by the words of its metadata values as by its text.

    ``data-pagefind-meta`` anywhere in the page: ``key:value`` (the value is the rest
    of the attribute, commas and all), else a comma-separated list of ``key`` (the
    element's text) and ``key[attribute]`` (that attribute's value). Without an
    ``image`` of its own, a page with an image in its indexed content has the first
    such image's ``src`` as ``image`` and its ``alt`` as ``image_alt`` (unless that is
    declared). The ``title`` Pagefind takes from the first heading is text of the page
    already, and is left out.

    >>> meta_values('<p data-pagefind-meta="date:May 2, 2025">x</p><main data-pagefind-body>'
    ...             '<span data-pagefind-meta="kind, code[data-c]" data-c="K9">Note</span>'
    ...             '<img src="/c.png" alt="A chart"></main>')
    {'date': 'May 2, 2025', 'kind': 'Note', 'code': 'K9', 'image': '/c.png', 'image_alt': 'A chart'}
    """
    values: dict[str, str] = {}
    for tag in _tags_with(page, "data-pagefind-meta"):
        declared = _value(tag.group(3), "data-pagefind-meta") or ""
        if ":" in declared:
            key, value = declared.split(":", 1)
            values.setdefault(key.strip(), value.strip())
            continue
        for item in _META_ITEM.finditer(declared):
            key, attribute = item.group(1), item.group(2)
            if not key:
                continue
            if attribute is not None:
                value = _value(tag.group(3), attribute.strip()) or ""
            else:
                name = tag.group(2).lower()
                end = tag.end() if name in _VOID else _element_end(page, tag.start(), name)
                value = " ".join(_ANY_TAG.sub(" ", page[tag.end():end]).split())
            values.setdefault(key, value)
    for start, end in _element_spans(page, "data-pagefind-body") if "image" not in values else ():
        image = _IMAGE.search(page, start, end)
        if image is not None:
            values["image"] = _value(image.group(1), "src") or ""
            values.setdefault("image_alt", _value(image.group(1), "alt") or "")
            break
    values.pop("title", None)
    return {key: value for key, value in values.items() if value}


def meta_words(page: str) -> set[str]:
    """The whitespace-separated pieces of the page's :func:`meta_values`.

    >>> sorted(meta_words('<time data-pagefind-meta="date:May 2, 2025">2 May</time>'))
    ['2,', '2025', 'May']
    """
    return {word for value in meta_values(page).values() for word in value.split()}


def page_language(page: str) -> str:
    """The ``lang`` of a page's ``<html>`` element as written ('' when it has none).

    >>> page_language('<!DOCTYPE html><html class="x" lang="en-GB"><body></body></html>')
    'en-GB'
    """
    found = _LANG.search(page)
    return next((group for group in found.groups() if group is not None), "") if found else ""


def page_words(page: str) -> set[str]:
    """The words of the indexed text of an HTML page, as written (see the module's
    docstring).

    >>> sorted(page_words('<nav>menu</nav><main data-pagefind-body><h1>Rare &amp; '
    ...     'earth<em>s</em></h1><p data-pagefind-ignore>Cite this</p><p>Magnet<br>plant'
    ...     '<span id="x">s</span></p><script>var x;</script></main><footer>f</footer>'))
    ['&amp;', 'Magnet', 'Rare', 'earths', 'plant', 's']
    """
    words: set[str] = set()
    for start, end in _element_spans(page, "data-pagefind-body"):
        region = _COMMENT.sub(" ", page[start:end])
        region = _without(region, _element_spans(region, "data-pagefind-ignore"))
        for name in {found.lower() for found in _LEFT_OUT_TAG.findall(region)}:
            region = _without(region, _named_spans(region, name))
        words.update(_ANY_TAG.sub("", _SEPARATING_TAG.sub(" ", region)).split())
    return words


_TITLE = re.compile(r"<title\b[^>]*>.*?</title\s*>", re.S | re.I)
#: The attributes of elements Pagefind reads wherever they are in a page.
READ_ANYWHERE = ("data-pagefind-filter", "data-pagefind-meta", "data-pagefind-sort",
                 "data-pagefind-default-meta", "data-pagefind-weight",
                 "data-pagefind-index-attrs")
#: The start tag of an ``<html>`` element.
_HTML_ELEMENT = re.compile(r"<html(?=[\s/>])", re.I)
#: Any of :data:`READ_ANYWHERE` (one search finds which a text holds).
_READ_ANYWHERE = re.compile("|".join(map(re.escape, READ_ANYWHERE)))


def indexed_source(page: str) -> str:
    """The parts of an HTML page that Pagefind's index of it depends on: the ``<html>``
    language, the ``<title>``, the elements marked ``data-pagefind-body`` and, outside
    them, every element with a ``data-pagefind-`` attribute (filters, metadata and
    sorts count wherever they are). A page whose other parts change (its related
    briefs, its neighbours, its head) gives the same text, so its index part is kept.

    >>> page = ('<html lang="en"><head><title>T</title><script>x</script></head><body>'
    ...         '<main data-pagefind-body><p>words</p></main><aside>related</aside>'
    ...         '<span data-pagefind-filter="year:2025"></span></body></html>')
    >>> indexed_source(page).split("\\0")  # doctest: +NORMALIZE_WHITESPACE
    ['en', '<title>T</title>', '<main data-pagefind-body><p>words</p></main>',
     '<span data-pagefind-filter="year:2025"></span>']
    """
    bodies = _element_spans(page, "data-pagefind-body")
    title = _TITLE.search(page)
    pieces = [page_language(page), title.group(0) if title else ""]
    pieces += [page[start:end] for start, end in bodies]
    outside = _without(page, bodies)
    found = set(_READ_ANYWHERE.findall(outside))
    for attribute in READ_ANYWHERE:
        if attribute in found:
            pieces += [outside[start:end] for start, end in _element_spans(outside, attribute)]
    return "\0".join(pieces)


def indexed_page(page: str) -> str:
    """A page of its own with only what Pagefind reads of the HTML ``page`` (see
    :func:`indexed_source`): its ``<html>`` language and ``<title>``, then, in the
    page's order, the elements marked ``data-pagefind-body`` and the elements
    Pagefind reads wherever they are (:data:`READ_ANYWHERE`), outermost only. Pagefind
    indexes it as it indexes the whole page, and reads less. A page without an
    ``<html>`` element, which Pagefind does not index, is given as it is.

    >>> page = ('<!DOCTYPE html><html lang="en"><head><title>T</title><style>p{}</style>'
    ...         '</head><body><nav>menu</nav><main data-pagefind-body><p>words</p>'
    ...         '<span data-pagefind-filter="topic">Nickel</span></main><aside>related'
    ...         '</aside><time data-pagefind-sort="date:2025">May</time></body></html>')
    >>> print(indexed_page(page))  # doctest: +NORMALIZE_WHITESPACE
    <!DOCTYPE html><html lang="en"><head><title>T</title></head><body><main
    data-pagefind-body><p>words</p><span data-pagefind-filter="topic">Nickel</span></main><time
    data-pagefind-sort="date:2025">May</time></body></html>
    """
    if _HTML_ELEMENT.search(page) is None:  # Pagefind passes over such a page: so be it
        return page
    bodies = _element_spans(page, "data-pagefind-body")
    spans = list(bodies)
    found = set(_READ_ANYWHERE.findall(_without(page, bodies)))
    for attribute in READ_ANYWHERE:
        if attribute in found:  # those only inside a body are taken with it
            spans += _element_spans(page, attribute)
    pieces, end = [], 0
    for start, stop in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start >= end:  # not inside an element taken already
            pieces.append(page[start:stop])
            end = stop
    language = page_language(page)
    quote = "'" if '"' in language else '"'
    lang = f" lang={quote}{language}{quote}" if language else ""
    title = _TITLE.search(page)
    return (f"<!DOCTYPE html><html{lang}><head>{title.group(0) if title else ''}</head>"
            f"<body>{''.join(pieces)}</body></html>")


def vocabulary_page(language: str, words: Iterable[str], part: str) -> str:
    """The HTML of the vocabulary page of ``language`` holding ``words`` (as written in
    the pages: see :func:`page_words`), sorted, for the part called ``part``.

    >>> print(vocabulary_page("en", {"b&amp;", "a"}, "2"))  # doctest: +NORMALIZE_WHITESPACE
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots"
    content="noindex"></head><body><main
    data-pagefind-body data-pagefind-filter="part:2"><p>a b&amp;</p></main></body></html>
    """
    lang = f' lang="{html.escape(language)}"' if language else ""
    text = " ".join(sorted(words))
    return (f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8">'
            f'<meta name="robots" content="noindex"></head><body><main '
            f'data-pagefind-body data-pagefind-filter="{FILTER_NAME}:{html.escape(part)}">'
            f"<p>{text}</p></main></body></html>")
