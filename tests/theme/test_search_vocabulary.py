"""The words of a page's indexed text, read as Pagefind reads them (search.vocabulary).

Each search index part has a vocabulary page in the words index; these rows pin down
which words a page gives it. A word missing here would leave a part out of searches
for a word its pages hold; a word too many would let a part drop a search word, or
match a shorter one, instead of finding nothing.
"""

from __future__ import annotations

import gzip
import html
import json
import subprocess
from pathlib import Path

import pytest

from search.pagefind import pagefind_command
from search.vocabulary import (
    FOLDER,
    meta_values,
    meta_words,
    page_language,
    page_words,
    vocabulary_page,
)
from sitemap import pages as sitemap_pages

BODY = "<html lang='en'><body><nav>menu</nav><main data-pagefind-body>{}</main>" \
       "<footer>site footer</footer></body></html>"

# (label, indexed HTML inside the body element, expected words, comment)
WORD_ROWS = [
    ("plain paragraph", "<p>Rare earths rose.</p>", {"Rare", "earths", "rose."},
     "words as written, punctuation and all: Pagefind's tokenizer reads them again"),
    ("inline tags join", "<p>earth<em>s</em> and <a href='/x'>magnet</a>s</p>",
     {"earths", "and", "magnets"}, "inline elements do not separate words"),
    ("block tags separate", "<h2>Facts</h2><p>Hold</p><ul><li>one</li><li>two</li></ul>",
     {"Facts", "Hold", "one", "two"}, "headings, paragraphs and list items do"),
    ("br separates", "<p>first<br>second<br/>third</p>", {"first", "second", "third"},
     "a line break is a space"),
    ("an id separates", "<p>cost<span id='n1'>ly</span></p>", {"cost", "ly"},
     "Pagefind puts an anchor (with spaces) at each element with an id"),
    ("ignored element", "<p>kept</p><div data-pagefind-ignore><p>cite this</p></div>",
     {"kept"}, "data-pagefind-ignore drops the element and everything in it"),
    ("ignore all", "<p>kept</p><aside data-pagefind-ignore='all'>related</aside>", {"kept"},
     "the 'all' value drops the text too"),
    ("left-out elements", "<p>kept</p><script>var x = 1;</script><style>p{}</style>"
     "<form><label>Name</label></form><nav>skip</nav><svg><text>chart</text></svg>",
     {"kept"}, "scripts, styles, forms, labels, navigation and SVG are not indexed"),
    ("nested left-out", "<p>a</p><nav>b<nav>c</nav>d</nav><p>e</p>", {"a", "e"},
     "a nested element of the same name does not end the outer one"),
    ("comment", "<p>kept<!-- <p>hidden</p> --></p>", {"kept"}, "comments are not text"),
    ("entities as written", "<p>R&amp;D caf&eacute;</p>", {"R&amp;D", "caf&eacute;"},
     "kept as written: the vocabulary page says them the same way"),
    ("image alt", "<p>chart</p><img src='c.png' alt='price chart of cobalt'>", {"chart"},
     "Pagefind keeps alt texts as metadata, not as text (see META_ROWS)"),
    ("any script", "<p>ราคา 稀土 редкоземельные</p>", {"ราคา", "稀土", "редкоземельные"},
     "Thai, CJK and Cyrillic words are words too"),
    ("attribute text", "<p title='not indexed'>shown</p>", {"shown"},
     "attribute values are not text"),
]


HEAD = "<html lang='en'><head><title>T</title>{}</head><body>{}<main data-pagefind-body>" \
       "<h1>Heading</h1>{}</main></body></html>"

# (label, (HTML in the head, before the body element, inside it), expected metadata
#  values, comment)
META_ROWS = [
    ("inline value", ("", "", "<p data-pagefind-meta='date:May 2, 2025'>x</p>"),
     {"date": "May 2, 2025"}, "the rest of the attribute, its comma too"),
    ("in an ignored element", ("", "", "<p data-pagefind-ignore><time "
                               "data-pagefind-meta='when:June 3, 2024'>3 June</time></p>"),
     {"when": "June 3, 2024"}, "the theme's date sits in the ignored byline"),
    ("outside the body", ("", "<p data-pagefind-meta='desk:Metals desk'>x</p>", ""),
     {"desk": "Metals desk"}, "metadata counts wherever it is"),
    ("element text", ("", "", "<span data-pagefind-meta='kind'>Field <em>note</em></span>"),
     {"kind": "Field note"}, "a key alone takes the element's text"),
    ("attribute and list", ("<meta data-pagefind-meta='summary[content], lead[data-l]' "
                            "data-l='Lead text' content='Short summary'>", "", ""),
     {"summary": "Short summary", "lead": "Lead text"}, "a list of keys, each from an attribute"),
    ("first image", ("", "", "<p>t</p><img src='/img/cobalt-chart.png' alt='Cobalt prices'>"
                     "<img src='/second.png' alt='Second'>"),
     {"image": "/img/cobalt-chart.png", "image_alt": "Cobalt prices"},
     "a page's image is its content's first; its address and alt text are searched"),
    ("image of its own", ("", "", "<span data-pagefind-meta='image[data-i]' data-i='/own.png'>"
                          "</span><img src='/content.png' alt='Alt text'>"),
     {"image": "/own.png"}, "a declared image stands alone: no alt text is taken"),
    ("heading", ("", "", "<p>no metadata</p>"), {}, "the title is the heading, text already"),
]


