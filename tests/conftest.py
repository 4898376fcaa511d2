"""Shared test helpers: the repository root on the import path, real site builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "plugins"
for path in (ROOT, PLUGINS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SEED = ROOT / "tests" / "fixtures" / "seed" / "000_7afb51a91727f9f7.txt"
CHROMIUM = Path("/usr/bin/chromium")


def run_assay(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the ``assay`` command (this interpreter's) and capture its output."""
    return subprocess.run([sys.executable, "-m", "assay.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def make_site(tmp_path: Path, *, with_content: bool = True) -> Path:
    """A copy of the site (settings, theme, plugins link) in ``tmp_path``; gives its root.

    With ``with_content`` the repository's ``content/`` is copied too.
    """
    site = tmp_path / "site"
    site.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    (site / "theme").symlink_to(ROOT / "theme")
    (site / "plugins").symlink_to(ROOT / "plugins")
    if with_content:
        shutil.copytree(ROOT / "content", site / "content")
    else:
        for folder in ("briefs", "pages", "sources", "extra"):
            (site / "content" / folder).mkdir(parents=True)
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site copy with the repository's content."""
    return make_site(tmp_path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests where Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
