"""Read a source file's bytes into text, or say clearly why it cannot be read.

UTF-8 is the only encoding accepted. A UTF-8 byte-order mark and CRLF line
endings are simply accepted (removed and normalised). Anything else (UTF-16,
another legacy encoding, binary data, an empty or oversized file, a symlink that
leads outside the content folder) is refused with a message that names the file
and the line and says what to do.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from .problems import BriefError, Problem

#: Largest source accepted, in bytes (setting ``BRIEFS_MAX_BYTES``).
MAX_BYTES = 1_000_000


def _fail(path: str, message: str, hint: str, line: int = 1, column: int = 1) -> BriefError:
    return BriefError([Problem(path, line, column, "error", message, hint)])


def decode_source(data: bytes, path: str, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a source file's bytes, or a :class:`BriefError` saying why not.

    >>> decode_source(b"\\xef\\xbb\\xbf---\\r\\ntitle: A\\r\\n", "a.md")
    '---\\ntitle: A\\n'
    >>> decode_source("---\\nПривет, как дела? Это проверка.".encode("cp1251"), "a.md")
    Traceback (most recent call last):
    ...
    briefs.problems.BriefError: a.md:2:1: error: the file is not UTF-8 (byte 0xcf at \
column 1; it looks like windows-1251) (convert it to UTF-8, e.g. 'iconv -f windows-1251 \
-t utf-8', then run 'assay fix a.md' to repair what remains)
    """
    if not data.strip():
        raise _fail(path, "the file is empty", "write a brief in it or delete it")
    if len(data) > max_bytes:
        raise _fail(path, f"the file is {len(data):,} bytes (at most {max_bytes:,})",
                    "a brief is short text; remove embedded data or raise BRIEFS_MAX_BYTES")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                        codecs.BOM_UTF32_BE)) or _looks_utf16(data):
        raise _fail(path, "the file is UTF-16, not UTF-8",
                    "re-save it as UTF-8 in your editor")
    if b"\x00" in data[:8192]:
        raise _fail(path, "the file is binary, not text", "a brief is a Markdown text file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = _guess_encoding(data)
        looks = f"; it looks like {guess}" if guess else ""
        how = f"e.g. 'iconv -f {guess} -t utf-8'" if guess else "e.g. by re-saving it as UTF-8"
        raise _fail(path, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at column "
                    f"{column}{looks})",
                    f"convert it to UTF-8, {how}, then run 'assay fix {path}' to repair "
                    "what remains", line, column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_utf16(data: bytes) -> bool:
    """True when every other byte of the start is NUL (UTF-16 without a BOM)."""
    head = data[:200]
    return len(head) >= 4 and (head[1::2].count(0) > len(head) // 3
                               or head[0::2].count(0) > len(head) // 3)


def _guess_encoding(data: bytes) -> str | None:
    """The most likely legacy encoding of ``data``, by charset-normalizer.

    >>> _guess_encoding("Привет, как дела? Это проверка.".encode("cp1251"))
    'windows-1251'
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    return re.sub(r"^cp(125\d)$", r"windows-\1", best.encoding).replace("_", "-")


def read_source(path: Path, display: str, *, root: Path | None = None,
                max_bytes: int = MAX_BYTES, data: bytes | None = None,
                resolve: Callable[[Path], Path] = Path.resolve) -> str:
    """Read and decode the file at ``path``; ``display`` is the name used in messages.

    With ``root``, a file inside ``root`` whose real location (symlinks resolved, by
    ``resolve``: a caller that resolves many paths may remember them) is outside it is
    refused. ``data`` is the file's bytes when the caller has read them already (the
    checks of the file itself still run).
    """
    if (root is not None and path.absolute().is_relative_to(root.absolute())
            and not resolve(path).is_relative_to(resolve(root))):
        raise _fail(display, "the file is a link to a place outside the content folder",
                    "copy the file into the content folder instead of linking to it")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(display, f"cannot read the file: {exc.strerror}", "check it exists") from None
    if size > max_bytes:
        raise _fail(display, f"the file is {size:,} bytes (at most {max_bytes:,})",
                    "a brief is short text; remove embedded data or raise BRIEFS_MAX_BYTES")
    return decode_source(path.read_bytes() if data is None else data, display,
                         max_bytes=max_bytes)
