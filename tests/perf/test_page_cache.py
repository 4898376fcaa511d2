"""Pages kept in the build cache: a rebuild after changes writes what a build from
scratch writes, byte for byte (Pagefind's own bundle aside, see test_parallel_output)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.perf.support import (
    add_sentence,
    build,
    files,
    generated_site,
    generator,
    last_build,
    settings_file,
)


def _inodes(output: Path, pages: Iterable[str]) -> dict[str, int]:
    """The inode of each of ``pages`` in ``output`` (a kept page is a link to the kept
    file, so a page kept by two builds has one inode)."""
    return {page: (output / page).stat().st_ino for page in pages}


def _and_from_scratch(site: Path, output: str, name: str,
                      **settings: object) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The files of ``output`` in ``site``, and those of a build from scratch of the same
    sources into ``out-<name>`` (production settings plus ``settings``, and a build cache
    of its own, ``.cache/<name>``)."""
    fresh = settings_file(site, f"{name}.py", ASSAY_CACHE_PATH=f".cache/{name}", **settings)
    code, log = build(site, fresh, f"out-{name}")
    assert code == 0, log
    return files(site / output), files(site / f"out-{name}")


def test_a_rebuild_after_changes_equals_a_build_from_scratch(tmp_path: Path) -> None:
    site = generated_site(tmp_path, 40)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    briefs = sorted((site / "content" / "briefs").glob("*.md"))
    # A new title (its neighbours' and related briefs' pages name it), a new sentence,
    # a removed brief and a new one; then, in a second rebuild, new topics for a brief
    # (other briefs' related picks change).
    retitled = briefs[7]
    text = retitled.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    retitled.write_text(text.replace(title, 'title: "A Wholly New Title"', 1), "utf-8")
    add_sentence(briefs[20], "An added sentence.")
    briefs[30].unlink()
    shutil.copy(briefs[31], briefs[31].with_name("2025-06-30-a-copy.md"))
    copy = briefs[31].with_name("2025-06-30-a-copy.md")
    text = copy.read_text("utf-8")
    date = next(line for line in text.splitlines() if line.startswith("date:"))
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    copy.write_text(text.replace(date, "date: 2025-06-30", 1)
                    .replace(title, 'title: "The Newest Brief"', 1), "utf-8")

    code, log = build(site, "publishconf.py", "out-rebuilt")
    assert code == 0, log
    stats = last_build(site)
    assert stats["pages_kept"] > 0 and stats["pages_rendered"] > 0
    # Listing cards: the retitled, edited and new briefs' cards made again, the rest kept.
    assert stats["fragments_made"] == 3
    assert stats["fragments_kept"] == 40 - 1 - 2
    rebuilt, scratch = _and_from_scratch(site, "out-rebuilt", "fresh")
    assert last_build(site, ".cache/fresh")["pages_kept"] == 0
    assert last_build(site, ".cache/fresh")["fragments_kept"] == 0
    assert sorted(rebuilt) == sorted(scratch)
    assert [name for name in rebuilt if rebuilt[name] != scratch[name]] == []
    assert "A Wholly New Title" in (site / "out-rebuilt" / "index.html").read_text("utf-8") \
        or any("A Wholly New Title" in data.decode("utf-8", "replace")
               for name, data in rebuilt.items() if name.startswith("archives"))

    retopiced = briefs[12]
    text = retopiced.read_text("utf-8")
    topics = next(line for line in text.splitlines() if line.startswith("topics:"))
    retopiced.write_text(text.replace(topics, "topics: [Cobalt, Shipping, Insurance]", 1),
                         "utf-8")
    code, log = build(site, "publishconf.py", "out-retopiced")
    assert code == 0, log
    assert last_build(site)["pages_kept"] > 0
    rebuilt, scratch = _and_from_scratch(site, "out-retopiced", "fresh2")
    assert sorted(rebuilt) == sorted(scratch)
    assert [name for name in rebuilt if rebuilt[name] != scratch[name]] == []


