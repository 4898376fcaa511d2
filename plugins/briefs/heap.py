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
  once the young generations are collected; the build calls it when the briefs are
  read and when every generator is done, before the pages are written;
* :func:`release` (at the start of a build) gives a previous build's objects back
  to the collector, for a process that runs several builds.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
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
    """Collect the young generations, then keep every object alive now out of later
    collections. A signal handler (it takes and ignores any arguments)."""
    gc.collect(1)
    gc.freeze()


def release(*_: Any, **__: Any) -> None:
    """Give the objects :func:`settle` set aside back to the collector."""
    gc.unfreeze()
