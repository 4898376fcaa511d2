"""Search and discovery: the Pagefind index of the built site, and the theme's filters.

After every build (``make html``, ``make publish`` and each rebuild under
``make serve``) the plugin runs Pagefind over the output folder (its processes run
while the other plugins do their last work, such as the sitemap; the build waits
for them; under ``assay build``, the process that started the build does, once the
build's own process has handed the index over and ended, see
:mod:`search.handover`), so the search page's bundle is always at
``<output>/pagefind/`` (the path Pagefind's own JS API expects). Only elements
marked ``data-pagefind-body`` are indexed: the theme marks the brief, so pages,
archives and listings stay out of the results.

Settings:

``SEARCH_INDEX`` (default ``True``)
    Build the index at all.
``SEARCH_STRICT`` (default: ``BRIEFS_STRICT``)
    A failed index stops the build (a production site without search is broken);
    otherwise it is logged as an error and the build goes on.
``SEARCH_PAGEFIND_ARGS`` (default ``[]``)
    Extra command-line arguments for Pagefind.
``SEARCH_SHARD_SIZE`` (default ``550``; ``0``: always one index)
    The most briefs indexed in one part (see :mod:`search.pagefind`), unless that
    makes more than about ``SEARCH_MOST_PARTS`` parts. A site with
    more briefs gets its index in parts of whole folders (a year of briefs, else a
    month), indexed side by side (``ASSAY_WORKERS`` Pagefind processes, each
    holding one part in memory), so a rebuild indexes again only the parts whose
    briefs changed. The search page merges the parts (Pagefind's ``mergeIndex``).
    Each part's words (its *vocabulary page*) go into one more small index, the
    words index (:mod:`search.vocabulary`), which the search page asks first which
    parts know every word of a search, and searches only those; so a search finds
    the same briefs as in one index. A brief that brings a word new to the site
    changes its own part and the words index; the other parts are kept. Relevance is
    scored within each part, so the order of results for words can differ a little
    from one index's; searches by filters alone list the newest first, as in one
    index.
``SEARCH_MOST_PARTS`` (default ``20``; ``0``: no bound)
    About how many parts an index has at most: a bigger site's parts are bigger
    (at 20,000 briefs, at most 1,000 briefs each, in 24 parts: whole folders do not
    fill every part). Pagefind holds each part it indexes
    in memory, two at a time, and a rebuild indexes the edited brief's part again,
    so smaller parts make the end of a build smaller and a rebuild faster; but each
    part costs Pagefind about as much again for the words it holds (about 0.14
    CPU-s a part here, whatever its pages), and is one more index a reader's first
    search loads (its entry, metadata and its chunk of each word searched for: at
    4,000 briefs, eight parts instead of six cost 6 more requests and a tenth more
    bytes for a common word, eleven parts 15 and a quarter). Parts of at most 550
    (eight at 4,000 briefs, instead of six of 615 to 749) are the largest whose two
    Pagefind processes at once hold less than writing the site does.
    The index (each part, and each part's words) is kept in the build cache
    (``ASSAY_CACHE_PATH``, unless ``ASSAY_CACHE`` is off) and reused while its
    pages are unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals

from briefs.cache import cache_path
from briefs.sitefiles import (
    forget_notes,
    note_digest,
    note_written_page,
    read_written_pages,
    written_notes,
)
from briefs.writer import before_forking_on_briefs

from . import handover
from .filters import FILTERS, make_index
from .pagefind import (
    IndexFailed,
    IndexInProgress,
    PendingIndex,
    Reading,
    page_reading,
    part_size,
    prune,
    start_index,
)

logger = logging.getLogger(__name__)

#: The most briefs in one part of the search index, and about how many parts it has
#: at most (see the module's docstring).
DEFAULT_SHARD_SIZE = 550
DEFAULT_MOST_PARTS = 20


class SearchIndexFailed(SystemExit):
    """A strict build could not build the search index; exits with status 1."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(1)


def add_filters(generator: Any) -> None:
    """Add the discovery filters to ``generator``'s Jinja environment."""
    generator.env.filters.update(FILTERS)


def share_index(generator: Any) -> None:
    """Have the build's process make the related briefs' index and the date order of the
    briefs the pages show before the pages' writers fork, for them to share (see
    :func:`briefs.writer.before_forking`). A handler of ``article_generator_finalized``."""
    before_forking_on_briefs(generator, make_index)


def _processes(settings: dict[str, Any]) -> int:
    """How many Pagefind processes may run at once (the build's ``ASSAY_WORKERS``)."""
    try:
        from briefs.preread import worker_count
    except ImportError:
        return 1
    return worker_count(settings)


#: The index of the build in progress, while its Pagefind processes run (at most one).
_pending: list[IndexInProgress] = []
#: The name of the plugin's notes on the pages as they are written.
NOTES = "search"
#: Whether what the index reads of each page written includes its words (only an index
#: in parts needs them).
_noting = {"words": False}


