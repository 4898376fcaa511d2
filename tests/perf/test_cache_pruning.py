"""The build cache keeps what the latest builds used: a build that makes most of its
entries anew (a new theme, settings or code) does not leave the cache to grow by a whole
site's worth each time."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from briefs import cache, entrystore
from briefs.entrystore import FILE_NAME as ENTRIES
from briefs.entrystore import EntryStore
from tests.perf.support import build, generated_site, last_build, settings_file

DAY = 86400.0

#: (label, the latest builds' starts in days, builds kept, now in days, the day since
#: which an entry must have been used to stay, why).
USED_SINCE = [
    ("enough builds", [10, 11, 12], 2, 12.5, 11,
     "the start of the oldest of the last two builds"),
    ("all builds", [10, 11, 12], 3, 12.5, 10, "three kept: since the first of the three"),
    ("too few builds", [12], 2, 12.5, 12.5 - 14,
     "until as many builds as are kept are known, entries stay for 14 days"),
    ("old builds", [1, 2, 30], 2, 30.5, 30.5 - 14,
     "an entry unused for 14 days goes, though one of the kept builds used it"),
    ("one build kept", [10, 11, 12], 1, 12.5, 12, "only what the last build used"),
]


@pytest.mark.parametrize(("starts", "keep", "now", "expected"),
                         [row[1:5] for row in USED_SINCE], ids=[row[0] for row in USED_SINCE])
def test_used_since(starts: list[float], keep: int, now: float, expected: float) -> None:
    assert cache.used_since([s * DAY for s in starts], keep, now * DAY) == expected * DAY


#: (label, ASSAY_CACHE_BUILDS, whether it is taken).
KEPT_BUILDS_SETTING = [
    ("default", None, True),
    ("one", 1, True),
    ("ten", 10, True),
    ("none", 0, False),
    ("text", "3", False),
    ("a flag", True, False),
]


@pytest.mark.parametrize(("value", "taken"), [row[1:] for row in KEPT_BUILDS_SETTING],
                         ids=[row[0] for row in KEPT_BUILDS_SETTING])
def test_the_kept_builds_setting(value: object, taken: bool) -> None:
    settings = {} if value is None else {"ASSAY_CACHE_BUILDS": value}
    if taken:
        assert cache.kept_builds(settings) == (value or cache.KEPT_BUILDS)
    else:
        with pytest.raises(ValueError, match="ASSAY_CACHE_BUILDS"):
            cache.kept_builds(settings)


def test_a_build_that_made_its_entries_anew_joins_the_latest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_started", [])
    settings = {"ASSAY_CACHE_PATH": str(tmp_path), "ASSAY_CACHE_BUILDS": 2}
    record = tmp_path / cache.BUILDS
    record.write_text("not JSON", "utf-8")
    starts = []
    for new in (True, False, True, True, False):
        time.sleep(0.01)
        cache.begin_build(settings)
        cache.end_build(settings, new=new)
        starts += [cache._started[0]] if new else []
    recorded = json.loads(record.read_text("utf-8"))
    assert recorded == {"keep": 2, "starts": starts[-2:]}
    cache._started[:] = []
    assert cache.prune_before(tmp_path, time.time()) == starts[-2]
    # A build in progress that began before them (builds began while it ran): what it
    # used stays.
    cache._started[:] = [starts[-2] - 0.005]
    assert cache.prune_before(tmp_path, time.time()) == starts[-2] - 0.005
    # A start the clock has not reached yet (another machine's) is not counted.
    record.write_text(json.dumps({"keep": 1, "starts": [time.time() + 3600]}), "utf-8")
    assert cache.prune_before(tmp_path, time.time()) < time.time() - 13 * DAY


def test_a_build_starts_by_the_file_systems_clock(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry written as the build starts is not older than the build."""
    monkeypatch.setattr(cache, "_started", [])
    cache.begin_build({"ASSAY_CACHE_PATH": str(tmp_path)})
    written = tmp_path / "entry.pickle"
    written.write_bytes(b"x")
    assert written.stat().st_mtime >= cache._started[0]
    assert [p.name for p in tmp_path.iterdir()] == ["entry.pickle"]


def test_an_entry_is_marked_once_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_started", [])
    entry = tmp_path / "entry.pickle"
    entry.write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(entry, (hour_ago, hour_ago))
    cache.mark_used(entry)  # outside a build: marked once a day
    assert entry.stat().st_mtime == hour_ago
    cache.begin_build({"ASSAY_CACHE": False})
    cache.mark_used(entry)  # in a build that started after its last use
    marked = entry.stat().st_mtime
    assert marked > hour_ago
    os.utime(entry, (marked - 0.01, marked - 0.01))  # used since the build started
    cache.mark_used(entry)
    assert entry.stat().st_mtime == marked - 0.01


def _build(site: Path, name: str, output: str) -> dict[str, list[str]]:
    code, log = build(site, settings_file(site, f"{name}.py", SITENAME=f"Assay {name}",
                                          ASSAY_CACHE_BUILDS=2), output)
    assert code == 0, log
    return last_build(site)


