"""Quotation folding remembers each character's folded form; it must give what folding
every character anew gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citations.quotes import fold, folded_pieces


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F),
                                  st.sampled_from("“”‘’—–\u200b\u00a0ﬁİßẞÉé`"),
                                  st.characters())))
def test_remembered_pieces_fold_like_folding_each_character_anew(text: str) -> None:
    assert fold(text) == fold(text, pieces_of=folded_pieces)
