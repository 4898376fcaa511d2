"""Helpers for the build performance tests: generated sites, builds, output comparison."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT, run_assay

BENCH = ROOT / "bench" / "build"


def generator() -> ModuleType:
    """The benchmark's brief generator (``bench/build/generate.py``)."""
    name = "bench_build_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def generated_site(tmp_path: Path, count: int) -> Path:
    """An Assay site with ``count`` generated briefs; gives its root."""
    assay, _ = generator().write_sites(count, tmp_path)
    return assay


def settings_file(site: Path, name: str, **values: object) -> str:
    """Write ``name`` (production settings plus ``values``) into ``site``; gives its name."""
    lines = ["import os, sys", "sys.path.append(os.curdir)",
             "from publishconf import *  # noqa: F403"]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    (site / name).write_text("\n".join(lines) + "\n", "utf-8")
    return name


def build(site: Path, settings: str, output: str) -> tuple[int, str]:
    """``assay build`` of ``site`` with ``settings`` into ``output``: exit code and log."""
    done = run_assay("build", "-s", settings, "-o", output, cwd=site)
    return done.returncode, done.stdout + done.stderr


def problem_lines(log: str) -> list[str]:
    """The problems a build reported (``path:line:col: severity: message``), in order."""
    return [line.strip() for line in log.splitlines()
            if ": warning: " in line or ": error: " in line]


def files(folder: Path, *, skip: tuple[str, ...] = ("pagefind",)) -> dict[str, bytes]:
    """Every file under ``folder`` (but the ``skip`` folders) by relative path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative.split("/")[0] not in skip:
            found[relative] = path.read_bytes()
    return found


def last_build(site: Path, cache: str = ".cache/assay") -> dict[str, list[str]]:
    """What the last build took from the cache and what it read."""
    return json.loads((site / cache / "last-build.json").read_text("utf-8"))


def add_sentence(brief: Path, sentence: str) -> None:
    """Add ``sentence`` to the lede of the source ``brief``: its text only (no title,
    date or topic changes)."""
    brief.write_text(brief.read_text("utf-8").replace(
        "\n## The Facts", f" {sentence}\n\n## The Facts", 1), "utf-8")