def test_compiled_templates_are_kept_and_a_changed_template_is_used(tmp_path: Path) -> None:
    site = generated_site(tmp_path, 6)
    theme = site / "theme"
    target = theme.resolve()
    theme.unlink()
    shutil.copytree(target, theme)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    compiled = list((site / ".cache" / "assay" / "templates").glob("*/__jinja2_*.cache"))
    assert len(compiled) >= 5  # the theme's pages and partials
    card = theme / "templates" / "partials" / "brief_card.html"
    card.write_text(card.read_text("utf-8").replace(
        '<article class="brief-card">', '<article class="brief-card" data-changed>'), "utf-8")
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log
    assert "data-changed" in (site / "out-second" / "index.html").read_text("utf-8")
    assert "data-changed" not in (site / "out-first" / "index.html").read_text("utf-8")


def test_kept_pages_are_linked_and_one_changed_outside_the_build_is_rendered_again(
        tmp_path: Path) -> None:
    site = generated_site(tmp_path, 8)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log
    assert last_build(site)["pages_rendered"] == 0
    home = site / "out-second" / "index.html"
    kept = {path.stat().st_ino: path for path in (site / ".cache/assay/pages").rglob("*.[0-9]")}
    assert home.stat().st_ino in kept  # restored as a link to the kept file, no copy
    expected = (site / "out-first" / "index.html").read_bytes()
    with open(home, "r+b") as stream:  # a tool edits the published page in place
        stream.write(b"<!-- edited -->")
    code, log = build(site, "publishconf.py", "out-third")
    assert code == 0, log
    assert (site / "out-third" / "index.html").read_bytes() == expected
    stats = last_build(site)
    assert stats["pages_rendered"] == 1 and "kept file changed" in stats["missed"]


def test_why_the_cache_missed_is_reported_from_every_process(tmp_path: Path) -> None:
    """Each brief page edited in place in turn (the page jobs are shared out between
    two processes, one after the other): every rebuild reports why it rendered it."""
    site = generated_site(tmp_path, 8)
    settings = settings_file(site, "two.py", ASSAY_WORKERS=2)
    code, log = build(site, settings, "output")
    assert code == 0, log
    briefs = sorted(p for p in (site / "output").glob("20*/**/index.html")
                    if "data-pagefind-body" in p.read_text("utf-8"))
    assert len(briefs) == 8
    for page in briefs:
        with open(page, "r+b") as stream:  # a tool edits the published page in place
            stream.write(b"<!-- edited -->")
        code, log = build(site, settings, "output")
        assert code == 0, log
        stats = last_build(site)
        assert stats["pages_rendered"] == 1 and "kept file changed" in stats["missed"], page


def test_an_edit_renders_again_only_its_own_year_and_month_among_the_archive_pages(
        tmp_path: Path) -> None:
    site = generated_site(tmp_path, 30)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    edited = generator().edit_one(site, plain=False, number=12, known_words=True)
    year, month = edited.name[:4], edited.name[5:7]
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log

    def archive_pages(output: str) -> dict[str, int]:
        folder = site / output / "archives"
        return {path.relative_to(folder).as_posix(): path.stat().st_ino
                for path in folder.rglob("index.html")}

    first, second = archive_pages("out-first"), archive_pages("out-second")
    assert sorted(first) == sorted(second) and len(first) > 10
    # A page taken from the cache is a link to the same kept file as the first build's.
    rendered = sorted(name for name in second if second[name] != first[name])
    own = [f"{year}/{month}/index.html", f"{year}/index.html", "index.html"]
    assert f"{year}/{month}/index.html" in rendered  # the brief's card changed there
    assert set(rendered) <= set(own), rendered


