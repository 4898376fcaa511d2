"""Feeds that carry each brief's highlights and citation: Atom, RSS and JSON Feed 1.1.

Pelican writes the Atom and RSS feeds (``FEED_ALL_ATOM``, ``TAG_FEED_RSS``, ...);
this plugin replaces each item's HTML, just before the feed is written, with the
theme's ``partials/feed_item.html``: highlights, body, house view, citation and
corrections for Atom ``content`` (and RSS when ``RSS_FEED_SUMMARY_ONLY`` is off);
highlights, summary and citation for an RSS summary. It also writes JSON Feed 1.1:

``FEED_ALL_JSON`` (e.g. ``"feeds/all.json"``)
    every brief, newest first.
``TAG_FEED_JSON`` (e.g. ``"feeds/topics/{slug}.json"``)
    one feed per topic.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from feedgenerator import Rss201rev2Feed
from pelican import signals

from briefs.writer import before_forking_on_briefs

from .content import render_item
from .jsonfeed import dumps, json_feed

logger = logging.getLogger(__name__)

#: The article generator of the build in progress (its theme renders the items).
_build: dict[str, Any] = {}


def remember_generator(generator: Any) -> None:
    """Keep the article generator of this build, for rendering feed items later."""
    _build["generator"] = generator
    _build["rendered"] = {}
    _build.pop("by_link", None)


def _rendered(brief: Any, *, full: bool, site_url: str) -> str:
    key = (brief.url, full, site_url)
    cache = _build.setdefault("rendered", {})
    if key not in cache:
        cache[key] = render_item(_build["generator"], brief, full=full, site_url=site_url)
    return cache[key]


def _link(site_url: str, url: str) -> str:
    """The item link Pelican's writer makes for ``url`` (without ``?ref=feed``)."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", str(url))


def _by_link(articles: list[Any], site_url: str) -> dict[str, Any]:
    """The briefs among ``articles`` by their feed link (made once per build and site URL)."""
    key = (id(articles), len(articles), site_url)
    cached = _build.get("by_link")
    if cached is None or cached[0] != key or cached[1] is not articles:
        links = {_link(site_url, b.url): b for b in articles if getattr(b, "highlights", None)}
        cached = _build["by_link"] = (key, articles, links)
    return cached[2]


def share_links(generator: Any) -> None:
    """Have the build's process make the briefs' feed links (:func:`_by_link`, for the
    context's briefs and site URL, as every feed asks) before the pages' writers fork,
    for them to share (see :func:`briefs.writer.before_forking`): a writer that made
    them would read every brief, and so copy the memory pages they are on (at 4,000
    briefs, about 12 of the 24 MiB a writer whose first job was a feed copied). A
    handler of ``article_generator_finalized``."""
    before_forking_on_briefs(
        generator, lambda articles: _by_link(articles, generator.context.get("SITEURL", "")))


def rewrite_items(context: dict[str, Any], feed: Any) -> None:
    """Replace the HTML of every brief in ``feed`` (a feedgenerator feed) by the feed item.

    Takes the generator context the feed was made from; changes ``feed.items`` in place.
    """
    generator = _build.get("generator")
    if generator is None:
        return
    settings = generator.settings
    site_url = context.get("SITEURL", "")
    briefs = _by_link(context.get("articles", []), site_url)
    rss = isinstance(feed, Rss201rev2Feed)
    summary_only = rss and settings.get("RSS_FEED_SUMMARY_ONLY", True)
    for item in feed.items:
        brief = briefs.get(str(item.get("link", "")).split("?ref=feed")[0])
        if brief is None:
            continue
        if rss:
            item["description"] = _rendered(brief, full=not summary_only, site_url=site_url)
        else:
            item["content"] = _rendered(brief, full=True, site_url=site_url)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    logger.info('Writing "%s"', path)


def write_json_feeds(generator: Any, writer: Any = None) -> None:
    """Write ``FEED_ALL_JSON`` and the ``TAG_FEED_JSON`` feeds of ``generator``'s briefs."""
    settings = generator.settings
    output = Path(generator.output_path)
    site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    briefs = [b for b in generator.articles if getattr(b, "highlights", None)]

    def content(brief: Any) -> str:
        return _rendered(brief, full=True, site_url=site_url)

    def write(path: str, items: list[Any], title: str) -> None:
        _write(output / path, dumps(json_feed(items, settings=settings, feed_path=path,
                                              title=title, content=content)))

    def submit(path: str, items: list[Any], title: str) -> None:
        # A writer that works on several cores (and keeps pages between builds) takes
        # each feed as a job; the feed depends only on the briefs it shows (the first
        # FEED_MAX_ITEMS) and the settings.
        items = items[: settings.get("FEED_MAX_ITEMS")]
        if hasattr(writer, "submit"):
            writer.submit(write, path, items, title, outputs=[path])
        else:
            write(path, items, title)

    sitename = settings.get("SITENAME", "")
    if settings.get("FEED_ALL_JSON"):
        submit(settings["FEED_ALL_JSON"], briefs, sitename)
    if settings.get("TAG_FEED_JSON"):
        for tag, tagged in generator.tags.items():
            tagged = sorted((b for b in tagged if getattr(b, "highlights", None)),
                            key=lambda b: b.date, reverse=True)
            submit(settings["TAG_FEED_JSON"].format(slug=tag.slug), tagged,
                   f"{sitename} - {tag}")


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    # article_generator_finalized: the briefs are read; keep the generator for its theme.
    signals.article_generator_finalized.connect(remember_generator)
    # (then, before the pages' writers fork, the briefs' feed links are made once)
    signals.article_generator_finalized.connect(share_links)
    # feed_generated: an Atom or RSS feed is complete but not yet written.
    signals.feed_generated.connect(rewrite_items)
    # article_writer_finalized: the article pages and Pelican's feeds are written.
    signals.article_writer_finalized.connect(write_json_feeds)
