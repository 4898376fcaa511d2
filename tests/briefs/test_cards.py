"""Listing cards made before a batch's pages: which templates show them, which batches
make them first, and what is left to the pages."""

from __future__ import annotations

import logging
import os
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import DictLoader, Environment, pass_context
from pelican.log import LimitFilter

from briefs import cards
from briefs import writer as writer_module
from briefs.cards import make_cards, plan_cards, shows_cards, take_cards
from briefs.filters import CARD_TEMPLATE, FILTERS, known_card
from briefs.pagecache import Job, finished_page_cache, fragments
from briefs.writer import ParallelWriter

# (label, templates, the template asked about, whether it shows cards, comment)
TEMPLATES = [
    ("calls the filter", {"t": "{{ a|brief_card }}"}, "t", True, ""),
    ("through an include", {"t": '{% include "c" %}', "c": "{{ a|brief_card }}"}, "t",
     True, ""),
    ("through an extended template", {"t": '{% extends "b" %}', "b": "{{ a|brief_card }}"},
     "t", True, ""),
    ("through an import", {"t": '{% import "m" as m %}',
                           "m": "{% macro x(a) %}{{ a|brief_card }}{% endmacro %}"},
     "t", True, "a macro that may be called"),
    ("two steps away", {"t": '{% include "u" %}', "u": '{% include "c" %}',
                        "c": "{{ a|brief_card }}"}, "t", True, ""),
    ("no cards", {"t": '{% include "u" %}', "u": "{{ a.title }}"}, "t", False, ""),
    ("includes each other", {"t": '{% include "u" %}', "u": '{% include "t" %}'}, "t", False,
     "a cycle ends"),
    ("a missing include", {"t": '{% include "gone" %}'}, "t", False, ""),
    ("a name made at render time", {"t": "{% include name %}", "c": "{{ a|brief_card }}"},
     "t", False, "not known from the source"),
    ("a broken template", {"t": "{% if %}"}, "t", False, "cannot be read: shows none"),
    ("the name, not the filter", {"t": '{# brief_card #}{% include "brief_cards.txt" %}',
                                  "brief_cards.txt": "{{ brief_cards }}"}, "t", False,
     "a comment, a template's name and a variable are not calls"),
    ("a filter block", {"t": "{% filter brief_card %}x{% endfilter %}"}, "t", True, ""),
]


@pytest.mark.parametrize(("label", "templates", "name", "expected", "comment"), TEMPLATES,
                         ids=[row[0] for row in TEMPLATES])
def test_shows_cards(label: str, templates: dict[str, str], name: str, expected: bool,
                     comment: str) -> None:
    assert shows_cards(Environment(loader=DictLoader(templates)), name) is expected, comment


def _environment(card: str = "<p>{{ article.title }} {{ SITEURL }}</p>") -> Environment:
    env = Environment(loader=DictLoader({
        CARD_TEMPLATE: card,
        "index.html": "{% for a in articles %}{{ a|brief_card }}{% endfor %}",
        "page.html": "{{ page.title }}"}), autoescape=True)
    env.filters.update(FILTERS)
    return env


def _briefs(count: int) -> list[Any]:
    return [SimpleNamespace(title=f"Brief {n}") for n in range(count)]


def _jobs(env: Environment, briefs: list[Any], *templates: str) -> list[Job]:
    context = {"articles": briefs, "SITEURL": "https://e.org"}
    return [Job("file", None, (f"{name}.out", env.get_template(name), context), {})
            for name in templates]


def test_a_batch_with_listings_makes_every_card_first() -> None:
    env, briefs = _environment(), _briefs(cards.MIN_CARDS)
    plan = plan_cards(_jobs(env, briefs, "page.html", "index.html"), {})
    assert plan is not None
    assert plan.briefs == briefs and plan.site_url == "https://e.org"


@pytest.mark.parametrize(("label", "count", "settings", "templates"), [
    ("few briefs", cards.MIN_CARDS - 1, {}, ("index.html",)),
    ("no page shows cards", cards.MIN_CARDS, {}, ("page.html",)),
    ("relative URLs", cards.MIN_CARDS, {"RELATIVE_URLS": True}, ("index.html",)),
    ("no briefs", 0, {}, ("index.html",)),
])
def test_a_batch_that_makes_no_card_first(label: str, count: int, settings: dict[str, Any],
                                           templates: tuple[str, ...]) -> None:
    env = _environment()
    assert plan_cards(_jobs(env, _briefs(count), *templates), settings) is None


def test_cards_made_already_are_not_planned() -> None:
    env, briefs = _environment(), _briefs(cards.MIN_CARDS + 3)
    jobs = _jobs(env, briefs, "index.html")
    plan = plan_cards(jobs, {})
    assert plan is not None
    take_cards(plan, make_cards(plan, [0, 1, 2]))
    assert plan_cards(jobs, {}).briefs == briefs[3:]


def test_cards_made_first_are_the_pages_cards() -> None:
    env, briefs = _environment(), _briefs(cards.MIN_CARDS)
    jobs = _jobs(env, briefs, "index.html")
    on_the_page = _environment().get_template("index.html").render(jobs[0].shared())
    plan = plan_cards(jobs, {})
    made = make_cards(plan, list(range(1, len(briefs), 2)))
    made.update(make_cards(plan, list(range(0, len(briefs), 2))))
    take_cards(plan, made)
    assert [known_card(env, b, "https://e.org") for b in briefs] == [
        f"<p>Brief {n} https://e.org</p>" for n in range(len(briefs))]
    assert env.get_template("index.html").render(jobs[0].shared()) == on_the_page


