"""A build's long-lived objects kept out of the cycle collector's way.

A build makes its objects in bulk and keeps them to its end: the readings of every
brief, then Pelican's contents, groups and templates. CPython's cycle collector
visits every object it tracks on each full pass, so its passes grow with the site:
at 4,000 briefs they took about 0.7 s of a one-brief rebuild in the build's process,
and more in each forked writer, where a pass also writes to (and so copies) every
page of memory the worker shares with the build.

* :func:`paused` holds collections while a batch of objects that are all kept is made
  (the cached readings being loaded);
* :func:`settle` takes every object alive now out of later passes (``gc.freeze``)
  once the young generations are collected, and gives the memory the process has
  freed back to the system (:func:`trim`); the build calls it when the briefs are
  read and when every generator is done, before the pages are written;
* :func:`release` (at the start of a build) gives a previous build's objects back
  to the collector, for a process that runs several builds.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside the block (unless collection was off before it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle(*_: Any, **__: Any) -> None:
    """Collect the young generations, keep every object alive now out of later
    collections, and :func:`trim`. A signal handler (it takes and ignores any
    arguments)."""
    gc.collect(1)
    gc.freeze()
    trim()


def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim`` (GNU libc's), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        library = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        function = library.malloc_trim
    except (OSError, AttributeError):  # another C library (musl has no malloc_trim)
        return None
    function.argtypes, function.restype = [ctypes.c_size_t], ctypes.c_int
    return function  # type: ignore[no-any-return]


_trim = _malloc_trim()


def trim() -> bool:
    """Give the memory this process freed back to the system, where the C library can
    (GNU libc's ``malloc_trim``); gives whether it could.

    The C library keeps what Python's larger objects took (a cached reading's bytes, a
    page's text) once they are freed, for the next allocations: a rebuild of 4,000
    briefs had about 25 MiB of it when the pages began to be written (159 MiB resident
    without trimming, 134 with), which the writing processes forked then would have
    counted too. It takes a few milliseconds. (Tested in ``tests/briefs/test_heap.py``,
    by the memory a process gets back.)
    """
    if _trim is None:
        return False
    _trim(0)
    return True


def release(*_: Any, **__: Any) -> None:
    """Give the objects :func:`settle` set aside back to the collector."""
    gc.unfreeze()
