"""The text and the citations agree on the source: outlets named, articles linked."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from briefs.model import Brief, Citation
from citations.agreement import check_agreement, outlet_mentions
from citations.outlets import Outlet, Registry


@pytest.fixture
def first_body(fixtures: Path) -> str:
    return (fixtures / "briefs" / "first-brief.md").read_text(encoding="utf-8")


def test_first_brief_has_no_false_alarm(first_body: str, first_citation: Citation,
                                        registry: Registry,
                                        make_brief: Callable[..., Brief]) -> None:
    brief = make_brief(first_body, citations=[first_citation], body_line=14)
    assert check_agreement(brief, registry) == []


def test_first_brief_citing_phrase_is_seen(first_body: str, registry: Registry) -> None:
    # The zero above is not for want of looking: the one citing phrase is found.
    mentions = outlet_mentions(first_body, registry, first_line=14)
    assert [(m.outlet.name, m.written, m.line) for m in mentions] == [
        ("Cryptopolitan", "Cryptopolitan", 18)
    ]


def test_first_brief_citing_another_outlet_warns(first_body: str, first_citation: Citation,
                                                 registry: Registry,
                                                 make_brief: Callable[..., Brief]) -> None:
    reuters = dataclasses.replace(first_citation, publication="Reuters", url=None)
    brief = make_brief(first_body, citations=[reuters], body_line=14)
    (problem,) = check_agreement(brief, registry)
    line_text = first_body.splitlines()[problem.line - 14]
    assert problem.severity == "warning"
    assert problem.line == 18
    assert line_text[problem.column - 1:].startswith("Cryptopolitan piece")
    assert problem.message == (
        "the text names 'Cryptopolitan' as a source, but the brief cites Reuters"
    )


# (label, text, outlet expected to be named in a citing phrase or None, comment)
MENTION_ROWS = [
    ("cited in a piece", "as cited in a Cryptopolitan piece.", "Cryptopolitan", "house phrasing"),
    ("reported", "Reuters reported on Monday that talks stalled.", "Reuters", ""),
    ("has reported", "As Reuters has reported, talks stalled.", "Reuters", "auxiliary verb"),
    ("according to alias", "Talks stalled, according to the FT.", "Financial Times", "alias"),
    ("according to a report", "according to a Bloomberg report, talks stalled.", "Bloomberg", ""),
    ("possessive", "Bloomberg's analysis of the talks", "Bloomberg", ""),
    ("plural possessive", "Reuters' report on the talks", "Reuters", ""),
    ("the outlet wrote", "The Financial Times wrote that talks stalled.", "Financial Times", ""),
    ("spacing", "a Financial\nTimes  story", "Financial Times", "line break inside the name"),
    ("alias phrase", "a recent Bloomberg News investigation", "Bloomberg", "longest alias"),
    ("emphasis", "a *Reuters* report", "Reuters", "Markdown emphasis is not prose"),
    ("link text", "[a Reuters report](https://example.com/x)", "Reuters", "link text is prose"),
    ("told", "a negotiator told Reuters on Monday", "Reuters", ""),
    ("person", "Michael Bloomberg said the city would recover.", None, "a person, not the outlet"),
    ("longer name", "Bloomberg Philanthropies said it would fund the mine.", None,
     "another organisation"),
    ("company", "Thomson Reuters reported higher revenue.", None, "the company, not the wire"),
    ("plain mention", "Bloomberg terminals flashed red.", None, "no citing phrase"),
    ("lower case", "the reuters report", None, "names are matched as registered"),
    ("inside a word", "a FTSE report showed losses", None, "FT is not FTSE"),
    ("end of a word", "eReuters reported a loss", None, "a letter before the name"),
    ("after an ampersand", "Smith&Reuters reported a loss", None, "& joins names, as in AT&T"),
    ("after an underscore", "my_Reuters reported a loss", None, "_ is a word character"),
    ("code span", "see `Reuters reported` in the logs", None, "code is not prose"),
    ("link target", "[the talks](https://e.com/according-to-Reuters)", None, "URLs are not prose"),
    ("html attribute", '<span title="Reuters reported">x</span>', None, "attributes"),
    ("fenced code", "```\nReuters reported\n```", None, "code block"),
    ("past employer", "He left the FT in 2019.", None, "no citing phrase"),
    ("report without outlet", "The report correctly highlights the shortages.", None, ""),
]


@pytest.mark.parametrize(("label", "text", "expected", "comment"), MENTION_ROWS,
                         ids=[r[0] for r in MENTION_ROWS])
def test_mentions(label: str, text: str, expected: str | None, comment: str,
                  registry: Registry) -> None:
    names = [m.outlet.name for m in outlet_mentions(text, registry)]
    assert names == ([expected] if expected else []), comment


def test_a_name_inside_a_joined_name_is_found() -> None:
    # "Le Monde" right after a letter is no name; the "Monde" inside it still is one.
    registry = Registry((Outlet("Le Monde", "le-monde"), Outlet("Monde", "monde")))
    mentions = outlet_mentions("As xLe Monde reported, and Le Monde reported too.", registry)
    assert [(m.outlet.name, m.column) for m in mentions] == [("Monde", 8), ("Le Monde", 28)]


def test_cited_outlet_named_by_alias_is_fine(first_citation: Citation, registry: Registry,
                                             make_brief: Callable[..., Brief]) -> None:
    ft = dataclasses.replace(first_citation, publication="Financial Times", url=None)
    brief = make_brief("According to the FT, talks stalled.", citations=[ft])
    assert check_agreement(brief, registry) == []


def test_several_citations(first_citation: Citation, registry: Registry,
                           make_brief: Callable[..., Brief]) -> None:
    reuters = Citation("reuters", first_citation.date, author="A. Writer")
    body = "As cited in a Cryptopolitan piece and as Reuters reported, and a Bloomberg story."
    brief = make_brief(body, citations=[first_citation, reuters], body_line=3)
    (problem,) = check_agreement(brief, registry)
    assert (problem.line, problem.column) == (3, body.index("Bloomberg") + 1)
    assert "but the brief cites Cryptopolitan, Reuters" in problem.message


def test_highlights_are_checked(first_citation: Citation, registry: Registry,
                                make_brief: Callable[..., Brief]) -> None:
    brief = make_brief("", citations=[first_citation],
                       highlights=["Nothing new.", "As Reuters reported, talks stalled."],
                       lines={"highlights.0": (5, 5), "highlights.1": (6, 5)})
    (problem,) = check_agreement(brief, registry)
    assert (problem.line, problem.column) == (6, 8)


CITED = "https://www.cryptopolitan.com/us-china-rare-earths-dispute-unresolved/"

# (label, body, expected warning message or None, comment)
LINK_ROWS = [
    ("same article", f"as cited in [a Cryptopolitan piece]({CITED}).", None, ""),
    ("tracking and scheme", "see [it](http://cryptopolitan.com/us-china-rare-earths-dispute-"
     "unresolved?utm_source=x#top)", None, "same page after clean_url"),
    ("reference link", f"see [the piece][1]\n\n[1]: {CITED}", None, ""),
    ("front page", "[Cryptopolitan](https://www.cryptopolitan.com/)", None,
     "linking the outlet itself is not citing an article"),
    ("other host", "[a related story](https://www.reuters.com/world/x/)", None,
     "other outlets' links are not this check's concern"),
    ("other article", "see [this](https://www.cryptopolitan.com/another-story/)",
     "link to cryptopolitan.com is not the cited article", "a different page of the outlet"),
    ("other article, html", '<a href="https://cryptopolitan.com/another-story/">x</a>',
     "link to cryptopolitan.com is not the cited article", ""),
    ("autolink", "<https://www.cryptopolitan.com/another-story/>",
     "link to cryptopolitan.com is not the cited article", ""),
    ("in code", "`[x](https://www.cryptopolitan.com/another-story/)`", None, "code"),
    ("image", "![chart](https://www.cryptopolitan.com/chart.png)", None, "images are not links"),
]


@pytest.mark.parametrize(("label", "body", "expected", "comment"), LINK_ROWS,
                         ids=[r[0] for r in LINK_ROWS])
def test_links(label: str, body: str, expected: str | None, comment: str,
               first_citation: Citation, registry: Registry,
               make_brief: Callable[..., Brief]) -> None:
    brief = make_brief(body, citations=[first_citation], body_line=30)
    problems = check_agreement(brief, registry)
    assert [p.message for p in problems] == ([expected] if expected else []), comment
    for problem in problems:
        assert problem.severity == "warning" and problem.line == 30
        assert problem.hint == f"the citation's url is {CITED}"


def test_link_when_the_citation_has_no_url(first_citation: Citation, registry: Registry,
                                           make_brief: Callable[..., Brief]) -> None:
    citation = dataclasses.replace(first_citation, url=None)
    body = "Intro.\n\nSee [the piece](https://www.cryptopolitan.com/story/?fbclid=1)."
    (problem,) = check_agreement(make_brief(body, citations=[citation], body_line=9), registry)
    assert (problem.line, problem.column) == (11, 5)
    assert problem.message == "link to cryptopolitan.com, but the citation gives no url"
    assert problem.hint == "add url: https://www.cryptopolitan.com/story/ to the citation"


def test_unregistered_outlet_uses_the_citation_host(make_brief: Callable[..., Brief]) -> None:
    citation = Citation("Daily Planet", datetime.date(2025, 9, 1), author="L. Lane",
                        url="https://dailyplanet.example/a")
    brief = make_brief("[x](https://dailyplanet.example/b)", citations=[citation])
    (problem,) = check_agreement(brief, Registry())
    assert problem.message == "link to dailyplanet.example is not the cited article"


def test_empty_registry_names_nothing(first_body: str) -> None:
    assert outlet_mentions(first_body, Registry()) == []
