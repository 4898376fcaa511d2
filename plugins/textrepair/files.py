"""Repair a file in place, atomically, keeping its BOM and line endings."""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .model import Change
from .rules import run

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What :func:`fix_file` did (or, on a dry run, would do) to one file."""

    path: Path
    changed: bool
    changes: list[Change] = field(default_factory=list)
    diff: str = ""


def _label(path: Path) -> str:
    posix = PurePath(path).as_posix()
    return posix.lstrip("/")


def unified_diff(before: str, after: str, path: Path) -> str:
    """A unified diff with ``a/<path>`` and ``b/<path>`` headers.

    >>> print(unified_diff("a\\nx\\n", "a\\ny\\n", Path("b.md")), end="")
    --- a/b.md
    +++ b/b.md
    @@ -1,2 +1,2 @@
     a
    -x
    +y
    """
    label = _label(path)
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{label}",
        tofile=f"b/{label}",
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_file(path: Path, *, dry_run: bool = False, quote_style: str | None = None) -> FileResult:
    """Repair the UTF-8 file at ``path``.

    A byte order mark and CRLF line endings are kept as they are. When nothing
    needs repair the file is not touched at all. Otherwise the new content is
    written to a temporary file in the same folder, flushed to disk, given the
    original's permission bits and moved over the original with
    :func:`os.replace`. ``dry_run`` reports the same result and writes nothing.
    Raises :class:`UnicodeDecodeError` for a file that is not UTF-8.
    """
    path = Path(path)
    raw = path.read_bytes()
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM) :].decode("utf-8") if bom else raw.decode("utf-8")
    result = run(text, quote_style=quote_style)
    if result.text == text:
        return FileResult(path, False, [], "")
    diff = unified_diff(text, result.text, path)
    if not dry_run:
        _atomic_write(path, (_BOM if bom else b"") + result.text.encode("utf-8"))
    return FileResult(path, True, result.changes, diff)


def _atomic_write(path: Path, data: bytes) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
