"""The README's `make publish` itself, on content with one bad brief."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_site
from tests.site.test_whole_site import BAD_BRIEF

VENV = Path(sys.prefix)


@pytest.mark.skipif(not (VENV / ".installed").exists() or shutil.which("make") is None,
                    reason="needs make and the project's .venv made by `make`")
def test_make_publish_fails_on_a_bad_brief_naming_file_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, site / name)
    (site / "content" / "briefs" / "bad.md").write_text(BAD_BRIEF, "utf-8")
    stamp = VENV / ".installed"
    # -o: take the project's installed .venv as it is (never reinstall from this copy).
    result = subprocess.run(["make", "publish", f"VENV={VENV}", "-o", str(stamp)], cwd=site,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "content/briefs/bad.md:3:1: error: date: impossible date 2025-02-30" in result.stderr
    assert not (site / "output").exists()
