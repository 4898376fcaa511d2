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
