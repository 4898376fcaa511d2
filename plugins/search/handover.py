"""The search index made by the process that started the build, once the build's own
process has ended.

``assay build`` runs Pelican in a forked child and offers it a channel (see
``assay/handover.py``): the build's process holds the whole site, and would otherwise
hold it while it waits for Pagefind, whose processes need memory of their own. Given a
channel, the plugin plans the index as before (which pages, which parts, which are
kept in the cache) and writes the words index's pages, but hands the parts over as
messages (:class:`HandedIndex`, in the build's process; a first message, sent before
the plan, has the receiving process load this module meanwhile); the process that
started the build makes them (:func:`receive`) and, once the build has ended well,
waits for them and puts them in place (:func:`complete`), or drops them. Until then,
no Pagefind process runs (the first part is made ready meanwhile): the build's process
still holds the whole site (at 20,000 briefs, for a few seconds after its pages are
written), and a Pagefind process beside it made the build's peak. Without a
channel (plain ``pelican``, ``assay serve``), the build's process makes the index
itself.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from pathlib import Path
from typing import Any

from .pagefind import IndexFailed, PendingIndex

logger = logging.getLogger(__name__)

#: The environment variable naming the channel's file descriptor (``assay/handover.py``).
VARIABLE = "ASSAY_HANDOVER_FD"
#: The folder the receiving process imports this module from: the plugins' folder.
FOLDER = str(Path(__file__).resolve().parent.parent)


def channel(environment: dict[str, str] | os._Environ[str] = os.environ,
            parent: int | None = None) -> int | None:
    """The file descriptor of the channel ``environment`` offers to a child of the
    process ``parent`` (by default, this process's parent); None: none.

    >>> channel({VARIABLE: "7:1234"}, 1234), channel({VARIABLE: "7:1234"}, 99)
    (7, None)
    >>> channel({}, 1234), channel({VARIABLE: "x:1234"}, 1234), channel({VARIABLE: "7"}, 7)
    (None, None, None)
    """
    descriptor, _, offered_to = environment.get(VARIABLE, "").partition(":")
    if not (descriptor.isdigit() and offered_to.isdigit()):
        return None
    if int(offered_to) != (os.getppid() if parent is None else parent):
        return None  # inherited by a process the build started
    return int(descriptor)


def send(descriptor: int, payload: tuple[Any, ...]) -> None:
    """Send ``payload`` to this module in the receiving process, through ``descriptor``."""
    data = memoryview(pickle.dumps((FOLDER, __name__, payload),
                                   protocol=pickle.HIGHEST_PROTOCOL))
    while data:
        data = data[os.write(descriptor, data):]


class HandedIndex:
    """In the build's process, a :class:`~search.pagefind.PendingIndex` made by the
    receiving process: made with the same arguments (after the channel's
    ``descriptor`` and whether a failed index fails the build, ``strict``), sent as
    they are given. :meth:`finish` has nothing to wait for."""

    def __init__(self, descriptor: int, strict: bool, *args: Any, **kwargs: Any):
        self.descriptor = descriptor
        send(descriptor, ("start", strict, args, kwargs))

    def add_words(self, pages: dict[str, bytes], glob: str | None) -> None:
        send(self.descriptor, ("words", pages, glob))

    def finish(self) -> str:
        return "handed over to the process that started the build"

    def cancel(self) -> None:
        send(self.descriptor, ("cancel",))


#: In the receiving process: the index being made, the failure that stopped it,
#: whether that fails the build, and when it started.
_received: dict[str, Any] = {"index": None, "failure": None, "strict": False,
                             "started": 0.0}


def receive(payload: tuple[Any, ...]) -> None:
    """Do what a :class:`HandedIndex` sent: start making the index, add its words
    index, or drop it (the word to prepare the plugin sends first has nothing to do:
    this module is loaded on it). A failure is kept for :func:`complete`."""
    kind, *rest = payload
    index: PendingIndex | None = _received["index"]
    try:
        if kind == "start":
            strict, args, kwargs = rest
            _drop()
            _received["strict"], _received["started"] = strict, time.monotonic()
            # No Pagefind process while the build's process (the whole site) lives.
            _received["index"] = PendingIndex(*args, **kwargs, none_until_finish=True)
        elif kind == "words" and index is not None:
            index.add_words(*rest)
        elif kind == "cancel":
            _drop()
    except IndexFailed as exc:  # the index cancelled itself
        _received["index"], _received["failure"] = None, exc


def complete(status: int) -> int:
    """Once the build has ended with ``status``: wait for the index and put it in place
    when the build succeeded (else drop it); gives the build's status, 1 when a strict
    build's index failed.

    The build's own last line (Pelican's ``Done: ...``) comes before the index is
    made; a line of the index's follows it (:func:`made_line`)."""
    if status != 0:
        _drop()
        return status
    index, failure, strict = _received["index"], _received["failure"], _received["strict"]
    _received.update(index=None, failure=None)
    if index is not None:
        try:
            summary = index.finish()
        except IndexFailed as exc:
            failure = exc
        else:
            logger.info("search index: %s", summary)
            print(made_line(summary, time.monotonic() - _received["started"]), flush=True)
    if failure is None:
        return status
    report_failure(failure, strict=strict)
    return 1 if strict else status


def made_line(summary: str, seconds: float) -> str:
    """The line that says the index is made: its ``summary`` (see
    :meth:`~search.pagefind.PendingIndex.finish`), made in ``seconds``.

    >>> made_line("4000 pages in 5 parts", 4.104)
    'Search index: 4000 pages in 5 parts; made in 4.10 seconds.'
    """
    return f"Search index: {summary}; made in {seconds:.2f} seconds."


def _drop() -> None:
    index = _received["index"]
    if index is not None:
        index.cancel()
    _received.update(index=None, failure=None)


def report_failure(exc: IndexFailed, *, strict: bool) -> None:
    """Log that the index failed: critical in a strict build (which it stops), else an
    error (the build goes on without search)."""
    if strict:
        logger.critical("search index failed; nothing was published: %s", exc)
    else:
        logger.error("search index failed (the site has no search): %s", exc)
