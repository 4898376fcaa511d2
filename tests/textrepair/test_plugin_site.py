"""The text repair plugin in a tiny real site: the first brief, damaged the way the seed was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_site, run_assay
from textrepair.damage import damage

HAND_MADE = ROOT / "content" / "briefs" / "2025-09-24-us-china-rare-earths-dispute.md"
PAGE = Path("2025/09/us-china-rare-earths-dispute-remains-unresolved/index.html")
THAI = re.compile("[\u0e00-\u0e7f]")


def _damaged_site(tmp_path: Path, mode: str | None = None) -> Path:
    site = make_site(tmp_path)
    if mode:
        settings = site / "pelicanconf.py"
        settings.write_text(settings.read_text("utf-8") + f"\nTEXT_REPAIR = {mode!r}\n", "utf-8")
    brief = site / "content" / "briefs" / HAND_MADE.name
    text = HAND_MADE.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    # UTF-8 read as TIS-620 with the bytes 0x80-0x9F lost, as the seed arrived; plus residue.
    body = damage(body, "utf8>tis620-delete").replace(
        "a Cryptopolitan piece.", "a Cryptopolitan piece (opens in a new tab).")
    brief.write_text(f"{head}\n---\n{body}\nยฉ!-- /wp:paragraph -->\n0 Comments\n", "utf-8")
    return site


def test_development_build_repairs_and_reports_each_change(tmp_path: Path) -> None:
    site = _damaged_site(tmp_path)
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    html = (site / "output" / PAGE).read_text("utf-8")
    assert not THAI.search(html)
    for phrase in ("the U.S.–China rare earths dispute",
                   "admitted, “I don’t think we resolved the rare earth question.” This",
                   "disputes—whether TikTok or Boeing—illustrates"):
        assert phrase in html
    for residue in ("opens in a new tab", "wp:paragraph", "0 Comments"):
        assert residue not in html
    changes = [line for line in result.stderr.splitlines() if ": warning: repaired " in line]
    # 14 lost marks in the body, the screen-reader text, and the residue at the end.
    assert len(changes) == 16, changes
    prefix = "content/briefs/2025-09-24-us-china-rare-earths-dispute.md:"
    assert f'{prefix}19:49: warning: repaired lossy_thai: "โ" → "–"' in changes
    assert f'{prefix}35:171: warning: repaired lossy_thai: "โ" → "—"' in changes
    assert f'{prefix}23:251: warning: repaired new_tab_text: " (opens in a new tab)" → ""' \
        in changes
    assert any(line.startswith(f"{prefix}35:331: warning: repaired wp_block_comment")
               and "\\n0 Comments" in line for line in changes), changes


def test_report_mode_reports_without_repairing(tmp_path: Path) -> None:
    site = _damaged_site(tmp_path, "report")
    result = run_assay("build", cwd=site)
    assert ": warning: repaired " in result.stderr
    assert "donโt" in (site / "output" / PAGE).read_text("utf-8")


def test_off_mode_does_nothing(tmp_path: Path) -> None:
    site = _damaged_site(tmp_path, "off")
    result = run_assay("build", cwd=site)
    assert ": repaired " not in result.stderr
    assert "donโt" in (site / "output" / PAGE).read_text("utf-8")


def test_strict_build_refuses_a_damaged_source(tmp_path: Path) -> None:
    site = _damaged_site(tmp_path)
    result = run_assay("build", "--publish", cwd=site)
    assert result.returncode == 1
    assert "strict build failed" in result.stderr
    assert re.search(r"content/briefs/2025-09-24-us-china-rare-earths-dispute\.md:\d+:\d+: "
                     r"error: repaired .*\(run 'assay fix content/briefs/", result.stderr)
    assert not (site / "output").exists()


@pytest.mark.parametrize("mode", ["sometimes"])
def test_bad_setting_is_refused(tmp_path: Path, mode: str) -> None:
    site = _damaged_site(tmp_path, mode)
    result = run_assay("build", cwd=site)
    assert result.returncode == 1
    assert "TEXT_REPAIR must be one of fix, report, off, not 'sometimes'" in result.stderr


def test_check_reports_and_fix_repairs_the_source(tmp_path: Path) -> None:
    site = _damaged_site(tmp_path)
    check = run_assay("check", cwd=site)
    assert ": warning: repaired " in check.stdout
    assert run_assay("fix", cwd=site).returncode == 0
    fixed = (site / "content" / "briefs" / HAND_MADE.name).read_text("utf-8")
    assert not THAI.search(fixed)
    assert ": repaired " not in run_assay("check", cwd=site).stdout
