"""A brief's "Cite this brief" and JSON-LD (``citations.plugin.Later``) are made where
its page is rendered, and let go soon after: a build keeps only the few made last."""

from __future__ import annotations

from citations.plugin import Later


def _holding(values: list[Later]) -> int:
    return sum(value._value is not Later for value in values)


def test_only_the_values_made_last_are_kept() -> None:
    made: list[int] = []
    values = [Later("cite", lambda n=n: made.append(n) or f"value {n}") for n in range(100)]
    for value in values:
        assert value.value() == value.value()  # used twice on its page, made once
    assert made == list(range(100))
    assert _holding(values) <= 10
    assert values[-1]._value == "value 99"  # the page being rendered keeps its own


def test_a_value_let_go_is_made_again_the_same() -> None:
    made: list[str] = []
    first = Later("cite", lambda: made.append("first") or {"text": "first"})
    assert first["text"] == "first"
    for n in range(20):
        str(Later("cite", lambda n=n: n))
    assert first["text"] == "first"
    assert made == ["first", "first"]
