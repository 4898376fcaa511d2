"""The build cache's many small entries in one SQLite database, not a file each.

A source's reading and a page job's record are each a few kilobytes, and a cold
build of a big site makes one of each per brief: at 4,000 briefs about 8,300 entries.
As files, each one costs the file system a new inode (and a rename, to be written
atomically); on a file system where many files were lately removed, that was about a
twentieth of a cold build's time (about a second at 4,000 briefs). One database holds
them instead: a build writes its new entries in a few transactions, and looks entries
up by key.

An :class:`EntryStore` is one kind of entry (``"read"``, ``"pages"``) in the database
at a path. What it is given is buffered and written by :meth:`EntryStore.flush` in
one transaction, with the time each entry given or looked up was last used (what
pruning goes by; see :mod:`briefs.cache`). Each process opens its own connection:
those open are closed before the process forks (SQLite's connections must not be
carried across a fork), and opened again when next needed.

It is only a cache: a database that cannot be opened or read gives misses and takes
nothing, and one that is damaged is removed and made anew. Writes are not synced to
the disk (``synchronous=OFF``), as the entry files before were not: a sync makes the
file system write out every file the build wrote so far, which cost a cold build at
4,000 briefs about a second; a build that stops midway leaves the database sound,
and a machine that stops may leave it damaged, which the next build finds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

#: The layout of the database's tables (``PRAGMA user_version``); a database of
#: another layout is made anew.
LAYOUT = 1

#: The database's file name in the build cache.
FILE_NAME = "entries.sqlite"

#: Seconds a connection waits for another process's transaction to end.
TIMEOUT = 60.0

#: Bytes of entries buffered before they are written (bounds the memory they hold).
FLUSH_BYTES = 16 * 1024 * 1024

_KIND = re.compile(r"[a-z]+")

#: This process's open connections, by database path, with the kinds of entry whose
#: tables they have made sure of (see :func:`close_connections`).
_connections: dict[Path, tuple[sqlite3.Connection, set[str]]] = {}


def close_connections() -> None:
    """Close this process's connections (each is opened again when next needed).

    Run before the process forks, so that neither the parent nor its child uses a
    connection across the fork: a forked child starts with none.
    """
    for connection, _ in _connections.values():
        with contextlib.suppress(sqlite3.Error):
            connection.close()
    _connections.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=close_connections)


def damaged(error: BaseException) -> bool:
    """Whether ``error`` says the database is damaged (not a database, or malformed),
    rather than busy, read-only or out of space.

    >>> damaged(sqlite3.DatabaseError("file is not a database"))
    True
    >>> damaged(sqlite3.OperationalError("database is locked"))
    False
    """
    return type(error) is sqlite3.DatabaseError


def remove_database(path: Path, error: BaseException) -> None:
    """Close this process's connections and remove the database at ``path``, which
    ``error`` found damaged, with its write-ahead log (what cannot be removed stays);
    the next connection makes it anew."""
    logger.warning("build cache: %s is damaged (%s); it is made anew", path, error)
    close_connections()
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(OSError):
            (path.parent / name).unlink()


def _open(path: Path) -> sqlite3.Connection:
    """A connection to the database at ``path`` (made when missing, emptied when of
    another layout); raises ``sqlite3.Error`` or ``OSError``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        connection.execute("PRAGMA synchronous=OFF")
        if connection.execute("PRAGMA user_version").fetchall()[0][0] != LAYOUT:
            _lay_out(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _lay_out(connection: sqlite3.Connection) -> None:
    """Empty a database of another layout (or a new one) and mark it as of this one."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA user_version").fetchall()[0][0] != LAYOUT:
            tables = [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
            for name in tables:
                connection.execute(f'DROP TABLE "{name}"')
            connection.execute(f"PRAGMA user_version = {LAYOUT}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def connection_for(path: Path, kind: str) -> sqlite3.Connection:
    """This process's connection to the database at ``path``, with the tables of the
    entries of ``kind`` (opened once; a damaged database is made anew); raises
    ``sqlite3.Error`` or ``OSError``."""
    found = _connections.get(path)
    if found is None:
        try:
            connection = _open(path)
        except sqlite3.DatabaseError as error:
            if not damaged(error):
                raise
            remove_database(path, error)
            connection = _open(path)
        found = _connections[path] = (connection, set())
    connection, kinds = found
    if kind not in kinds:
        connection.execute(f"CREATE TABLE IF NOT EXISTS {kind} "
                           "(key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
        connection.execute(f"CREATE TABLE IF NOT EXISTS {kind}_used "
                           "(key TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID")
        kinds.add(kind)
    return connection


class EntryStore:
    """The entries of one ``kind`` in the database at ``path`` (None: none are kept).

    >>> import tempfile
    >>> store = EntryStore(Path(tempfile.mkdtemp()) / FILE_NAME, "read")
    >>> store.put("k1", b"one")
    >>> store.get("k1"), store.get("k2")  # given, though not written yet
    (b'one', None)
    >>> store.flush()
    >>> EntryStore(store.path, "read").get("k1"), EntryStore(store.path, "pages").get("k1")
    (b'one', None)
    >>> sorted(store.prune(time.time() + 1)), store.get("k1")
    (['k1'], None)
    """

    def __init__(self, path: Path | None, kind: str):
        if not _KIND.fullmatch(kind):
            raise ValueError(f"an entry kind is lower-case letters, not {kind!r}")
        self.path, self.kind = path, kind
        self._given: dict[str, bytes] = {}
        self._given_bytes = 0
        self._used: set[str] = set()

    def _failed(self, doing: str, error: BaseException) -> None:
        """Log that ``doing`` failed; a damaged database is removed (made anew next)."""
        logger.debug("build cache: cannot %s %s: %s", doing, self.path, error)
        if self.path is not None and damaged(error):
            remove_database(self.path, error)

    def get(self, key: str) -> bytes | None:
        """The entry kept under ``key`` (None when there is none, or it cannot be read).
        Call :meth:`use` when it is used."""
        given = self._given.get(key)
        if given is not None or self.path is None:
            return given
        try:
            rows = connection_for(self.path, self.kind).execute(
                f"SELECT blob FROM {self.kind} WHERE key = ?", (key,)).fetchall()
        except (sqlite3.Error, OSError) as error:
            self._failed("read", error)
            return None
        return bytes(rows[0][0]) if rows else None

    def use(self, key: str) -> None:
        """Note that the entry ``key`` was used now (written by :meth:`flush`)."""
        if self.path is not None:
            self._used.add(key)

    def put(self, key: str, blob: bytes) -> None:
        """Keep ``blob`` under ``key`` (written by :meth:`flush`, at once when much is
        buffered); it counts as used now."""
        if self.path is None:
            return
        self._given_bytes += len(blob) - len(self._given.get(key, b""))
        self._given[key] = blob
        if self._given_bytes >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write what was given and used since the last flush, in one transaction
        (nothing when the database cannot be written: it is only a cache)."""
        given, used = self._given, self._used
        self._given, self._given_bytes, self._used = {}, 0, set()
        if self.path is None or not (given or used):
            return
        now = time.time()
        try:
            with _transaction(connection_for(self.path, self.kind)) as connection:
                connection.executemany(
                    f"INSERT OR REPLACE INTO {self.kind} (key, blob) VALUES (?, ?)",
                    given.items())
                connection.executemany(
                    f"INSERT OR REPLACE INTO {self.kind}_used (key, at) VALUES (?, ?)",
                    ((key, now) for key in used.union(given)))
        except (sqlite3.Error, OSError) as error:
            self._failed("write", error)

    def keys(self) -> set[str] | None:
        """The keys of every entry kept (none when there is no database); None when the
        database cannot be read."""
        if self.path is None or not self.path.exists():
            return set()
        try:
            return {key for (key,) in connection_for(self.path, self.kind).execute(
                f"SELECT key FROM {self.kind}").fetchall()}
        except (sqlite3.Error, OSError) as error:
            self._failed("read", error)
            return None

    def prune(self, before: float) -> set[str]:
        """Remove the entries not used since the time ``before`` (after writing what is
        buffered); gives their keys."""
        self.flush()
        if self.path is None or not self.path.exists():
            return set()
        try:
            with _transaction(connection_for(self.path, self.kind)) as connection:
                old = {key for (key,) in connection.execute(
                    f"SELECT key FROM {self.kind} WHERE key NOT IN "
                    f"(SELECT key FROM {self.kind}_used WHERE at >= ?)", (before,))}
                connection.executemany(f"DELETE FROM {self.kind} WHERE key = ?",
                                       ((key,) for key in old))
                connection.execute(f"DELETE FROM {self.kind}_used WHERE at < ?", (before,))
        except (sqlite3.Error, OSError) as error:
            self._failed("prune", error)
            return set()
        return old


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on ``connection``: committed, or rolled back on an error."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
