"""Fixtures for the theme tests: the one built test site (see ``sitebuild``)."""

from __future__ import annotations

import pytest

from tests.theme.sitebuild import BuiltSite, shared_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The published test site, built once per test process and served on 127.0.0.1."""
    return shared_site(tmp_path_factory)
