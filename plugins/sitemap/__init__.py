"""``sitemap.xml`` for the built site, and its ``Sitemap:`` line in ``robots.txt``.

Once every file is written (Pelican's ``finalized`` signal) the plugin lists
each HTML page of the output folder at its clean URL (``.../index.html`` as
``.../``), leaving out pages whose head has ``<meta name="robots" content="noindex">``
(search, 404) and the folders of ``SITEMAP_EXCLUDE``. A brief's ``lastmod`` is
its ``updated`` date, else its date. A sitemap needs absolute URLs, so without an
absolute ``SITEURL`` (the development build) nothing is written.

``robots.txt`` stays the editors' file (``content/extra/robots.txt``); the plugin
only adds or refreshes its ``Sitemap:`` line in the output.

Whether a page is marked ``noindex`` is kept in the build cache (``ASSAY_CACHE_PATH``,
``sitemap/``) by the page file's stamp, so a rebuild reads only the pages written anew.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

from briefs.cache import cache_path, read_entry, write_entry
from briefs.sitefiles import (
    Stamp,
    forget_notes,
    note_written_page,
    read_html_files,
    read_written_pages,
    written_notes,
)

logger = logging.getLogger(__name__)

DEFAULT_EXCLUDE = ("theme", "pagefind")
_NOINDEX = re.compile(rb"<meta\s+name=[\"']robots[\"']\s+content=[\"'][^\"']*noindex", re.I)
_HEAD_END = re.compile(rb"</head\s*>", re.I)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:.*$\n?", re.IGNORECASE | re.MULTILINE)

#: The briefs and pages of the build in progress (for their dates).
_collected: dict[str, list[Any]] = {}


def page_url(site_url: str, relative: str) -> str:
    """The public URL of the output file at ``relative`` (a POSIX path).

    >>> page_url("https://a.example", "2025/09/x/index.html")
    'https://a.example/2025/09/x/'
    >>> page_url("https://a.example/sub", "index.html")
    'https://a.example/sub/'
    >>> page_url("https://a.example", "404.html")
    'https://a.example/404.html'
    """
    if relative == "index.html":
        relative = ""
    elif relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{site_url.rstrip('/')}/{relative}"


def pages(output: Path, exclude: Iterable[str] = DEFAULT_EXCLUDE,
          cache: Path | None = None,
          noted: Mapping[str, tuple[Stamp, bool]] | None = None) -> list[str]:
    """The HTML files of ``output`` to list (POSIX paths relative to it), sorted.

    Leaves out the ``exclude`` folders and pages marked ``noindex``. With a ``cache``
    folder, a page whose file has the stamp it had in the last build is not read
    again (see :func:`briefs.sitefiles.read_html_files`); nor is one whose mark was
    ``noted`` as it was written (relative path → its stamp then and its mark).
    """
    skipped = {e.strip("/") for e in exclude}
    kept = {**_kept_marks(cache), **(noted or {})}
    marks, keep = read_html_files(output, skipped, kept,
                                  lambda relative: marked_noindex(_head(output / relative)))
    if cache is not None and keep != kept:
        write_entry(cache / NOINDEX, pickle.dumps(
            {"format": NOINDEX_FORMAT, "marks": keep}, protocol=pickle.HIGHEST_PROTOCOL))
    return [relative for relative, noindex in marks.items() if not noindex]


#: Whether each page is marked ``noindex``, by its file's stamp (in the cache).
NOINDEX = "noindex.pickle"
NOINDEX_FORMAT = 1


def _kept_marks(cache: Path | None) -> dict[str, tuple[Stamp, bool]]:
    """The marks :func:`pages` kept in ``cache`` (none when there are none)."""
    entry = read_entry(cache / NOINDEX if cache is not None else None, NOINDEX_FORMAT)
    return entry["marks"] if entry is not None else {}


#: Bytes read at first for a page's head (the whole page when its head is longer).
_HEAD_BYTES = 16384


def _head(path: Path) -> bytes:
    """The start of the page at ``path``, up to its ``</head>`` (the whole page without)."""
    with open(path, "rb") as stream:
        start = stream.read(_HEAD_BYTES)
        if _HEAD_END.search(start) or len(start) < _HEAD_BYTES:
            return start
        return start + stream.read()


def marked_noindex(html: bytes) -> bool:
    """Whether the page ``html`` has ``<meta name="robots" content="...noindex...">`` in
    its head (the whole page when it has no ``</head>``).

    >>> marked_noindex(b'<head><meta name="robots" content="noindex"></head><p>x')
    True
    >>> marked_noindex(b'<head></head><p>&lt;meta name="robots" content="noindex"&gt;</p>')
    False
    >>> marked_noindex(b'<head></head><pre><meta name="robots" content="noindex"></pre>')
    False
    """
    end = _HEAD_END.search(html)
    return _NOINDEX.search(html, 0, end.start() if end else len(html)) is not None


#: The plugin's notes on the pages as they are written: whether each is marked noindex.
NOTES = "sitemap"


def plan_notes(pelican: Any) -> None:
    """Note whether each page is marked ``noindex`` as it is written, when the build
    writes a sitemap (from the one read of the page that every plugin shares, see
    :func:`briefs.sitefiles.read_written_pages`), starting without the notes an earlier
    build in this process left. A handler of ``get_generators``; gives no generator."""
    forget_notes(NOTES)
    read_written_pages(NOTES, _read_mark if _absolute(pelican.settings) else None)


def _absolute(settings: Mapping[str, Any]) -> bool:
    """Whether ``settings`` give an absolute ``SITEURL``, which a sitemap needs."""
    return re.match(r"https?://", settings.get("SITEURL", "") or "") is not None


def _read_mark(path: str, content: bytes) -> bool:
    """Whether the page just written to ``path`` (its bytes ``content``) is marked
    ``noindex``."""
    return marked_noindex(content)


def sitemap_xml(urls: Iterable[str], lastmod: Mapping[str, str]) -> str:
    """A sitemap document for ``urls``; ``lastmod`` maps some of them to a W3C date."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        modified = lastmod.get(url)
        extra = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{extra}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def with_sitemap_line(robots: str, sitemap_url: str) -> str:
    """``robots`` (the text of robots.txt) with one ``Sitemap:`` line for ``sitemap_url``.

    >>> with_sitemap_line("User-agent: *\\nAllow: /\\n", "https://a.example/sitemap.xml")
    'User-agent: *\\nAllow: /\\n\\nSitemap: https://a.example/sitemap.xml\\n'
    >>> with_sitemap_line("Sitemap: old\\nUser-agent: *\\n", "https://a.example/s.xml")
    'User-agent: *\\n\\nSitemap: https://a.example/s.xml\\n'
    """
    kept = _SITEMAP_LINE.sub("", robots).rstrip("\n")
    return (kept + "\n\n" if kept else "") + f"Sitemap: {sitemap_url}\n"


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a new file, never through a link to a source."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _collect(generators: list[Any]) -> None:
    """Remember the briefs and pages of this build (``generators``), for ``lastmod``."""
    contents = []
    for generator in generators:
        contents.extend(getattr(generator, "articles", []))
        contents.extend(getattr(generator, "pages", []))
    _collected["contents"] = contents


