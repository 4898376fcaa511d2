"""Pagefind reads trimmed copies of the pages (only what it indexes) and makes the same
index as from the pages themselves; the copies live in a staging folder that goes when
the index is made, or later when the build that made it was killed."""

from __future__ import annotations

import errno
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import cbor2
import pytest

from search import pagefind, vocabulary
from search.pagefind import (
    STAGING_PREFIX,
    WORK_PREFIX,
    IndexFailed,
    _finish,
    _launch,
    _stage,
    build_index,
)
from tests.theme.sitebuild import BuiltSite

HEAD = "<!DOCTYPE html><html{lang}><head>{title}</head><body>"
TAIL = "</body></html>"

# (label, page, what Pagefind reads of it, comment)
PAGE_ROWS = [
    ("body only", '<html lang="en"><head><title>T</title><style>x</style></head><body>'
     "<nav>menu</nav><main data-pagefind-body><p>words</p></main><footer>f</footer>"
     "</body></html>",
     HEAD.format(lang=' lang="en"', title="<title>T</title>")
     + "<main data-pagefind-body><p>words</p></main>" + TAIL, ""),
    ("elements read anywhere, in order",
     '<html><head><meta data-pagefind-meta="image[content]" content="/a.png"></head><body>'
     '<span data-pagefind-filter="year">2025</span><main data-pagefind-body>x</main>'
     '<time data-pagefind-sort="date">2025</time></body></html>',
     HEAD.format(lang="", title="")
     + '<meta data-pagefind-meta="image[content]" content="/a.png"><span '
       'data-pagefind-filter="year">2025</span><main data-pagefind-body>x</main><time '
       'data-pagefind-sort="date">2025</time>' + TAIL,
     "a void element taken alone; no language, no title"),
    ("inside the body once", '<html><main data-pagefind-body><p data-pagefind-filter="t">a'
     '</p><p data-pagefind-ignore>b</p></main></html>',
     HEAD.format(lang="", title="") + '<main data-pagefind-body><p data-pagefind-filter="t">a'
     '</p><p data-pagefind-ignore>b</p></main>' + TAIL, "nested elements are not repeated"),
    ("a body inside a filter", '<html><div data-pagefind-filter="x">out<main '
     'data-pagefind-body>in</main></div></html>',
     HEAD.format(lang="", title="") + '<div data-pagefind-filter="x">out<main '
     'data-pagefind-body>in</main></div>' + TAIL, "the outermost element is taken"),
    ("two bodies", "<html><main data-pagefind-body>a</main><aside>no</aside>"
     "<section data-pagefind-body>b</section></html>",
     HEAD.format(lang="", title="") + "<main data-pagefind-body>a</main>"
     "<section data-pagefind-body>b</section>" + TAIL, ""),
    ("language as written", "<html lang='x\"y'><main data-pagefind-body>a</main></html>",
     HEAD.format(lang=" lang='x\"y'", title="") + "<main data-pagefind-body>a</main>" + TAIL,
     "quoted so that it reads back the same"),
    ("no html element", "<main data-pagefind-body>a</main>", "<main data-pagefind-body>a</main>",
     "Pagefind does not index it: given as it is, for Pagefind to pass over again"),
]


@pytest.mark.parametrize(("label", "page", "expected", "comment"), PAGE_ROWS,
                         ids=[row[0] for row in PAGE_ROWS])
def test_indexed_page(label: str, page: str, expected: str, comment: str) -> None:
    assert vocabulary.indexed_page(page) == expected, comment


def _decoded(path: Path) -> Any:
    """A Pagefind data file (gzip, a ``pagefind_dcd`` mark, then CBOR), decoded."""
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(b"pagefind_dcd")
    return cbor2.loads(raw[len(b"pagefind_dcd"):])


def _index(bundle: Path) -> dict[str, Any]:
    """What a bundle holds, by page fragment rather than by Pagefind's page numbers
    (which follow the order in which it finds the files): the fragments; each word's
    places in each page; each filter's pages; each sort's order; the metadata fields."""
    meta = _decoded(next(bundle.glob("*.pf_meta")))
    pages = [fragment for fragment, _ in meta[1]]
    words: dict[str, Any] = {}
    for chunk in bundle.glob("index/*.pf_index"):
        for entries in _decoded(chunk):
            for word, postings, *rest in entries:
                number, found = 0, {}
                for delta, *places in postings:
                    number += delta
                    found[pages[number]] = repr(places)
                words[word] = (found, repr(rest))
    filters = {}
    for path in bundle.glob("filter/*.pf_filter"):
        name, values = _decoded(path)
        filters[name] = {value: {pages[n] for n in numbers} for value, numbers in values}
    return {"fragments": sorted(p.name for p in bundle.glob("fragment/*")),
            "pages": sorted(map(tuple, meta[1])), "words": words, "filters": filters,
            "sorts": {name: len(order) for name, order in meta[4]}, "fields": meta[5]}


