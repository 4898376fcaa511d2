"""The remembering helpers give exactly Pelican's answers, also when asked again."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from pelican.utils import SafeDatetime

from briefs import memo

UTC = datetime.UTC
NEW_YORK = ZoneInfo("America/New_York")
NOON_UTC = SafeDatetime(2026, 3, 5, 12, 0, tzinfo=UTC)

# (label, date, format, comment)
DATES = [
    ("zero stripped", SafeDatetime(2026, 3, 5), "%-d.%-m.%Y", "Pelican's own %-d"),
    ("plain date", datetime.date(2026, 3, 5), "%Y/%m/", "a date, not a datetime"),
    ("same instant, other zone", NOON_UTC.astimezone(NEW_YORK), "%H:%M %Z",
     "equal to noon UTC, but written as New York time"),
    ("noon UTC", NOON_UTC, "%H:%M %Z", "after the same instant in New York"),
    ("fold 0", SafeDatetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK), "%H:%M %Z",
     "the first 1:30 of the night clocks go back (EDT)"),
    ("fold 1", SafeDatetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK), "%H:%M %Z",
     "compares equal to fold 0 but is the second 1:30 (EST)"),
]

# (label, value, regex_subs, preserve_case, use_unicode, comment)
SLUGS = [
    ("default subs", "Rare Earths & Magnets", [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""),
                                               (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")],
     False, False, "Pelican's SLUG_REGEX_SUBSTITUTIONS"),
    ("case kept", "Rare Earths", [(r"\s+", "-")], True, False, "SLUGIFY_PRESERVE_CASE"),
    ("case folded", "Rare Earths", [(r"\s+", "-")], False, False, "after the same text kept"),
    ("unicode kept", "Élysée Überblick", [(r"\s+", "-")], False, True, "SLUGIFY_USE_UNICODE"),
    ("ascii", "Élysée Überblick", [(r"\s+", "-")], False, False, "the same text made ASCII"),
]


@pytest.fixture(autouse=True)
def _fresh():
    memo.forget()
    yield
    memo.forget()


@pytest.mark.parametrize(("label", "date", "fmt", "comment"), DATES, ids=[r[0] for r in DATES])
def test_strftime_is_pelicans(label, date, fmt, comment):
    for row_date, row_fmt in [(r[1], r[2]) for r in DATES]:  # every other row asked first
        memo.strftime(row_date, row_fmt)
    expected = memo._ORIGINAL_STRFTIME(date, fmt)
    assert memo.strftime(date, fmt) == expected
    assert memo.strftime(date, fmt) == expected


def test_equal_instants_in_other_zones_stay_apart():
    assert NOON_UTC.astimezone(NEW_YORK) == NOON_UTC
    assert memo.strftime(NOON_UTC, "%H") == "12"
    assert memo.strftime(NOON_UTC.astimezone(NEW_YORK), "%H") == "07"


@pytest.mark.parametrize(("label", "value", "subs", "case", "uni", "comment"), SLUGS,
                         ids=[r[0] for r in SLUGS])
def test_slugify_is_pelicans(label, value, subs, case, uni, comment):
    for row in SLUGS:
        memo.slugify(row[1], row[2], row[3], row[4])
    expected = memo._ORIGINAL_SLUGIFY(value, subs, case, uni)
    assert memo.slugify(value, subs, case, uni) == expected


def test_relative_source_path_follows_the_content_folder(tmp_path, monkeypatch):
    from pelican.contents import Article

    monkeypatch.chdir(tmp_path)
    first = Article("x", metadata={"title": "t"}, settings={"PATH": "content", **_SETTINGS},
                    source_path=str(tmp_path / "content/briefs/a.md"))
    other = Article("x", metadata={"title": "t"}, settings={"PATH": "content/briefs",
                                                              **_SETTINGS},
                    source_path=str(tmp_path / "content/briefs/a.md"))
    assert memo.get_relative_source_path(first) == "briefs/a.md"
    assert memo.get_relative_source_path(other) == "a.md"
    assert memo.get_relative_source_path(first, str(tmp_path / "content/x/b.md")) == "x/b.md"


def test_relative_source_path_of_absolute_paths_is_the_same_from_any_folder(tmp_path,
                                                                           monkeypatch):
    from pelican.contents import Article

    article = Article("x", metadata={"title": "t"},
                      settings={"PATH": str(tmp_path / "content"), **_SETTINGS},
                      source_path=str(tmp_path / "content/briefs/a.md"))
    (tmp_path / "content").mkdir()
    for folder in (tmp_path, tmp_path / "content"):
        monkeypatch.chdir(folder)
        assert memo.get_relative_source_path(article) == "briefs/a.md"
        assert memo._ORIGINAL_RELATIVE(article) == "briefs/a.md"
    asked: list[str] = []
    getcwd = memo.os.getcwd
    monkeypatch.setattr(memo.os, "getcwd", lambda: asked.append("cwd") or getcwd())
    found = memo.get_relative_source_path(article, str(tmp_path / "content/c.md"))
    monkeypatch.undo()
    assert found == "c.md" and asked == []


def test_installed_in_pelican():
    import pelican.contents
    import pelican.urlwrappers
    import pelican.utils

    memo.install()
    assert pelican.utils.strftime is memo.strftime
    assert pelican.urlwrappers.slugify is memo.slugify
    assert pelican.contents.slugify is memo.slugify
    assert pelican.contents.Content.get_relative_source_path is memo.get_relative_source_path


def _settings() -> dict:
    from pelican.settings import DEFAULT_CONFIG

    return {k: v for k, v in DEFAULT_CONFIG.items() if k != "PATH"}


_SETTINGS = _settings()


def _article(**metadata):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG, ARTICLE_SAVE_AS="{date:%Y}/{slug}/index.html")
    return Article("<p>x</p>", metadata={"title": "T", "slug": "t", "date": NOON_UTC,
                                         **metadata}, settings=settings)


def test_a_kept_save_as_is_pelicans_and_is_not_formatted_again():
    memo.install()
    article = _article()
    assert article.save_as == "2026/t/index.html"
    memo.keep_save_as(article)
    article.settings["ARTICLE_SAVE_AS"] = "changed/{slug}.html"  # formatting would see this
    assert article.save_as == "2026/t/index.html"


def test_an_override_set_after_keeping_comes_first():
    memo.install()
    article = _article()
    memo.keep_save_as(article)
    article.override_save_as = "elsewhere/index.html"
    assert article.save_as == "elsewhere/index.html"
    assert article.url == "t.html"  # Pelican's default ARTICLE_URL, untouched


def _one_of_each(tmp_path) -> list:
    """Ask each helper once; gives the answers."""
    from pelican.contents import Article

    article = Article("x", metadata={"title": "t"}, settings={"PATH": "content", **_SETTINGS},
                      source_path=str(tmp_path / "content/briefs/a.md"))
    return [memo.strftime(NOON_UTC, "%-d %B %Y"), memo.slugify("Rare Earths", [(r"\s+", "-")]),
            memo.get_relative_source_path(article)]


def _pelican_not_asked(monkeypatch) -> None:
    def asked(*args, **kwargs):
        raise AssertionError("Pelican's helper was asked")

    for name in ("_ORIGINAL_STRFTIME", "_ORIGINAL_SLUGIFY", "_ORIGINAL_RELATIVE"):
        monkeypatch.setattr(memo, name, asked)


def test_the_next_build_takes_the_kept_answers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kept = tmp_path / "memo.pickle"
    answers = _one_of_each(tmp_path)
    memo.save(kept)
    memo.forget()
    memo.load(kept)
    with monkeypatch.context() as patched:
        _pelican_not_asked(patched)
        assert _one_of_each(tmp_path) == answers == [
            "5 March 2026", "rare-earths", "briefs/a.md"]
    # Only what a build used is kept: answers taken but not asked for are dropped.
    memo.save(kept)
    memo.forget()
    memo.load(kept)
    memo.strftime(NOON_UTC, "%Y")
    memo.save(kept)
    memo.forget()
    memo.load(kept)
    with monkeypatch.context() as patched:
        _pelican_not_asked(patched)
        assert memo.strftime(NOON_UTC, "%Y") == "2026"
        with pytest.raises(AssertionError, match="was asked"):
            memo.slugify("Rare Earths", [(r"\s+", "-")])


@pytest.mark.parametrize("spoil", ["version", "damage"])
def test_kept_answers_are_dropped_when_a_version_differs_or_the_file_is_damaged(
        tmp_path, monkeypatch, spoil):
    monkeypatch.chdir(tmp_path)
    kept = tmp_path / "memo.pickle"
    _one_of_each(tmp_path)
    memo.save(kept)
    memo.forget()
    if spoil == "version":
        monkeypatch.setattr(memo, "_versions", lambda: "another Pelican")
    else:
        kept.write_bytes(kept.read_bytes()[:40])
    memo.load(kept)
    _pelican_not_asked(monkeypatch)
    with pytest.raises(AssertionError, match="was asked"):
        memo.slugify("Rare Earths", [(r"\s+", "-")])
