"""Property tests: idempotence, and clean text without markers is never changed."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import textrepair
from textrepair.markers import LOSSY_THAI_RES, MARKER_CHARS, RESIDUE_TRIGGER_RE, has_markers
from textrepair.rules import run

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any Unicode scalar value outside the marker alphabet (surrogates are in it).
clean_chars = st.characters(
    codec="utf-8", exclude_characters="".join(sorted(MARKER_CHARS)), exclude_categories=("Cs",)
)
clean_text = st.text(clean_chars, max_size=200)
# Markdown-ish clean text: words of clean characters, ASCII punctuation and line breaks.
clean_markdown = st.lists(
    st.one_of(
        clean_text, st.sampled_from(["\n", "\n\n", "`", "```\n", "    ", " ", "'", '"', "-"])
    ),
    max_size=12,
).map("".join)

SAMPLES = [
    "donâ€™t",
    "cafÃ©",
    "U.S.โChina",
    "โI donโt",
    "ยฉ",
    "ย ",
    "&rsquo;",
    "&amp;mdash;",
    "<!-- wp:paragraph -->",
    "ยฉ!-- /wp:paragraph -->",
    " (opens in a new tab)",
    "\n0 Comments",
    "\u200b",
    "\x92",
    "\x81",
    "РџСЂРёРІРµС‚",
    "ΓÇÖ",
    "โ€",
    "\ufffd",
    "`",
    "```\n",
    "\n",
    "\r\n",
    "รฉ",
    "โข",
    "๐",
    "ไทย ปี",
    "โดย",
    "“",
    "”",
    "’",
    "—",
    "Ã",
    "â€",
    "\u200d",
    "👩",
    "\ufeff",
]
damaged_text = st.lists(st.one_of(st.sampled_from(SAMPLES), clean_text), max_size=14).map("".join)


@SETTINGS
@given(clean_text)
def test_clean_text_without_markers_is_unchanged(text: str) -> None:
    assume(not RESIDUE_TRIGGER_RE.search(text))
    assert not has_markers(text)
    assert textrepair.repair_text(text) == text
    # the slow path agrees with the fast path
    assert run(text, force=True).text == text


@SETTINGS
@given(clean_markdown)
def test_clean_markdown_is_unchanged_by_every_rule(text: str) -> None:
    assume(not RESIDUE_TRIGGER_RE.search(text))
    assert run(text, force=True).text == text


@SETTINGS
@given(st.text(max_size=120))
@example("â€")  # a closing quote whose third byte was lost, found by this test
@example("x â€ y")
def test_fast_path_never_hides_a_repair(text: str) -> None:
    if not has_markers(text):
        assert run(text, force=True).text == text


@SETTINGS
@given(damaged_text)
def test_repair_is_idempotent(text: str) -> None:
    once = textrepair.repair_text(text)
    assert textrepair.repair_text(once) == once


@SETTINGS
@given(damaged_text)
def test_explain_replays_to_repair(text: str) -> None:
    result = textrepair.repair(text)
    assert textrepair.replay(text, result.changes) == result.text
    assert result.text == textrepair.repair_text(text)


@SETTINGS
@given(damaged_text, damaged_text)
def test_code_spans_are_never_repaired(before: str, code: str) -> None:
    code = code.replace("`", "").replace("\n", " ").strip()
    assume(code)
    text = f"{before}\n\nx `{code}` y\n"
    repaired = textrepair.repair_text(text)
    assert f"`{code}`" in repaired


thai_like = st.text(
    st.sampled_from([*list("โเแใไยรลวฉฆขกดปีั่้ ์ๆ๐"), "a", "Z", "7", " ", ".", "\n", "€", "�"]),
    max_size=40,
)


@SETTINGS
@given(thai_like)
def test_both_lossy_thai_scans_agree(text: str) -> None:
    _, on_thai, on_neighbour, at_start = LOSSY_THAI_RES
    assert bool(on_thai.search(text)) == bool(at_start.match(text) or on_neighbour.search(text))


# Genuine Thai: common words, glued together as Thai writes them, and set
# apart from Latin words and numbers by spaces.
THAI_WORDS = [
    "ไทย",
    "ปี",
    "โดย",
    "โลก",
    "ที่",
    "และ",
    "ของ",
    "ใน",
    "การ",
    "เป็น",
    "มี",
    "ได้",
    "ไป",
    "มา",
    "ให้",
    "จะ",
    "ว่า",
    "กับ",
    "แต่",
    "รัฐบาล",
    "ประเทศ",
    "เศรษฐกิจ",
    "ราคา",
    "ข้าว",
    "ส่งออก",
    "ตลาด",
    "รถ",
    "น้ำ",
    "คน",
    "วัน",
    "เดือน",
    "ร้อยละ",
    "บาท",
    "๒๕๖๗",
    "ก็",
    "นี้",
    "แล้ว",
    "ไม่",
    "ฯ",
    "ๆ",
]
thai_text = st.lists(
    st.one_of(
        st.lists(st.sampled_from(THAI_WORDS), min_size=1, max_size=4).map("".join),
        st.sampled_from(["iPhone", "2567", "GDP", "5%", "“ข่าว”", "—", "(", ")", ",", "\n"]),
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


@SETTINGS
@given(thai_text)
def test_genuine_thai_is_unchanged(text: str) -> None:
    assert textrepair.repair_text(text) == text
