"""A call made in a forked copy of this process, its result sent back through a pipe.

The forked process shares every object of this one as it was at the fork (read briefs,
templates, settings) without pickling them; only the call's result is pickled back.
:func:`run_forked` keeps so many such processes going, one after another, each taking
its share of the work from :class:`Tickets`.

>>> call = call_forked(sum, [1, 2, 3])
>>> collect(*call)
6
>>> collect(*call_forked(int, "not a number")) is None  # the call failed
True
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import selectors
import sys
from collections.abc import Callable, Sequence
from typing import Any


def call_forked(function: Callable[..., Any], *args: Any) -> tuple[int, Any]:
    """Call ``function(*args)`` in a forked process: its id and the stream its result
    comes through (see :func:`collect`)."""
    pid, read_end = _fork_call(function, args)
    return pid, os.fdopen(read_end, "rb")


def _fork_call(function: Callable[..., Any], args: Sequence[Any]) -> tuple[int, int]:
    """Call ``function(*args)`` in a forked process: its id and the file descriptor its
    pickled result comes through."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 1
        try:
            result = function(*args)
            with os.fdopen(write_end, "wb") as stream:
                pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def collect(pid: int, stream: Any) -> Any:
    """The result the forked process ``pid`` sent through ``stream`` (None when its call
    failed, or it sent none); waits for the process to end."""
    try:
        with stream:
            data = stream.read()
    except OSError:
        data = b""
    return _ended(pid, data)


class Tickets:
    """The numbers ``0`` to ``count - 1``, each taken once, by whichever forked process
    asks first (made before the processes fork; ``count`` may be set lower until then).

    >>> tickets = Tickets(2)
    >>> tickets.take(), tickets.left(), tickets.take(), tickets.take(), tickets.left()
    (0, 1, 1, None, 0)
    """

    def __init__(self, count: int):
        self.count = count
        self._next = multiprocessing.Value("q", 0)

    def take(self) -> int | None:
        """The next number (None: all are taken)."""
        with self._next.get_lock():
            number = self._next.value
            if number >= self.count:
                return None
            self._next.value = number + 1
        return number

    def left(self) -> int:
        """How many numbers are still to take."""
        return max(0, self.count - self._next.value)


def run_forked(function: Callable[[], Any], at_once: int, more: Callable[[], bool]) -> list[Any]:
    """Call ``function()`` in forked processes, each a fresh copy of this one that ends
    with its call, at most ``at_once`` at a time: a process starts whenever fewer run
    and ``more()`` is true, and none after a call failed. Gives the results in the order
    the processes started (None for a call that failed).

    What a call keeps, and the pages of this process's memory it copies as it reads
    objects here, last no longer than its process. (With more than one at a time, a
    process may start just as the last work is taken by another, and find none.)

    >>> tickets = Tickets(5)
    >>> def two() -> list[int]:
    ...     return [number for number in (tickets.take(), tickets.take()) if number is not None]
    >>> run_forked(two, at_once=1, more=lambda: tickets.left() > 0)
    [[0, 1], [2, 3], [4]]
    >>> run_forked(lambda: 1 / 0, at_once=2, more=lambda: True)  # none started after
    [None, None]
    """
    results: list[Any] = []
    selector = selectors.DefaultSelector()
    failed = False
    try:
        while True:
            while not failed and len(selector.get_map()) < max(1, at_once) and more():
                pid, descriptor = _fork_call(function, ())
                selector.register(descriptor, selectors.EVENT_READ, (len(results), pid, []))
                results.append(None)
            if not selector.get_map():
                return results
            for key, _ in selector.select():
                number, pid, chunks = key.data
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                selector.unregister(key.fd)
                os.close(key.fd)
                results[number] = _ended(pid, b"".join(chunks))
                failed = failed or results[number] is None
    finally:
        for key in list(selector.get_map().values()):
            os.close(key.fd)
            os.waitpid(key.data[1], 0)
        selector.close()


def _ended(pid: int, data: bytes) -> Any:
    """The result the forked process ``pid`` sent as ``data`` (its pickle), once it has
    ended (None when its call failed, or it sent none)."""
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        return pickle.loads(data)
    except Exception:
        return None
