"""What every rule is given besides the text: the document's settings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Context:
    """Settings shared by the rules during one pass over a document.

    ``quote_style`` is ``"us"`` (outer quotes “double”), ``"uk"`` (outer
    quotes ‘single’) or ``None``: a rule that needs it detects it from the text
    (:func:`textrepair.quotes.detect_quote_style`). ``protected`` lists the
    (start, end) spans of Markdown code in the text the rules see; inside them
    every character is masked.
    """

    quote_style: str | None = None
    protected: list[tuple[int, int]] = field(default_factory=list)