def _odd_environment(test: str) -> Environment:
    """Cards whose making logs a warning naming ``test`` (brief 0) or fails (brief 2):
    each test's message is its own (Pelican's log filter drops one it has seen)."""
    @pass_context
    def odd(context: Any, title: str) -> str:
        if title == "Brief 0":
            logging.getLogger("briefs.test").warning("a warning about %s in %s", title, test)
        if title == "Brief 2":
            raise ValueError(title)
        return title

    env = _environment("{{ article.title|odd }}")
    env.filters["odd"] = odd
    return env


def test_a_card_that_logs_or_fails_is_left_to_its_page(caplog) -> None:
    env, briefs = _odd_environment("made here"), _briefs(cards.MIN_CARDS)
    plan = plan_cards(_jobs(env, briefs, "index.html"), {})
    with caplog.at_level(logging.DEBUG):
        made = make_cards(plan, [0, 1, 2, 3])
    assert sorted(made) == [1, 3]
    assert caplog.records == []  # the page that makes it logs it, in its turn
    assert caplog.handler in logging.getLogger().handlers  # the handlers are back


def test_the_writer_makes_the_cards_in_forked_processes(tmp_path, caplog) -> None:
    """Pelican's log filter drops a message it has let through once: a card made (and its
    message dropped) in the build's process would keep its page from showing it."""
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    if writer.workers < 2:
        pytest.skip("no forked processes here")
    env, briefs = _odd_environment("forked"), _briefs(cards.MIN_CARDS)
    seen = logging.getLogger("briefs.test")  # with Pelican's log filter, once
    added = [] if any(isinstance(f, LimitFilter) for f in seen.filters) else [LimitFilter()]
    for log_filter in added:
        seen.addFilter(log_filter)
    try:
        writer._cards_first(_jobs(env, briefs, "index.html"))
        assert writer.cache.cards_first == len(briefs) - 2
        assert [known_card(env, b, "https://e.org") is None for b in briefs[:4]] == [
            True, False, True, False]
        with caplog.at_level(logging.WARNING):
            env.get_template(CARD_TEMPLATE).render(article=briefs[0])
        assert [r.getMessage() for r in caplog.records] == [
            "a warning about Brief 0 in forked"]
    finally:
        for log_filter in added:
            seen.removeFilter(log_filter)
        LimitFilter._raised_messages.discard(
            (logging.WARNING, "a warning about Brief 0 in forked"))


def test_a_failure_in_making_cards_first_leaves_them_to_the_pages(tmp_path,
                                                                   monkeypatch) -> None:
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    env, briefs = _environment(), _briefs(cards.MIN_CARDS)

    def broken(*args: Any) -> None:
        raise OSError("no fork here")

    monkeypatch.setattr(writer_module, "call_forked", broken)
    writer._cards_first(_jobs(env, briefs, "index.html"))
    assert writer.cache.cards_first == 0
    assert all(known_card(env, b, "https://e.org") is None for b in briefs)


def test_a_card_is_held_once_by_the_store_and_every_environment(tmp_path) -> None:
    """The fragment store and each environment's cards share one copy of a card."""
    ParallelWriter(str(tmp_path / "output"),
                   settings={"ASSAY_CACHE_PATH": str(tmp_path / "cache"), "ASSAY_WORKERS": 1})
    try:
        store = fragments()
        env, other, briefs = _environment(), _environment(), _briefs(cards.MIN_CARDS)
        plan = plan_cards(_jobs(env, briefs, "index.html"), {})
        take_cards(plan, make_cards(plan, list(range(len(briefs)))))
        card = known_card(env, briefs[0], "https://e.org")
        assert card == "<p>Brief 0 https://e.org</p>"
        assert store.get(store.key("card", briefs[0], "https://e.org")) is card
        other.get_template("index.html").render(_jobs(other, briefs, "index.html")[0].shared())
        assert known_card(other, briefs[0], "https://e.org") is card
        assert type(store.taken()["new"][store.key("card", briefs[0], "https://e.org")]) is str
    finally:
        finished_page_cache()


def _note_pid(path: str) -> None:
    with open(path, "a", encoding="utf-8") as notes:
        notes.write(f"{os.getpid()}\n")


def test_only_the_forked_writers_take_a_copy_of_their_fragments(tmp_path,
                                                                monkeypatch) -> None:
    """The fragments a process made go to the build's process as plain strings: each
    forked writer sends its own; the build's process, which writes no page of a batch
    done in forked processes, copies none."""
    from briefs.pagecache import Fragments

    writer = ParallelWriter(str(tmp_path / "output"),
                            settings={"ASSAY_CACHE_PATH": str(tmp_path / "cache"),
                                      "ASSAY_WORKERS": 2})
    if writer.workers < 2:
        pytest.skip("no forked processes here")
    takers = tmp_path / "takers"
    taken = Fragments.taken

    def noting(self: Fragments) -> dict[str, Any]:
        _note_pid(str(takers))
        return taken(self)

    monkeypatch.setattr(Fragments, "taken", noting)
    try:
        with writer.batch():
            for _ in range(4 * writer_module.MIN_JOBS_PER_WORKER):
                writer.submit(len, "job")
    finally:
        finished_page_cache()
    pids = takers.read_text("utf-8").split()
    assert len(pids) == 2 and len(set(pids)) == 2  # one share each
    assert str(os.getpid()) not in pids
