"""The build's own end-of-build work runs while Pagefind indexes, not before it starts.

At ``finalized`` the search plugin starts Pagefind, and the build cache's bookkeeping
and pruning (0.2 s of a cold build at 4,000 briefs) then run beside it; the wait for
the index comes last. Pelican runs a signal's handlers in the order they were connected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from blinker import ANY
from pelican import Pelican, signals
from pelican.settings import read_settings

from tests.conftest import make_site


def test_the_cache_bookkeeping_runs_after_the_index_is_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, with_content=False)
    monkeypatch.chdir(site)
    Pelican(read_settings("publishconf.py"))  # registers the plugins, sends initialized
    order = [getattr(handler, "__name__", "") for handler in signals.finalized.receivers_for(ANY)]
    for name in ("index_site", "keep_memo", "finish_build", "finish_index"):
        assert order.count(name) == 1, (name, order)
    assert order.index("index_site") < order.index("keep_memo") < order.index("finish_build")
    assert order.index("finish_build") < order.index("finish_index")
