"""Brief reader plugin: Markdown briefs with YAML front matter, validated by a schema."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import jinja2
from pelican import signals

from . import (
    archive,
    collector,
    contentcache,
    entrystore,
    heap,
    memo,
    pagecache,
    preread,
    scans,
    sitefiles,
    writer,
)
from .cache import (
    KEPT_BUILDS,
    cache_path,
    end_build,
    kept_builds,
    prune_before,
    pruning_due,
    settings_digest,
)
from .filters import FILTERS
from .outputs import RESERVED, collisions
from .problems import errors

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS: dict[str, Any] = {
    "BRIEFS_VIEW_LABEL": "REEx View",
    "BRIEFS_STRICT": False,
    # Processes that read and write (None: the usable cores; 1: one by one, here).
    "ASSAY_WORKERS": None,
    # The build cache (see briefs.cache).
    "ASSAY_CACHE": True,
    "ASSAY_CACHE_PATH": ".cache/assay",
    # How many of the latest builds that made their entries anew the cache keeps
    # what was used since.
    "ASSAY_CACHE_BUILDS": KEPT_BUILDS,
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
    preread.worker_count(settings)
    kept_builds(settings)


#: Where the answers of Pelican's helpers are kept between builds, in the build cache.
MEMO = "memo.pickle"


def initialized(pelican) -> None:
    _check_config(pelican.settings)


def start_build(pelican) -> None:
    """Handler of ``get_generators``, which Pelican sends as each build starts (a preview
    server builds again and again in one process, and sends ``initialized`` once): every
    build starts afresh. It gives a previous build's objects back to the cycle
    collector; forgets the helpers' answers (and takes those the build cache kept), the
    previous build's problems, reading state and work left for the writers' fork; lets
    Pelican log again what it logged in a previous build (it drops a message it has
    seen in this process, so a preview server would not show a problem that an edit
    left in place); and runs the site's own checks. Gives no generator."""
    heap.release()
    memo.forget()
    kept = cache_path(pelican.settings, MEMO)
    if kept is not None:
        memo.load(kept)
    collector.reset()
    sitefiles.forget_digests()
    writer.forget_before_forking()
    _log_again()
    preread.start(pelican.settings)
    for problem in collector.run_site_checks(pelican.settings):
        collector.record(problem.path, [problem])


def _log_again() -> None:
    """Forget the messages Pelican's log filter has let through (it lets each warning
    through once a process, and counts the messages of a group up to a limit); the
    messages it was told to ignore (``LOG_FILTER``) stay ignored."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def add_reader(readers) -> None:
    from .reader import BriefReader

    for extension in BriefReader.file_extensions:
        readers.reader_classes[extension] = BriefReader


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)
    # A build's templates do not change while it runs (a preview server makes new
    # generators for each rebuild): no need to look at each template file again each
    # time a page includes it.
    generator.env.auto_reload = False
    _keep_compiled_templates(generator)
    _read_in_order(generator)
    writer.batch_output(generator)


def _keep_compiled_templates(generator) -> None:
    """Keep the compiled templates in the build cache (``templates/``), so a build does
    not compile the theme again; Jinja checks each template's source before using them.

    The folder is named by the Jinja version and environment options, which change
    how a template compiles.
    """
    settings = generator.settings
    templates = cache_path(settings, "templates")
    if templates is None or generator.env.bytecode_cache is not None:
        return
    options = settings_digest({"JINJA_ENVIRONMENT": settings.get("JINJA_ENVIRONMENT")})
    digest = hashlib.sha256(f"{jinja2.__version__} {options}".encode()).hexdigest()[:16]
    folder = templates / digest
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        logger.debug("build cache: no compiled templates kept: %s", exc)
        return
    generator.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def _read_in_order(generator) -> None:
    """Make ``generator`` take its sources in path order.

    Pelican lists them as a set, whose order changes from run to run; briefs of the
    same date would then be listed in a different order by each build.
    """
    listed = generator.get_files

    def get_files(*args, **kwargs):
        return _PathOrder(listed(*args, **kwargs))

    generator.get_files = get_files


class _PathOrder(set):
    """A set of paths that iterates in sorted order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


