"""A call made in a forked copy of this process, its result sent back through a pipe.

The forked process shares every object of this one as it was at the fork (read briefs,
templates, settings) without pickling them; only the call's result is pickled back.

>>> call = call_forked(sum, [1, 2, 3])
>>> collect(*call)
6
>>> collect(*call_forked(int, "not a number")) is None  # the call failed
True
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any


def call_forked(function: Callable[..., Any], *args: Any) -> tuple[int, Any]:
    """Call ``function(*args)`` in a forked process: its id and the stream its result
    comes through (see :func:`collect`)."""
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
    return pid, os.fdopen(read_end, "rb")


def collect(pid: int, stream: Any) -> Any:
    """The result the forked process ``pid`` sent through ``stream`` (None when its call
    failed, or it sent none); waits for the process to end."""
    try:
        with stream:
            result = pickle.load(stream)
    except Exception:
        result = None
    _, status = os.waitpid(pid, 0)
    return result if status == 0 else None
