"""Paths and loaders shared by the text repair tests."""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "cases.yaml"
SEED_FILE = HERE.parent / "fixtures" / "seed" / "000_7afb51a91727f9f7.txt"


def load_cases() -> list[dict]:
    """The rows of ``cases.yaml``."""
    with CASES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