class _Members(list):
    """A list of briefs whose ``in`` is a set lookup (briefs are equal only to themselves)."""

    def __contains__(self, item) -> bool:
        members = self.__dict__.get("_ids")
        if members is None or len(members) != len(self):
            members = self.__dict__["_ids"] = {id(x) for x in self}
        return id(item) in members

    def __reduce_ex__(self, protocol):
        return list, (list(self),)


def _linear_grouping(generator) -> None:
    """Keep Pelican's grouping of briefs linear in their number.

    Pelican finds the briefs of each year, month, topic and author by asking, for
    each brief of the site, whether it is in the group's list: fine for a blog,
    minutes for twenty thousand briefs. The same groups, in the same order, by set
    lookups instead (a brief is equal only to itself).
    """
    build = generator._build_period_archives

    def build_period_archives(sorted_articles, articles, settings):
        archives = build(sorted_articles, [], settings)
        for group in archives.values():
            for period in group:
                members = {id(a) for a in period["dates"]}
                period["articles"] = [a for a in articles if id(a) in members]
        return archives

    generator._build_period_archives = build_period_archives


def _linear_membership(generator) -> None:
    """The briefs of each topic, author and category as :class:`_Members` (see
    :func:`_linear_grouping`), before the pages that list them are written."""
    for tag in list(generator.tags):
        generator.tags[tag] = _Members(generator.tags[tag])
    generator.categories = [(c, _Members(a)) for c, a in generator.categories]
    generator.authors = [(a, _Members(b)) for a, b in generator.authors]


def _digest_briefs_ahead(generator: Any) -> None:
    """Have the build's process digest the briefs the pages show for the page cache
    before the pages' writers fork (see :func:`briefs.pagecache.digest_ahead`)."""
    writer.before_forking_on_briefs(generator, pagecache.digest_ahead)


def report_reading(generators) -> None:
    """Log what came from the build cache and what was read (and keep it in the cache)."""
    if generators:
        build = preread.build_for(generators[0].settings)
        build.cache.report(build.workers)


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


def _keep_urls(contents) -> None:
    """Fix each content's URL and output path once it is read (Pelican formats them anew
    on every access).

    Both depend only on a source's metadata, final once it is read; a template of a
    big site asks for URLs thousands of times (listings, related briefs, feeds), and
    the writer and the sitemap ask for every output path.
    """
    for content in contents:
        if not hasattr(content, "override_url"):
            content.override_url = content.url
        memo.keep_save_as(content)


_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                  "hidden_articles", "hidden_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
               "draft_translations")


def drop_article_collisions(generator) -> None:
    # URLs and output paths kept first: the collision check reads every output path.
    _keep_urls(c for name in _ARTICLE_LISTS for c in getattr(generator, name))
    _drop_collisions(generator, _ARTICLE_LISTS, frozenset())


def drop_page_collisions(generator) -> None:
    _keep_urls(c for name in _PAGE_LISTS for c in getattr(generator, name))
    _drop_collisions(generator, _PAGE_LISTS, RESERVED)
    generator._update_context(("pages", "hidden_pages", "draft_pages"))


def keep_memo(pelican) -> None:
    """Keep the answers of Pelican's helpers this build used, for the next build."""
    kept = cache_path(pelican.settings, MEMO)
    if kept is not None:
        memo.save(kept)


def finish_build(pelican) -> None:
    """Handler of ``finalized``: the build has used and made its cache entries. It joins
    the latest builds that made their entries anew if it did (more sources read than
    taken from the cache, or more page jobs rendered than kept); the cache is pruned
    after such a build, and once a day (see :func:`briefs.cache.used_since`)."""
    settings = pelican.settings
    reading = preread.build_for(settings).cache
    pages = pagecache.finished_page_cache()
    new = len(reading.read) > len(reading.from_cache) or (
        pages is not None and pages.rendered > pages.reused)
    end_build(settings, new=new)
    root = cache_path(settings, "")
    now = pruning_due(root / "pruned", new=new) if root is not None else None
    if root is not None and now is not None:
        before = prune_before(root, now)
        reading.prune(before, now)
        if pages is not None:
            pages.prune(before, now)
    entrystore.close_connections()  # the database is left whole, its log written into it


