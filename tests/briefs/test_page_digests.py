"""Digests the page cache keys pages by: a content read through the build cache is its
source's key plus what plugins added to it, and a :class:`Derived` value it carries is
covered by that key (its items are not digested)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime

from briefs.pagecache import Derived, Digests, forget_contents, remember


class Unpicklable:
    """An item that cannot be pickled: digesting it fails."""

    def __reduce__(self) -> Any:
        raise TypeError("not picklable")


@pytest.fixture(autouse=True)
def _no_contents_left() -> Iterator[None]:
    yield
    forget_contents()


def brief(key: str | None, **added: Any) -> Article:
    """A content made from the source whose build cache key is ``key`` (None: a source
    the build cache does not know), then given the attributes ``added``."""
    content = Article("<p>Prices rose.</p>",
                      {"title": "Prices", "date": SafeDatetime(2025, 3, 1)},
                      settings=copy.deepcopy(DEFAULT_CONFIG), source_path="briefs/prices.md")
    remember(content, key)
    for name, value in added.items():
        setattr(content, name, value)
    return content


# (label, the first content's key and added values, the second's, whether their digests
#  are equal, comment)
CASES = [
    ("same key, same derived items", ("k1", [1, 2]), ("k1", [1, 2]), True,
     "the same source gives the same digest"),
    ("same key, other derived items", ("k1", [1, 2]), ("k1", [3]), True,
     "derived values are the key's: their items are not digested"),
    ("other key", ("k1", [1, 2]), ("k2", [1, 2]), False,
     "another source (or registry, or settings) is another key"),
    ("no key, other derived items", (None, [1, 2]), (None, [3]), False,
     "without a key nothing covers them: the items are digested"),
]


@pytest.mark.parametrize(("label", "first", "second", "equal", "comment"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_derived_value_is_covered_by_its_contents_key(
        label: str, first: tuple[str | None, list[Any]], second: tuple[str | None, list[Any]],
        equal: bool, comment: str) -> None:
    one = brief(first[0], views=Derived(first[1]))
    other = brief(second[0], views=Derived(second[1]))
    assert (Digests().of(one) == Digests().of(other)) is equal, comment


def test_a_plain_list_added_to_a_content_is_digested_by_its_items() -> None:
    one, other = brief("k1", views=[1, 2]), brief("k1", views=[3])
    assert Digests().of(one) != Digests().of(other)


def test_a_derived_value_is_not_pickled_on_its_content() -> None:
    content = brief("k1", views=Derived([Unpicklable()]))
    assert Digests().of(content)  # raises Undigestable when the items are pickled


def test_a_derived_value_elsewhere_is_digested_by_its_items() -> None:
    assert Digests().of(Derived([1, 2])) != Digests().of(Derived([3]))


def test_a_derived_value_replaced_by_another_kind_is_digested() -> None:
    one = brief("k1", views=Derived([1, 2]))
    other = brief("k1", views=Derived([1, 2]))
    other.views = [1, 2]
    assert Digests().of(one) != Digests().of(other)


def _set_title(content: Article) -> None:
    content.title = "Other"


def _drop_slug(content: Article) -> None:
    del content.slug


def _set_metadata_title(content: Article) -> None:
    content.metadata["title"] = "Other"


def _add_metadata_entry(content: Article) -> None:
    content.metadata["note"] = "added"


def _drop_metadata_date(content: Article) -> None:
    del content.metadata["date"]


def _set_title_back(content: Article) -> None:
    content.title = content.title


# (label, what is done to a content after it was made, whether its digest changes,
#  comment)
CHANGES = [
    ("attribute replaced", _set_title, True, "a new value is the content's own"),
    ("attribute removed", _drop_slug, True, "a value gone is a change"),
    ("metadata entry replaced", _set_metadata_title, True,
     "the metadata may change in place"),
    ("metadata entry added", _add_metadata_entry, True, "so may it grow"),
    ("metadata entry removed", _drop_metadata_date, True, "or shrink"),
    ("attribute set to itself", _set_title_back, False,
     "the very value it was made with is covered by the key"),
]


@pytest.mark.parametrize(("label", "change", "changes", "comment"), CHANGES,
                         ids=[case[0] for case in CHANGES])
def test_what_changed_since_a_content_was_made_is_digested(
        label: str, change: Any, changes: bool, comment: str) -> None:
    made, changed = brief("k1"), brief("k1")
    change(changed)
    assert (Digests().of(made) != Digests().of(changed)) is changes, comment


def test_what_a_content_started_with_is_kept_small() -> None:
    """A content's starting values are kept as tuples, not dicts: 500 contents with 42
    attributes and 15 metadata entries take about 740 bytes each (about 1,480 as two
    dicts)."""
    import tracemalloc

    settings = copy.deepcopy(DEFAULT_CONFIG)
    metadata = {"title": "Prices", "date": SafeDatetime(2025, 3, 1),
                **{f"field{number}": number for number in range(13)}}
    contents = []
    for number in range(500):
        content = Article("<p>Prices rose.</p>", dict(metadata), settings=settings,
                          source_path=f"briefs/prices-{number}.md")
        for extra in range(12):
            setattr(content, f"extra{extra}", extra)
        vars(content)  # the attributes' dict made before it is measured
        contents.append(content)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number, content in enumerate(contents):
            remember(content, f"key{number}")
        each = (tracemalloc.get_traced_memory()[0] - before) / len(contents)
    finally:
        tracemalloc.stop()
    assert each < 1000, f"{each:.0f} bytes per content"
