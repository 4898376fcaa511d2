"""``assay check``: exit codes and report formats on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_assay
from tests.site.test_whole_site import BAD_BRIEF


def test_check_accepts_the_repository_content(site: Path) -> None:
    result = run_assay("check", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def test_check_reports_each_problem_with_file_line_and_hint(site: Path) -> None:
    bad = site / "content" / "briefs" / "bad.md"
    bad.write_text(BAD_BRIEF.replace("highlights:", "highlihgts:"), "utf-8")
    result = run_assay("check", cwd=site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("content/briefs/bad.md:3:1: error: date: impossible date 2025-02-30: day is out "
            "of range for month (check the day and month)") in lines
    assert ("content/briefs/bad.md:4:1: error: unknown field 'highlihgts' "
            "(did you mean 'highlights'?)") in lines


def test_check_json_and_github_formats(site: Path) -> None:
    (site / "content" / "briefs" / "bad.md").write_text(BAD_BRIEF, "utf-8")
    as_json = json.loads(run_assay("check", "--format", "json", cwd=site).stdout)
    bad = [entry for entry in as_json
           if entry["path"] == "content/briefs/bad.md" and entry["severity"] == "error"]
    assert bad == [{"path": "content/briefs/bad.md", "line": 3, "column": 1, "severity": "error",
                    "message": "date: impossible date 2025-02-30: day is out of range for month",
                    "hint": "check the day and month"}]
    github = run_assay("check", "--format", "github", cwd=site).stdout.splitlines()
    assert ("::error file=content/briefs/bad.md,line=3,col=1::date: impossible date 2025-02-30: "
            "day is out of range for month (check the day and month)") in github


def test_check_usage_error_exits_2(site: Path) -> None:
    assert run_assay("check", "no/such/file.md", cwd=site).returncode == 2
    assert run_assay("check", "--format", "xml", cwd=site).returncode == 2


def test_the_tool_itself_does_not_load_pelican() -> None:
    """Importing the tool loads neither Pelican nor the plugins (about a quarter of a
    second): ``assay build`` loads them once, when it builds, and the other commands
    only when they need them."""
    code = ("import sys, assay.cli; "
            "print(sorted(m for m in ('pelican', 'briefs', 'markdown') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
