"""Pelican's own content cache, asked nothing while it holds and keeps nothing.

Pelican's generators and readers are file-stamp caches (``FileStampDataCacher``):
for every source they read, they take the file's stamp (its modification time, or a
hash of the whole file under another ``CHECK_MODIFIED_METHOD``) to look the source
up, and again to keep it, also when ``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE`` are
off and the cache is empty and stays empty. The build keeps read briefs in its own
cache (:mod:`briefs.cache`), so Pelican's is off; for thousands of sources those
stamps were a tenth of a second or more of every build, on one core. Here a lookup
in an empty cache gives the default at once, and keeping data under a policy that
keeps nothing does nothing: the answers Pelican's methods give in those cases,
without the stamps. A cache that is on works as before.
"""

from __future__ import annotations

from typing import Any

from pelican.cache import FileStampDataCacher

from .memo import original

_ORIGINAL_CACHE_DATA = original(FileStampDataCacher.cache_data)
_ORIGINAL_GET_CACHED_DATA = original(FileStampDataCacher.get_cached_data)


def cache_data(self: Any, filename: str, data: Any) -> None:
    """``FileStampDataCacher.cache_data``: keep ``data`` and the file's stamp, only when
    the cache keeps anything (otherwise Pelican takes the stamp and drops both)."""
    if self._cache_data_policy:
        _ORIGINAL_CACHE_DATA(self, filename, data)


def get_cached_data(self: Any, filename: str, default: Any = None) -> Any:
    """``FileStampDataCacher.get_cached_data``: what is kept for ``filename`` if its file
    is unchanged, else ``default``; ``default`` at once when nothing is kept for it
    (Pelican would compare the file's stamp with none)."""
    if filename not in self._cache:
        return default
    return _ORIGINAL_GET_CACHED_DATA(self, filename, default)


cache_data.__wrapped__ = _ORIGINAL_CACHE_DATA  # type: ignore[attr-defined]
get_cached_data.__wrapped__ = _ORIGINAL_GET_CACHED_DATA  # type: ignore[attr-defined]


def install() -> None:
    """Put the two methods in the place of Pelican's (again: no effect)."""
    FileStampDataCacher.cache_data = cache_data
    FileStampDataCacher.get_cached_data = get_cached_data
