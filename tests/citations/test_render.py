"""Rendering: the house citation style, cite-this-brief (text, BibTeX, CSL-JSON), JSON-LD."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from briefs.model import Brief, Citation
from briefs.pagecache import Derived
from citations.outlets import Registry
from citations.plugin import citation_views
from citations.render import (
    bibtex_escape,
    citation_key,
    citation_text,
    cite_this_brief,
    jsonld,
    jsonld_script,
)

DAY = datetime.date(2025, 9, 23)

# (label, citation, expected text, comment)
STYLE_ROWS = [
    ("author and outlet", Citation("Cryptopolitan", DAY, author="Hannah Collymore"),
     "Hannah Collymore, Cryptopolitan, September 23, 2025.", "the first brief's citation"),
    ("with headline", Citation("Cryptopolitan", DAY, author="Hannah Collymore",
                               title="Headline"),
     "Hannah Collymore, “Headline,” Cryptopolitan, September 23, 2025.", ""),
    ("question headline", Citation("Reuters", datetime.date(2025, 1, 5), author="A. Writer",
                                   title="Is the deal off?"),
     "A. Writer, “Is the deal off?” Reuters, January 5, 2025.", "no comma after ?"),
    ("no author", Citation("Reuters", DAY, title="Talks stall"),
     "“Talks stall,” Reuters, September 23, 2025.", ""),
    ("quoted words in headline", Citation("Reuters", DAY, title='Envoy calls talks "frank"'),
     "“Envoy calls talks ‘frank’,” Reuters, September 23, 2025.", "inner quotes become single"),
    ("spacing tidied", Citation("  Reuters ", DAY, author=" A.  Writer "),
     "A. Writer, Reuters, September 23, 2025.", ""),
    ("outlet ends with a stop", Citation("Dow Jones & Co.", None, author="A"),  # type: ignore[arg-type]
     "A, Dow Jones & Co.", "no date, no doubled stop"),
]


@pytest.mark.parametrize(("label", "citation", "expected", "comment"), STYLE_ROWS,
                         ids=[r[0] for r in STYLE_ROWS])
def test_citation_text(label: str, citation: Citation, expected: str, comment: str) -> None:
    assert citation_text(citation) == expected, comment


def test_citation_text_uses_registered_name(registry: Registry) -> None:
    citation = Citation("ft", DAY, author="A. Writer")
    assert citation_text(citation, registry) == "A. Writer, Financial Times, September 23, 2025."
    assert citation_text(citation) == "A. Writer, ft, September 23, 2025."


@pytest.fixture
def brief(make_brief: Callable[..., Brief], first_citation: Citation) -> Brief:
    return make_brief(
        "Body.",
        citations=[dataclasses.replace(
            first_citation, title="Rare earth talks end without a deal",
            url="https://www.cryptopolitan.com/us-china-rare-earths/?utm_source=x",
            archive_url="https://web.archive.org/web/20250923/https://www.cryptopolitan.com/x/")],
        authors=["Jane Doe", "Richard Roe"],
        slug="rare-earths-still-no-deal",
        summary="Talks in Beijing left the rare earths question open.",
        topics=["rare earths", "China"],
        updated=datetime.datetime(2025, 9, 25, 8, 0, tzinfo=datetime.UTC),
        date=datetime.datetime(2025, 9, 24, 9, 30, tzinfo=datetime.UTC),
    )


URL = "https://assay.example/briefs/rare-earths-still-no-deal/"


def test_cite_this_brief_text(brief: Brief) -> None:
    cite = cite_this_brief(brief, "Assay", URL)
    assert cite["text"] == (
        "Jane Doe and Richard Roe, “Rare earths: still no deal,” Assay, September 24, 2025. "
        f"{URL}"
    )


def test_cite_this_brief_bibtex(brief: Brief) -> None:
    bibtex = cite_this_brief(brief, "Assay", URL)["bibtex"]
    assert bibtex == (
        "@article{assay-2025-rare-earths-still-no-deal,\n"
        "  author = {Jane Doe and Richard Roe},\n"
        "  title = {{Rare earths: still no deal}},\n"
        "  journal = {Assay},\n"
        "  year = {2025},\n"
        "  month = sep,\n"
        "  date = {2025-09-24},\n"
        f"  url = {{{URL}}},\n"
        "}\n"
    )


def test_bibtex_key_is_stable(brief: Brief) -> None:
    assert citation_key(brief, "Assay") == citation_key(dataclasses.replace(brief), "Assay")
    assert citation_key(dataclasses.replace(brief, body="Edited."), "Assay") == (
        "assay-2025-rare-earths-still-no-deal"
    )
    untitled_slug = dataclasses.replace(brief, slug=None, title="Ça & Co: 100% {odd}")
    assert citation_key(untitled_slug, "Assay") == "assay-2025-ca-and-co-100-odd"


def test_bibtex_escapes_specials(brief: Brief) -> None:
    odd = dataclasses.replace(brief, title="R&D {spend} up 50% #1 in_Q3 ~ $5^2 \\ ok",
                              authors=["Smith, Jane", "Procter and Gamble"])
    bibtex = cite_this_brief(odd, "A&B Notes", "https://e.example/a%20b?q=1&r=_")["bibtex"]
    assert (r"  title = {{R\&D \{spend\} up 50\% \#1 in\_Q3 \~{} \$5\^{}2 "
            r"\textbackslash{} ok}},") in bibtex
    assert "  author = {{Smith, Jane} and {Procter and Gamble}}," in bibtex
    assert r"  journal = {A\&B Notes}," in bibtex
    assert "  url = {https://e.example/a%20b?q=1&r=_}," in bibtex  # URLs are verbatim
    assert "url =" not in cite_this_brief(odd, "A", "https://e.example/a{b}")["bibtex"]
    body = bibtex.replace(r"\{", "").replace(r"\}", "")
    assert body.count("{") == body.count("}")  # braces balance once escapes are set aside


def test_bibtex_escape_rows() -> None:
    assert bibtex_escape("plain words") == "plain words"
    assert bibtex_escape("a\nb") == "a b"
    assert bibtex_escape("\\{") == r"\textbackslash{}\{"


def test_cite_this_brief_csl(brief: Brief) -> None:
    csl = cite_this_brief(brief, "Assay", URL)["csl"]
    assert json.loads(json.dumps(csl)) == [{
        "id": "assay-2025-rare-earths-still-no-deal",
        "type": "post-weblog",
        "title": "Rare earths: still no deal",
        "container-title": "Assay",
        "author": [{"literal": "Jane Doe"}, {"literal": "Richard Roe"}],
        "issued": {"date-parts": [[2025, 9, 24]]},
        "URL": URL,
    }]


def test_cite_this_brief_without_authors_or_safe_url(brief: Brief) -> None:
    cite = cite_this_brief(dataclasses.replace(brief, authors=[]), "Assay", "javascript:x")
    assert cite["text"] == "“Rare earths: still no deal,” Assay, September 24, 2025."
    assert "  author = {{Assay}}," in cite["bibtex"] and "url" not in cite["bibtex"]
    assert cite["csl"][0]["author"] == [{"literal": "Assay"}] and "URL" not in cite["csl"][0]


def test_jsonld(brief: Brief, registry: Registry) -> None:
    data = jsonld(brief, url=URL, site_name="Assay", site_url="https://assay.example/",
                  author_urls={"Jane Doe": "https://assay.example/authors/jane-doe/"},
                  registry=registry)
    assert json.loads(json.dumps(data)) == data
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "AnalysisNewsArticle"
    assert data["headline"] == "Rare earths: still no deal"
    assert data["description"] == "Talks in Beijing left the rare earths question open."
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Doe", "url": "https://assay.example/authors/jane-doe/"},
        {"@type": "Person", "name": "Richard Roe"},
    ]
    assert data["datePublished"] == "2025-09-24T09:30:00+00:00"
    assert data["dateModified"] == "2025-09-25T08:00:00+00:00"
    assert data["url"] == URL
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": URL}
    assert data["publisher"] == {"@type": "Organization", "name": "Assay",
                                 "url": "https://assay.example/"}
    assert data["keywords"] == ["rare earths", "China"]
    source = {
        "@type": "NewsArticle",
        "headline": "Rare earth talks end without a deal",
        "author": {"@type": "Person", "name": "Hannah Collymore"},
        "publisher": {"@type": "Organization", "name": "Cryptopolitan",
                      "url": "https://www.cryptopolitan.com/"},
        "datePublished": "2025-09-23",
        "url": "https://www.cryptopolitan.com/us-china-rare-earths/",
        "archivedAt": "https://web.archive.org/web/20250923/https://www.cryptopolitan.com/x/",
    }
    assert data["isBasedOn"] == source
    assert data["citation"] == [source]


def test_jsonld_minimal(make_brief: Callable[..., Brief]) -> None:
    brief = make_brief("", citations=[Citation("Daily Planet", DAY, author="L. Lane")])
    data = jsonld(brief, url=URL, site_name="Assay", site_url="https://assay.example/")
    assert data["dateModified"] == data["datePublished"] == "2025-09-24T09:30:00"
    assert data["author"] == [{"@type": "Organization", "name": "Assay",
                               "url": "https://assay.example/"}]
    assert data["isBasedOn"]["publisher"] == {"@type": "Organization", "name": "Daily Planet"}
    assert "keywords" not in data and "description" not in data


def test_jsonld_drops_unsafe_urls(brief: Brief, registry: Registry) -> None:
    bad = dataclasses.replace(
        brief,
        citations=[dataclasses.replace(brief.citations[0], url="javascript:alert(1)",
                                       archive_url="data:text/html,x")],
    )
    data = jsonld(bad, url="javascript:alert(2)", site_name="Assay", site_url="ftp://x.example/",
                  author_urls={"Jane Doe": "vbscript:x"}, registry=registry)
    text = json.dumps(data)
    for scheme in ("javascript:", "data:", "ftp:", "vbscript:"):
        assert scheme not in text
    assert "url" not in data and "mainEntityOfPage" not in data
    assert "url" not in data["isBasedOn"] and "archivedAt" not in data["isBasedOn"]


PAYLOAD = "</script><script>alert(1)</script><!-- & -->"


def test_jsonld_script_cannot_be_broken_out_of(brief: Brief, registry: Registry) -> None:
    hostile = dataclasses.replace(brief, title=PAYLOAD, summary="</SCRIPT >\u2028x\u2029 é",
                                  authors=[PAYLOAD])
    data = jsonld(hostile, url=URL, site_name="Assay", site_url="https://assay.example/",
                  registry=registry)
    element = jsonld_script(data)
    assert element.startswith('<script type="application/ld+json">')
    assert element.lower().count("</script") == 1 and element.endswith("</script>")
    assert "<!--" not in element and "\u2028" not in element
    body = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not set(body) & set("<>&\u2028\u2029"), "each is written as a \\u escape"
    page = BeautifulSoup(f"<html><head>{element}</head><body><p>after</p></body></html>",
                         "html.parser")
    scripts = page.find_all("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string) == data
    assert json.loads(scripts[0].string)["headline"] == PAYLOAD
    assert page.body.p.string == "after"


def test_citation_views_are_derived_from_the_brief(
        make_brief: Callable[..., Brief], first_citation: Citation, registry: Registry) -> None:
    """A brief's views: the registered outlet's name and page, the cleaned link; a list
    the build cache digests as part of the brief's source (made from it, the registry
    and the settings alone)."""
    views = citation_views(make_brief(citations=[first_citation]), registry,
                           {"OUTLET_URL": "outlets/{slug}/"})
    assert isinstance(views, Derived)
    assert [(v.outlet_name, v.outlet_url, v.url) for v in views] == [
        ("Cryptopolitan", "outlets/cryptopolitan/",
         "https://www.cryptopolitan.com/us-china-rare-earths-dispute-unresolved/")]
