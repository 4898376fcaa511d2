"""Shared fixtures for the citation checks: the plugins folder on the path, a registry, briefs."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))

from briefs.model import Brief, Citation, Highlight, View
from citations.outlets import Registry, load_registry

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder of fixture briefs, sources and the outlet registry."""
    return FIXTURES


@pytest.fixture
def registry() -> Registry:
    """The fixture registry: Cryptopolitan, Reuters, Bloomberg, Financial Times (alias FT)."""
    loaded, problems = load_registry(FIXTURES / "outlets.yml", display="content/outlets.yml")
    assert problems == []
    return loaded


@pytest.fixture
def first_citation() -> Citation:
    """The citation of the house's first brief."""
    return Citation(
        "Cryptopolitan",
        datetime.date(2025, 9, 23),
        author="Hannah Collymore",
        url="https://www.cryptopolitan.com/us-china-rare-earths-dispute-unresolved/",
        line=8,
        positions={"publication": (9, 16), "date": (10, 9), "url": (11, 8)},
    )


def build_brief(
    body: str = "",
    *,
    citations: list[Citation] | None = None,
    highlights: list[str] | None = None,
    lines: dict[str, tuple[int, int]] | None = None,
    body_line: int = 20,
    title: str = "Rare earths: still no deal",
    date: datetime.datetime = datetime.datetime(2025, 9, 24, 9, 30),
    **more: object,
) -> Brief:
    """A brief made in code, for tests that need one."""
    return Brief(
        path="content/briefs/test.md",
        title=title,
        date=date,
        highlights=[Highlight(text, text) for text in highlights or []],
        citations=list(citations or []),
        view=View("REEx View", "", "", ""),
        body=body,
        body_line=body_line,
        lines=lines or {},
        **more,  # type: ignore[arg-type]
    )


@pytest.fixture
def make_brief() -> Callable[..., Brief]:
    """The :func:`build_brief` factory."""
    return build_brief