#: Pages whose index depends on more than their body: elements read anywhere, in the
#: head and around the body, several bodies, parts left out.
TRICKY_PAGES = {
    "2024/01/a/index.html":
        '<!DOCTYPE html><html lang="en"><head><title>Alpha page</title>'
        '<meta data-pagefind-meta="image[content]" content="/a.png">'
        '<meta data-pagefind-default-meta="image[content]" content="/d.png"></head><body>'
        '<nav>menu words</nav><span data-pagefind-filter="year">2024</span>'
        '<main data-pagefind-body><h1>Alpha nickel</h1><p>Nickel <em>prices</em> rose.</p>'
        '<p data-pagefind-ignore>left out</p><img src="/x.png" alt="a chart">'
        '<span data-pagefind-filter="topic">Nickel</span></main>'
        '<aside>related words</aside><time data-pagefind-sort="date:2024-01-02">'
        'Jan</time><div data-pagefind-filter="author">Ann<p>outside text</p></div>'
        "<footer>footer words</footer></body></html>",
    "2024/02/b/index.html":
        '<!DOCTYPE html><html lang="en"><head><title>Bravo</title></head><body>'
        '<main data-pagefind-body data-pagefind-weight="2"><h1>Bravo cobalt</h1>'
        '<p data-pagefind-meta="summary">Cobalt supply</p></main><section '
        'data-pagefind-body><h2 id="more">More</h2><p>Second body, cobalt again.</p>'
        '</section><span data-pagefind-filter="topic:Cobalt"></span>'
        '<time data-pagefind-sort="date:2024-02-03">Feb</time></body></html>',
    "2025/01/c/index.html":
        '<!DOCTYPE html><html lang="en"><head><title>Charlie</title></head><body>'
        '<div data-pagefind-filter="year">2025<main data-pagefind-body><h1>Charlie '
        'lithium</h1><p>Lithium &amp; nickel.</p></main></div>'
        '<time data-pagefind-sort="date:2025-01-05">Jan</time></body></html>',
    "2025/03/e/index.html": "<main data-pagefind-body><p>No html element.</p></main>",
    "2025/02/d/index.html":
        '<!DOCTYPE html><html lang="en"><head><title>Delta: no heading</title></head>'
        '<body><main data-pagefind-body><p>A page without a heading.</p></main>'
        "</body></html>",
}


def _tricky_site(root: Path) -> Path:
    for path, text in TRICKY_PAGES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("source", ["built site", "tricky pages"])
def test_pagefind_indexes_the_trimmed_copies_as_the_pages(
        source: str, built_site: BuiltSite, tmp_path: Path) -> None:
    if source == "built site":
        site = built_site.output
        pages = sorted(p.relative_to(site).as_posix() for p in built_site.pages()
                       if pagefind.MARKER in p.read_bytes())
    else:
        site, pages = _tricky_site(tmp_path / "site"), sorted(TRICKY_PAGES)
    assert len(pages) >= 3
    indexes = {}
    for trim in (False, True):
        bundle = tmp_path / f"trim-{trim}" / "bundle"
        bundle.parent.mkdir()
        # Untrimmed, Pagefind reads the pages where they are (those without the marker
        # are passed over).
        source, staging = _stage(site, pages, bundle, "**/*.html", trim=trim)
        _finish(_launch(source, staging, bundle, []), staging, bundle)
        indexes[trim] = _index(bundle)
    indexed = len([p for p in pages if "<html" in (site / p).read_text("utf-8")])
    assert len(indexes[True]["fragments"]) == indexed
    assert indexes[True]["filters"] and indexes[True]["words"]
    assert indexes[True] == indexes[False]


def _marked(site: Path, path: str, words: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<html lang='en'><body><main data-pagefind-body><p>{words}</p></main>"
                      "</body></html>", "utf-8")


def _staged(root: Path) -> list[Path]:
    return sorted(root.glob(f"{STAGING_PREFIX}*"))


def test_the_copies_go_when_the_index_is_made(tmp_path: Path, monkeypatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "MEMORY_FOLDER", memory)
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    _marked(site, "2025/01/b/index.html", "bravo")
    copies: list[Path] = []
    staged = pagefind.stage_trimmed

    def watched(*args: Any) -> Path:
        copies.append(staged(*args))
        return copies[-1]

    monkeypatch.setattr(pagefind, "stage_trimmed", watched)
    assert build_index(site, shard_size=1, processes=2) == "2 pages in 2 parts"
    assert [c.parent for c in copies] == [memory, memory]  # staged in memory, one a part
    assert _staged(memory) == [] and _staged(tmp_path) == []


