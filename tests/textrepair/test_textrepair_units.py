"""Unit tests of the building blocks: protection, line removal, markers, quotes, tokens."""

from __future__ import annotations

import pytest

import textrepair
from textrepair.edits import apply_edits
from textrepair.lines import remove_lines
from textrepair.lossy_thai import guess_language, is_lossy_thai, skeleton_candidates, tokenize
from textrepair.markers import MARKER_CHARS, has_markers, is_mojibake_sequence
from textrepair.protect import MASK, mask, protected_spans
from textrepair.quotes import detect_quote_style


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a `x` b", ["`x`"]),
        ("a ``x ` y`` b", ["``x ` y``"]),
        ("a `x\ny` b", ["`x\ny`"]),
        ("a `x\n\ny` b", []),  # a blank line ends the paragraph: no code span
        ("```py\nx\n```\ny", ["```py\nx\n```"]),
        ("~~~\nx\n~~~~\ny", ["~~~\nx\n~~~~"]),
        ("````\n```\nstill code\n````\nafter", ["````\n```\nstill code\n````"]),
        ("para\n\n    code\n    more\n\nafter", ["    code\n    more"]),
        ("para\n    lazy continuation", []),
        ("x <code>a</code> <pre>\nb\n</pre>", ["<code>a</code>", "<pre>\nb\n</pre>"]),
        ("no code here", []),
    ],
)
def test_protected_spans(text: str, code: list[str]) -> None:
    assert [text[a:b] for a, b in protected_spans(text)] == code


def test_mask_keeps_offsets_and_line_breaks() -> None:
    text = "a `b\r\nc` d"
    masked = mask(text, protected_spans(text))
    assert len(masked) == len(text)
    assert masked == "a " + MASK * 2 + "\r\n" + MASK * 2 + " d"


@pytest.mark.parametrize(
    ("text", "doomed", "expected"),
    [
        ("A\nX\nB\n", [1], "A\nB\n"),
        ("A\nX", [1], "A"),
        ("A\n\nX\n", [2], "A\n"),
        ("A\n\nX\n\nB\n", [2], "A\n\nB\n"),
        ("X\n\nA", [0], "A"),
        ("X\nY\n", [0, 1], ""),
        ("A\r\nX\r\n", [1], "A\r\n"),
        ("A\r\n\r\nX", [2], "A"),
        ("A\nX\n\nY\nB", [1, 3], "A\n\nB"),
    ],
)
def test_remove_lines(text: str, doomed: list[int], expected: str) -> None:
    assert apply_edits(text, remove_lines(text, doomed)) == expected


def test_marker_alphabet_covers_the_damage() -> None:
    for ch in "Ã©â€™ΓÇÖ≈ºโยรฉ€\x92\ufffd\u200b&":
        assert ch in MARKER_CHARS
    for ch in "aZ09 \n.,'\"中文한국어עבריתعربي😀":
        assert ch not in MARKER_CHARS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ASCII, nothing else.", False),
        ("clean “typography” — isn’t it…", False),
        ("Greek «ανεπαρκή» quotes", False),
        ("ไทย ปี โดย โลก", False),
        ("Привет, как дела?", False),
        ("donâ€™t", True),
        ("РџСЂРёРІРµС‚", True),
        ("ΓÇÖ", True),
        ("U.S.โChina", True),
        ("It&rsquo;s", True),
        ("Text\n0 Comments", True),
        ("x\u200by", True),
    ],
)
def test_has_markers(text: str, expected: bool) -> None:
    assert has_markers(text) is expected


def test_mojibake_sequence_check() -> None:
    assert is_mojibake_sequence("Ã©") and is_mojibake_sequence("â€œ")
    assert not is_mojibake_sequence("ή»")  # would decode to Thaana
    assert not is_mojibake_sequence("ab")


def test_quote_style_detection() -> None:
    assert detect_quote_style("‘One’, ‘two’ and “three”.") == "uk"
    assert detect_quote_style("\"One\" and 'two'.") == "us"
    assert detect_quote_style("'One' and 'two' and 'three'.") == "uk"


def test_skeletons_restore_surviving_bytes_exactly() -> None:
    def best(skeleton: str) -> str:
        cands = skeleton_candidates(skeleton)
        assert cands is not None
        return cands[0][0]

    assert best("ยฉ") == "©" and best("โฆ") == "…" and best("ไธญ") == "中"
    assert skeleton_candidates("รฉ") == (("é", 30),)
    assert best("โ€“") == "–"  # Windows-874 keeps 0x93 (as “), the last byte of –
    cands = skeleton_candidates("โ")
    assert cands is not None and {c for c, _ in cands[:6]} == set("’‘“”–—")


def test_tokenize_and_document_check() -> None:
    tokens, misfits = tokenize("Chinaโs cafรฉ")
    assert [(t.start, t.end) for t in tokens] == [(5, 6), (11, 13)] and misfits == []
    assert is_lossy_thai("Chinaโs cafรฉ")
    assert not is_lossy_thai("รัฐบาลไทยประกาศนโยบายใหม่")
    assert not is_lossy_thai("the Thai word รถ means car")


def test_language_guess() -> None:
    assert guess_language("Der Markt und die Preise sind nicht stabil") == "de"
    assert guess_language("The market and the prices are stable") == "en"


def test_lossy_letters_by_language() -> None:
    assert textrepair.repair_text("Die Straรe ist lang und die Stadt ist alt.") == (
        "Die Straße ist lang und die Stadt ist alt."
    )
    assert textrepair.repair_text("Il est ร Paris, au cafรฉ.") == "Il est à Paris, au café."
    # a lone letter with nothing else telling stays: it could be a Thai letter quoted
    assert textrepair.repair_text("Il est ร Paris.") == "Il est ร Paris."


def test_real_thai_is_never_repaired_even_with_damage_elsewhere() -> None:
    text = "รัฐบาลไทยประกาศนโยบายใหม่โดยเน้นการค้ากับโลก ปี 2567"
    assert textrepair.repair_text(text) == text
    assert textrepair.repair_text(text + " itâ€™s") == text + " it’s"


def test_html_entities_only_typographic() -> None:
    text = "&lt;p&gt; AT&amp;T &rsquo; &amp;rsquo; &#38; &#x26; &copy;"
    assert textrepair.repair_text(text) == "&lt;p&gt; AT&amp;T ’ ’ &#38; &#x26; ©"


def test_wp_comment_inline_keeps_one_space() -> None:
    assert textrepair.repair_text("a <!-- wp:x --> b") == "a b"
    assert textrepair.repair_text("a<!-- wp:x -->b") == "ab"


def test_zero_width_joiner_in_emoji_and_indic_is_kept() -> None:
    text = "👨\u200d👩\u200d👧 क्\u200dष"
    assert textrepair.repair_text(text) == text


def test_repair_text_returns_the_same_object_when_clean() -> None:
    text = "Nothing to do here."
    assert textrepair.repair_text(text) is text
