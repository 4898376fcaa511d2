"""Pelican's content cache gives the same answers with the stamps it no longer takes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican.cache import FileStampDataCacher
from pelican.settings import DEFAULT_CONFIG

from briefs import contentcache

# (label, CACHE_CONTENT, what the loaded cache holds, whether the file changes after
#  it was kept, expected lookup, expected stamps taken, comment)
ROWS = [
    ("off, empty", False, None, False, "default", 0,
     "the build's own setting: no stamp to look up, none to keep"),
    ("on, nothing kept", True, None, False, "default", 1,
     "keeping takes the stamp; the lookup finds nothing and takes none"),
    ("on, kept, unchanged", True, "kept", False, "kept", 2,
     "the stamp is compared, and taken again to keep it"),
    ("on, kept, changed", True, "kept", True, "default", 2,
     "a changed file is not taken from the cache"),
    ("off, loaded", False, "kept", False, "kept", 1,
     "a loaded cache is still looked up, by its stamp; keeping keeps nothing"),
]


class Counting(FileStampDataCacher):
    """A cache that counts the stamps it takes."""

    def __init__(self, settings, caching):
        super().__init__(settings, "test", caching, False)
        self.stamps = 0

    def _get_file_stamp(self, filename):
        self.stamps += 1
        return os.path.getmtime(filename)


@pytest.mark.parametrize(("label", "caching", "kept", "changed", "expected", "stamps",
                          "comment"), ROWS, ids=[row[0] for row in ROWS])
def test_same_answers_fewer_stamps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   label, caching, kept, changed, expected, stamps,
                                   comment) -> None:
    source = tmp_path / "a.md"
    source.write_text("a", "utf-8")
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")}
    answers = []
    for methods in ("pelican", "ours"):
        if methods == "pelican":
            monkeypatch.setattr(FileStampDataCacher, "cache_data",
                                contentcache._ORIGINAL_CACHE_DATA)
            monkeypatch.setattr(FileStampDataCacher, "get_cached_data",
                                contentcache._ORIGINAL_GET_CACHED_DATA)
        else:
            contentcache.install()
        cache = Counting(settings, caching)
        if kept is not None:
            cache._cache[str(source)] = (os.path.getmtime(source), kept)
        if changed:
            os.utime(source, (0, 0))
        found = cache.get_cached_data(str(source), "default")
        cache.cache_data(str(source), "new")
        answers.append((found, dict(cache._cache), cache.stamps))
        os.utime(source)
    monkeypatch.undo()
    (pelican_found, pelican_kept, pelican_stamps), (found, kept_now, taken) = answers
    assert found == pelican_found == expected
    assert kept_now.keys() == pelican_kept.keys()
    assert taken == stamps and taken <= pelican_stamps


def test_installed_in_pelican() -> None:
    contentcache.install()
    assert FileStampDataCacher.cache_data is contentcache.cache_data
    assert FileStampDataCacher.get_cached_data is contentcache.get_cached_data
