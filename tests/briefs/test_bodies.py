"""A brief's body is kept in a file of the build, not in its memory, and every answer
about it is Pelican's."""

from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from briefs import bodies
from briefs.bodies import (
    MIN_STORED_LENGTH,
    BodyStore,
    StoredArticle,
    StoredBody,
    StoredHighlight,
    StoredView,
    store_body,
    store_texts,
)
from briefs.forked import call_forked, collect
from briefs.model import Brief, Highlight, View
from tests.perf.support import generated_site

BODY = ("<p>Rare “earths” rose — again.</p>\n"
        '<p>See <a href="{filename}/other.md">the other brief</a>.</p>\n' * 12)


def _settings() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_CONFIG)


def _article(body: Any = BODY, cls: type = Article, **metadata: Any) -> Any:
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    return cls(body, metadata={"title": "Prices", **metadata}, settings=_settings(),
               source_path="/site/content/briefs/a.md", context=context)


class OtherArticle(Article):
    """Another plugin's article class: its own business."""


# (label, the content, whether its body is kept in the file, comment)
CONTENTS: list[tuple[str, Callable[[], Any], bool, str]] = [
    ("a brief", lambda: _article(), True, "Pelican's own article class, a long body"),
    ("a short body", lambda: _article("<p>Short.</p>"), False,
     f"under {MIN_STORED_LENGTH} characters: nothing to save"),
    ("no body", lambda: _article(None), False, "a draft's empty body stays as it is"),
    ("a page", lambda: _article(cls=Page), False, "pages are few and Pelican's own"),
    ("another class", lambda: _article(cls=OtherArticle), False,
     "a subclass may have its own idea of its body"),
    ("kept already", lambda: _stored(), False, "a body is kept once"),
]


def _stored() -> Any:
    article = _article()
    store_body(article, BodyStore())
    return article


@pytest.mark.parametrize(("label", "make", "kept", "comment"), CONTENTS,
                         ids=[row[0] for row in CONTENTS])
def test_which_bodies_are_kept_in_the_file(label: str, make: Callable[[], Any], kept: bool,
                                           comment: str) -> None:
    content = make()
    before = content.content
    assert store_body(content, BodyStore()) is kept, comment
    assert isinstance(vars(content)["_content"], StoredBody) is (
        kept or label == "kept already"), comment
    assert content.content == before, comment


def test_without_positional_reads_the_bodies_stay_in_memory(monkeypatch) -> None:
    monkeypatch.setattr(bodies, "AVAILABLE", False)
    article = _article()
    assert store_body(article, BodyStore()) is False
    assert type(article) is Article and vars(article)["_content"] == BODY


def test_every_answer_about_a_kept_body_is_pelicans() -> None:
    plain, stored = _article(), _article()
    store_body(stored, BodyStore())
    assert type(stored) is StoredArticle and isinstance(stored, Article)
    for siteurl in ("", "https://example.com"):
        assert stored.get_content(siteurl) == plain.get_content(siteurl)
    assert stored.content == plain.content
    assert stored.summary == plain.summary  # made from the body: no summary given
    assert stored.get_static_links() == plain.get_static_links()
    assert stored._content == plain._content == BODY


def test_a_kept_body_is_read_anew_not_remembered() -> None:
    stored = _article()
    store_body(stored, BodyStore())
    first, second = stored.content, stored.content
    assert first == second and first is not second


def test_a_body_set_later_replaces_the_kept_one() -> None:
    stored = _stored()
    stored._content = "<p>Replaced by a plugin.</p>"
    assert stored.content == "<p>Replaced by a plugin.</p>"


def test_a_kept_body_pickles_as_its_text() -> None:
    again = pickle.loads(pickle.dumps(_stored()))
    assert isinstance(vars(again)["_content"], str)
    assert again.content == _article().content


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc here")
def test_the_file_is_in_the_folder_given_and_has_no_name(tmp_path: Path) -> None:
    store = BodyStore(tmp_path)
    target = os.readlink(f"/proc/self/fd/{store._file.fileno()}")
    assert target.startswith(f"{tmp_path}/") and target.endswith("(deleted)")
    assert list(tmp_path.iterdir()) == []
    missing = BodyStore(tmp_path / "gone")  # no such folder: where temporary files go
    assert missing.keep("<p>Kept.</p>").text() == "<p>Kept.</p>"


def test_a_forked_process_reads_the_bodies_but_keeps_none() -> None:
    store = BodyStore()
    kept = [store.keep(f"<p>Brief {number} “quoted”.</p>" * 40) for number in range(3)]

    def in_child() -> tuple[list[str], bool]:
        return [body.text() for body in kept], store.writable()

    texts, writable = collect(*call_forked(in_child))
    assert texts == [f"<p>Brief {number} “quoted”.</p>" * 40 for number in range(3)]
    assert writable is False and store.writable() is True
    later = store.keep("<p>After the fork.</p>")  # the parent's writes do not collide
    assert kept[1].text() == texts[1]
    assert later.text() == "<p>After the fork.</p>"


VIEW = View("REEx View", "Hold the “line”", "Prices *rose* — again.\n\nTwice.",
            "<p>Prices <em>rose</em> — again.</p>\n<p>Twice.</p>")
HIGHLIGHTS = [Highlight("Output *fell*.", "Output <em>fell</em>."),
              Highlight("Prices held “steady”.", "Prices held “steady”.")]


def _brief_article(view: Any = VIEW, highlights: Any = None) -> Any:
    import datetime

    highlights = list(HIGHLIGHTS) if highlights is None else highlights
    brief = Brief("content/briefs/a.md", "Prices", datetime.datetime(2025, 5, 1), highlights,
                  [], view, "", 12)
    return _article(brief=brief, view=brief.view, highlights=brief.highlights)


