"""The theme's templates rendered on their own, for the cases a small site never shows."""

from __future__ import annotations

import datetime
from types import SimpleNamespace as NS

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def env() -> Environment:
    from briefs.filters import FILTERS as BRIEF_FILTERS
    from search.filters import FILTERS as SEARCH_FILTERS

    environment = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(BRIEF_FILTERS)
    environment.filters.update(SEARCH_FILTERS)
    return environment


def brief(title: str, day: int, topics: list[str], outlet: str, **extra) -> NS:
    from briefs.model import Citation, Highlight, View

    slug = title.lower().replace(" ", "-")
    values = dict(
        title=title, url=f"2025/09/{slug}/", date=datetime.datetime(2025, 9, day),
        locale_date=f"September {day}, 2025", modified=None, status="published",
        tags=[NS(name=t, slug=t.replace(" ", "-"), url=f"topics/{t}/") for t in topics],
        authors=[NS(name="A. Writer", url="authors/a-writer/")],
        highlights=[Highlight("One.", "One."), Highlight("Two <b>x</b>", "Two <b>x</b>")],
        view=View("Our View", "The Title", "Body", "<p>Body</p>"),
        citations=[Citation(outlet, datetime.date(2025, 9, day - 1), author="B. Reporter")],
        corrections=[], summary="<p>Summary.</p>", reading_time=3)
    values.update(extra)
    return NS(**values)


def render(env: Environment, name: str, **context) -> BeautifulSoup:
    context.setdefault("SITEURL", "https://a.example")
    html = env.get_template(name).render(**context)
    return BeautifulSoup(html, "html.parser")


def test_a_lone_brief_has_no_empty_navigation(env: Environment) -> None:
    only = brief("Only One", 3, ["x"], "Reuters")
    assert render(env, "partials/prev_next.html", article=only, articles=[only]).find("nav") \
        is None
    assert render(env, "partials/related.html", article=only, articles=[only]).find("aside") \
        is None


def test_neighbours_and_related_briefs(env: Environment) -> None:
    a = brief("Alpha", 20, ["rare earths"], "Reuters")
    b = brief("Beta", 10, ["oil"], "reuters")
    c = brief("Gamma", 5, ["oil"], "Bloomberg")
    nav = render(env, "partials/prev_next.html", article=b, articles=[a, b, c]).nav
    assert nav.select_one("a[rel=prev]")["href"] == "https://a.example/2025/09/gamma/"
    assert nav.select_one("a[rel=next]")["href"] == "https://a.example/2025/09/alpha/"
    related = render(env, "partials/related.html", article=b, articles=[a, b, c])
    assert [a["href"] for a in related.select("li > a")] == [
        "https://a.example/2025/09/gamma/", "https://a.example/2025/09/alpha/"]
    assert "also on oil" in related.get_text()
    assert "also cites reuters" in related.get_text()


def test_citation_variants(env: Environment) -> None:
    from briefs.model import Citation

    with_url = Citation("Reuters", datetime.date(2025, 9, 1), author="B. Reporter",
                        url="https://www.reuters.com/x", accessed=datetime.date(2025, 9, 2))
    untitled = brief("Alpha", 20, [], "Reuters", citations=[with_url])
    tree = render(env, "partials/citation.html", article=untitled)
    publication = tree.select_one(".cited-publication")
    assert publication.name == "a" and publication["href"] == "https://www.reuters.com/x"
    assert publication.get_text() == "Reuters"
    assert "Accessed September 2, 2025" in tree.get_text(" ", strip=True)
    assert tree.h2.get_text() == "Citation"
    two = brief("Beta", 20, [], "Reuters", citations=[with_url, with_url])
    assert render(env, "partials/citation.html", article=two).h2.get_text() == "Citations"


def test_citation_uses_the_citations_plugin_view_when_there(env: Environment) -> None:
    from briefs.model import Citation

    cited = Citation("reuters", datetime.date(2025, 9, 1), author="B. Reporter",
                     title="Headline", url="https://www.reuters.com/x?utm_source=feed")
    view = NS(url="https://www.reuters.com/x", archive_url=None, outlet_name="Reuters",
              outlet_url="outlets/reuters/")
    article = brief("Alpha", 20, [], "reuters", citations=[cited], citation_views=[view])
    tree = render(env, "partials/citation.html", article=article, pagefind_index=True)
    assert tree.select_one("a.cited-title")["href"] == "https://www.reuters.com/x"
    outlet = tree.select_one("cite[data-pagefind-filter=outlet]")
    assert outlet.a["href"] == "https://a.example/outlets/reuters/"
    assert outlet.get_text() == "Reuters"


def test_optional_parts_stay_out_when_empty(env: Environment) -> None:
    bare = brief("Alpha", 20, [], "Reuters", highlights=[], view=None)
    assert render(env, "partials/highlights.html", article=bare).find("section") is None
    assert render(env, "partials/view.html", article=bare).find("aside") is None
    assert render(env, "partials/corrections.html", article=bare).find("section") is None
    assert render(env, "partials/cite_this.html", article=bare).find("details") is None
    assert render(env, "partials/topics.html", article=bare).find("ul") is None


def test_feed_item_full_and_summary(env: Environment) -> None:
    from markupsafe import Markup

    item = brief("Alpha", 20, ["x"], "Reuters")
    common = dict(article=item, body=Markup("<h2>Facts</h2><p>Body text.</p>"),
                  SITENAME="Assay")
    full = render(env, "partials/feed_item.html", full=True, **common).get_text(" ", strip=True)
    short = render(env, "partials/feed_item.html", full=False, **common).get_text(" ", strip=True)
    for text in (full, short):
        assert "One." in text and "Two x" in text
        assert "B. Reporter , Reuters , September 19, 2025 ." in text
    assert "Body text." in full and "Our View: The Title" in full
    assert "Body text." not in short and "Summary." in short


def test_templates_need_nothing_undefined_for_a_brief_card(env: Environment) -> None:
    strict = env.overlay(undefined=StrictUndefined)
    item = brief("Alpha", 20, ["x"], "Reuters")
    html = strict.get_template("partials/brief_card.html").render(
        article=item, SITEURL="", pagefind_index=False)
    assert "Alpha" in html


def test_a_brief_card_is_rendered_once_and_shown_the_same_everywhere(env: Environment) -> None:
    a = brief("Alpha", 20, ["rare earths"], "Reuters")
    b = brief("Beta", 10, ["oil"], "Reuters")
    alone = env.get_template("partials/brief_card.html").render(
        article=a, SITEURL="https://a.example")
    listed = env.get_template("partials/brief_cards.html")
    first = listed.render(brief_list=[a, b], SITEURL="https://a.example")
    assert first.startswith(alone)
    a.title = "Changed after its card was made"
    again = listed.render(brief_list=[a], SITEURL="https://a.example")
    assert again == alone  # the card made once this build
    elsewhere = listed.render(brief_list=[a], SITEURL="https://b.example")
    assert "https://b.example/2025/09/alpha/" in elsewhere  # another site URL: made anew
    assert "Changed after" in elsewhere
