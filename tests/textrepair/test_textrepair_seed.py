"""The seed brief: UTF-8 read as TIS-620 with bytes 0x80-0x9F deleted."""

from __future__ import annotations

import re

import ftfy

import textrepair

from .support import SEED_FILE

SEED_SHA_NAME = "000_7afb51a91727f9f7.txt"

# Every โ of the seed in order: (line, column, the character it was).
LOST_PUNCTUATION = [
    (5, 49, "–"),  # U.S.–China
    (5, 194, "“"),  # admitted, “I
    (5, 200, "’"),  # don’t
    (5, 245, "”"),  # question.”
    (7, 146, "“"),  # “bounced
    (7, 174, "”"),  # significantly,”
    (9, 441, "’"),  # China’s confidence
    (11, 207, "’"),  # China’s long-term
    (11, 294, "“"),  # “reviews
    (11, 302, "”"),  # reviews”
    (11, 423, "’"),  # Beijing’s deliberate
    (13, 109, "’"),  # Beijing’s willingness
    (13, 171, "—"),  # disputes—whether
    (13, 196, "—"),  # Boeing—illustrates
    (15, 47, "’"),  # China’s dominance
    (15, 240, "’"),  # Beijing’s integrated
]

EXPECTED_PHRASES = [
    "the U.S.–China rare earths dispute",
    "admitted, “I don’t think we resolved the rare earth question.” This admission",
    "have “bounced back significantly,” the underlying",
    "it signals China’s confidence",
    "rarely alters China’s long-term industrial strategy",
    "export “reviews” are less",
    "obscuring Beijing’s deliberate use",
    "Beijing’s willingness",
    "disputes—whether TikTok or Boeing—illustrates",
    "countering China’s dominance",
    "dent Beijing’s integrated",
    "as cited in a Cryptopolitan piece. \u00a0Beijing still controls licensing",
]


def test_seed_file_is_untouched_damage(seed_text: str) -> None:
    assert SEED_FILE.name == SEED_SHA_NAME
    assert seed_text.count("โ") == 16
    assert "ยฉ!-- /wp:paragraph -->" in seed_text
    # ftfy alone cannot see this damage
    assert ftfy.fix_text(seed_text) == seed_text


def test_each_lost_punctuation_mark(seed_text: str) -> None:
    changes = [c for c in textrepair.explain(seed_text) if c.before == "โ"]
    assert [(c.line, c.column, c.after) for c in changes] == LOST_PUNCTUATION
    assert all(c.rule == "lossy_thai" for c in changes)
    lines = seed_text.split("\n")
    for line, column, _ in LOST_PUNCTUATION:
        assert lines[line - 1][column - 1] == "โ"


def test_no_break_space_and_residue(seed_text: str) -> None:
    changes = textrepair.explain(seed_text)
    by_before = {c.before: c for c in changes}
    nbsp = by_before["ย "]
    assert (nbsp.rule, nbsp.line, nbsp.after) == ("lossy_thai", 7, "\u00a0")
    tab = by_before[" (opens in a new tab)"]
    assert (tab.rule, tab.line, tab.after) == ("new_tab_text", 7, "")
    tail = by_before["\nยฉ!-- /wp:paragraph -->\n0 Comments"]
    assert tail.after == "" and tail.rule == "wp_block_comment+comment_count"
    assert len(changes) == len(LOST_PUNCTUATION) + 3


def test_repaired_seed(seed_text: str) -> None:
    repaired = textrepair.repair_text(seed_text)
    for phrase in EXPECTED_PHRASES:
        assert phrase in repaired, phrase
    assert not re.search("[\u0e00-\u0e7f]", repaired)
    assert "(opens in a new tab)" not in repaired
    assert "wp:paragraph" not in repaired and "Comments" not in repaired
    assert repaired.endswith("Citation: Hannah Collymore, Cryptopolitan, September 23, 2025.")
    assert not re.search(r"[ \t]+$", repaired, re.MULTILINE)
    # everything else is untouched
    assert repaired.count("\n") == seed_text.count("\n") - 2
    assert repaired.startswith("Highlights\n- China continues to dominate")
    assert textrepair.repair_text(repaired) == repaired
    assert not textrepair.has_damage(repaired)


def test_seed_replay(seed_text: str) -> None:
    result = textrepair.repair(seed_text)
    assert textrepair.replay(seed_text, result.changes) == result.text