def _texts_stored() -> Any:
    article = _brief_article()
    store_texts(article, BodyStore())
    return article


class OtherView(View):
    """Another plugin's view: its own business."""

    __slots__ = ()


# (label, the content, whether its view and highlights are kept in the file, comment)
TEXTS: list[tuple[str, Callable[[], Any], bool, str]] = [
    ("a brief", _brief_article, True, "its view and highlights, as metadata and attributes"),
    ("no highlights", lambda: _brief_article(highlights=[]), True, "the view alone"),
    ("a page", lambda: _article(cls=Page), False, "no brief in its metadata"),
    ("kept already", _texts_stored, False, "the texts are kept once"),
    ("another view", lambda: _brief_article(view=OtherView(VIEW.label, VIEW.title, VIEW.body,
                                                           VIEW.html)),
     False, "a subclass may have its own idea of its texts"),
]


@pytest.mark.parametrize(("label", "make", "kept", "comment"), TEXTS,
                         ids=[row[0] for row in TEXTS])
def test_which_views_and_highlights_are_kept_in_the_file(label: str, make: Callable[[], Any],
                                                         kept: bool, comment: str) -> None:
    content = make()
    before = {name: content.metadata.get(name) for name in ("view", "highlights")}
    assert store_texts(content, BodyStore()) is kept, comment
    view, highlights = content.metadata.get("view"), content.metadata.get("highlights")
    assert (type(view) is StoredView) is (kept or label == "kept already"), comment
    assert view == before["view"] and highlights == before["highlights"], comment


def test_without_positional_reads_views_and_highlights_stay_in_memory(monkeypatch) -> None:
    monkeypatch.setattr(bodies, "AVAILABLE", False)
    article = _brief_article()
    assert store_texts(article, BodyStore()) is False
    assert type(article.view) is View and article.view is article.brief.view


def test_every_answer_about_a_kept_view_and_highlight_is_the_models() -> None:
    article = _texts_stored()
    view, highlights, brief = article.view, article.highlights, article.brief
    # One view, one list of highlights, one brief: in the metadata, as attributes and in
    # the brief, so nothing holds the texts any more.
    assert view is article.metadata["view"] is brief.view
    assert highlights is article.metadata["highlights"] is brief.highlights
    assert brief is article.metadata["brief"]
    assert isinstance(view, View) and all(isinstance(h, Highlight) for h in highlights)
    assert (view.label, view.title, view.body, view.html) == (
        VIEW.label, VIEW.title, VIEW.body, VIEW.html)
    assert view == VIEW and (view,) == (VIEW,)  # either way round
    assert hash(view) == hash(VIEW)
    assert [type(h) for h in highlights] == [StoredHighlight, StoredHighlight]
    assert [(h.text, h.html) for h in highlights] == [(h.text, h.html) for h in HIGHLIGHTS]
    assert highlights == HIGHLIGHTS and [hash(h) for h in highlights] == [
        hash(h) for h in HIGHLIGHTS]
    assert view != View(VIEW.label, VIEW.title, VIEW.body, "<p>Other.</p>")
    assert brief.title == "Prices" and brief.body_line == 12
    assert view.html is not view.html  # read anew each time, not remembered
    assert repr(highlights[0]) == repr(HIGHLIGHTS[0])


def test_kept_views_and_highlights_pickle_and_copy_as_the_model() -> None:
    article = _texts_stored()
    for again in (pickle.loads(pickle.dumps(article.brief)), copy.deepcopy(article.brief)):
        assert type(again.view) is View and again.view == VIEW
        assert [type(h) for h in again.highlights] == [Highlight, Highlight]
        assert again.highlights == HIGHLIGHTS


def test_a_forked_process_reads_the_kept_views_and_highlights() -> None:
    article = _texts_stored()

    def in_child() -> tuple[str, list[str]]:
        return article.view.html, [h.text for h in article.highlights]

    html, texts = collect(*call_forked(in_child))
    assert html == VIEW.html and texts == [h.text for h in HIGHLIGHTS]


DRIVER = '''
import json, sys
from pelican import Pelican, signals
from pelican.settings import read_settings

seen = {}

def look(generator, writer=None):
    seen["bodies"] = sorted({type(vars(a)["_content"]).__name__ for a in generator.articles})
    seen["classes"] = sorted({type(a).__name__ for a in generator.articles})
    seen["count"] = len(generator.articles)
    seen["read back"] = sum(a.content == a.get_content("") != "" for a in generator.articles)
    seen["views"] = sorted({type(a.view).__name__ for a in generator.articles})
    seen["highlights"] = sorted({type(h).__name__ for a in generator.articles
                                 for h in a.metadata["brief"].highlights})
    seen["views read back"] = sum(a.view.html.startswith("<") and a.view == a.brief.view
                                  for a in generator.articles)

signals.article_writer_finalized.connect(look)
settings = read_settings("pelicanconf.py", override={
    "OUTPUT_PATH": "output", "SEARCH_INDEX": False, "ASSAY_WORKERS": int(sys.argv[1])})
Pelican(settings).run()
print(json.dumps(seen))
'''


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_keeps_its_briefs_bodies_in_the_file(tmp_path: Path, workers: int) -> None:
    site = generated_site(tmp_path, 30)
    done = subprocess.run([sys.executable, "-c", DRIVER, str(workers)], cwd=site,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"bodies": ["StoredBody"], "classes": ["StoredArticle"], "count": 30,
                    "read back": 30, "views": ["StoredView"],
                    "highlights": ["StoredHighlight"], "views read back": 30}
