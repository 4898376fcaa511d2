"""``Tools.resolve`` gives what ``Path.resolve`` gives, resolving each folder once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefs.prepare import Tools

#: (label, path under the tree made by ``tree``, why it is a case)
PATHS = [
    ("plain", "real/sub/a.md", "no link anywhere"),
    ("linked folder", "link/sub/a.md", "a folder of the path is a link"),
    ("linked file", "real/sub/b.md", "the file itself is a link (absolute)"),
    ("relative link", "real/sub/c.md", "the file is a link relative to its folder"),
    ("link through a link", "link/sub/c.md", "a linked file in a linked folder"),
    ("dot dot", "link/sub/../sub/a.md", "a '..' after a link goes up from its target"),
    ("ends in dot dot", "link/sub/..", "the path ends in '..'"),
    ("missing", "missing/x.md", "a path that is not there"),
    ("missing under a link", "link/none/x.md", "a missing path under a linked folder"),
    ("the link", "link", "the linked folder itself"),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.md").write_text("a", "utf-8")
    os.symlink(tmp_path / "real", tmp_path / "link")
    os.symlink(tmp_path / "real" / "sub" / "a.md", tmp_path / "real" / "sub" / "b.md")
    os.symlink(os.path.join("..", "sub", "a.md"), tmp_path / "real" / "sub" / "c.md")
    return tmp_path


@pytest.mark.parametrize("relative", [path for _, path, _ in PATHS],
                         ids=[label for label, *_ in PATHS])
def test_resolve_is_path_resolve(tree: Path, relative: str) -> None:
    path = tree / relative
    alone = _tools()
    assert alone.resolve(path) == path.resolve()
    after_others = _tools()
    for _, other, _ in PATHS:  # folders resolved before, for other sources
        after_others.resolve(tree / other)
    assert after_others.resolve(path) == path.resolve()


def _tools() -> Tools:
    """Tools for resolving alone (without a renderer)."""
    tools = Tools.__new__(Tools)
    tools._resolved = {}
    return tools


def test_relative_paths_resolve_from_the_working_folder(tree: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "link")
    assert _tools().resolve(Path("sub/c.md")) == (tree / "real" / "sub" / "a.md").resolve()
    assert _tools().resolve(Path("sub/a.md")) == (tree / "real" / "sub" / "a.md").resolve()
