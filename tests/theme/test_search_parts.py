"""How a big site's pages are split into search index parts, and each part indexed.

A part is whole folders that one Pagefind ``--glob`` could name (a year of briefs,
else a month, ...); where paths cannot be named so, parts are cut by count. Pagefind
reads a part's pages as trimmed copies (see ``test_search_trimmed``). The parts'
vocabulary pages make the words index (:mod:`search.vocabulary`); the newest part is
the main bundle.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from search import vocabulary
from search.pagefind import (
    PARTS,
    STALE_WORK,
    WORK_PREFIX,
    IndexFailed,
    build_index,
    part_globs,
    start_index,
)

B = "{}/index.html"

# (label, pages, most pages a part, expected globs, comment)
PART_ROWS = [
    ("one year", [B.format("2024/01/a"), B.format("2024/02/b")], 5, ["2024/**/*.html"],
     "a folder that fits is named as a whole"),
    ("years packed", [B.format("2023/01/a"), B.format("2024/01/b"), B.format("2025/01/c")], 2,
     ["{2023/**/*.html,2024/**/*.html}", "2025/**/*.html"],
     "consecutive folders share a part up to the size"),
    ("big year by month", [B.format("2024/01/a"), B.format("2024/01/b"),
                           B.format("2024/02/c")], 2,
     ["2024/01/**/*.html", "2024/02/**/*.html"],
     "a year bigger than a part is split by its months"),
    ("one folder too big", [B.format("2024/01/a"), B.format("2024/01/b"),
                            B.format("2024/01/c")], 1,
     ["2024/01/a/**/*.html", "2024/01/b/**/*.html", "2024/01/c/**/*.html"],
     "split down to the page folders when needed"),
    ("top-level page", ["index.html", B.format("2024/01/a")], 5,
     ["{2024/**/*.html,index.html}"],
     "a page at the top is named by its own path"),
    ("unicode slug", [B.format("2024/01/übersee")], 5, ["2024/**/*.html"],
     "letters of any script are safe in a glob"),
]


@pytest.mark.parametrize(("pages", "size", "expected"),
                         [pytest.param(p, s, e, id=label) for label, p, s, e, _ in PART_ROWS])
def test_parts_are_whole_folders(pages: list[str], size: int, expected: list[str]) -> None:
    parts = part_globs(sorted(pages), size)
    assert parts is not None
    assert [glob for _, glob in parts] == expected
    assert [page for members, _ in parts for page in members] == sorted(pages)


@pytest.mark.parametrize("page", ["2024/01/a b/index.html", "2024/01/a[1]/index.html",
                                  "2024/01/{a,b}/index.html", "2024/*/index.html"])
def test_paths_a_glob_cannot_name_have_no_glob(page: str) -> None:
    assert part_globs(["2024/01/x/index.html", page], 5) is None


def _page(site: Path, path: str, words: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!DOCTYPE html><html lang='en'><head><title>{words}</title></head>"
                      f"<body><nav>menu</nav><main data-pagefind-body><p>{words}</p></main>"
                      "</body></html>", "utf-8")


def _three_years(site: Path, edited: str = "bravo") -> None:
    """One page a year, 2023 to 2025 (2024's holding ``edited``)."""
    for year, words in (("2023", "alpha"), ("2024", edited), ("2025", "charlie")):
        _page(site, f"{year}/01/a/index.html", words)


def _listing(bundle: Path) -> dict[str, object]:
    return json.loads((bundle / "parts.json").read_text("utf-8"))


def _page_counts(bundle: Path) -> list[int]:
    """The pages of each part, newest first, then those of the words index (if any)."""
    listing = _listing(bundle)
    names = ["", *listing["parts"], *([listing["words"]] if listing["words"] else [])]
    return [json.loads((bundle / name / "pagefind-entry.json").read_text("utf-8"))
            ["languages"]["en"]["page_count"] for name in names]


@pytest.mark.parametrize("odd", ["2025/01/plain", "2025/01/with space"])
def test_each_part_indexes_its_pages_only(tmp_path: Path, odd: str) -> None:
    site = tmp_path / "site"
    _page(site, "2024/01/a/index.html", "alpha")
    _page(site, "2024/02/b/index.html", "bravo")
    _page(site, f"{odd}/index.html", "charlie")
    (site / "about").mkdir()
    (site / "about" / "index.html").write_text("<html><body>not indexed</body></html>")
    summary = build_index(site, shard_size=2, processes=2)
    assert summary == "3 pages in 2 parts"
    bundle = site / "pagefind"
    assert _listing(bundle) == {"parts": ["part-2/"], "words": "words/"}
    # The newest part first (2025: one page), then 2024 (two pages), then the words
    # index: a vocabulary page a part.
    assert _page_counts(bundle) == [1, 2, 2]
    assert not list(tmp_path.glob(".pagefind-*")) and not list(site.glob(".pagefind-*"))
    assert not (site / vocabulary.FOLDER).exists()


def test_the_words_index_has_a_vocabulary_page_a_part_and_language(tmp_path: Path) -> None:
    """A part with pages in two languages has a vocabulary page in each, both named by
    the part's number, so a search page in either language asks about that part."""
    site = tmp_path / "site"
    _page(site, "2024/01/a/index.html", "alpha")
    _page(site, "2025/01/b/index.html", "bravo")
    _page(site, "2025/02/c/index.html", "charlie")
    thai = site / "2025/02/c/index.html"
    thai.write_text(thai.read_text("utf-8").replace("lang='en'", "lang='th'")
                    .replace("charlie", "ทองคำ"), "utf-8")
    pending = start_index(site, shard_size=2, processes=2)
    pages = {page.name: page.read_text("utf-8")
             for page in (site / vocabulary.FOLDER).iterdir()}
    pending.finish()
    assert sorted(pages) == ["1-1.html", "1-2.html", "2-1.html"]
    assert 'lang="en"' in pages["1-1.html"] and ">bravo<" in pages["1-1.html"]
    assert 'lang="th"' in pages["1-2.html"] and ">ทองคำ<" in pages["1-2.html"]
    assert all('data-pagefind-filter="part:1"' in pages[name] for name in ("1-1.html",
                                                                          "1-2.html"))
    assert 'data-pagefind-filter="part:2"' in pages["2-1.html"] and ">alpha<" in pages["2-1.html"]
    entry = json.loads((site / "pagefind" / "words" / "pagefind-entry.json").read_text("utf-8"))
    assert {language: found["page_count"] for language, found in entry["languages"].items()} \
        == {"en": 2, "th": 1}


def test_a_started_index_cancelled_leaves_nothing_behind(tmp_path: Path) -> None:
    """A build that fails after the index started (another plugin's finalized work)
    leaves it unfinished; the next build cancels it: no Pagefind process, work folder
    or vocabulary page is left."""
    site = tmp_path / "site"
    _three_years(site)
    pending = start_index(site, shard_size=1, processes=2)
    processes = [process for _, _, process, _, _ in pending.running]
    assert len(processes) == 2 and len(pending.todo) == 2
    assert len(list((site / vocabulary.FOLDER).iterdir())) == 3
    pending.cancel()
    assert all(process.returncode is not None for process in processes)
    assert not list(tmp_path.glob(".pagefind-*")) and not list(site.glob(".pagefind-*"))
    assert not (site / vocabulary.FOLDER).exists() and not (site / "pagefind").exists()


def test_parts_but_the_newest_are_moved_into_the_site_whole(tmp_path: Path) -> None:
    """Pagefind makes every part in the work folder; each part but the newest (whose
    folder holds the others) and the words index is then moved into its folder of the
    site whole, not linked file by file, and kept in the cache from there."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _three_years(site)
    pending = start_index(site, shard_size=1, processes=4, cache=cache)
    made = {number: bundle for number, _, _, _, bundle in pending.running}
    assert all(bundle.parent == pending.work for bundle in made.values())
    for _, _, process, _, _ in pending.running:
        process.wait()
    folders = {number: os.stat(bundle).st_ino for number, bundle in made.items()}
    assert pending.finish() == "3 pages in 3 parts"
    placed = {1: "part-2", 2: "part-3", 3: "words"}
    for number, name in placed.items():
        assert os.stat(site / "pagefind" / name).st_ino == folders[number], name
    assert os.stat(site / "pagefind").st_ino != folders[0]  # the newest: linked
    assert _page_counts(site / "pagefind") == [1, 1, 1, 3]
    entry = site / "pagefind" / "part-2" / "pagefind-entry.json"
    assert os.stat(entry).st_nlink == 2  # the site's and the cache's, nothing left over
    assert not list(tmp_path.glob(".pagefind-*")) and not list(site.glob(".pagefind-*"))


def test_the_newest_part_is_kept_without_the_parts_beside_it(tmp_path: Path) -> None:
    """A rebuild that indexes the newest part again, with the others from the cache
    already in its folder of the site, keeps in the cache that part's own files only."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _three_years(site)
    build_index(site, shard_size=1, processes=4, cache=cache)
    before = {entry.name for entry in cache.iterdir()}
    _page(site, "2025/01/a/index.html", "delta")  # the newest part, with a new word
    build_index(site, shard_size=1, processes=4, cache=cache)
    new = [entry for entry in cache.iterdir() if entry.is_dir() and entry.name not in before]
    assert len(new) == 2  # the newest part and the words index
    for entry in new:
        assert not {"part-2", "part-3", "words", PARTS} & {p.name for p in entry.iterdir()}


def test_an_index_left_unfinished_puts_nothing_in_the_site(tmp_path: Path) -> None:
    """A build that stops after starting the index and before waiting for it (its
    process ends without cancelling it) leaves Pagefind's work beside the output, where
    a later index removes it, and no bundle in the site."""
    site = tmp_path / "site"
    _three_years(site)
    pending = start_index(site, shard_size=1, processes=4)
    for _, _, process, _, _ in pending.running:
        process.wait()
    assert not (site / "pagefind").exists()
    pending.cancel()


def test_a_failed_builds_work_folder_is_removed_a_day_later(tmp_path: Path) -> None:
    """A build that failed before waiting for its index leaves Pagefind's work folder
    beside the output; a later index removes it once no build has touched it for a day
    (a build's own folder is touched as its parts are written)."""
    site = tmp_path / "site"
    _page(site, "2024/01/a/index.html", "alpha")
    left, fresh = tmp_path / f"{WORK_PREFIX}left", tmp_path / f"{WORK_PREFIX}running"
    for folder in (left, fresh):
        (folder / "part-1").mkdir(parents=True)
    day_ago = time.time() - STALE_WORK - 60
    os.utime(left, (day_ago, day_ago))
    build_index(site)
    assert not left.exists() and fresh.is_dir()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_one_part_has_no_vocabulary_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site, "2024/01/a/index.html", "alpha")
    _page(site, "2025/01/b/index.html", "bravo")
    build_index(site, shard_size=5)
    assert _listing(site / "pagefind") == {"parts": [], "words": None}
    assert _page_counts(site / "pagefind") == [2]


