"""One source read into everything the build needs from it, as plain, picklable data.

:func:`prepare` does all the work of reading a brief or a page that does not need
Pelican: decoding, the source filters (text repair), the front matter and its
schema, the brief checks (citations), and the Markdown rendering. Its result, a
:class:`Prepared`, holds no Pelican object, so it can be made in another process
and kept in the cache (:mod:`briefs.cache`); the reader turns it into Pelican's
metadata (authors, topics, dates) in the build's own process.

The problems found are kept in the order the reader records them, in batches,
so a build that takes a source from the cache or from a worker process reports
exactly what a build that reads it there and then reports.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import collector
from .filters import reading_time
from .paths import display_path
from .problems import BriefError, Problem
from .render import Renderer
from .schema import DEFAULT_SECTIONS, BriefOptions, headings, read_brief, read_page
from .source import MAX_BYTES, read_source


@dataclass
class Prepared:
    """What reading one source gave.

    ``kind`` is ``"brief"`` or ``"page"``; ``records`` the batches of problems to
    record, in order; ``skip`` whether the source stays out of the site;
    ``content`` the body's HTML; ``fields`` the rest: for a brief ``brief`` (the
    :class:`~briefs.model.Brief`, but for its Markdown ``body``, which is empty: once
    rendered into ``content`` nothing needs it, and each of the build's processes and
    the cache would keep it for every brief, 5 to 10 KB each), ``lede``, ``summary``
    (HTML) and ``reading_time``; for a page its front matter values.
    """

    kind: str
    records: list[list[Problem]] = field(default_factory=list)
    skip: bool = False
    content: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    #: Files besides the source the checks read (archived copies of cited articles).
    inputs: list[str] = field(default_factory=list)
    #: The latest date the brief names: its checks compare dates with today, and a
    #: result made when every date was already past stays true on every later day.
    latest: datetime.date | None = None


def latest_date(brief: Any) -> datetime.date | None:
    """The latest of the dates ``brief`` names (its own, its citations', corrections')."""
    days = [_day(brief.date), _day(brief.updated)]
    for citation in brief.citations:
        days += [_day(citation.date), _day(citation.accessed)]
    days += [_day(correction.date) for correction in brief.corrections]
    found = [day for day in days if day is not None]
    return max(found) if found else None


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


class Tools:
    """What reading needs from the settings, made once per build: the renderer and
    the brief contract's options."""

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self._resolved: dict[Path, Path] = {}
        #: The content folder, links resolved (the same for every source).
        self.content = self.resolve(Path(settings["PATH"]))
        self.renderer = Renderer(settings.get("MARKDOWN", {}),
                                 settings.get("BRIEFS_ALLOWED_HTML", {}))
        self.options = BriefOptions(
            view_label=settings.get("BRIEFS_VIEW_LABEL", "REEx View"),
            sections=tuple(settings.get("BRIEFS_SECTIONS", DEFAULT_SECTIONS)),
            render=self.renderer.field,
        )

    def resolve(self, path: Path) -> Path:
        """``path`` with its links resolved (``Path.resolve``), worked out once per build:
        a source is resolved to tell its kind and again to check where it really is.

        A path that is not a link itself is its folder's resolved path and its name, and
        sources share folders: each folder is resolved once (``Path.resolve`` looks at
        every part of a path, 40 µs a source).
        """
        found = self._resolved.get(path)
        if found is None:
            if path.name not in ("", ".", "..") and not os.path.islink(path):
                found = self.resolve(path.parent) / path.name
            else:
                found = path.resolve()
            self._resolved[path] = found
        return found


def kind_of(source_path: str, settings: dict[str, Any], content: Path | None = None,
            resolve: Callable[[Path], Path] = Path.resolve) -> str:
    """``"page"`` for a source under one of ``PAGE_PATHS``, else ``"brief"``.

    ``content`` is the content folder (``PATH``) with its links resolved, when known;
    ``resolve`` resolves a path's links.
    """
    if content is None:
        content = resolve(Path(settings["PATH"]))
    resolved = resolve(Path(source_path))
    relative = resolved.relative_to(content) if resolved.is_relative_to(content) \
        else Path(source_path)
    for page_path in settings.get("PAGE_PATHS", []):
        if relative.is_relative_to(page_path):
            return "page"
    return "brief"


def prepare(source_path: str, tools: Tools, data: bytes | None = None) -> Prepared:
    """Read the source at ``source_path`` with ``tools``; never raises for bad input.

    ``data`` is the file's bytes when the caller has read them already.
    """
    settings = tools.settings
    display = display_path(source_path)
    kind = kind_of(source_path, settings, tools.content, tools.resolve)
    try:
        text = read_source(Path(source_path), display, root=Path(settings["PATH"]),
                           max_bytes=settings.get("BRIEFS_MAX_BYTES", MAX_BYTES), data=data,
                           resolve=tools.resolve)
    except BriefError as exc:
        return Prepared(kind, [exc.problems], skip=True)
    text, filtered = collector.filter_source(display, text, settings)
    prepared = Prepared(kind, [filtered])
    if kind == "page":
        _prepare_page(prepared, tools, display, text)
    else:
        _prepare_brief(prepared, tools, display, text)
    return prepared


def _prepare_page(prepared: Prepared, tools: Tools, display: str, text: str) -> None:
    reading = read_page(text, display)
    if reading.values is None:
        prepared.records.append(reading.problems)
        prepared.skip = True
        return
    prepared.fields = dict(reading.values)
    prepared.content = tools.renderer.body(reading.body)


def _prepare_brief(prepared: Prepared, tools: Tools, display: str, text: str) -> None:
    reading = read_brief(text, display, tools.options)
    if reading.brief is None:
        prepared.records.append(reading.problems)
        prepared.skip = True
        return
    brief = reading.brief
    prepared.inputs = [str(path) for path in collector.inputs(brief, tools.settings)]
    prepared.latest = latest_date(brief)
    problems = sorted(reading.problems + collector.run_checks(brief, tools.settings))
    prepared.records.append(problems)
    if any(p.severity == "error" for p in problems):
        prepared.skip = True
        return
    found = headings(brief.body)
    content, lede = tools.renderer.body_and_lede(brief.body, found[0][0] if found else None)
    prepared.content = content
    prepared.fields = {
        "brief": dataclasses.replace(brief, body=""),
        "lede": lede,
        "summary": tools.renderer.field(brief.summary) if brief.summary else lede,
        "reading_time": reading_time(content, brief.view.html,
                                     *(h.html for h in brief.highlights)),
    }
