"""The Pelican reader for briefs and pages written as Markdown with YAML front matter.

Reader contract: ``read(source_path)`` returns ``(content_html, metadata)``.
For a brief (a file under ``ARTICLE_PATHS``) the metadata holds Pelican's own
fields (``title``, ``date``, ``modified``, ``authors``, ``tags`` for topics,
``summary``, ``status``, ``slug``) and the brief's structured fields for the
templates: ``highlights`` (list of :class:`~briefs.model.Highlight`), ``view``
(:class:`~briefs.model.View`), ``citations`` (list of
:class:`~briefs.model.Citation`), ``corrections``, ``lede`` (HTML) and ``brief``
(the whole :class:`~briefs.model.Brief`, for other plugins). A file under
``PAGE_PATHS`` is a plain page. A source that fails validation is reported
(each problem logged as ``path:line:col: error: message (hint)`` and recorded in
:data:`briefs.collector`) and skipped, so the rest of the site still builds.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from . import collector
from .filters import reading_time
from .problems import BriefError, Problem
from .render import Renderer
from .schema import DEFAULT_SECTIONS, BriefOptions, headings, read_brief, read_page
from .source import MAX_BYTES, read_source

logger = logging.getLogger(__name__)

def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working directory when inside it, for messages."""
    relative = os.path.relpath(path)
    return Path(relative).as_posix() if not relative.startswith("..") else str(path)


def _safe_datetime(value: Any) -> SafeDatetime | None:
    if value is None:
        return None
    return SafeDatetime(value.year, value.month, value.day, value.hour, value.minute,
                        value.second, value.microsecond, value.tzinfo)


class BriefReader(BaseReader):
    """Reads ``.md`` briefs and pages with YAML front matter (see the module docstring)."""

    enabled = True
    file_extensions = ("md", "markdown")

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self.renderer = Renderer(settings.get("MARKDOWN", {}),
                                 settings.get("BRIEFS_ALLOWED_HTML", {}))
        self.render_body = self.renderer.body
        self.options = BriefOptions(
            view_label=settings.get("BRIEFS_VIEW_LABEL", "REEx View"),
            sections=tuple(settings.get("BRIEFS_SECTIONS", DEFAULT_SECTIONS)),
            render=self.renderer.field,
        )

    # Reading ----------------------------------------------------------------

    def _kind(self, source_path: str) -> str:
        content = Path(self.settings["PATH"])
        relative = Path(source_path).resolve().relative_to(content.resolve()) \
            if Path(source_path).resolve().is_relative_to(content.resolve()) else Path(source_path)
        for page_path in self.settings.get("PAGE_PATHS", []):
            if relative.is_relative_to(page_path):
                return "page"
        return "brief"

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        display = display_path(source_path)
        try:
            text = read_source(Path(source_path), display, root=Path(self.settings["PATH"]),
                               max_bytes=self.settings.get("BRIEFS_MAX_BYTES", MAX_BYTES))
        except BriefError as exc:
            return self._skip(source_path, exc.problems)
        text, filtered = collector.filter_source(display, text, self.settings)
        collector.record(source_path, filtered)
        if self._kind(source_path) == "page":
            return self._read_page(source_path, display, text)
        return self._read_brief(source_path, display, text)

    def _skip(self, source_path: str, problems: list[Problem]) -> tuple[str, dict[str, Any]]:
        collector.record(source_path, problems)
        return "", {"status": "skip", "title": Path(source_path).stem}

    def _read_page(self, source_path: str, display: str, text: str):
        reading = read_page(text, display)
        if reading.values is None:
            return self._skip(source_path, reading.problems)
        metadata: dict[str, Any] = dict(reading.values)
        for name in ("date", "updated"):
            if name in metadata:
                metadata["modified" if name == "updated" else name] = _safe_datetime(
                    metadata.pop(name))
        return self.render_body(reading.body), metadata

    def _read_brief(self, source_path: str, display: str, text: str):
        reading = read_brief(text, display, self.options)
        if reading.brief is None:
            return self._skip(source_path, reading.problems)
        problems = reading.problems + collector.run_checks(reading.brief, self.settings)
        if any(p.severity == "error" for p in problems):
            return self._skip(source_path, sorted(problems))
        collector.record(source_path, sorted(problems))
        brief = reading.brief
        found = headings(brief.body)
        lede_source = "\n".join(brief.body.splitlines()[: found[0][0]]) if found else brief.body
        lede = self.render_body(lede_source)
        metadata: dict[str, Any] = {
            "title": brief.title,
            "date": _safe_datetime(brief.date),
            "authors": [Author(name, self.settings) for name in brief.authors],
            "tags": [Tag(topic, self.settings) for topic in brief.topics],
            "summary": self.renderer.field(brief.summary) if brief.summary else lede,
            "status": brief.status,
            "category": Category(self.settings.get("DEFAULT_CATEGORY", "Briefs"), self.settings),
            "highlights": brief.highlights,
            "view": brief.view,
            "citations": brief.citations,
            "corrections": brief.corrections,
            "lede": lede,
            "brief": brief,
        }
        content = self.render_body(brief.body)
        metadata["reading_time"] = reading_time(
            content, brief.view.html, *(h.html for h in brief.highlights))
        if brief.updated:
            metadata["modified"] = _safe_datetime(brief.updated)
        if brief.slug:
            metadata["slug"] = brief.slug
        if not brief.authors and self.settings.get("AUTHOR"):
            metadata["authors"] = [Author(self.settings["AUTHOR"], self.settings)]
        return content, metadata