def _kept_parts(cache: Path) -> set[str]:
    return {entry.name for entry in cache.iterdir() if (entry / "pagefind.js").is_file()}


@pytest.mark.parametrize(("edit", "indexed_again"), [
    ("bravo", 0),
    ("bravo bravo", 1),
    ("bravo alpha", 2),
    ("bravo zulu", 2),
    ("alpha", 2),
], ids=["the same words: nothing", "the words of its part: its part only",
        "words of another part: its part and the words index",
        "a new word: its part and the words index",
        "a word gone from the site: its part and the words index"])
def test_a_rebuild_indexes_again_the_parts_it_must(tmp_path: Path, edit: str,
                                                   indexed_again: int) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    _three_years(site)
    build_index(site, shard_size=1, processes=2, cache=cache)
    before = _kept_parts(cache)
    assert len(before) == 3 + 1
    assert len(list(cache.glob("*.words.json"))) == 3
    _page(site, "2024/01/a/index.html", edit)
    build_index(site, shard_size=1, processes=2, cache=cache)
    assert len(_kept_parts(cache) - before) == indexed_again


def _vocabulary(site: Path, cache: Path | None) -> str:
    """The vocabulary pages an index of ``site`` writes, in order (the index is then
    cancelled)."""
    pending = start_index(site, shard_size=3, cache=cache)
    try:
        return "".join(page.read_text("utf-8")
                       for page in sorted((site / vocabulary.FOLDER).iterdir()))
    finally:
        pending.cancel()


