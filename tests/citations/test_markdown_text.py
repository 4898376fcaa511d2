"""Finding the prose and the links of Markdown: masks keep offsets; links are found in place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citations.agreement import outlet_mentions
from citations.markdown_text import Locator, find_links, mask
from citations.outlets import Registry
from citations.quotes import extract_quotes
from citations.urls import clean_url

MARKDOWN_ALPHABET = st.sampled_from([*"ab \n\t`*_[]()<>!\"“”'\\#~:/.-=", "https://e.com"])
markdown_texts = st.lists(MARKDOWN_ALPHABET, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdown_texts)
def test_mask_keeps_length_and_lines(text: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert all(m == c or m == " " for m, c in zip(masked, text, strict=True))


@settings(max_examples=200, deadline=None)
@given(markdown_texts)
def test_checks_never_raise(text: str) -> None:
    registry = Registry()
    extract_quotes(text, first_line=3)
    outlet_mentions(text, registry)
    find_links(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["id", "utm_source", "q", "fbclid", "x", "gclid"]),
                          st.sampled_from(["1", "a%20b", ""])), max_size=6),
       st.sampled_from(["", "#top"]))
def test_clean_url_keeps_other_parameters_in_order(params: list[tuple[str, str]],
                                                   fragment: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"https://e.com/p?{query}{fragment}" if params else f"https://e.com/p{fragment}"
    kept = [f"{k}={v}" for k, v in params if k not in ("utm_source", "fbclid", "gclid")]
    expected = "https://e.com/p" + ("?" + "&".join(kept) if kept else "") + fragment
    assert clean_url(url) == expected


# (label, Markdown, expected masked text, comment)
MASK_ROWS = [
    ("prose unchanged", "Plain words, “quoted”.", "Plain words, “quoted”.", ""),
    ("code span", "a `b c` d", "a       d", ""),
    ("double backticks", "a ``b ` c`` d", "a           d", "a backtick inside"),
    ("link", "[text](https://e.com/x)", " text                  ", "text kept"),
    ("link with title", '[t](u "title")', " t" + " " * 12, "the title is not prose"),
    ("reference link", "[text][ref]", " text      ", ""),
    ("image", "![alt words](i.png)", "                   ", "images are not prose"),
    ("autolink", "see <https://e.com>", "see                ", ""),
    ("tag", 'a <span class="x">b</span>', "a " + " " * 16 + "b" + " " * 7, ""),
    ("comment", "a <!-- b --> c", "a            c", ""),
    ("emphasis", "**bold** and _it_", "  bold   and  it ", ""),
    ("snake_case kept", "snake_case_name", "snake_case_name", "inner underscores are text"),
    ("escape", "\\*not emphasis\\*", "  not emphasis  ",
     "backslash and asterisk are both markup; only a '*' is lost from prose"),
    ("fence", "a\n```\ncode\n```\nb", "a\n   \n    \n   \nb", ""),
    ("tilde fence", "~~~~\ncode\n~~~\nstill\n~~~~\nb", "    \n    \n   \n     \n    \nb",
     "a shorter fence does not close"),
    ("indented code", "a\n\n    code\nb", "a\n\n        \nb", ""),
    ("indented in list", "- a\n\n    more", "- a\n\n    more", "list continuation"),
    ("blockquote", "> quoted words", "  quoted words", ""),
    ("reference definition", "[1]: https://e.com/x", "                    ", ""),
]


@pytest.mark.parametrize(("label", "markdown", "expected", "comment"), MASK_ROWS,
                         ids=[r[0] for r in MASK_ROWS])
def test_mask(label: str, markdown: str, expected: str, comment: str) -> None:
    assert mask(markdown) == expected, comment


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[a](https://e.com/1) and [b](<https://e.com/2 x>)",
         [("https://e.com/1", "a", 0), ("https://e.com/2 x", "b", 25)]),
        ("[a][r]\n\n[R]: https://e.com/r 'title'", [("https://e.com/r", "a", 0)]),
        ("[a][missing]", []),
        ('<a class="x" href="https://e.com/?a=1&amp;b=2">t</a>',
         [("https://e.com/?a=1&b=2", "", 0)]),
        ("<https://e.com/auto>", [("https://e.com/auto", "https://e.com/auto", 0)]),
        ("[a](https://e.com/(paren))", [("https://e.com/(paren)", "a", 0)]),
        ("![i](https://e.com/i.png)", []),
        ("![logo][r] and [a][r]\n\n[r]: https://e.com/r", [("https://e.com/r", "a", 15)]),
        ("[a][b][c]\n\n[b]: https://e.com/b\n[c]: https://e.com/c",
         [("https://e.com/b", "a", 0)]),
        ("```\n[a](https://e.com/1)\n```", []),
    ],
)
def test_find_links(markdown: str, expected: list[tuple[str, str, int]]) -> None:
    assert [(k.url, k.text, k.offset) for k in find_links(markdown)] == expected


def test_locator() -> None:
    locate = Locator("ab\ncd\n\nef", first_line=5, first_column=3)
    assert [locate.at(i) for i in (0, 1, 3, 6, 7, 8)] == [(5, 3), (5, 4), (6, 1), (7, 1),
                                                          (8, 1), (8, 2)]
