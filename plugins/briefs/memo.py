"""Pelican's pure helpers, each answer remembered for the rest of a build.

Pelican formats a content's file name and URL anew on every access, and each
time works out the source's path relative to the content folder and formats its
date; it makes a slug for every topic and author of every brief. A site of
thousands of briefs asks these helpers the same questions tens of thousands of
times. Each helper below gives exactly what Pelican's gives (its answer depends
only on the arguments kept in the key), remembered until the next build starts
(:func:`forget`).

The answers a build used are also kept in the build cache (:func:`save`) and given
to the next build (:func:`load`), which then asks Pelican only about new titles,
dates and sources: each answer depends only on its key, and the kept answers are
dropped when Python, Pelican or Unidecode (which makes slugs) is another version.
"""

from __future__ import annotations

import functools
import hashlib
import locale
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pelican.contents
import pelican.urlwrappers
import pelican.utils

from .cache import add_library_versions, read_entry, write_entry


def original(function: Callable[..., Any]) -> Callable[..., Any]:
    """Pelican's own ``function``, also when a copy of a module that puts a helper in its
    place (this one, :mod:`briefs.scans`) was installed first."""
    return getattr(function, "__wrapped__", function)


_ORIGINAL_STRFTIME = original(pelican.utils.strftime)
_ORIGINAL_SLUGIFY = original(pelican.utils.slugify)
_ORIGINAL_RELATIVE = original(pelican.contents.Content.get_relative_source_path)
_ORIGINAL_URL_SETTING = original(pelican.contents.Content.get_url_setting)

_dates: dict[tuple[Any, ...], str] = {}
_slugs: dict[tuple[Any, ...], str] = {}
_relative: dict[tuple[Any, ...], str | None] = {}
#: The answers the previous build used (see :func:`load`), by table.
_kept: dict[str, dict[tuple[Any, ...], Any]] = {"dates": {}, "slugs": {}, "relative": {}}


def strftime(date: Any, date_format: str) -> str:
    """Pelican's ``strftime`` (zero stripping with ``%-d``), remembered.

    The key holds what the text can depend on: the format, the kind of date, its
    fields, time zone and fold, and the locale's time names.

    >>> import datetime
    >>> strftime(datetime.date(2026, 3, 5), "%-d.%m.%Y")
    '5.03.2026'
    """
    key = (date_format, type(date), date, getattr(date, "tzinfo", None),
           getattr(date, "fold", 0), locale.setlocale(locale.LC_TIME))
    text = _dates.get(key)
    if text is None:
        text = _kept["dates"].get(key)
        if text is None:
            text = _ORIGINAL_STRFTIME(date, date_format)
        _dates[key] = text
    return text


def slugify(value: str, regex_subs: Iterable[tuple[str, str]] = (),
            preserve_case: bool = False, use_unicode: bool = False) -> str:
    """Pelican's ``slugify``, remembered.

    >>> slugify("Rare Earths & Magnets", [(r"[^\\w\\s-]", ""), (r"[-\\s]+", "-")])
    'rare-earths-magnets'
    """
    subs = tuple(tuple(pair) for pair in regex_subs)
    key = (value, type(value), subs, preserve_case, use_unicode)
    slug = _slugs.get(key)
    if slug is None:
        slug = _kept["slugs"].get(key)
        if slug is None:
            slug = _ORIGINAL_SLUGIFY(value, subs, preserve_case, use_unicode)
        _slugs[key] = slug
    return slug


def get_relative_source_path(self: Any, source_path: str | None = None) -> str | None:
    """Pelican's ``Content.get_relative_source_path``, remembered per content folder,
    source and working folder (relative paths are resolved from it; where both paths
    are absolute, as Pelican's settings and readers make them, it plays no part and
    is not asked for)."""
    folder, source = self.settings["PATH"], source_path or self.source_path
    absolute = os.path.isabs(folder) and (source is None or os.path.isabs(source))
    key = (folder, source, "" if absolute else os.getcwd())
    if key in _relative:
        return _relative[key]
    kept = _kept["relative"]
    found = _relative[key] = kept[key] if key in kept else _ORIGINAL_RELATIVE(self, source_path)
    return found


#: Where a content keeps its output path once it is final (see :func:`keep_save_as`).
KEPT_SAVE_AS = "_kept_save_as"


def keep_save_as(content: Any) -> None:
    """Fix ``content``'s output path (``save_as``) once its metadata is final.

    Pelican formats it anew on every access (validity check, collision check, writer,
    sitemap); a path set later with ``override_save_as`` still comes first.
    """
    content.__dict__[KEPT_SAVE_AS] = _ORIGINAL_URL_SETTING(content, "save_as")


def get_url_setting(self: Any, key: str) -> str:
    """Pelican's ``Content.get_url_setting``; the ``save_as`` kept by :func:`keep_save_as`
    while no ``override_save_as`` is set."""
    if key == "save_as":
        kept = self.__dict__.get(KEPT_SAVE_AS)
        if kept is not None and not hasattr(self, "override_save_as"):
            return kept
    return _ORIGINAL_URL_SETTING(self, key)


strftime.__wrapped__ = _ORIGINAL_STRFTIME  # type: ignore[attr-defined]
slugify.__wrapped__ = _ORIGINAL_SLUGIFY  # type: ignore[attr-defined]
get_relative_source_path.__wrapped__ = _ORIGINAL_RELATIVE  # type: ignore[attr-defined]
get_url_setting.__wrapped__ = _ORIGINAL_URL_SETTING  # type: ignore[attr-defined]

_PATCHES: tuple[tuple[Any, str, Callable[..., Any]], ...] = (
    (pelican.utils, "strftime", strftime),
    (pelican.utils, "slugify", slugify),
    (pelican.urlwrappers, "slugify", slugify),
    (pelican.contents, "slugify", slugify),
    (pelican.contents.Content, "get_relative_source_path", get_relative_source_path),
    (pelican.contents.Content, "get_url_setting", get_url_setting),
)


def forget() -> None:
    """Forget every remembered answer, kept ones too (a build starts: settings or locale
    may differ)."""
    _dates.clear()
    _slugs.clear()
    _relative.clear()
    for table in _kept.values():
        table.clear()


#: Changes with the form of a kept file, or with what a key holds.
FORMAT = 1


@functools.cache
def _versions() -> str:
    """What the answers also depend on: the versions of Python, Pelican and Unidecode
    (worked out once a process)."""
    digest = hashlib.sha256(sys.version.encode())
    add_library_versions(digest, ("pelican", "unidecode"))
    return digest.hexdigest()


def load(path: Path) -> None:
    """Take the answers a previous build kept at ``path`` (none when there are none, the
    file is damaged, or a version differs); call after :func:`forget`."""
    entry = read_entry(path, FORMAT)
    if entry is None or entry.get("versions") != _versions():
        return
    for name, table in _kept.items():
        found = entry.get(name)
        if isinstance(found, dict):
            table.update(found)


def save(path: Path) -> None:
    """Keep the answers this build used at ``path`` (atomically; failures are ignored)."""
    entry = {"format": FORMAT, "versions": _versions(), "dates": _dates, "slugs": _slugs,
             "relative": _relative}
    try:
        blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a key that cannot be kept: the next build asks Pelican again
        return
    write_entry(path, blob)


def install() -> None:
    """Put the remembering helpers in the place of Pelican's (again: no effect)."""
    for owner, name, helper in _PATCHES:
        setattr(owner, name, helper)
