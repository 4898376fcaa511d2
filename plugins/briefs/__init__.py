"""Brief reader plugin: Markdown briefs with YAML front matter, validated by a schema."""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals

from . import collector
from .filters import FILTERS
from .outputs import RESERVED, collisions
from .problems import errors

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS: dict[str, Any] = {
    "BRIEFS_VIEW_LABEL": "REEx View",
    "BRIEFS_STRICT": False,
}


class BuildFailed(SystemExit):
    """A strict build found errors (each already logged); exits with status 1.

    A ``SystemExit`` so that Pelican stops cleanly, without a traceback.
    """

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(1)


def _check_config(settings: dict[str, Any]) -> None:
    """Validate this plugin's settings; raise on a bad one."""
    label = settings.get("BRIEFS_VIEW_LABEL", "REEx View")
    if not isinstance(label, str) or not label.strip():
        raise ValueError("BRIEFS_VIEW_LABEL must be non-empty text, e.g. 'REEx View'")
    sections = settings.get("BRIEFS_SECTIONS", [])
    if not isinstance(sections, list | tuple) or not all(isinstance(s, str) for s in sections):
        raise ValueError("BRIEFS_SECTIONS must be a list of section titles")
    jinja = settings.get("JINJA_ENVIRONMENT", {})
    if jinja.get("autoescape") is not True:
        raise ValueError("JINJA_ENVIRONMENT must set autoescape: True (metadata is untrusted)")


def initialized(pelican) -> None:
    _check_config(pelican.settings)
    collector.reset()
    for problem in collector.run_site_checks(pelican.settings):
        collector.record(problem.path, [problem])


def add_reader(readers) -> None:
    from .reader import BriefReader

    for extension in BriefReader.file_extensions:
        readers.reader_classes[extension] = BriefReader


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def _drop_collisions(generator, attributes: tuple[str, ...], reserved: frozenset[str]) -> None:
    """Skip sources of ``generator`` that would overwrite another's output, with errors."""
    from .reader import display_path

    contents = [c for name in attributes for c in getattr(generator, name)]
    by_display = {display_path(c.source_path): c for c in contents}
    skip, problems = collisions(((path, c.save_as) for path, c in by_display.items()),
                                reserved=reserved)
    for problem in problems:
        collector.record(by_display[problem.path].source_path, [problem])
    dropped = {id(by_display[path]) for path in skip}
    for name in attributes:
        setattr(generator, name, [c for c in getattr(generator, name) if id(c) not in dropped])


def drop_article_collisions(generator) -> None:
    _drop_collisions(generator, ("articles", "translations", "drafts", "drafts_translations",
                                 "hidden_articles", "hidden_translations"), frozenset())


def drop_page_collisions(generator) -> None:
    _drop_collisions(generator, ("pages", "translations", "hidden_pages",
                                 "hidden_translations", "draft_pages", "draft_translations"),
                     RESERVED)
    generator._update_context(("pages", "hidden_pages", "draft_pages"))


def fail_strict_build(generators) -> None:
    settings = generators[0].settings if generators else {}
    found = errors(collector.all_problems())
    if settings.get("BRIEFS_STRICT") and found:
        files = len({p.path for p in found})
        listing = "\n".join(p.format() for p in found)
        logger.critical("strict build failed: %d error(s) in %d file(s); nothing was "
                        "published:\n%s", len(found), files, listing)
        raise BuildFailed(found)


def register() -> None:
    # initialized: check settings once and forget the previous build's problems.
    signals.initialized.connect(initialized)
    # readers_init: claim .md files before Pelican's own Markdown reader reads them.
    signals.readers_init.connect(add_reader)
    # generator_init: every generator has its Jinja environment; add the filters to it.
    signals.generator_init.connect(add_filters)
    # article_generator_pretaxonomy: all briefs are read, none grouped or written yet;
    # a brief that would overwrite another's page is dropped here, before the archive.
    signals.article_generator_pretaxonomy.connect(drop_article_collisions)
    # page_generator_finalized: the same for pages, which may not take the site's paths.
    signals.page_generator_finalized.connect(drop_page_collisions)
    # all_generators_finalized: every source has been read and nothing written yet,
    # the last moment a strict build can stop with the complete list.
    signals.all_generators_finalized.connect(fail_strict_build)
