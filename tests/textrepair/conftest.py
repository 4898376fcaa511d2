"""Fixtures for the text repair tests."""

from __future__ import annotations

import pytest

from .support import SEED_FILE


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed brief, decoded as the UTF-8 it is (its bytes are never changed)."""
    return SEED_FILE.read_bytes().decode("utf-8")
