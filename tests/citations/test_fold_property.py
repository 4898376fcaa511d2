"""Quotation folding takes a shortcut for ASCII; it must give what the general path gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citations.quotes import _FOLD, fold


def fold_without_shortcut(text: str) -> tuple[str, list[int]]:
    """:func:`fold` as specified: NFKC and case folding of every character."""
    chars: list[str] = []
    origin: list[int] = []
    space = False
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).casefold():
            piece = _FOLD.get(piece, piece)
            if piece.isspace():
                space = bool(chars)
                continue
            if unicodedata.category(piece) == "Cf":
                continue
            if space and piece != "-" and chars[-1] != "-":
                chars.append(" ")
                origin.append(index)
            space = False
            chars.append(piece)
            origin.append(index)
    return "".join(chars), origin


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F),
                                  st.sampled_from("“”‘’—–\u200b\u00a0ﬁİßẞÉé`"),
                                  st.characters())))
def test_ascii_shortcut_folds_like_the_general_path(text: str) -> None:
    assert fold(text) == fold_without_shortcut(text)
