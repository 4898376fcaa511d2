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
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from . import collector, preread
from .prepare import Prepared, display_path

__all__ = ["BriefReader", "display_path"]

logger = logging.getLogger(__name__)


def _safe_datetime(value: Any) -> SafeDatetime | None:
    if value is None:
        return None
    return SafeDatetime(value.year, value.month, value.day, value.hour, value.minute,
                        value.second, value.microsecond, value.tzinfo)


class BriefReader(BaseReader):
    """Reads ``.md`` briefs and pages with YAML front matter (see the module docstring).

    The reading itself (:func:`briefs.prepare.prepare`) may have happened before,
    in a worker process or an earlier build (:mod:`briefs.preread`); here its
    problems are recorded and its result becomes Pelican's metadata.
    """

    enabled = True
    file_extensions = ("md", "markdown")

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self.build = preread.build_for(settings)
        self.renderer = self.build.tools.renderer
        self.render_body = self.renderer.body
        self.options = self.build.tools.options

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        prepared = self.build.prepared(source_path)
        for problems in prepared.records:
            collector.record(source_path, problems)
        if prepared.skip:
            return "", {"status": "skip", "title": Path(source_path).stem}
        if prepared.kind == "page":
            return prepared.content, self._page_metadata(prepared)
        return prepared.content, self._brief_metadata(prepared)

    def _page_metadata(self, prepared: Prepared) -> dict[str, Any]:
        metadata: dict[str, Any] = dict(prepared.fields)
        for name in ("date", "updated"):
            if name in metadata:
                metadata["modified" if name == "updated" else name] = _safe_datetime(
                    metadata.pop(name))
        return metadata

    def _brief_metadata(self, prepared: Prepared) -> dict[str, Any]:
        brief = prepared.fields["brief"]
        metadata: dict[str, Any] = {
            "title": brief.title,
            "date": _safe_datetime(brief.date),
            "authors": [Author(name, self.settings) for name in brief.authors],
            "tags": [Tag(topic, self.settings) for topic in brief.topics],
            "summary": prepared.fields["summary"],
            "status": brief.status,
            "category": Category(self.settings.get("DEFAULT_CATEGORY", "Briefs"), self.settings),
            "highlights": brief.highlights,
            "view": brief.view,
            "citations": brief.citations,
            "corrections": brief.corrections,
            "lede": prepared.fields["lede"],
            "brief": brief,
            "reading_time": prepared.fields["reading_time"],
        }
        if brief.updated:
            metadata["modified"] = _safe_datetime(brief.updated)
        if brief.slug:
            metadata["slug"] = brief.slug
        if not brief.authors and self.settings.get("AUTHOR"):
            metadata["authors"] = [Author(self.settings["AUTHOR"], self.settings)]
        return metadata
