"""``assay new`` → check → build, and ``assay fix`` on real files."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from tests.conftest import SEED, make_site, run_assay


def test_new_check_build_round_trip(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = run_assay("new", "Lithium: The Next Squeeze", cwd=site)
    assert result.returncode == 0, result.stderr
    path = site / result.stdout.strip()
    today = datetime.date.today()
    assert path.name == f"{today:%Y-%m-%d}-lithium-the-next-squeeze.md"
    text = path.read_text("utf-8")
    for heading in ("## The Facts That Hold", "## The Framing That Falls Short",
                    "## Speculation and Blind Spots", "## Why It Matters for Investors"):
        assert heading in text
    for field in ("title:", "date:", "highlights:", "citation:", "view:", "status: draft"):
        assert field in text
    check = run_assay("check", str(path.relative_to(site)), cwd=site)
    assert check.returncode == 0, check.stdout
    assert run_assay("build", cwd=site).returncode == 0
    assert list((site / "output" / "drafts").rglob("*lithium-the-next-squeeze*"))
    again = run_assay("new", "Lithium: The Next Squeeze", cwd=site)
    assert again.returncode == 1 and "exists" in again.stderr
    assert path.read_text("utf-8") == text


def _damaged(site: Path) -> Path:
    brief = site / "content" / "briefs" / "2025-09-24-us-china-rare-earths-dispute.md"
    text = brief.read_text("utf-8").replace("China’s dominance", "Chinaâ€™s dominance")
    brief.write_text(text, "utf-8")
    return brief


def test_fix_dry_run_changes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    brief = _damaged(site)
    before, mtime = brief.read_bytes(), os.stat(brief).st_mtime_ns
    result = run_assay("fix", "--dry-run", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "-    The absolute prerequisite for countering Chinaâ€™s dominance" in result.stdout
    assert "+    The absolute prerequisite for countering China’s dominance" in result.stdout
    assert brief.read_bytes() == before and os.stat(brief).st_mtime_ns == mtime


def test_fix_repairs_damaged_and_leaves_clean_files_alone(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    brief = _damaged(site)
    page = site / "content" / "pages" / "about.md"
    page_mtime = os.stat(page).st_mtime_ns
    result = run_assay("fix", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "China’s dominance" in brief.read_text("utf-8")
    assert "repaired 1 file(s)" in result.stderr
    assert os.stat(page).st_mtime_ns == page_mtime
    seed_copy = site / "content" / "briefs" / "seed.txt"
    seed_copy.write_bytes(SEED.read_bytes())
    assert run_assay("fix", "content/briefs/seed.txt", cwd=site).returncode == 0
    assert "U.S.–China" in seed_copy.read_text("utf-8")
