"""The data table: every row of cases.yaml, repaired and checked."""

from __future__ import annotations

import pytest

import textrepair
from textrepair.damage import RECIPES, damage

from .support import load_cases

CASES = load_cases()
SCRIPTS_IN_CLEAN_CONTROLS = 12


def _params(rows: list[dict]) -> list:
    params = []
    for row in rows:
        marks = ()
        if row.get("xfail"):
            marks = (pytest.mark.xfail(strict=True, reason=row["xfail"]),)
        params.append(pytest.param(row, id=row["label"], marks=marks))
    return params


@pytest.mark.parametrize("row", _params(CASES))
def test_repair(row: dict) -> None:
    assert (
        textrepair.repair_text(row["input"], quote_style=row.get("quote_style")) == row["expected"]
    )


@pytest.mark.parametrize("row", _params([r for r in CASES if not r.get("xfail")]))
def test_explain_replays(row: dict) -> None:
    result = textrepair.repair(row["input"], quote_style=row.get("quote_style"))
    assert result.text == textrepair.repair_text(row["input"], quote_style=row.get("quote_style"))
    assert textrepair.replay(row["input"], result.changes) == result.text
    assert bool(result.changes) == (result.text != row["input"])
    assert textrepair.has_damage(row["input"]) == (row["input"] != row["expected"])


@pytest.mark.parametrize("row", _params([r for r in CASES if not r.get("xfail")]))
def test_idempotent(row: dict) -> None:
    once = textrepair.repair_text(row["input"], quote_style=row.get("quote_style"))
    assert textrepair.repair_text(once, quote_style=row.get("quote_style")) == once


@pytest.mark.parametrize("row", [r for r in CASES if "damage" in r], ids=lambda r: r["label"])
def test_damaged_input_is_really_made_by_its_recipe(row: dict) -> None:
    assert damage(row["expected"], row["damage"]) == row["input"]


def test_table_shape() -> None:
    labels = [r["label"] for r in CASES]
    assert len(CASES) >= 150
    assert len(set(labels)) == len(labels)
    for row in CASES:
        assert (
            row["label"]
            and row["comment"]
            and set(row)
            <= {"label", "comment", "input", "expected", "damage", "quote_style", "xfail"}
        )
        assert row.get("damage", next(iter(RECIPES))) in RECIPES
    clean = [r for r in CASES if r["input"] == r["expected"] and r["label"].startswith("clean-")]
    assert len(clean) >= SCRIPTS_IN_CLEAN_CONTROLS
    kinds = {r["label"].split("-")[0] for r in CASES}
    assert {
        "clean",
        "cp1252",
        "latin1",
        "cp1250",
        "cp1251",
        "macroman",
        "cp437",
        "double",
        "entity",
        "lossy",
        "wp",
        "new",
        "comments",
        "code",
        "zero",
    } <= kinds


def test_data_file_matches_its_generator() -> None:
    from .make_textrepair_cases import OUT, build_rows, render

    assert OUT.read_text(encoding="utf-8") == render(build_rows())
