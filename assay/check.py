"""Validate sources without building: the checks ``assay check`` runs.

``check_paths(paths, settings)`` takes files or folders and the site settings and
gives every problem found, using exactly the functions the build uses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefs import collector
from briefs.model import Brief
from briefs.outputs import RESERVED, collisions
from briefs.problems import BriefError, Problem
from briefs.reader import display_path
from briefs.render import Renderer
from briefs.schema import DEFAULT_SECTIONS, BriefOptions, read_brief, read_page
from briefs.source import MAX_BYTES, read_source

SOURCE_SUFFIXES = (".md", ".markdown")


def source_files(paths: Iterable[Path]) -> list[Path]:
    """The Markdown sources named by ``paths`` (files as given, folders walked), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for folder, _dirs, files in os.walk(path):
                found.update(Path(folder) / f for f in files if f.endswith(SOURCE_SUFFIXES))
        else:
            found.add(path)
    return sorted(found)


def register_plugins(settings: dict[str, Any]) -> None:
    """Register the site's plugins (as a build does), so their filters and checks run."""
    import importlib
    import sys

    for folder in settings.get("PLUGIN_PATHS", []):
        if str(Path(folder).absolute()) not in sys.path:
            sys.path.insert(0, str(Path(folder).absolute()))
    for name in settings.get("PLUGINS", []):
        module = importlib.import_module(name) if isinstance(name, str) else name
        module.register()


def default_paths(settings: dict[str, Any]) -> list[Path]:
    """The folders a build reads: ARTICLE_PATHS and PAGE_PATHS under PATH."""
    content = Path(settings["PATH"])
    return [content / p for p in [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
            if (content / p).exists()]


def options_from(settings: dict[str, Any]) -> BriefOptions:
    """The brief contract options a site's settings choose."""
    return BriefOptions(
        view_label=settings.get("BRIEFS_VIEW_LABEL", "REEx View"),
        sections=tuple(settings.get("BRIEFS_SECTIONS", DEFAULT_SECTIONS)),
        render=Renderer(settings.get("MARKDOWN", {}),
                        settings.get("BRIEFS_ALLOWED_HTML", {})).field,
    )


def is_page(path: Path, settings: dict[str, Any]) -> bool:
    """True when ``path`` is a page: under one of the site's PAGE_PATHS.

    A file outside the site's content folder is a page when a folder of its path
    is named like a page path (``pages/``).

    >>> settings = {"PATH": "content", "PAGE_PATHS": ["pages"]}
    >>> is_page(Path("content/pages/about.md"), settings)
    True
    >>> is_page(Path("elsewhere/pages/about.md"), settings)
    True
    >>> is_page(Path("content/briefs/a.md"), settings)
    False
    """
    content = Path(settings["PATH"]).absolute()
    path = path.absolute()
    page_paths = settings.get("PAGE_PATHS", [])
    if path.is_relative_to(content):
        return any(path.is_relative_to(content / p) for p in page_paths)
    folders = path.parent.parts
    return any(Path(p).name in folders for p in page_paths)


def slug_for(title: str, settings: dict[str, Any]) -> str:
    """The slug Pelican derives from ``title`` with the site's settings."""
    from pelican.utils import slugify

    return slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


@dataclass
class FileCheck:
    """What checking one file found: problems, its output path, and the brief read."""

    problems: list[Problem]
    save_as: str | None = None
    brief: Brief | None = None


def check_file(path: Path, settings: dict[str, Any]) -> FileCheck:
    """Every problem of one source file, the output path it would be written to, its brief."""
    display = display_path(path)
    try:
        text = read_source(path, display, root=Path(settings["PATH"]),
                           max_bytes=settings.get("BRIEFS_MAX_BYTES", MAX_BYTES))
    except BriefError as exc:
        return FileCheck(exc.problems)
    text, filtered = collector.filter_source(display, text, settings)
    if is_page(path, settings):
        page = read_page(text, display)
        if page.values is None:
            return FileCheck(filtered + page.problems)
        slug = page.values.get("slug") or slug_for(page.values["title"], settings)
        return FileCheck(filtered + page.problems, settings["PAGE_SAVE_AS"].format(slug=slug))
    reading = read_brief(text, display, options_from(settings))
    brief = reading.brief
    if brief is None:
        return FileCheck(filtered + reading.problems)
    problems = sorted(filtered + reading.problems + collector.run_checks(brief, settings))
    if brief.status == "draft" or any(p.severity == "error" for p in problems):
        return FileCheck(problems, None, brief)
    slug = brief.slug or slug_for(brief.title, settings)
    return FileCheck(problems, settings["ARTICLE_SAVE_AS"].format(slug=slug, date=brief.date),
                     brief)


def check_paths(paths: Iterable[Path], settings: dict[str, Any],
                read: list[Brief] | None = None) -> list[Problem]:
    """Every problem of every source under ``paths``, sorted by file and line.

    Besides each file's own problems: two sources written to one output path.
    Every brief read is appended to ``read`` when it is given.
    """
    problems: list[Problem] = collector.run_site_checks(settings)
    briefs: list[tuple[str, str]] = []
    pages: list[tuple[str, str]] = []
    for path in source_files(paths):
        found = check_file(path, settings)
        problems.extend(found.problems)
        if found.brief is not None and read is not None:
            read.append(found.brief)
        if found.save_as:
            (pages if is_page(path, settings) else briefs).append((display_path(path),
                                                                  found.save_as))
    problems.extend(collisions(briefs)[1])
    problems.extend(collisions(pages, reserved=RESERVED)[1])
    return sorted(set(problems))
