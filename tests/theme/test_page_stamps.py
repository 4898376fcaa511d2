"""Plugins that read every page after a build (the search index, the sitemap) read
again only the pages whose file changed since the last build.

A page is known by its file's stamp (device, inode, size, modification time). These
tests rewrite a page in place with bytes of the same size and set its modification
time back, so its stamp stays the one kept: what the plugin then gives shows whether
it read the page again. A page modified in the tick of the file system's clock in which
the pages are listed is not trusted by its stamp (two writes in one tick look the
same); one modified in an earlier tick is. What the search index
reads of a page can also be noted as the page is written, in whichever of the writer's
processes writes it; the index then does not read the page while its stamp is the one
noted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

import search
import sitemap
from briefs import sitefiles
from briefs.sitefiles import (
    RECENT_NS,
    html_file_stamps,
    note_written_page,
    read_written_pages,
    settled_before,
    stamp,
    written_notes,
)
from briefs.writer import MIN_JOBS_PER_WORKER, ParallelWriter
from search.pagefind import _part_words, indexed_pages, noted_words, page_reading
from sitemap import pages as sitemap_pages

HOUR_NS = 3600 * 10**9


def _page(word: str, *, noindex: bool = False) -> str:
    # The same length either way, so a page can be rewritten at the same size.
    robots = 'name="robots" content="noindex"' if noindex else 'name="author" content="a. nnnn"'
    return (f'<html lang="en"><head><title>t</title><meta {robots}></head><body>'
            f'<main data-pagefind-body><p>{word}</p></main></body></html>')


def _rewrite(path: Path, text: str, mtime_ns: int) -> None:
    """Write ``text`` into the file at ``path`` in place (same inode) and set its
    modification time to ``mtime_ns``."""
    before = path.stat()
    with open(path, "r+b") as stream:
        stream.truncate(0)
        stream.write(text.encode())
    os.utime(path, ns=(before.st_atime_ns, mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for folder, word in (("2024/01/a", "alpha"), ("2024/02/b", "gamma")):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(_page(word), "utf-8")
    return site


def _search_sees(site: Path, cache: Path) -> object:
    return indexed_pages(site, cache)["2024/01/a/index.html"]


def _sitemap_sees(site: Path, cache: Path) -> object:
    return "2024/01/a/index.html" in sitemap_pages(site, cache=cache)


# (label, what the plugin gives for the page, the page's second text, comment)
READER_ROWS = [
    ("search index", _search_sees, _page("omega"),
     "what Pagefind reads of the page: its digest changes with the word"),
    ("sitemap", _sitemap_sees, _page("alpha", noindex=True),
     "whether the page is listed: a noindex mark leaves it out"),
]


each_reader = pytest.mark.parametrize(("label", "sees", "second", "comment"), READER_ROWS,
                                      ids=[row[0] for row in READER_ROWS])
Sees = Callable[[Path, Path], object]


@each_reader
def test_a_page_is_read_again_only_when_its_stamp_changed(
        tmp_path: Path, label: str, sees: Sees, second: str, comment: str) -> None:
    site, cache = _site(tmp_path), tmp_path / "cache"
    page = site / "2024/01/a/index.html"
    old = time.time_ns() - HOUR_NS
    for path in site.rglob("*.html"):
        os.utime(path, ns=(old, old))
    first = sees(site, cache)
    assert sees(site, tmp_path / "fresh") == first
    # Same size, same inode, same modification time: the kept answer stands.
    _rewrite(page, second, old)
    assert sees(site, cache) == first
    # The page read afresh gives the new answer, and so does the cache once the
    # modification time differs.
    changed = sees(site, tmp_path / "other")
    assert changed != first, comment
    _rewrite(page, second, old + 1)
    assert sees(site, cache) == changed


@each_reader
def test_a_page_modified_in_the_tick_of_the_listing_is_not_trusted_by_its_stamp(
        tmp_path: Path, label: str, sees: Sees, second: str, comment: str) -> None:
    site, cache = _site(tmp_path), tmp_path / "cache"
    page = site / "2024/01/a/index.html"
    # Modified at the file system's present time (or later, as here): a second write in
    # the same tick would leave the same stamp.
    recent = settled_before(site) + HOUR_NS
    os.utime(page, ns=(recent, recent))
    first = sees(site, cache)
    _rewrite(page, second, recent)
    assert sees(site, cache) != first, comment


@each_reader
def test_a_page_modified_in_an_earlier_tick_is_kept_by_its_stamp(
        tmp_path: Path, label: str, sees: Sees, second: str, comment: str) -> None:
    site, cache = _site(tmp_path), tmp_path / "cache"
    page = site / "2024/01/a/index.html"
    # Just before the file system's present time, as a page the build wrote a moment
    # before the listing: the next build need not read it again.
    probe = site / "probe.txt"
    probe.write_text("")
    earlier = probe.stat().st_mtime_ns - 1
    probe.unlink()
    os.utime(page, ns=(earlier, earlier))
    first = sees(site, cache)
    _rewrite(page, second, earlier)
    assert sees(site, cache) == first, comment


def test_without_a_file_system_clock_the_last_seconds_are_not_trusted(tmp_path: Path) -> None:
    before = time.time_ns()
    settled = settled_before(tmp_path / "no such folder")
    assert before - RECENT_NS <= settled <= time.time_ns() - RECENT_NS
    assert list(tmp_path.iterdir()) == []


def test_the_listing_skips_folders_and_does_not_follow_linked_ones(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "x.html").write_text("x", "utf-8")
    (site / "2024" / "link.html").symlink_to(site / "2024/01/a/index.html")
    (site / "folder.html").mkdir()
    (site / "linked").symlink_to(site / "2024", target_is_directory=True)
    stamps = html_file_stamps(site, {"pagefind"})
    assert list(stamps) == [
        "2024/01/a/index.html", "2024/02/b/index.html", "2024/link.html"]
    assert stamps["2024/link.html"] == stamps["2024/01/a/index.html"]  # the linked file's


def _noted(site: Path, relative: str, reading: object) -> dict[str, tuple[object, object]]:
    """``reading`` noted for the page at ``relative`` as if the writer had just written it."""
    read_written_pages("test", lambda path, content: reading)
    try:
        note_written_page(str(site / relative))
    finally:
        read_written_pages("test", None)
    return written_notes("test", site)


def test_a_page_noted_as_it_was_written_is_not_read_again(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = "2024/01/a/index.html"
    noted_digest = b"n" * 32  # no reading of the page gives this
    noted = _noted(site, page, (b"w" * 32, noted_digest, None))
    assert indexed_pages(site, None, noted)[page] == noted_digest
    # Rewritten since the note (another stamp): the page is read.
    os.utime(site / page, ns=(1, 1))
    assert indexed_pages(site, None, noted)[page] != noted_digest


def test_a_noted_page_is_the_reading_of_its_bytes(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = "2024/02/b/index.html"
    reading = page_reading((site / page).read_bytes())
    assert indexed_pages(site, None, _noted(site, page, reading)) == indexed_pages(site)
    assert reading[2] == ["en", "gamma"]


def _write_and_note(path: str, number: int) -> None:
    Path(path).write_text(f"page {number}", "utf-8")
    note_written_page(path)


def _process_and_number(path: str, content: bytes) -> tuple[int, int]:
    """The process that notes the page ``content`` (``page <number>``), and the number."""
    return os.getpid(), int(content.split()[1])


def test_the_writer_gathers_what_its_processes_noted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sitefiles, "_page_readers", {})
    read_written_pages("test", _process_and_number)
    output = tmp_path / "output"
    output.mkdir()
    writer = ParallelWriter(str(output), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    if writer.workers < 2:
        pytest.skip("no forked processes here")
    count = 4 * MIN_JOBS_PER_WORKER
    with writer.batch():
        for number in range(count):
            writer.submit(_write_and_note, str(output / f"{number}.html"), number)
    notes = written_notes("test", output)
    assert {f"{number}.html": number for number in range(count)} == {
        relative: note[1] for relative, (_, note) in notes.items()}
    # Two forked processes wrote, and each note arrived with its file's stamp.
    noters = {note[0] for _, (_, note) in notes.items()}
    assert len(noters) == 2 and os.getpid() not in noters
    for relative, (found, _) in notes.items():
        assert found == stamp(os.stat(output / relative))


def test_the_words_of_a_noted_page_come_from_the_note(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = "2024/02/b/index.html"
    whole, digest, _ = page_reading((site / page).read_bytes())
    noted = _noted(site, page, (whole, digest, ["en", "noted words"]))
    (site / "2024/02/b/index.html").unlink()  # a page read now would fail
    assert _part_words(site, {page: digest}, None, noted_words(noted)) == {
        "en": ["noted", "words"]}


def test_a_build_starts_without_the_notes_an_earlier_build_left(tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr(sitefiles, "_page_readers", {})
    site = _site(tmp_path)
    page = "2024/01/a/index.html"
    # An earlier build in this process noted the page, then failed before its index.
    read_written_pages(search.NOTES, search.read_page)
    note_written_page(str(site / page))
    search.plan_notes(SimpleNamespace(settings={"SEARCH_INDEX": True}))
    assert written_notes(search.NOTES, site) == {}


def test_a_page_marked_as_it_was_written_is_not_read_again_for_the_sitemap(
        tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = "2024/01/a/index.html"
    noted = _noted(site, page, True)  # no reading of the page gives this: it has no mark
    assert page not in sitemap_pages(site, noted=noted)
    os.utime(site / page, ns=(1, 1))  # rewritten since the note: the page is read
    assert page in sitemap_pages(site, noted=noted)


def test_every_plugin_notes_a_written_page_from_one_read_of_it(
        tmp_path: Path, monkeypatch) -> None:
    site = _site(tmp_path)
    page = site / "2024/01/a/index.html"
    _rewrite(page, _page("alpha", noindex=True), time.time_ns() - HOUR_NS)
    monkeypatch.setattr(sitefiles, "_page_readers", {})
    monkeypatch.setitem(search._noting, "words", True)
    search.plan_notes(SimpleNamespace(settings={"SEARCH_INDEX": True}))
    sitemap.plan_notes(SimpleNamespace(settings={"SITEURL": "https://a.example"}))
    opened: list[str] = []
    real_open = open

    def counting_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    note_written_page(str(page))
    monkeypatch.setattr("builtins.open", real_open)
    assert opened == [str(page)]
    marks = written_notes(sitemap.NOTES, site)
    readings = written_notes(search.NOTES, site)
    assert marks == {"2024/01/a/index.html": (stamp(page.stat()), True)}
    assert readings["2024/01/a/index.html"][1] == page_reading(page.read_bytes())


@pytest.mark.parametrize(("site_url", "noted"), [("https://a.example", True), ("", False),
                                                 ("/relative", False)])
def test_the_sitemap_notes_pages_only_when_it_is_written(
        tmp_path: Path, monkeypatch, site_url: str, noted: bool) -> None:
    site = _site(tmp_path)
    monkeypatch.setattr(sitefiles, "_page_readers", {})
    read_written_pages(sitemap.NOTES, lambda path, content: False)  # a build before
    note_written_page(str(site / "2024/02/b/index.html"))
    sitemap.plan_notes(SimpleNamespace(settings={"SITEURL": site_url}))
    assert written_notes(sitemap.NOTES, site) == {}
    note_written_page(str(site / "2024/01/a/index.html"))
    assert bool(written_notes(sitemap.NOTES, site)) is noted
