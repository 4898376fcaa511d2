"""What the process that started the build does with a search index handed over to it
(``plugins/search/handover.py``): the index's messages, then the build's status."""

from __future__ import annotations

import logging
import os
import pickle
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

import search
from search import handover
from search.pagefind import IndexFailed


class FakeIndex:
    """Stands in for :class:`~search.pagefind.PendingIndex`: notes its calls; fails
    where told to."""

    calls: ClassVar[list[tuple[Any, ...]]] = []
    fail_at: ClassVar[str | None] = None

    def __init__(self, *args: Any, **kwargs: Any):
        self._call("start", args, kwargs)

    def _call(self, name: str, *args: Any) -> None:
        FakeIndex.calls.append((name, *args))
        if FakeIndex.fail_at == name:
            raise IndexFailed(f"{name} failed")

    def add_words(self, pages: dict[str, bytes], glob: str | None) -> None:
        self._call("words", pages, glob)

    def finish(self) -> str:
        self._call("finish")
        return "5 pages in 1 part"

    def cancel(self) -> None:
        self._call("cancel")


@pytest.fixture(autouse=True)
def fake_index(monkeypatch) -> None:
    monkeypatch.setattr(handover, "PendingIndex", FakeIndex)
    monkeypatch.setattr(FakeIndex, "calls", [])
    monkeypatch.setattr(FakeIndex, "fail_at", None)
    monkeypatch.setitem(handover._received, "index", None)
    monkeypatch.setitem(handover._received, "failure", None)


START = ("start", False, ("site", [{"a.html": b"1"}]), {"words": True})
STRICT_START = ("start", True, ("site", [{"a.html": b"1"}]), {"words": True})
WORDS = ("words", {"words/1.html": b"2"}, "words/*.html")

CASES = [
    # label, messages, where the index fails, the build's status, the status given,
    # the index's calls, what is logged
    ("made, then finished", [START, WORDS], None, 0, 0,
     ["start", "words", "finish"], ""),
    ("a failed build drops the index", [START, WORDS], None, 2, 2,
     ["start", "words", "cancel"], ""),
    ("cancelled by the build: nothing to finish", [START, ("cancel",)], None, 0, 0,
     ["start", "cancel"], ""),
    ("a new start drops the index before it", [START, START], None, 0, 0,
     ["start", "cancel", "start", "finish"], ""),
    ("failed to finish, strict: the build fails", [STRICT_START], "finish", 0, 1,
     ["start", "finish"], "CRITICAL search index failed; nothing was published: finish failed"),
    ("failed to finish, not strict: the build goes on", [START], "finish", 0, 0,
     ["start", "finish"], "ERROR search index failed (the site has no search): finish failed"),
    ("failed to start, strict", [STRICT_START, WORDS], "start", 0, 1,
     ["start"], "CRITICAL search index failed; nothing was published: start failed"),
    ("failed to start, and the build failed too: its status", [STRICT_START], "start", 3, 3,
     ["start"], ""),
    ("failed at the words index, strict", [STRICT_START, WORDS], "words", 0, 1,
     ["start", "words"], "CRITICAL search index failed; nothing was published: words failed"),
    ("words with no index are dropped", [WORDS], None, 0, 0, [], ""),
]


@pytest.mark.parametrize("label, messages, fail_at, status, given, calls, logged", CASES,
                         ids=[case[0] for case in CASES])
def test_a_handed_over_index(label: str, messages: list[tuple[Any, ...]], fail_at: str | None,
                             status: int, given: int, calls: list[str], logged: str,
                             caplog, capsys) -> None:
    FakeIndex.fail_at = fail_at
    caplog.set_level(logging.WARNING, logger="search.handover")
    for message in messages:
        handover.receive(message)
    assert handover.complete(status) == given
    assert [call[0] for call in FakeIndex.calls] == calls
    assert "\n".join(f"{r.levelname} {r.getMessage()}" for r in caplog.records) == logged
    assert handover._received["index"] is None
    made = "finish" in calls and fail_at != "finish"
    printed = capsys.readouterr().out
    assert printed.startswith("Search index: 5 pages in 1 part; made in ") == made
    assert printed.endswith(" seconds.\n") == made


def test_the_index_is_made_with_the_arguments_sent() -> None:
    """And with no Pagefind process until it is finished: the build's process, which
    holds the whole site, lives on until then."""
    handover.receive(START)
    handover.receive(WORDS)
    assert FakeIndex.calls[:2] == [("start", START[2], {**START[3], "none_until_finish": True}),
                                   ("words", *WORDS[1:])]
    handover.complete(0)


def test_a_handed_index_sends_what_it_is_given(tmp_path) -> None:
    """In the build's process: each call is a message to this module."""
    read_end, write_end = os.pipe()
    index = handover.HandedIndex(write_end, True, "site", [{"a.html": b"1"}], words=True)
    index.add_words({"words/1.html": b"2"}, "words/*.html")
    assert index.finish() == "handed over to the process that started the build"
    index.cancel()
    os.close(write_end)
    with os.fdopen(read_end, "rb") as channel:
        messages = []
        while True:
            try:
                messages.append(pickle.load(channel))
            except EOFError:
                break
    assert messages == [
        (handover.FOLDER, "search.handover", ("start", True, ("site", [{"a.html": b"1"}]),
                                              {"words": True})),
        (handover.FOLDER, "search.handover", ("words", {"words/1.html": b"2"},
                                              "words/*.html")),
        (handover.FOLDER, "search.handover", ("cancel",)),
    ]


def test_the_build_hands_the_index_over_after_a_word_to_prepare(tmp_path, monkeypatch) -> None:
    """Given a channel, the plugin's ``index_site`` first sends a message with nothing to
    do, on which the receiving process loads its modules while the build plans the
    index, then the index's start."""
    site = tmp_path / "output"
    page = site / "2024" / "01" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html lang='en'><body><main data-pagefind-body><p>alpha</p></main>"
                    "</body></html>", "utf-8")
    read_end, write_end = os.pipe()
    monkeypatch.setenv(handover.VARIABLE, f"{write_end}:{os.getppid()}")
    pelican = SimpleNamespace(settings={"ASSAY_CACHE": False}, output_path=str(site))
    monkeypatch.setattr(search, "_pending", [])
    search.index_site(pelican)
    assert [type(index) for index in search._pending] == [handover.HandedIndex]
    os.close(write_end)
    with os.fdopen(read_end, "rb") as channel:
        kinds = []
        while True:
            try:
                kinds.append(pickle.load(channel)[2][0])
            except EOFError:
                break
    assert kinds == ["prepare", "start"]
