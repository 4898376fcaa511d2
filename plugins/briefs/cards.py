"""Listing cards made before a batch's pages: each once, shared by every writing process.

A brief's card (:func:`briefs.filters.brief_card`) is the same on every listing, and
each process that writes listings renders it once. The writer splits a batch's pages
among its processes by turns, so nearly every brief has listings in each of them: a
cold build rendered nearly every card twice (at 4,000 briefs about 1.5 CPU-s of
cards instead of 0.75). When a batch has pages that show cards and no card is kept
from an earlier build, the writer has them made first,
in forked processes, one a worker (:meth:`ParallelWriter._cards_first`),
and every process then takes them from :func:`briefs.filters.known_card`. The order
in which the pages are written, and so made as files, is unchanged.

A card is made from the batch's shared context, as a listing page's own context
would give it: a card shows the brief and the settings only (the page cache already
takes a card made on one page for every other). Cards are made first only where
every page of the batch has the site URL of the settings (no ``RELATIVE_URLS``). A
card whose making logs anything, or fails, is left to be made on its page, so that
its messages come where a sequential build gives them; the forked processes' log
filters (Pelican's remember the messages they let through) end with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, meta, nodes

from .filters import CARD_TEMPLATE, known_card, remember_card, render_card
from .writer import captured_logs

#: Fewer briefs without a card than this are left to their pages.
MIN_CARDS = 64

#: The name of the filter that shows a brief's card, as templates call it.
CARD_FILTER = "brief_card"


@dataclass
class CardPlan:
    """The cards a batch makes first: the Jinja context they are made with (the batch's
    shared context), its site URL, and the briefs still without a card."""

    context: Any
    site_url: Any
    briefs: list[Any]


def shows_cards(environment: Any, name: str) -> bool:
    """Whether the template ``name`` of ``environment``, or one it includes, imports or
    extends, calls the card filter (read from the templates' sources, by name; each
    template read once per environment).

    >>> from jinja2 import DictLoader, Environment
    >>> env = Environment(loader=DictLoader({
    ...     "list.html": '{% include "cards.html" %}', "cards.html": "{{ a|brief_card }}",
    ...     "page.html": "{{ a.title }}"}))
    >>> shows_cards(env, "list.html"), shows_cards(env, "page.html")
    (True, False)
    """
    seen, todo = {name}, [name]
    while todo:
        calls, referenced = _template_facts(environment, todo.pop())
        if calls:
            return True
        for other in referenced - seen:
            seen.add(other)
            todo.append(other)
    return False


def _template_facts(environment: Any, name: str) -> tuple[bool, set[str]]:
    """Whether the template ``name`` calls the card filter (a filter of that name in its
    parsed source, not merely the name's letters), and the templates it names (kept per
    environment; a template that cannot be read calls nothing)."""
    facts = environment.__dict__.setdefault("_assay_card_facts", {})
    if name not in facts:
        try:
            tree = environment.parse(environment.loader.get_source(environment, name)[0])
            calls = any(node.name == CARD_FILTER for node in tree.find_all(nodes.Filter))
            referenced = meta.find_referenced_templates(tree)
            facts[name] = (calls, {other for other in referenced if isinstance(other, str)})
        except (TemplateError, OSError, AttributeError):  # unreadable, or no loader
            facts[name] = (False, set())
    return facts[name]


def plan_cards(jobs: list[Any], settings: dict[str, Any]) -> CardPlan | None:
    """What cards the batch of ``jobs`` should make first (None: none, because no page
    shows cards, pages have their own site URLs, cards are kept from an earlier build,
    fewer than :data:`MIN_CARDS` briefs lack a card, or the batch has no shared context
    with briefs).

    Where the build cache keeps cards from an earlier build, the pages take most of
    theirs from it, and finding which are missing would cost more than it saves: the
    batch makes none first.
    """
    from .pagecache import fragments

    store = fragments()
    if settings.get("RELATIVE_URLS") or (store is not None and store.any_kept()):
        return None
    listing = next((job for job in jobs if job.kind == "file" and _shows_cards(job)), None)
    if listing is None:
        return None
    shared = listing.shared()
    if not isinstance(shared, dict) or not shared.get("articles"):
        return None
    template = listing.template()
    context = template.environment.get_template(CARD_TEMPLATE).new_context(dict(shared))
    site_url = context.get("SITEURL")
    briefs = [brief for brief in shared["articles"]
              if known_card(template.environment, brief, site_url) is None]
    if len(briefs) < MIN_CARDS:
        return None
    return CardPlan(context, site_url, briefs)


def _shows_cards(job: Any) -> bool:
    """Whether the page ``job`` writes shows cards (answers kept per environment)."""
    template = job.template()
    name = getattr(template, "name", None)
    if name is None:
        return False
    answers = template.environment.__dict__.setdefault("_assay_shows_cards", {})
    if name not in answers:
        answers[name] = shows_cards(template.environment, name)
    return answers[name]


def make_cards(plan: CardPlan, numbers: list[int]) -> dict[int, str]:
    """The cards of the briefs of ``plan`` numbered ``numbers``, by number: each made
    afresh; a card whose making logs a message or fails is left out (and the rest
    made), for its page to make (the messages are kept from the log meanwhile)."""
    made: dict[int, str] = {}
    with captured_logs() as capture:
        for number in numbers:
            logged = len(capture.records)
            try:
                html = render_card(plan.context, plan.briefs[number])
            except Exception:
                continue
            if len(capture.records) == logged:
                made[number] = str(html)
    return made


def take_cards(plan: CardPlan, made: dict[int, str]) -> None:
    """Take the cards ``made`` (by number) as the briefs' cards for the rest of the build."""
    environment = plan.context.environment
    for number, html in made.items():
        remember_card(environment, plan.briefs[number], plan.site_url, html)
