"""The values a brief is read into are slotted: a build holds thousands of them (about
3.5 highlights a brief), each with a dict of its own before."""

from __future__ import annotations

import datetime
import pickle
from typing import Any

import pytest

from briefs.model import Brief, Citation, Correction, Highlight, View
from citations.plugin import CitationView

CITATION = Citation(publication="Reuters", date=datetime.date(2025, 3, 1),
                    url="https://example.com/a", line=12)
VIEW = View(label="REEx View", title="Hold", body="Prices hold.", html="<p>Prices hold.</p>")

# (label, a value, comment)
VALUES = [
    ("highlight", Highlight(text="Prices *rose*.", html="Prices <em>rose</em>."),
     "three or four a brief"),
    ("house view", VIEW, "one a brief"),
    ("correction", Correction(date=datetime.date(2025, 3, 2), note="Fixed.",
                              html="<p>Fixed.</p>"), "a few briefs have some"),
    ("citation", CITATION, "one or two a brief"),
    ("brief", Brief(path="briefs/a.md", title="Prices",
                    date=datetime.datetime(2025, 3, 1), highlights=[], citations=[CITATION],
                    view=VIEW, body="Body.", body_line=20), "one a brief"),
    ("citation view", CitationView(citation=CITATION, text="Reuters, 1 March 2025.",
                                   url="https://example.com/a", archive_url=None, outlet=None,
                                   outlet_name="Reuters", outlet_url="/outlets/reuters/"),
     "one a citation, made by the citations plugin"),
]


@pytest.mark.parametrize(("label", "value", "comment"), VALUES, ids=[v[0] for v in VALUES])
def test_a_read_value_has_no_dict_of_its_own(label: str, value: Any, comment: str) -> None:
    assert not hasattr(value, "__dict__"), comment


@pytest.mark.parametrize(("label", "value", "comment"), VALUES, ids=[v[0] for v in VALUES])
def test_a_read_value_survives_the_build_cache(label: str, value: Any, comment: str) -> None:
    """The build cache keeps readings pickled."""
    assert pickle.loads(pickle.dumps(value)) == value
