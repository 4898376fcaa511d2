"""Pelican wiring of citation checking: checks on every brief, rendering data, outlet pages.

Settings:

* ``CITATIONS_OUTLETS``: the outlet registry, relative to the content folder
  (default ``outlets.yml``).
* ``CITATIONS_REQUIRE_ARCHIVE``: in a strict build, a brief with quotations and
  no archived copy of its source is an error, not a warning (default False).
* ``BRIEFS_STRICT`` (the brief reader's): future dates are errors.

Every brief gets ``article.citation_views`` (one per citation: the citation, its
house-style text, its link with tracking parameters removed, its outlet),
``article.cite`` (plain text, BibTeX and CSL-JSON) and ``article.jsonld`` (the
``<script type="application/ld+json">`` element). The outlets index
(``/outlets/``) and a page per outlet (``/outlets/<slug>/``) are written by the
generator of :func:`outlets_generator`.
"""

from __future__ import annotations

import collections
import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from briefs.model import Brief, Citation
from briefs.pagecache import Derived
from briefs.problems import Problem
from briefs.render import plain_text

from .agreement import check_agreement
from .fields import check_citation
from .outlets import Outlet, Registry, load_registry, slugify
from .quotes import check_quotes
from .render import citation_text, cite_this_brief, jsonld, jsonld_script
from .urls import clean_url

DEFAULTS: dict[str, Any] = {
    "CITATIONS_OUTLETS": "outlets.yml",
    "CITATIONS_REQUIRE_ARCHIVE": False,
    "OUTLET_URL": "outlets/{slug}/",
    "OUTLET_SAVE_AS": "outlets/{slug}/index.html",
    "OUTLETS_URL": "outlets/",
    "OUTLETS_SAVE_AS": "outlets/index.html",
}

_registries: dict[tuple[str, int, int], tuple[Registry, list[Problem]]] = {}


def setting(settings: dict[str, Any], name: str) -> Any:
    """A setting of this plugin, or its default."""
    return settings.get(name, DEFAULTS[name])


def check_config(settings: dict[str, Any]) -> None:
    """Validate this plugin's settings; raise ValueError on a bad one."""
    outlets = setting(settings, "CITATIONS_OUTLETS")
    if not isinstance(outlets, str) or Path(outlets).is_absolute() or ".." in Path(outlets).parts:
        raise ValueError("CITATIONS_OUTLETS must be a path inside the content folder")
    if not isinstance(setting(settings, "CITATIONS_REQUIRE_ARCHIVE"), bool):
        raise ValueError("CITATIONS_REQUIRE_ARCHIVE must be True or False")


def registry_for(settings: dict[str, Any]) -> tuple[Registry, list[Problem]]:
    """The site's outlet registry and its problems (read once per file version: a file
    known by its path, size and modification time)."""
    path = Path(settings["PATH"]) / setting(settings, "CITATIONS_OUTLETS")
    try:
        found = path.stat()
        stamp = (found.st_size, found.st_mtime_ns)
    except OSError:
        stamp = (-1, 0)
    key = (os.path.abspath(path), *stamp)
    if key not in _registries:
        relative = os.path.relpath(path)
        display = relative if not relative.startswith("..") else str(path)
        _registries[key] = load_registry(path, display=display)
    return _registries[key]


def registry_problems(settings: dict[str, Any]) -> list[Problem]:
    """The problems of the site's outlet registry file."""
    return registry_for(settings)[1]


def check_brief(brief: Brief, settings: dict[str, Any]) -> list[Problem]:
    """Every citation problem of one brief: fields, dates, outlets, agreement, quotations."""
    registry, _ = registry_for(settings)
    strict = bool(settings.get("BRIEFS_STRICT"))
    today = datetime.date.today()
    problems: list[Problem] = []
    for citation in brief.citations:
        problems += check_citation(citation, brief_path=brief.path, brief_date=brief.date,
                                   today=today, strict=strict, registry=registry)
    problems += check_agreement(brief, registry)
    problems += check_quotes(brief, content_root=Path(settings["PATH"]),
                             require_archive=strict and setting(settings,
                                                                "CITATIONS_REQUIRE_ARCHIVE"))
    return problems


def inputs(brief: Brief | None, settings: dict[str, Any]) -> list[Path]:
    """The files the checks of ``brief`` read: its archived sources (for None, the
    outlet registry every brief is checked against)."""
    content = Path(settings["PATH"])
    if brief is None:
        return [content / setting(settings, "CITATIONS_OUTLETS")]
    return [content / c.archive for c in brief.citations
            if isinstance(c.archive, str) and c.archive.strip()]


@dataclass(frozen=True, slots=True)
class CitationView:
    """What a template shows of one citation."""

    citation: Citation
    text: str
    url: str | None
    archive_url: str | None
    outlet: Outlet | None
    outlet_name: str
    outlet_url: str | None


def citation_views(brief: Brief, registry: Registry, settings: dict[str, Any]
                   ) -> list[CitationView]:
    """One :class:`CitationView` per citation of ``brief``: a list made from the brief,
    the outlet registry and the settings alone (a :class:`briefs.pagecache.Derived`, so
    the build cache digests a brief's views as part of its source)."""
    views: list[CitationView] = Derived()
    for citation in brief.citations:
        outlet = registry.lookup(citation.publication)
        slug = outlet.slug if outlet else slugify(citation.publication)
        views.append(CitationView(
            citation=citation,
            text=citation_text(citation, registry),
            url=clean_url(citation.url) if citation.url else None,
            archive_url=clean_url(citation.archive_url) if citation.archive_url else None,
            outlet=outlet,
            outlet_name=outlet.name if outlet else citation.publication,
            outlet_url=setting(settings, "OUTLET_URL").format(slug=slug),
        ))
    return views


