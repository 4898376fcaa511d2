"""The files of a built site, listed once for the plugins that read them afterwards.

A site of thousands of briefs has thousands of folders (one a brief), so the listing
walks them with ``os.scandir`` alone. A plugin that reads every page after each build
(the search index, the sitemap) can also take each page's :func:`stamp` and read
again only the pages whose stamp changed since the last build: a page the page cache
restored is a link to the same kept file, with the same stamp. What a plugin reads
of a page can also be taken as the page is written (:func:`read_written_pages`, in
whichever process writes it; the parallel writer gathers the notes of its processes), so the
reading after the build finds it by the page's stamp instead of reading the page.
The digest of a written file's bytes is likewise taken once a build by whichever
plugin reads the file first (:func:`note_digest`, :func:`content_digest`). A file kept
from an earlier build is put in the site as a link to it (:func:`place_file`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

#: What a file is known by between builds (see :func:`stamp`).
Stamp = tuple[int, int, int, int]
T = TypeVar("T")


def _html_entries(folder: Path, skipped: Iterable[str]) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Each ``.html`` file under ``folder`` (but in its top-level ``skipped`` folders) as
    its POSIX path relative to ``folder`` and its directory entry, in no set order.

    Like ``os.walk``: a link to a folder is not followed, and is not a file either.
    """
    skipped = set(skipped)
    todo = [("", os.fspath(folder))]
    while todo:
        prefix, path = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_dir():
                    if not entry.is_symlink() and (prefix or name not in skipped):
                        todo.append((f"{prefix}{name}/", entry.path))
                elif name.endswith(".html"):
                    yield prefix + name, entry


def stamp(found: os.stat_result) -> Stamp:
    """What a file is known by between builds, from its ``os.stat`` result: its device,
    inode, size and modification time (ns).

    A file written again gets a new modification time (a file the writers replace also
    gets a new inode); a hard link made to the same file keeps all four. The change
    time is left out because making a link changes it.
    """
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def html_file_stamps(folder: Path, skipped: Iterable[str] = ()) -> dict[str, Stamp]:
    """The ``.html`` files under ``folder``, but those in its top-level ``skipped``
    folders, as POSIX paths relative to it, each with its :func:`stamp`; sorted folder by
    folder (as sorted ``Path`` objects are: ``a/b.html`` before ``a-b/c.html``).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("a/b.html", "a-b/c.html", "index.html", "skip/d.html", "e.css"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("")
    >>> list(html_file_stamps(root, {"skip"}))
    ['a/b.html', 'a-b/c.html', 'index.html']
    """
    found = sorted(_html_entries(folder, skipped), key=lambda pair: pair[0].split("/"))
    return {relative: stamp(entry.stat()) for relative, entry in found}


#: Without a clock of the file system's own (see :func:`settled_before`), a file modified
#: this shortly (ns) before the pages were listed is not remembered by its stamp.
RECENT_NS = 2_000_000_000


def settled_before(folder: Path) -> int:
    """A time (ns, the file system's clock) before which a file under ``folder`` last
    modified stays known by its stamp: a later write to it gets this time or a later one.

    It is the modification time of a file made (and removed) in ``folder`` now, the rule
    Git follows for "racily clean" files: a file modified in the same tick of the file
    system's clock (a few milliseconds, or a second or two on some file systems) could
    be modified again within that tick and keep its stamp, so it is read again next time;
    a file modified in an earlier tick cannot. Where no file can be made there, the
    system's clock less ``RECENT_NS``.

    >>> folder = Path(tempfile.mkdtemp())
    >>> before = settled_before(folder)
    >>> (folder / "page.html").write_text("x") and None
    >>> (folder / "page.html").stat().st_mtime_ns >= before  # a write after it
    True
    >>> [path.name for path in folder.iterdir()]  # the file it made is gone
    ['page.html']
    """
    try:
        handle, marker = tempfile.mkstemp(dir=folder, prefix=".listing-")
    except OSError:
        return time.time_ns() - RECENT_NS
    try:
        return os.fstat(handle).st_mtime_ns
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(marker)


def by_stamp(stamps: Mapping[str, Stamp], kept: Mapping[str, tuple[Stamp, T]],
             read: Callable[[str], T], settled_ns: int
             ) -> tuple[dict[str, T], dict[str, tuple[Stamp, T]]]:
    """What ``read`` gives for each file of ``stamps`` (relative path → :func:`stamp`),
    taken from ``kept`` for a file whose stamp is the one kept with it; and what to keep
    for the next time: each value with its stamp, but for files modified at or after
    ``settled_ns`` (:func:`settled_before`, taken before the listing).

    >>> old, new = (1, 2, 3, 0), (1, 2, 3, 10**12)
    >>> values, keep = by_stamp({"a.html": old, "b.html": new},
    ...                         {"a.html": (old, "kept"), "b.html": (old, "kept")},
    ...                         lambda relative: "read", settled_ns=10**12)
    >>> values, sorted(keep)
    ({'a.html': 'kept', 'b.html': 'read'}, ['a.html'])
    """
    values: dict[str, T] = {}
    keep: dict[str, tuple[Stamp, T]] = {}
    for relative, found in stamps.items():
        known = kept.get(relative)
        value = known[1] if known is not None and known[0] == found else read(relative)
        values[relative] = value
        if found[3] < settled_ns:
            keep[relative] = (found, value)
    return values, keep


def read_html_files(folder: Path, skipped: Iterable[str], kept: Mapping[str, tuple[Stamp, T]],
                    read: Callable[[str], T]) -> tuple[dict[str, T], dict[str, tuple[Stamp, T]]]:
    """:func:`by_stamp` over the files :func:`html_file_stamps` lists: what ``read`` gives
    for each (from ``kept`` where its stamp is unchanged), and what to keep. The time
    that decides which files are too recent to keep is taken before the listing."""
    settled = settled_before(folder)
    return by_stamp(html_file_stamps(folder, skipped), kept, read, settled)


