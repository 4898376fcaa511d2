"""explain(): rule, line, column, before, after; replaying reproduces repair_text."""

from __future__ import annotations

import random

import pytest

import textrepair
from textrepair import Change
from textrepair.edits import Tracker, apply_edits
from textrepair.model import Edit


def test_change_fields_and_positions() -> None:
    text = "Title\nIt&rsquo;s a cafÃ© (opens in a new tab).\n\tdonโt"
    changes = textrepair.explain(text)
    assert changes == [
        Change("html_entity", 2, 3, "&rsquo;", "’"),
        Change("mojibake", 2, 17, "Ã©", "é"),
        Change("new_tab_text", 2, 19, " (opens in a new tab)", ""),
        Change("lossy_thai", 3, 5, "โ", "’"),
    ]
    assert textrepair.replay(text, changes) == textrepair.repair_text(text)


def test_change_is_frozen() -> None:
    change = Change("mojibake", 1, 1, "Ã©", "é")
    with pytest.raises(AttributeError):
        change.after = "x"  # type: ignore[misc]


def test_columns_count_code_points_and_crlf_lines() -> None:
    text = "😀 itâ€™s\r\nnext itâ€™s"
    changes = textrepair.explain(text)
    assert [(c.line, c.column) for c in changes] == [(1, 5), (2, 8)]
    assert textrepair.replay(text, changes) == "😀 it’s\r\nnext it’s"


def test_refined_change_names_every_rule() -> None:
    # an entity that decodes to mojibake, repaired by a later pass
    text = "caf&Atilde;&copy; ok"
    result = textrepair.repair(text)
    assert result.text == "café ok"
    assert [(c.rule, c.before, c.after) for c in result.changes] == [
        ("html_entity+mojibake", "&Atilde;&copy;", "é")
    ]


def test_clean_text_has_no_changes() -> None:
    text = "A clean “brief” — nothing to do."
    assert textrepair.explain(text) == []
    result = textrepair.repair(text)
    assert result.text is text and not result.changed


def test_replay_rejects_a_change_that_does_not_match() -> None:
    with pytest.raises(ValueError):
        textrepair.replay("abc", [Change("x", 1, 2, "z", "y")])


def test_quote_style_is_validated() -> None:
    with pytest.raises(ValueError):
        textrepair.repair_text("donโt", quote_style="fr")


def test_forced_quote_style() -> None:
    text = "She said, โmaybe,โ and โwellโ."
    assert textrepair.repair_text(text, quote_style="uk") == "She said, ‘maybe,’ and ‘well’."
    assert textrepair.repair_text(text, quote_style="us") == "She said, “maybe,” and “well”."
    assert textrepair.repair_text(text) == "She said, “maybe,” and “well”."


def test_rule_table_names() -> None:
    assert "lossy_thai" in textrepair.RULE_NAMES and "mojibake" in textrepair.RULE_NAMES
    assert len(set(textrepair.RULE_NAMES)) == len(textrepair.RULE_NAMES)


@pytest.mark.parametrize("seed", range(60))
def test_tracker_composes_random_edits(seed: int) -> None:
    """Random edits applied rule after rule: changes located in the original replay exactly."""
    rng = random.Random(seed)
    original = "".join(rng.choice("ab\ncd ") for _ in range(rng.randint(0, 40)))
    tracker = Tracker(original)
    current = original
    for step in range(rng.randint(1, 5)):
        edits = []
        pos = 0
        while pos <= len(current) and rng.random() < 0.7:
            start = rng.randint(pos, len(current))
            end = rng.randint(start, min(len(current), start + 4))
            edits.append(
                Edit(start, end, "".join(rng.choice("XY\n") for _ in range(rng.randint(0, 3))))
            )
            pos = end + 1
        tracker.apply(f"r{step}", edits)
        current = apply_edits(current, edits)
        assert tracker.text == current
    changes = tracker.changes()
    assert textrepair.replay(original, changes) == current
    for change in changes:
        assert change.before != change.after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("cafÃ© au lait", "café au lait"),
        ("aÃ©b", "ab"),
        ("ab", "aéb"),
        ("x Ã y", "x à y"),
        ("Ã©tÃ© 2025", "été 2025"),
        ("abc", "xbz"),
        ("a b", "a\u00a0b"),
        ("РџСЂРёРІРµС‚ РјРёСЂ", "Привет мир"),
        ("", "é"),
        ("é", ""),
    ],
)
def test_diff_edits_reproduce_the_target(before: str, after: str) -> None:
    from textrepair.edits import diff_edits

    assert apply_edits(before, diff_edits(before, after)) == after