def _staging_roots(monkeypatch) -> list[Path]:
    """The folders trimmed copies are staged in from now on, as they are."""
    roots: list[Path] = []
    staged = pagefind._stage_trimmed_in

    def watched(root: Path, *args: Any) -> Path:
        roots.append(root)
        return staged(root, *args)

    monkeypatch.setattr(pagefind, "_stage_trimmed_in", watched)
    return roots


@pytest.mark.parametrize("memory", ["none", "too little room"])
def test_without_room_in_memory_the_copies_go_to_the_work_folder(
        tmp_path: Path, monkeypatch, memory: str) -> None:
    if memory == "none":
        monkeypatch.setattr(pagefind, "MEMORY_FOLDER", tmp_path / "none")
    else:
        (tmp_path / "memory").mkdir()
        monkeypatch.setattr(pagefind, "MEMORY_FOLDER", tmp_path / "memory")
        monkeypatch.setattr(pagefind, "MEMORY_FREE", 2**62)
    roots = _staging_roots(monkeypatch)
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    assert build_index(site) == "1 language, 1 page, 1 word, 0 filters, 0 sorts"
    assert [root.name.startswith(WORK_PREFIX) for root in roots] == [True]
    assert not list(tmp_path.glob(f"{WORK_PREFIX}*"))  # gone with the work folder


def test_a_page_that_cannot_be_copied_fails_the_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    bundle = tmp_path / "work" / "bundle"
    bundle.parent.mkdir()
    with pytest.raises(IndexFailed, match="could not copy the pages"):
        _stage(site, ["2024/01/a/index.html", "gone/index.html"], bundle, trim=True)
    assert not list((tmp_path / "work").iterdir())


def test_a_killed_builds_copies_are_removed_an_hour_later(tmp_path: Path,
                                                          monkeypatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "MEMORY_FOLDER", memory)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    folders = {"orphan": memory / f"{STAGING_PREFIX}{ended}-abc",
               "recent": memory / f"{STAGING_PREFIX}{ended}-def",
               "running": memory / f"{STAGING_PREFIX}{os.getpid()}-abc",
               "other": memory / "someone-elses"}
    long_ago = time.time() - pagefind.STALE_STAGING - 60
    for name, folder in folders.items():
        (folder / "2024").mkdir(parents=True)
        if name != "recent":
            os.utime(folder, (long_ago, long_ago))
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    build_index(site)
    assert [name for name, folder in folders.items() if folder.exists()] == [
        "recent", "running", "other"]


def test_copies_that_do_not_fit_in_memory_go_to_the_work_folder(
        tmp_path: Path, monkeypatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "MEMORY_FOLDER", memory)
    staged = pagefind._stage_trimmed_in

    def full_in_memory(root: Path, *args: Any) -> Path:
        if root == memory:
            raise OSError(errno.ENOSPC, "No space left on device")
        return staged(root, *args)

    monkeypatch.setattr(pagefind, "_stage_trimmed_in", full_in_memory)
    roots = _staging_roots(monkeypatch)
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    assert build_index(site) == "1 language, 1 page, 1 word, 0 filters, 0 sorts"
    assert roots[0] == memory and roots[1].name.startswith(WORK_PREFIX)
    assert _staged(memory) == []


@pytest.mark.parametrize("own", [None, "narenas:2"])
def test_pagefind_runs_with_one_allocator_arena_unless_told_otherwise(
        tmp_path: Path, monkeypatch, own: str | None) -> None:
    """The real Pagefind runs, started through a wrapper that notes the allocator
    setting it was given."""
    if own is None:
        monkeypatch.delenv(pagefind.ALLOCATOR_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(pagefind.ALLOCATOR_VARIABLE, own)
    real, noted = pagefind.pagefind_command(), tmp_path / "noted"
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(
        "import os, sys\n"
        f"open({str(noted)!r}, 'w').write(os.environ.get({pagefind.ALLOCATOR_VARIABLE!r}, '-'))\n"
        f"os.execv({real[0]!r}, [*{real!r}, *sys.argv[1:]])\n", "utf-8")
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: [sys.executable, str(wrapper)])
    site = tmp_path / "site"
    _marked(site, "2024/01/a/index.html", "alpha")
    assert build_index(site) == "1 language, 1 page, 1 word, 0 filters, 0 sorts"
    assert noted.read_text("utf-8") == (own or "narenas:1")