def plan_notes(pelican: Any) -> None:
    """Note the pages as they are written when the build makes an index (see
    :func:`read_page`), starting without the notes an earlier build in this process
    left. A handler of ``get_generators`` (sent as each build starts); gives no
    generator."""
    forget_notes(NOTES)
    indexed = bool(pelican.settings.get("SEARCH_INDEX", True))
    read_written_pages(NOTES, read_page if indexed else None)


def plan_words(generator: Any) -> None:
    """Note the pages' words too when the briefs will make an index in parts."""
    count = len(generator.articles)
    _noting["words"] = part_size(count, *_part_settings(generator.settings)) < count


def _part_settings(settings: dict[str, Any]) -> tuple[int, int]:
    """The most briefs a part of the index holds, and about how many parts at most."""
    return (int(settings.get("SEARCH_SHARD_SIZE", DEFAULT_SHARD_SIZE)),
            int(settings.get("SEARCH_MOST_PARTS", DEFAULT_MOST_PARTS)))


def read_page(path: str, content: bytes) -> Reading:
    """What the index reads of the HTML page at ``path`` whose bytes, just written, are
    ``content`` (:func:`search.pagefind.page_reading`), noted as the page is written (see
    :func:`briefs.sitefiles.read_written_pages`), in whichever process writes it,
    instead of after the build on one core."""
    reading = page_reading(content, words=_noting["words"])
    note_digest(path, reading[0])  # the page cache keeps it with the page
    return reading


def index_site(pelican: Any) -> None:
    """Start indexing ``pelican``'s output folder once the site is written: read its pages
    and start Pagefind (:func:`finish_index` waits for it, after the other plugins'
    ``finalized`` work)."""
    _cancel()  # an index a failed build left unfinished
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX", True):
        return
    cache = cache_path(settings, "search")
    shard_size, most_parts = _part_settings(settings)
    output = Path(pelican.output_path)
    descriptor = handover.channel()
    index_type: Callable[..., IndexInProgress] = PendingIndex
    if descriptor is not None:  # made by the process that started the build
        handover.send(descriptor, ("prepare",))  # which loads its modules meanwhile
        index_type = partial(handover.HandedIndex, descriptor, _strict(settings))
    try:
        _pending.append(start_index(
            output, extra_args=settings.get("SEARCH_PAGEFIND_ARGS", ()),
            shard_size=shard_size, most_parts=most_parts,
            processes=_processes(settings), cache=cache,
            noted=written_notes(NOTES, output), index_type=index_type))
    except IndexFailed as exc:
        _failed(settings, exc)


def _cancel() -> None:
    while _pending:
        _pending.pop().cancel()


def finish_index(pelican: Any) -> None:
    """Wait for the index :func:`index_site` started and put it in place. A build without
    an index (``SEARCH_INDEX`` off) prunes what the cache kept of earlier ones instead,
    as an index does once it is in place: it goes once the latest builds have not used
    it."""
    if not _pending:
        cache = cache_path(pelican.settings, "search")
        if not pelican.settings.get("SEARCH_INDEX", True) and cache is not None:
            prune(cache)
        return
    pending = _pending.pop()
    try:
        summary = pending.finish()
    except IndexFailed as exc:
        _failed(pelican.settings, exc)
        return
    logger.info("search index: %s", summary)


def _strict(settings: dict[str, Any]) -> bool:
    """Whether a failed index stops the build (``SEARCH_STRICT``)."""
    return bool(settings.get("SEARCH_STRICT", settings.get("BRIEFS_STRICT", False)))


def _failed(settings: dict[str, Any], exc: IndexFailed) -> None:
    """Stop a strict build whose index failed (:class:`SearchIndexFailed`); log an error
    in any other build."""
    strict = _strict(settings)
    handover.report_failure(exc, strict=strict)
    if strict:
        raise SearchIndexFailed(str(exc)) from exc


def _finish_last(pelican: Any) -> None:
    """Connect :func:`finish_index` after every plugin's own ``finalized`` handler."""
    signals.finalized.connect(finish_index)


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    # generator_init: every generator's Jinja environment gets the filters.
    signals.generator_init.connect(add_filters)
    # finalized: every file is written; start indexing the output folder, and wait for
    # the index once the other plugins' finalized handlers (the sitemap) have run.
    signals.finalized.connect(index_site)
    signals.initialized.connect(_finish_last)
    # content_written: each page, as it is written, gives what the index reads of it
    # (get_generators: planned as each build starts).
    signals.get_generators.connect(plan_notes)
    signals.article_generator_finalized.connect(plan_words)
    # article_generator_finalized: the briefs the pages show are known; their index is
    # made once, before the pages' writers fork.
    signals.article_generator_finalized.connect(share_index)
    signals.content_written.connect(note_written_page)
