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
from briefs.bodies import MIN_STORED_LENGTH, BodyStore, StoredArticle, StoredBody, store_body
from briefs.forked import call_forked, collect
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
                    "read back": 30}