def _entries(site: Path) -> dict[str, int]:
    """How many entries each part of the site's build cache holds (and that the search
    cache keeps a part's log, and what it read of the pages, beside its parts)."""
    root = site / ".cache" / "assay"
    parts = [p for p in (root / "search").iterdir() if p.is_dir()]
    assert all(p.with_name(f"{p.name}.log").is_file() for p in parts)
    assert (root / "search" / "indexed.pickle").is_file()
    assert not (root / "read").exists()  # a reading is an entry of the database, not a file
    assert not (root / f"{ENTRIES}-wal").exists()  # the build closed the database
    counts = {"read": len(EntryStore(root / ENTRIES, "read").keys()),
              "pages": len(EntryStore(root / ENTRIES, "pages").keys()),
              "page files": len(list((root / "pages").glob("*/*.*"))),
              "search parts": len(parts)}
    entrystore.close_connections()
    return counts


def _make_pruning_due(site: Path) -> float:
    """Date the site's last pruning two days back (the daily pruning is due); gives that
    time."""
    two_days_ago = time.time() - 2 * DAY
    stamp = site / ".cache" / "assay" / "pruned"
    os.utime(stamp, (two_days_ago, two_days_ago))
    return two_days_ago


def test_the_cache_keeps_what_the_latest_generations_used(tmp_path: Path) -> None:
    """Four builds, each with a new site name (so every brief is read and every page
    rendered anew: each starts a generation), keeping two generations: then the third
    build's entries are all there and the first's are gone, from every part of the
    cache."""
    site = generated_site(tmp_path, 12)
    one_build: dict[str, int] = {}
    for number in range(1, 5):
        stats = _build(site, f"v{number}", f"out-{number}")
        assert stats["from_cache"] == [] and stats["pages_kept"] == 0
        one_build = one_build or _entries(site)
        assert all(one_build.values())
        assert _entries(site) == {part: count * min(number, 2)
                                  for part, count in one_build.items()}

    again = _build(site, "v3", "out-3-again")
    assert again["read"] == [] and again["pages_rendered"] == 0 and again["pages_kept"] > 0
    assert _entries(site) == {part: count * 2 for part, count in one_build.items()}
    assert sorted(p.read_bytes() for p in (site / "out-3-again").rglob("*.html")) == \
        sorted(p.read_bytes() for p in (site / "out-3").rglob("*.html"))

    first = _build(site, "v1", "out-1-again")
    assert first["from_cache"] == [] and first["pages_kept"] == 0


def test_pruning_waits_for_every_batch_of_the_build(tmp_path: Path) -> None:
    """A build whose once-a-day pruning is due, keeping one build, takes every page from
    the cache: the jobs of its last batch are looked up before the pruning, so they
    count as used by the build."""
    site = generated_site(tmp_path, 12)
    _build(site, "v1", "out-1")
    _build(site, "v1", "out-2")
    settings = settings_file(site, "one.py", SITENAME="Assay v1", ASSAY_CACHE_BUILDS=1)
    two_days_ago = _make_pruning_due(site)
    for output in ("out-3", "out-4"):
        code, log = build(site, settings, output)
        assert code == 0, log
        assert last_build(site)["pages_rendered"] == 0
    stamp = site / ".cache" / "assay" / "pruned"
    assert stamp.stat().st_mtime > two_days_ago  # the pruning was done


def test_builds_that_take_their_entries_from_the_cache_keep_the_others(
        tmp_path: Path) -> None:
    """A development and a publish build of one site share the cache: any number of
    development builds that take their pages from the cache (a preview server's) leave
    the publish build's entries, though the daily pruning is due at each."""
    site = generated_site(tmp_path, 12)
    _build(site, "publish", "out-publish")
    _build(site, "dev", "out-dev")
    stamp = site / ".cache" / "assay" / "pruned"
    for number in range(4):
        two_days_ago = _make_pruning_due(site)
        dev = _build(site, "dev", f"out-dev-{number}")
        assert dev["read"] == [] and dev["pages_rendered"] == 0
        assert stamp.stat().st_mtime > two_days_ago
    publish = _build(site, "publish", "out-publish-again")
    assert publish["read"] == [] and publish["pages_rendered"] == 0


def test_the_search_cache_is_pruned_when_the_site_has_no_index(tmp_path: Path) -> None:
    """A site that turns its search index off leaves what the cache kept of the index
    to the same pruning: gone once the latest builds have not used it."""
    site = generated_site(tmp_path, 12)
    _build(site, "v1", "out-1")
    search = site / ".cache" / "assay" / "search"
    assert [p for p in search.iterdir() if p.is_dir()]
    for number in (2, 3):  # two new generations, none with an index
        code, log = build(site, settings_file(site, f"v{number}.py", SITENAME=f"v{number}",
                                              ASSAY_CACHE_BUILDS=2, SEARCH_INDEX=False),
                          f"out-{number}")
        assert code == 0, log
        assert not (site / f"out-{number}" / "pagefind").exists()
    assert list(search.iterdir()) == []


def test_an_earlier_versions_entry_files_go_as_they_age(tmp_path: Path) -> None:
    """Readings kept a file each before the database: pruning removes those unused
    since the oldest kept build, and their folders once empty."""
    legacy = tmp_path / "read"
    for name, age in (("ab/old.pickle", 3 * DAY), ("cd/older.pickle", 20 * DAY),
                      ("cd/recent.pickle", 0)):
        path = legacy / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        os.utime(path, (time.time() - age, time.time() - age))
    reading = cache.ReadCache({"ASSAY_CACHE_PATH": str(tmp_path)})
    reading.prune(time.time() - DAY, time.time())
    assert [p.relative_to(legacy).as_posix() for p in legacy.rglob("*")] == \
        ["cd", "cd/recent.pickle"]
    reading.prune(time.time() + 1, time.time())
    assert not legacy.exists()
