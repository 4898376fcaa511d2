"""Quotation folding remembers each character's folded form and translates a text whose
characters each fold to one; it must give what folding every character anew, in turn,
gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citations.quotes import _fold_each, fold, folded_pieces


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F),
                                  st.sampled_from("“”‘’—–\u200b\u00a0ﬁİßẞÉé`"),
                                  st.characters())))
def test_remembered_pieces_fold_like_folding_each_character_anew(text: str) -> None:
    assert fold(text) == fold(text, pieces_of=folded_pieces)


#: Characters each written as one character (the translated path of ``fold``), with
#: whitespace of several kinds and the dashes that drop a space next to them.
ONE_EACH = st.one_of(st.characters(max_codepoint=0x7F),
                     st.sampled_from("“”‘’—–-\u00a0\u2009\u3000\t\n ÉéÅçØ中文ไทยЖж`«»"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ONE_EACH))
def test_translated_texts_fold_as_each_character_in_turn(text: str) -> None:
    assert all(len(folded_pieces(char)) == 1 for char in text)  # the translated path
    assert fold(text) == _fold_each(text, folded_pieces)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(ONE_EACH, st.sampled_from("\u200bﬁİßẞ"))))
def test_any_text_folds_as_each_character_in_turn(text: str) -> None:
    assert fold(text) == _fold_each(text, folded_pieces)