def _finish_late(pelican) -> None:
    """Connect the build's own ``finalized`` work after every plugin's handlers that were
    connected as the plugins registered: the search plugin then starts Pagefind before
    it, and the cache's bookkeeping and pruning (0.2 s of a cold build at 4,000 briefs)
    run while Pagefind does, not before it on one core. The search plugin's wait for its
    index (connected the same way, later) still comes last."""
    signals.finalized.connect(keep_memo)
    signals.finalized.connect(finish_build)


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
    # Pelican's pure helpers (slugs, dates, source paths) remember their answers in a build.
    memo.install()
    # ... and its scans of each brief's HTML (images without alt text, links to static
    # files) are skipped where the HTML cannot match them.
    scans.install()
    # ... and its own content cache takes no file stamps while it is empty and off.
    contentcache.install()
    # initialized: check settings once.
    signals.initialized.connect(initialized)
    # get_generators: a build starts (a preview server starts many in one process);
    # forget the previous build's problems, answers, readings and objects.
    signals.get_generators.connect(start_build)
    # readers_init: claim .md files before Pelican's own Markdown reader reads them.
    signals.readers_init.connect(add_reader)
    # generator_init: every generator has its Jinja environment; add the filters to it,
    # have it list its sources in a stable order and write its output as one batch.
    signals.generator_init.connect(add_filters)
    # content_object_init: a brief or page was made from what the reader gave; note which
    # source (and build cache key) it came from, for the page cache.
    signals.content_object_init.connect(preread.content_made)
    # get_writer: the writer that does a generator's batch on all cores.
    signals.get_writer.connect(writer.get_writer)
    # article_generator_init: take every brief the build cache holds and start reading
    # the rest on all cores; the reader then takes each result in turn, as it comes.
    signals.article_generator_init.connect(preread.preread)
    signals.article_generator_init.connect(_linear_grouping)
    # article_generator_pretaxonomy: all briefs are read (the workers end), none grouped
    # or written yet; a brief that would overwrite another's page is dropped here,
    # before the archive.
    signals.article_generator_pretaxonomy.connect(preread.finish_reading)
    signals.article_generator_pretaxonomy.connect(drop_article_collisions)
    # ... and every brief's objects live to the end of the build: out of the cycle
    # collector's passes with them (again once every generator is done, before the
    # pages are written in forked workers).
    signals.article_generator_pretaxonomy.connect(heap.settle)
    # article_generator_finalized: the groups are made; make "is it in this group" quick.
    signals.article_generator_finalized.connect(_linear_membership)
    # ... and the archive's year and month pages by URL, for the pages that link to them
    # (which then do not depend on every brief, as ``period_archives`` would make them).
    signals.article_generator_finalized.connect(archive.add_period_urls)
    # ... and the briefs' digests (for the page cache's keys), made once, before the
    # pages' writers fork.
    signals.article_generator_finalized.connect(_digest_briefs_ahead)
    # page_generator_finalized: the same for pages, which may not take the site's paths.
    signals.page_generator_finalized.connect(drop_page_collisions)
    # all_generators_finalized: every source has been read and nothing written yet,
    # the last moment a strict build can stop with the complete list.
    signals.all_generators_finalized.connect(report_reading)
    signals.all_generators_finalized.connect(fail_strict_build)
    signals.all_generators_finalized.connect(heap.settle)
    # finalized: every page is written; keep the helpers' answers for the next build,
    # and prune the build cache once every batch has used its entries (after the other
    # plugins' own handlers: the search index is started first, see _finish_late).
    signals.initialized.connect(_finish_late)