#: What plugins noted of the files this build wrote, by the plugin's name, then the
#: file's absolute path: the file's stamp when noted and the note.
_notes: dict[str, dict[str, tuple[Stamp, Any]]] = {}


#: What plugins read of each HTML page as it is written: by the plugin's name, a function
#: of the page's path and bytes that gives the note (see :func:`read_written_pages`).
_page_readers: dict[str, Callable[[str, bytes], Any]] = {}


def read_written_pages(name: str, reader: Callable[[str, bytes], Any] | None) -> None:
    """From now on give each HTML page this process writes (its path and bytes) to
    ``reader``, and note what it gives under ``name`` (see :func:`written_notes`);
    ``None``: no longer. Every plugin's reader reads the same one read of the page's
    file (:func:`note_written_page`), taken while the page is fresh and the build uses
    every core.

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "a.html"
    >>> _ = page.write_text("<p>hi</p>")
    >>> read_written_pages("demo", lambda path, content: len(content))
    >>> note_written_page(str(page))
    >>> [note for _, note in written_notes("demo", page.parent).values()]
    [9]
    >>> read_written_pages("demo", None)
    """
    if reader is None:
        _page_readers.pop(name, None)
    else:
        _page_readers[name] = reader


def note_written_page(path: str, context: Any = None) -> None:
    """Handler of Pelican's ``content_written``, in whichever process writes the page:
    read an HTML page's file once, and note what each reader of
    :func:`read_written_pages` gives of it, with the file's stamp."""
    if not _page_readers or not path.endswith(".html"):
        return
    try:
        with open(path, "rb") as stream:
            content = stream.read()
            found = stamp(os.fstat(stream.fileno()))
    except OSError:
        return
    absolute = os.path.abspath(path)
    for name, reader in list(_page_readers.items()):
        _notes.setdefault(name, {})[absolute] = (found, reader(path, content))


def written_notes(name: str, folder: Path) -> dict[str, tuple[Stamp, Any]]:
    """The notes of ``name`` on files under ``folder`` (POSIX paths relative to it), each
    with the file's stamp when noted, taken out of the notes: a value for
    :func:`read_html_files`'s ``kept``, where a page whose stamp is still the noted one
    is not read again.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "a").mkdir(); _ = (root / "a" / "b.html").write_text("hi")
    >>> read_written_pages("demo", lambda path, content: 2)
    >>> note_written_page(str(root / "a" / "b.html")); read_written_pages("demo", None)
    >>> [(relative, note) for relative, (_, note) in written_notes("demo", root).items()]
    [('a/b.html', 2)]
    >>> written_notes("demo", root)
    {}
    """
    prefix = os.path.join(os.path.abspath(folder), "")
    found, others = {}, {}
    for path, entry in _notes.pop(name, {}).items():
        if path.startswith(prefix):
            found[path[len(prefix):].replace(os.sep, "/")] = entry
        else:
            others[path] = entry
    if others:
        _notes[name] = others
    return found


def forget_notes(name: str) -> None:
    """Drop what ``name`` noted and no build took (a build that failed before it read
    its notes leaves them; a process that builds again starts without them)."""
    _notes.pop(name, None)


def taken_notes() -> dict[str, dict[str, tuple[Stamp, Any]]]:
    """Every note kept so far, taken out (a writing process sends them to the build's)."""
    taken = dict(_notes)
    _notes.clear()
    return taken


def merge_notes(notes: Mapping[str, Mapping[str, tuple[Stamp, Any]]]) -> None:
    """Add the notes another process took (:func:`taken_notes`) to this process's."""
    for name, entries in notes.items():
        _notes.setdefault(name, {}).update(entries)


#: The SHA-256 digests of the bytes of files this process read in this build, by the
#: file's stamp (a hard link to a file has the file's stamp).
_digests: dict[Stamp, bytes] = {}


def note_digest(path: str, digest: bytes) -> None:
    """Keep ``digest``, the SHA-256 digest of the bytes just read from the file at
    ``path``, for :func:`content_digest` of that file or of a link to it."""
    with contextlib.suppress(OSError):
        _digests[stamp(os.stat(path))] = digest


def content_digest(path: str | os.PathLike[str]) -> bytes:
    """The SHA-256 digest of the bytes of the file at ``path``: the one noted for its
    present stamp (:func:`note_digest`), else read and hashed now. Raises ``OSError``.

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "a.html"
    >>> _ = page.write_bytes(b"<p>hi</p>")
    >>> content_digest(page) == hashlib.sha256(b"<p>hi</p>").digest()
    True
    >>> note_digest(str(page), b"noted")
    >>> content_digest(page)
    b'noted'
    >>> forget_digests(); content_digest(page) == hashlib.sha256(b"<p>hi</p>").digest()
    True
    """
    found = stamp(os.stat(path))
    known = _digests.get(found)
    if known is not None:
        return known
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").digest()


def forget_digests() -> None:
    """Drop the digests noted so far (each build starts without them)."""
    _digests.clear()


def place_file(kept: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put the file ``kept`` at ``target`` (in a folder that exists): a hard link, else a
    copy; a file already at ``target`` is replaced, never written through. Also fits
    ``shutil.copytree``'s ``copy_function``."""
    try:
        os.link(kept, target)
        return
    except FileExistsError:
        os.unlink(target)
    except OSError:
        shutil.copyfile(kept, target)
        return
    try:
        os.link(kept, target)
    except OSError:
        shutil.copyfile(kept, target)