@pytest.mark.parametrize(("parts", "expected"),
                         [pytest.param(p, e, id=label) for label, p, e, _ in META_ROWS])
def test_meta_values(parts: tuple[str, str, str], expected: dict[str, str]) -> None:
    assert meta_values(HEAD.format(*parts)) == expected


def test_meta_words_are_the_pieces_of_the_values() -> None:
    page = HEAD.format("", "", "<p data-pagefind-meta='date:May 2, 2025'>x</p>"
                       "<img src='/a/chart.png' alt='Cobalt prices'>")
    assert meta_words(page) == {"May", "2,", "2025", "/a/chart.png", "Cobalt", "prices"}


def _fragment(bundle: Path, page: str) -> dict:
    """The fragment Pagefind wrote into ``bundle`` for the page at the URL ``page``."""
    for fragment in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        if data["url"] == page:
            return data
    raise AssertionError(f"no fragment for {page}")


def test_the_meta_rows_agree_with_pagefind(tmp_path: Path) -> None:
    """Each row as a page, indexed by the real Pagefind: it keeps the same metadata (but
    the title, the heading's text)."""
    site = tmp_path / "site"
    for number, (_, parts, _, _) in enumerate(META_ROWS):
        (site / str(number)).mkdir(parents=True)
        (site / str(number) / "index.html").write_text(HEAD.format(*parts), "utf-8")
    subprocess.run([*pagefind_command(), "--site", str(site), "--output-path",
                    str(tmp_path / "bundle")], check=True, capture_output=True, timeout=120)
    for number, (label, _, expected, _) in enumerate(META_ROWS):
        meta = _fragment(tmp_path / "bundle", f"/{number}/")["meta"]
        assert meta.pop("title") == "Heading", label
        assert meta == expected, label


@pytest.mark.parametrize(("inner", "expected"),
                         [pytest.param(i, e, id=label) for label, i, e, _ in WORD_ROWS])
def test_page_words(inner: str, expected: set[str]) -> None:
    assert page_words(BODY.format(inner)) == expected


def test_words_outside_the_body_element_are_not_read() -> None:
    page = ("<html><body><header>Assay</header><article data-pagefind-body><p>inside</p>"
            "</article><p>after</p></body></html>")
    assert page_words(page) == {"inside"}


def test_a_page_without_a_marked_body_gives_no_words() -> None:
    assert page_words("<html><body><p>text about data-pagefind-body</p></body></html>") == set()


def test_several_marked_elements_are_all_read() -> None:
    page = "<div data-pagefind-body>one</div><p>no</p><div data-pagefind-body>two</div>"
    assert page_words(page) == {"one", "two"}


@pytest.mark.parametrize(("page", "expected"), [
    ("<html lang='en'>", "en"), ('<html lang="th-TH" dir="ltr">', "th-TH"),
    ("<html lang=de>", "de"), ("<html>", ""), ("<p>no html element</p>", ""),
])
def test_page_language(page: str, expected: str) -> None:
    assert page_language(page) == expected


def test_the_vocabulary_page_reads_back_to_its_words() -> None:
    words = {"R&amp;D", "earths", "稀土", "rose."}
    page = vocabulary_page("en", words, "3")
    assert page_words(page) == words
    assert 'data-pagefind-filter="part:3"' in page
    assert page_language(page) == "en"


def test_the_sitemap_leaves_a_vocabulary_page_out(tmp_path: Path) -> None:
    # The sitemap is written while the index is made, so it may find the page.
    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "1.html").write_text(vocabulary_page("en", {"words"}, "1"), "utf-8")
    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>", "utf-8")
    assert sitemap_pages(tmp_path) == ["index.html"]


def _fragment_words(bundle: Path) -> set[str]:
    """The words of the one page Pagefind indexed into ``bundle`` (its fragment's text,
    without the full stops Pagefind adds after block elements)."""
    (fragment,) = (bundle / "fragment").iterdir()
    data = gzip.decompress(fragment.read_bytes())
    content = json.loads(data[len(b"pagefind_dcd"):])["content"]
    return {word.rstrip(".") for word in content.split()} - {""}


def test_the_rows_agree_with_pagefind(tmp_path: Path) -> None:
    """All rows on one page, indexed by the real Pagefind: it reads the same words."""
    inner = "".join(f"<div>{html_inside}</div>" for _, html_inside, _, _ in WORD_ROWS)
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text(BODY.format(inner), "utf-8")
    subprocess.run([*pagefind_command(), "--site", str(tmp_path / "site"), "--output-path",
                    str(tmp_path / "bundle")], check=True, capture_output=True, timeout=120)
    expected = {html.unescape(word).rstrip(".") for _, _, words, _ in WORD_ROWS
                for word in words}
    assert _fragment_words(tmp_path / "bundle") == expected
