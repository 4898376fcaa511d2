"""The scans Pelican runs over each content's HTML give Pelican's answers when skipped.

Each row is HTML with what Pelican's own scan gives for it; the skipping scan must
give the same, and must skip the regular expression exactly where the row says so.
"""

from __future__ import annotations

import logging

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime

from briefs import scans

# (label, HTML, whether the scan may be skipped, comment)
EMPTY_ALT = [
    ("src then empty alt", '<p><img src="a.png" alt=""></p>', False, "Pelican warns"),
    ("empty alt then src", "<img alt='' src='b.png'>", False, "the other order"),
    ("described image", '<img src="a.png" alt="A chart of prices">', False,
     "scanned, no warning"),
    ("no image", "<p>Prices rose.</p><figure>chart</figure>", True, "nothing to find"),
    ("capital IMG", '<IMG src="a.png" alt="">', True,
     "Pelican's pattern is lower case: no warning either way"),
    ("empty", "", True, "Pelican does not scan empty HTML"),
]

# (label, HTML, whether the scan may be skipped, comment)
STATIC_LINKS = [
    ("static link", '<a href="{static}/files/report.pdf">report</a>', False,
     "a file the site copies"),
    ("attach, single quotes", "<img src='|attach|chart.png'>", False,
     "the old bar form, single quotes"),
    ("link to a page", '<a href="{filename}/pages/about.md">about</a>', False,
     "matches the pattern but is not a static file: no link"),
    ("braces in text", "<p>Sets like {a, b} and pipes | here.</p>", True,
     "no quoted attribute opens with { or |"),
    ("braces inside a value", '<a href="https://example.org/?q={x}">x</a>', True,
     "the value opens with h"),
    ("quote then brace in text", "<p>She said \"{static} is a word\".</p>", False,
     "could match, so Pelican scans (and finds no tag)"),
    ("plain", "<p>Prices rose.</p>", True, "nothing to find"),
    ("quotes, no brace or bar", "<a href=\"https://example.org/\" title='a'>x</a>", True,
     "quoted values everywhere, but neither a brace nor a bar"),
]


def _empty_alt_warnings(find, html: str, caplog: pytest.LogCaptureFixture,
                        request: pytest.FixtureRequest) -> list[str]:
    # A path of its own for each call: Pelican's log filter drops a warning it has
    # already shown.
    path = f"content/briefs/{request.node.name}-{find.__module__}.md"
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pelican.readers"):
        find(html, path)
    return [record.getMessage().replace(path, "a.md") for record in caplog.records]


@pytest.mark.parametrize(("label", "html", "skipped", "comment"), EMPTY_ALT,
                         ids=[row[0] for row in EMPTY_ALT])
def test_empty_alt_warnings_are_pelicans(label: str, html: str, skipped: bool, comment: str,
                                         caplog: pytest.LogCaptureFixture,
                                         request: pytest.FixtureRequest) -> None:
    expected = _empty_alt_warnings(scans.find_empty_alt.__wrapped__, html, caplog, request)
    assert expected == [] or not skipped, "a row that warns cannot be skipped"
    found = _empty_alt_warnings(scans.find_empty_alt, html, caplog, request)
    assert found == expected, comment
    assert scans.could_have_empty_alt(html) is not skipped, comment


def _article(html: str, settings: dict[str, object]) -> Article:
    return Article(html, metadata={"title": "A brief", "date": SafeDatetime(2026, 3, 5)},
                   settings=settings, source_path="content/briefs/a.md",
                   context={"generated_content": {}, "static_content": {}})


@pytest.mark.parametrize(("label", "html", "skipped", "comment"), STATIC_LINKS,
                         ids=[row[0] for row in STATIC_LINKS])
def test_static_links_are_pelicans(label: str, html: str, skipped: bool, comment: str) -> None:
    settings = dict(DEFAULT_CONFIG, PATH="content")
    article = _article(html, settings)
    expected = scans.get_static_links.__wrapped__(article)
    assert scans.get_static_links(article) == expected, comment
    link_regex = settings["INTRASITE_LINK_REGEX"]
    assert scans.could_link_static(html, link_regex) is not skipped, comment


def test_another_link_pattern_is_always_scanned() -> None:
    settings = dict(DEFAULT_CONFIG, PATH="content",
                    INTRASITE_LINK_REGEX=r"\[\[(?P<what>.*?)\]\]")
    article = _article('<a href="[[static]]/files/report.pdf">report</a>', settings)
    assert scans.get_static_links(article) == {"files/report.pdf"}


def test_installed_in_pelican() -> None:
    import pelican.contents
    import pelican.readers

    scans.install()
    assert pelican.readers.find_empty_alt is scans.find_empty_alt
    assert pelican.contents.Content.get_static_links is scans.get_static_links