def test_an_edit_renders_again_only_the_home_pages_that_show_it(tmp_path: Path) -> None:
    """The home page pages through the site's briefs: each of its pages is a job of its
    own (briefs.paging), and an edit renders again the page that shows the brief and
    the one before it (which links to it), not the rest."""
    site = generated_site(tmp_path, 70)  # 20 a page: 4 pages, the oldest briefs last
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    generator().edit_one(site, plain=False, number=5, known_words=True)  # the 6th oldest
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log

    def home_pages(output: str) -> dict[str, int]:
        folder = site / output
        found = [folder / "index.html", *(folder / "page").glob("*/index.html")]
        return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in found}

    first, second = home_pages("out-first"), home_pages("out-second")
    assert sorted(first) == sorted(second) and len(first) == 4, sorted(first)
    rendered = sorted(name for name in second if second[name] != first[name])
    # A page taken from the cache is a link to the same kept file as the first build's.
    assert rendered == ["page/3/index.html", "page/4/index.html"], rendered


def test_a_feed_is_kept_when_only_a_brief_it_does_not_show_changes(tmp_path: Path) -> None:
    """A feed shows the first ``FEED_MAX_ITEMS`` briefs it is given: an edit to an older
    brief leaves the whole-site feeds as they were (kept, not rendered again); an edit
    to one they show renders them again."""
    site = generated_site(tmp_path, 12)
    settings = settings_file(site, "fewer.py", FEED_MAX_ITEMS=3)
    code, log = build(site, settings, "out-first")
    assert code == 0, log
    feeds = ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json")
    briefs = sorted((site / "content" / "briefs").glob("*.md"))  # oldest first

    def inodes(output: str) -> dict[str, int]:
        return _inodes(site / output, feeds)

    add_sentence(briefs[0], "A sentence added to an older brief.")
    code, log = build(site, settings, "out-second")
    assert code == 0, log
    assert inodes("out-second") == inodes("out-first")  # links to the kept files
    add_sentence(briefs[-1], "A sentence added to the newest brief.")
    code, log = build(site, settings, "out-third")
    assert code == 0, log
    assert all(inodes("out-third")[feed] != inodes("out-second")[feed] for feed in feeds)
    for feed in ("feeds/all.atom.xml", "feeds/all.json"):  # RSS: summaries only
        assert "A sentence added to the newest brief." in (
            site / "out-third" / feed).read_text("utf-8"), feed
    rebuilt, scratch = _and_from_scratch(site, "out-third", "fresh", FEED_MAX_ITEMS=3)
    assert [name for name in rebuilt if rebuilt[name] != scratch.get(name)] == []


def test_a_page_depends_on_its_neighbours_urls_and_titles_only() -> None:
    """What a brief's page takes of the briefs next to it (``adjacent_briefs``), and so
    what the page cache compares: their URLs and titles, not their text."""
    import datetime
    from types import SimpleNamespace as NS

    from briefs.pagecache import Digests
    from search.filters import adjacent_briefs

    def briefs(title: str, body: str) -> list[NS]:
        return [NS(url=f"b/{n}/", title=title if n == 1 else f"Brief {n}", body=body,
                   date=datetime.date(2025, 1, n)) for n in (1, 2, 3)]

    def shown(listed: list[NS]) -> str:
        return Digests().of(adjacent_briefs(listed[1], listed))

    assert shown(briefs("Old", "text")) == shown(briefs("Old", "other text"))
    assert shown(briefs("Old", "text")) != shown(briefs("New", "text"))


def test_a_new_title_is_shown_on_the_pages_of_the_briefs_next_to_it(tmp_path: Path) -> None:
    import re

    site = generated_site(tmp_path, 12)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    brief = sorted((site / "content" / "briefs").glob("*.md"))[5]
    text = brief.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    brief.write_text(text.replace(title, 'title: "A Neighbour Renamed"', 1), "utf-8")
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log
    renamed = [page for page in (site / "out-second").glob("20*/*/*/index.html")
               if "<h1>A Neighbour Renamed</h1>" in page.read_text("utf-8")]
    assert len(renamed) == 1

    def nav(page: Path) -> str:
        found = re.search(r'<nav class="prev-next".*?</nav>', page.read_text("utf-8"), re.S)
        assert found is not None, page
        return found.group(0)

    neighbours = [href.split("/", 3)[3] + "index.html"
                  for href in re.findall(r'href="([^"]+)"', nav(renamed[0]))]
    assert len(neighbours) == 2, neighbours
    for page in neighbours:  # the link to the renamed brief, in each neighbour's nav
        assert "A Neighbour Renamed" in nav(site / "out-second" / page), page
        assert "A Neighbour Renamed" not in nav(site / "out-first" / page), page