#: How many values :class:`Later` keeps at once (those made last).
KEPT = 8

#: The :class:`Later` objects holding a value, oldest first.
_holding: collections.deque[Later] = collections.deque()


class Later:
    """A value made the first time a template uses it (a brief's "Cite this brief" and
    JSON-LD are needed only where its page is rendered, often in a worker process).

    It stands for its value in templates: attributes, items, truth and ``__html__``
    are the value's. Everything the value is made from is part of the brief (its
    source, URL and authors) and the settings, so for the build cache's digests it is
    just its ``name``.

    Only the :data:`KEPT` values made last are kept: a page uses its brief's while it
    is rendered, and nothing after (kept to the end of a build, every brief's took
    about 7 MiB in each writing process at 4,000 briefs). A value used again after it
    was let go is made again, the same.

    >>> made = []
    >>> first = Later("n", lambda: made.append(1) or len(made))
    >>> first.value(), first.value(), made
    (1, 1, [1])
    >>> others = [Later("n", lambda: 0) for _ in range(KEPT)]
    >>> [other.value() for other in others] == [0] * KEPT
    True
    >>> first.value(), made
    (2, [1, 1])
    """

    __slots__ = ("_make", "_name", "_value")

    def __init__(self, name: str, make: Any):
        self._name = name
        self._make = make
        self._value: Any = Later

    def value(self) -> Any:
        """The value, made on first use (and again once let go)."""
        if self._value is Later:
            self._value = self._make()
            _holding.append(self)
            if len(_holding) > KEPT:
                _holding.popleft()._value = Later
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.value(), name)

    def __getitem__(self, key: Any) -> Any:
        return self.value()[key]

    def __bool__(self) -> bool:
        return bool(self.value())

    def __html__(self) -> str:
        return Markup(self.value()).__html__()

    def __str__(self) -> str:
        return str(self.value())

    def __reduce__(self) -> tuple[Any, ...]:
        return str, (f"later:{self._name}",)


def attach(generator: Any) -> None:
    """Give every brief of the article generator its citation data for the templates."""
    settings = generator.settings
    registry, _ = registry_for(settings)
    for article in [*generator.articles, *generator.drafts, *generator.hidden_articles]:
        brief = getattr(article, "brief", None)
        if brief is None:
            continue
        article.citation_views = citation_views(brief, registry, settings)
        article.cite = Later("cite", _cite_of(article, settings))
        article.jsonld = Later("jsonld", _jsonld_of(article, settings, registry))


def _cite_of(article: Any, settings: dict[str, Any]) -> Any:
    def make() -> dict[str, Any]:
        url = f"{settings.get('SITEURL', '')}/{article.url}"
        cite = cite_this_brief(article.brief, settings.get("SITENAME", ""), url)
        return {**cite, "csl_json": json.dumps(cite["csl"], indent=2, ensure_ascii=False)}

    return make


def _jsonld_of(article: Any, settings: dict[str, Any], registry: Registry) -> Any:
    def make() -> Markup:
        site_url = settings.get("SITEURL", "")
        author_urls = {a.name: f"{site_url}/{a.url}" for a in getattr(article, "authors", [])}
        data = jsonld(article.brief, url=f"{site_url}/{article.url}",
                      site_name=settings.get("SITENAME", ""), site_url=site_url or "/",
                      author_urls=author_urls, registry=registry)
        if "description" in data:
            # The dek as the reader sees it: rendered, sanitized, as plain text.
            data["description"] = plain_text(article.summary)
        return Markup(jsonld_script(data))

    return make


def outlets_of(articles: list[Any]) -> list[tuple[str, str, str, list[Any]]]:
    """(name, slug, url, briefs) per outlet cited by ``articles``, sorted by name."""
    found: dict[str, tuple[str, str, str, list[Any]]] = {}
    for article in articles:
        seen = set()
        for view in getattr(article, "citation_views", []):
            slug = view.outlet_url.rstrip("/").rsplit("/", 1)[-1]
            if slug in seen:
                continue
            seen.add(slug)
            entry = found.setdefault(slug, (view.outlet_name, slug, view.outlet_url, []))
            entry[3].append(article)
    return sorted(found.values(), key=lambda entry: entry[0].casefold())


def get_generators(pelican: Any) -> type:
    """Handler of Pelican's get_generators signal: the outlet pages' generator."""
    return outlets_generator()


def outlets_generator() -> type:
    """The generator class for outlet pages (made on demand: it needs Pelican)."""
    from pelican.generators import Generator

    class OutletsGenerator(Generator):
        """Writes the outlets index and a page per outlet with its briefs, newest first."""

        def generate_context(self) -> None:
            articles = sorted(self.context.get("articles", []), key=lambda a: a.date,
                              reverse=True)
            self.context["outlets"] = outlets_of(articles)
            self.context["OUTLETS_URL"] = setting(self.settings, "OUTLETS_URL")

        def generate_output(self, writer: Any) -> None:
            relative = self.settings["RELATIVE_URLS"]
            writer.write_file(setting(self.settings, "OUTLETS_SAVE_AS"),
                              self.get_template("outlets"), self.context,
                              relative_urls=relative, url=setting(self.settings, "OUTLETS_URL"))
            template = self.get_template("outlet")
            for name, slug, url, articles in self.context["outlets"]:
                writer.write_file(setting(self.settings, "OUTLET_SAVE_AS").format(slug=slug),
                                  template, self.context, outlet_name=name, outlet_slug=slug,
                                  outlet_articles=articles, relative_urls=relative, url=url)

    return OutletsGenerator
