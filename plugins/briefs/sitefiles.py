"""The files of a built site, listed once for the plugins that read them afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def html_files(folder: Path, skipped: Iterable[str] = ()) -> list[str]:
    """The ``.html`` files under ``folder``, but those in its top-level ``skipped``
    folders, as POSIX paths relative to it, sorted folder by folder (as sorted ``Path``
    objects are: ``a/b.html`` before ``a-b/c.html``).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("a/b.html", "a-b/c.html", "index.html", "skip/d.html", "e.css"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("")
    >>> html_files(root, {"skip"})
    ['a/b.html', 'a-b/c.html', 'index.html']
    """
    skipped = set(skipped)
    root = os.path.join(os.fspath(folder), "")
    found = []
    for current, folders, names in os.walk(root):
        relative = current[len(root):]
        prefix = relative.replace(os.sep, "/") + "/" if relative else ""
        if not prefix:
            folders[:] = [name for name in folders if name not in skipped]
        found += [prefix + name for name in names if name.endswith(".html")]
    return sorted(found, key=lambda path: path.split("/"))