def test_the_site_wide_lists_are_kept_while_what_they_show_is_unchanged(
        tmp_path: Path) -> None:
    """The archive shows each brief's date, URL and title; the topic and author lists
    their names and counts; the search page the topics, authors, years and outlets. An
    edit to a brief's text keeps them all; a new title renders the archive again, a new
    topic the topic list and the search page."""
    site = generated_site(tmp_path, 12)
    code, log = build(site, "publishconf.py", "out-first")
    assert code == 0, log
    lists = ("archives/index.html", "topics/index.html", "authors/index.html",
             "search/index.html")

    def inodes(output: str) -> dict[str, int]:
        return _inodes(site / output, lists)

    brief = sorted((site / "content" / "briefs").glob("*.md"))[5]
    text = brief.read_text("utf-8")
    add_sentence(brief, "A sentence added.")
    code, log = build(site, "publishconf.py", "out-second")
    assert code == 0, log
    assert inodes("out-second") == inodes("out-first")  # links to the kept files
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    topics = next(line for line in text.splitlines() if line.startswith("topics:"))
    brief.write_text(brief.read_text("utf-8").replace(title, 'title: "A Title Renamed"', 1)
                     .replace(topics, "topics: [Tellurium]", 1), "utf-8")
    code, log = build(site, "publishconf.py", "out-third")
    assert code == 0, log
    changed = {page for page, inode in inodes("out-third").items()
               if inode != inodes("out-second")[page]}
    assert changed == {"archives/index.html", "topics/index.html", "search/index.html"}
    assert "A Title Renamed" in (site / "out-third" / "archives/index.html").read_text("utf-8")
    assert "Tellurium</a> <span class=\"count\">(1)</span>" in (
        site / "out-third" / "topics/index.html").read_text("utf-8")
    rebuilt, scratch = _and_from_scratch(site, "out-third", "fresh")
    assert [name for name in rebuilt if rebuilt[name] != scratch.get(name)] == []


#: Writes of a batch, whether Pelican's writer pages through lists in them (so those
#: lists stay in the job's key), and why.
PAGINATES_ROWS = [
    ("home page", "file", {"template_name": "index", "articles": [1], "dates": [1]}, True,
     "a paginated template given the lists to page through"),
    ("archive", "file", {"template_name": "archives", "articles": [1], "dates": [1]}, False,
     "a template Pelican does not paginate"),
    ("no lists", "file", {"template_name": "index"}, False,
     "nothing to page through"),
    ("named lists", "file", {"template_name": "tag", "paginated": {"dates": [1]}}, True,
     "the lists handed in as `paginated`"),
    ("feed", "feed", {}, False, "a feed is never paginated"),
]


@pytest.mark.parametrize(("label", "kind", "arguments", "expected", "comment"), PAGINATES_ROWS,
                         ids=[row[0] for row in PAGINATES_ROWS])
def test_which_jobs_page_through_lists(label, kind, arguments, expected, comment,
                                       tmp_path: Path) -> None:
    from briefs.pagecache import Job, PageCache

    cache = PageCache({"ASSAY_CACHE": False, "PAGINATED_TEMPLATES": {
        "index": None, "tag": None}}, str(tmp_path))
    args = ("index.html", None, {}) if kind == "file" else ([], {}, "feed.xml")
    assert cache.paginates(Job(kind, None, args, dict(arguments))) is expected, comment
