"""Paths as a build shows them: relative to the working folder (the project's) when
inside it, in messages and in the build cache's keys."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working directory when inside it, for messages.

    >>> display_path(os.path.join(os.getcwd(), "content", "a.md"))
    'content/a.md'
    >>> display_path(os.path.join(os.getcwd(), "content", "..", ".x", "a.md"))
    '.x/a.md'
    >>> display_path("/elsewhere/a.md") if not os.getcwd().startswith("/elsewhere") else 0
    '/elsewhere/a.md'
    """
    return _display_path(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=1 << 16)
def _display_path(path: str, cwd: str) -> str:
    prefix = os.path.join(cwd, "")
    if os.sep == "/" and path.startswith(prefix) and "//" not in path and "/." not in path:
        # An absolute path without "." or ".." parts below the working folder (each
        # source's): what os.path.relpath gives, without its work.
        return path[len(prefix):]
    relative = os.path.relpath(path, cwd)
    return Path(relative).as_posix() if not relative.startswith("..") else path