def test_a_changed_part_reads_the_words_of_its_changed_pages_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    for month, words in (("01", "alpha"), ("02", "bravo"), ("03", "charlie")):
        _page(site, f"2024/{month}/a/index.html", words)
    _page(site, "2025/01/a/index.html", "delta")
    _vocabulary(site, cache)
    read: list[str] = []
    page_words = vocabulary.page_words
    monkeypatch.setattr(vocabulary, "page_words",
                        lambda page: read.append(page) or page_words(page))
    _page(site, "2024/02/a/index.html", "bravo echo")
    words = _vocabulary(site, cache)
    assert len(read) == 1 and "bravo echo" in read[0]
    assert all(word in words for word in ("alpha", "bravo", "charlie", "delta", "echo"))
    assert words == _vocabulary(site, None)
    # An unchanged part keeps its pages' words from pruning along with its own words.
    page_words = list(cache.glob("*.page-words.json"))
    assert len(page_words) == 2
    for path in page_words:
        os.utime(path, (0, 0))
    _vocabulary(site, cache)
    assert all(path.stat().st_mtime > 0 for path in page_words)


def test_a_change_outside_the_indexed_body_keeps_the_part(tmp_path: Path) -> None:
    """A brief's page changes when its neighbours or related briefs do; its index part
    stays while what Pagefind reads of it (body, filters, language, title) is the same."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    for year, words in (("2023", "alpha"), ("2024", "bravo")):
        _page(site, f"{year}/01/a/index.html", words)
    build_index(site, shard_size=1, cache=cache)
    before = _kept_parts(cache)
    page = site / "2024/01/a/index.html"
    page.write_text(page.read_text("utf-8").replace(
        "</main>", "</main><aside>Related: a newer brief</aside>"), "utf-8")
    build_index(site, shard_size=1, cache=cache)
    assert _kept_parts(cache) == before
    page.write_text(page.read_text("utf-8").replace(
        "</aside>", "<span data-pagefind-filter='topic:cobalt'></span></aside>"), "utf-8")
    build_index(site, shard_size=1, cache=cache)
    assert len(_kept_parts(cache) - before) == 1


def _marked_page(body: str) -> str:
    return (f'<html lang="en"><head><title>t</title></head><body><nav>menu</nav>'
            f'<main data-pagefind-body><p>{body}</p></main></body></html>')


def test_what_pagefind_reads_is_taken_from_the_cache_only_for_the_same_bytes(
        tmp_path: Path) -> None:
    from search.pagefind import INDEXED, indexed_pages

    site, cache = tmp_path / "site", tmp_path / "cache"
    for number, body in enumerate(["alpha", "beta", "gamma"]):
        (site / f"2024/0{number + 1}/x").mkdir(parents=True)
        (site / f"2024/0{number + 1}/x/index.html").write_text(_marked_page(body), "utf-8")
    plain = indexed_pages(site)
    assert indexed_pages(site, cache) == plain
    assert (cache / INDEXED).is_file()
    assert indexed_pages(site, cache) == plain  # now from the cache
    # A changed page is read again; one whose menu changed reads the same.
    (site / "2024/01/x/index.html").write_text(_marked_page("alpha and omega"), "utf-8")
    (site / "2024/02/x/index.html").write_text(
        _marked_page("beta").replace("menu", "other menu"), "utf-8")
    changed = indexed_pages(site, cache)
    assert changed == indexed_pages(site)
    assert changed["2024/01/x/index.html"] != plain["2024/01/x/index.html"]
    assert changed["2024/02/x/index.html"] == plain["2024/02/x/index.html"]
    (cache / INDEXED).write_bytes(b"not a pickle")
    assert indexed_pages(site, cache) == changed


def test_kept_parts_are_in_place_before_pagefind_is_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild puts the parts taken from the cache in the site while Pagefind makes the
    changed ones, not after it."""
    from search import pagefind

    site, cache = tmp_path / "site", tmp_path / "cache"
    _three_years(site)
    build_index(site, shard_size=1, processes=2, cache=cache)
    _three_years(site, edited="bravo delta")
    seen: list[list[str]] = []
    finish = pagefind._finish

    def finish_seeing(process, staging, bundle, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(sorted(path.parent.relative_to(site).as_posix()
                           for path in site.glob("pagefind/**/pagefind.js")))
        return finish(process, staging, bundle, **kwargs)

    monkeypatch.setattr(pagefind, "_finish", finish_seeing)
    build_index(site, shard_size=1, processes=2, cache=cache)
    # 2023's and 2025's parts are kept; 2024's part and the words index are made again.
    assert seen[0] == ["pagefind", "pagefind/part-3"]
    assert sorted(path.parent.relative_to(site).as_posix()
                  for path in site.glob("pagefind/**/pagefind.js")) == [
        "pagefind", "pagefind/part-2", "pagefind/part-3", "pagefind/words"]


def test_a_failed_part_leaves_no_bundle_in_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept parts already put in place are taken out again when another part fails, so a
    site never has half an index."""
    from search import pagefind

    site, cache = tmp_path / "site", tmp_path / "cache"
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "MEMORY_FOLDER", memory)
    _three_years(site)
    build_index(site, shard_size=1, processes=2, cache=cache)
    _three_years(site, edited="bravo delta")
    real_finish = pagefind._finish

    def failing(process, staging, bundle, **kwargs):  # type: ignore[no-untyped-def]
        process.kill()
        real_finish(process, staging, bundle, **kwargs)  # what it cleans up, then the failure
        raise IndexFailed("pagefind exited with status 1")

    monkeypatch.setattr(pagefind, "_finish", failing)
    with pytest.raises(IndexFailed):
        build_index(site, shard_size=1, processes=2, cache=cache)
    assert not (site / "pagefind").exists()
    assert not list(tmp_path.glob(".pagefind-*")) and not list(site.glob(".pagefind-*"))
    assert not list(memory.iterdir())  # no staged copies left


def test_pagefind_starts_before_the_words_index_and_the_cache_entry_are_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts' Pagefind processes start as soon as the pages are read; the vocabulary
    pages and what the next build takes from the cache are written while they run."""
    from search import pagefind

    site, cache = tmp_path / "site", tmp_path / "cache"
    _three_years(site)
    events: list[str] = []
    launch, vocabulary_pages, write_entry = (
        pagefind._launch, pagefind._write_vocabulary, pagefind.write_entry)

    def recorded(name, function):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            events.append(name if name != "pagefind" else f"pagefind {args[2].name}")
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(pagefind, "_launch", recorded("pagefind", launch))
    monkeypatch.setattr(pagefind, "_write_vocabulary", recorded("vocabulary", vocabulary_pages))
    monkeypatch.setattr(pagefind, "write_entry", recorded("cache entry", write_entry))
    pending = start_index(site, shard_size=1, processes=2, cache=cache)
    try:
        assert events[:4] == ["pagefind part-1", "pagefind part-2", "cache entry", "vocabulary"]
    finally:
        pending.cancel()
    build_index(site, shard_size=1, processes=2, cache=cache)
    assert (site / "pagefind" / "words" / "pagefind.js").is_file()


def test_an_index_made_beside_the_build_runs_no_pagefind_until_it_is_finished(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made by the process that started the build (``none_until_finish``), the index runs
    no Pagefind process while the build's process, which holds the whole site, still
    lives, and makes the first part ready; :meth:`finish` (called once it has ended)
    lets two run."""
    from functools import partial

    from search import pagefind

    site = tmp_path / "site"
    _three_years(site)
    launched: list[str] = []
    launch = pagefind._launch

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        launched.append(args[2].name)
        return launch(*args, **kwargs)

    monkeypatch.setattr(pagefind, "_launch", recorded)
    for none_until_finish, started in ((False, ["part-1", "part-2"]), (True, [])):
        launched.clear()
        pending = start_index(site, shard_size=1, processes=2,
                              index_type=partial(pagefind.PendingIndex,
                                                 none_until_finish=none_until_finish))
        assert launched == started, none_until_finish
        if none_until_finish:
            assert pending.ready is not None and pending.ready[0] == 0  # made ready
        assert pending.finish() == "3 pages in 3 parts"
        assert sorted(launched) == ["part-1", "part-2", "part-3", "part-4"]
        assert _page_counts(site / "pagefind") == [1, 1, 1, 3]


def test_the_index_handed_over_runs_no_pagefind_until_the_build_has_ended(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the build's process hands over (:mod:`search.handover`) is made with no
    Pagefind process until the build has ended (``complete``), its first part ready."""
    from search import handover

    site = tmp_path / "site"
    _three_years(site)
    handed: list[tuple[object, ...]] = []

    class Handed:
        def __init__(self, *args: object, **kwargs: object) -> None:
            handed.append(("start", False, args, kwargs))

        def add_words(self, *args: object) -> None:
            handed.append(("words", *args))

    start_index(site, shard_size=1, processes=2, index_type=Handed)
    try:
        for message in handed:
            handover.receive(message)
        index = handover._received["index"]
        assert index.running == []
        assert index.ready is not None and index.ready[4].name == "part-1"
        assert handover.complete(0) == 0
    finally:
        handover._drop()
    assert _page_counts(site / "pagefind") == [1, 1, 1, 3]


def test_a_part_made_while_an_earlier_one_runs_on_frees_its_place_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two processes, the third part starts when either of the first two ends: here
    the second, while the first (held up for two seconds) still runs."""
    import sys

    from search import pagefind

    real, noted = pagefind.pagefind_command(), tmp_path / "noted"
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(
        "import os, sys, time\n"
        "name = os.path.basename(sys.argv[sys.argv.index('--output-path') + 1])\n"
        f"def note(what):\n"
        f"    with open({str(noted)!r}, 'a') as out: out.write(f'{{what}} {{name}}\\n')\n"
        "note('start')\n"
        "if name == 'part-1':\n"
        "    time.sleep(2)\n"
        "    note('woke')\n"
        f"os.execv({real[0]!r}, [*{real!r}, *sys.argv[1:]])\n", "utf-8")
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: [sys.executable, str(wrapper)])
    site = tmp_path / "site"
    _three_years(site)
    assert build_index(site, shard_size=1, processes=2) == "3 pages in 3 parts"
    lines = noted.read_text("utf-8").splitlines()
    assert lines.index("start part-3") < lines.index("woke part-1"), lines
    assert _page_counts(site / "pagefind") == [1, 1, 1, 3]


def test_a_bound_on_the_parts_makes_them_bigger(tmp_path: Path) -> None:
    """Parts of one page each would be three; at most two makes parts of two pages (the
    two older years together, as whole folders are packed)."""
    site = tmp_path / "site"
    _three_years(site)
    assert build_index(site, shard_size=1, most_parts=2) == "3 pages in 2 parts"
    assert _page_counts(site / "pagefind") == [1, 2, 2]


@pytest.mark.parametrize(("settings", "counts", "words"), [
    pytest.param({"SEARCH_SHARD_SIZE": 1, "SEARCH_MOST_PARTS": 2}, [1, 2, 2], True,
                 id="bounded"),
    pytest.param({"SEARCH_SHARD_SIZE": 1, "SEARCH_MOST_PARTS": 0}, [1, 1, 1, 3], True,
                 id="unbounded"),
    pytest.param({}, [3], False, id="defaults: one index for three briefs"),
])
def test_the_plugin_takes_the_parts_from_its_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, int],
        counts: list[int], words: bool) -> None:
    """``SEARCH_SHARD_SIZE`` and ``SEARCH_MOST_PARTS`` reach the index the plugin makes,
    and the pages' words are noted as they are written only for an index in parts."""
    from types import SimpleNamespace

    import search
    from search import handover

    site = tmp_path / "output"
    _three_years(site)
    monkeypatch.delenv(handover.VARIABLE, raising=False)
    monkeypatch.setattr(search, "_pending", [])
    monkeypatch.setitem(search._noting, "words", None)
    pelican = SimpleNamespace(settings={"ASSAY_CACHE": False, **settings},
                              output_path=str(site))
    search.plan_words(SimpleNamespace(settings=pelican.settings, articles=[1, 2, 3]))
    assert search._noting["words"] is words
    search.index_site(pelican)
    search.finish_index(pelican)
    assert _page_counts(site / "pagefind") == counts


def test_the_next_part_is_made_ready_while_the_running_ones_are_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its trimmed copies are staged before either running process ends, so it starts as
    soon as one does."""
    from search import pagefind

    site = tmp_path / "site"
    _three_years(site)
    events: list[str] = []
    stage, first_ended = pagefind._stage, pagefind.first_ended

    def staged(site: Path, pages: list[str], bundle: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(f"staged {bundle.name}")
        return stage(site, pages, bundle, *args, **kwargs)

    def waited(processes, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = first_ended(processes, *args, **kwargs)
        events.append("one ended")
        return found

    monkeypatch.setattr(pagefind, "_stage", staged)
    monkeypatch.setattr(pagefind, "first_ended", waited)
    assert build_index(site, shard_size=1, processes=2) == "3 pages in 3 parts"
    assert events[:4] == ["staged part-1", "staged part-2", "staged part-3", "one ended"]
    assert events.count("one ended") == 4  # three parts and the words index


def test_a_pagefind_that_hangs_is_stopped_once_its_time_is_out(tmp_path: Path,
                                                                monkeypatch) -> None:
    """A Pagefind process that never ends is stopped ``TIMEOUT`` seconds after it
    started (not waited for once more), and the index fails."""
    import sys

    from search import pagefind

    monkeypatch.setattr(pagefind, "TIMEOUT", 1.0)
    started = tmp_path / "started"
    hanging = tmp_path / "hanging.py"
    hanging.write_text("import os, sys, time\n"
                       f"open({str(started)!r}, 'a').write(str(os.getpid()) + '\\n')\n"
                       "time.sleep(60)\n", "utf-8")
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: [sys.executable, str(hanging)])
    site = tmp_path / "site"
    _three_years(site)
    begun = time.monotonic()
    with pytest.raises(IndexFailed, match=r"did not finish within 1\.0 seconds"):
        build_index(site, shard_size=1, processes=2)
    assert time.monotonic() - begun < 1.8  # one TIMEOUT, not two
    for pid in started.read_text().split():  # every process it started is stopped
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