def write_sitemap(pelican: Any) -> None:
    """Write ``sitemap.xml`` into ``pelican``'s output folder and point robots.txt at it."""
    settings = pelican.settings
    site_url = settings.get("SITEURL", "")
    if not _absolute(settings):
        logger.debug("sitemap: no absolute SITEURL; none written")
        return
    output = Path(pelican.output_path)
    name = settings.get("SITEMAP_SAVE_AS", "sitemap.xml")
    exclude = settings.get("SITEMAP_EXCLUDE", DEFAULT_EXCLUDE)
    cache = cache_path(settings, "sitemap")
    noted = written_notes(NOTES, output)
    urls = [page_url(site_url, relative) for relative in pages(output, exclude, cache, noted)]
    lastmod: dict[str, str] = {}
    for content in _collected.get("contents", []):
        when = getattr(content, "modified", None) or getattr(content, "date", None)
        if when is not None and getattr(content, "save_as", None):
            lastmod[page_url(site_url, content.save_as)] = when.date().isoformat()
    _replace(output / name, sitemap_xml(urls, lastmod))
    logger.info('Writing "%s" (%d URLs)', output / name, len(urls))
    robots = output / "robots.txt"
    current = robots.read_text("utf-8") if robots.is_file() else "User-agent: *\nAllow: /\n"
    _replace(robots, with_sitemap_line(current, f"{site_url.rstrip('/')}/{name}"))


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    # all_generators_finalized: every brief and page is known, with its dates.
    signals.get_generators.connect(plan_notes)
    signals.content_written.connect(note_written_page)
    signals.all_generators_finalized.connect(_collect)
    # finalized: every file is written; list them.
    signals.finalized.connect(write_sitemap)
