"""fix_file(): atomic, BOM and CRLF kept, clean files untouched, dry runs write nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from textrepair import fix_file


def _write(path: Path, data: bytes, mtime: int = 1_600_000_000) -> None:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    data = "title: x\n\nI donโt know.\n".encode()
    _write(path, data)
    before = path.stat()
    result = fix_file(path, dry_run=True)
    assert result.changed and result.path == path
    assert [c.after for c in result.changes] == ["’"]
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert result.diff.startswith(f"--- a/{path.as_posix().lstrip('/')}\n+++ b/")
    assert "-I donโt know.\n+I don’t know.\n" in result.diff


def test_clean_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "clean.md"
    data = "A clean “brief” — fine.\n".encode()
    _write(path, data)
    before = path.stat()
    result = fix_file(path)
    assert not result.changed and result.changes == [] and result.diff == ""
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert path.stat().st_ino == before.st_ino


def test_damaged_file_is_rewritten_atomically(tmp_path: Path) -> None:
    path = tmp_path / "damaged.md"
    _write(path, "cafÃ© &rsquo;\n".encode())
    path.chmod(0o640)
    before = path.stat()
    result = fix_file(path)
    assert result.changed
    assert path.read_bytes() == "café ’\n".encode()
    after = path.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert after.st_ino != before.st_ino  # replaced, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.md"]  # no temp file left


def test_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    _write(path, b"\xef\xbb\xbf" + "Line itâ€™s\r\nNext\r\n0 Comments\r\n".encode())
    result = fix_file(path)
    assert result.changed
    assert path.read_bytes() == b"\xef\xbb\xbf" + "Line it’s\r\nNext\r\n".encode()


def test_no_final_newline_in_diff(tmp_path: Path) -> None:
    path = tmp_path / "tail.md"
    _write(path, "itâ€™s".encode())
    result = fix_file(path, dry_run=True)
    assert result.diff.endswith("+it’s\n\\ No newline at end of file\n")


def test_failed_write_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "keep.md"
    data = "cafÃ©\n".encode()
    _write(path, data)

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        fix_file(path)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


def test_not_utf8_raises(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        fix_file(path)
