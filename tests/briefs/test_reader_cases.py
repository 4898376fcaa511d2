"""The brief reader's contract as data: tests/briefs/reader_cases.yaml."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefs.schema import BriefOptions, read_brief

CASES = yaml.safe_load((Path(__file__).parent / "reader_cases.yaml").read_text("utf-8"))
OPTIONS = BriefOptions(sections=())


def _source(row: dict[str, Any]) -> str:
    return row["source"].replace("{long_title}", "x" * 250)


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def _expected(value: Any) -> Any:
    """YAML gives dates as dates and times as strings; compare like with like."""
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    return value


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({row["label"] for row in CASES}) == len(CASES), "labels are unique"


@pytest.mark.parametrize("row", CASES, ids=[row["label"] for row in CASES])
def test_reader_case(row: dict[str, Any]) -> None:
    reading = read_brief(_source(row), "brief.md", OPTIONS)
    found_errors = [(p.line, p.message) for p in reading.problems if p.severity == "error"]
    expected_errors = row.get("errors", [])
    assert len(found_errors) == len(expected_errors), found_errors
    for (line, message), (want_line, want_text) in zip(found_errors, expected_errors,
                                                        strict=True):
        assert want_text in message
        assert line == want_line, message
    for hint in row.get("hints", []):
        assert hint in [p.hint for p in reading.problems]
    warnings = [(p.line, p.message) for p in reading.problems if p.severity == "warning"]
    for want_line, want_text in row.get("warnings", []):
        assert any(line == want_line and want_text in m for line, m in warnings), warnings
    if expected_errors or row.get("built") is False:
        assert reading.brief is None
        return
    assert reading.brief is not None
    for dotted, want in row.get("fields", {}).items():
        got = _get(reading.brief, dotted)
        if isinstance(got, datetime.datetime):
            assert got == _expected(str(want)), dotted
        else:
            assert got == want, dotted
