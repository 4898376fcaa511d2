"""The GitHub workflows validate offline against the vendored workflow schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from briefs.cache import DEFAULT_PATH
from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", *map(str, paths)],
        capture_output=True, text=True, timeout=120)


def test_workflows_are_valid() -> None:
    assert WORKFLOWS
    result = _validate(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_workflow_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    steps: [{run: make test}]\n", "utf-8")
    assert _validate(broken).returncode != 0


def test_workflow_tests_publishes_and_deploys_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    steps = {job: " ".join(str(step) for step in spec["steps"])
             for job, spec in workflow["jobs"].items()}
    assert "make test" in steps["test"]
    assert "--format github" in steps["test"]
    assert "make publish" in steps["build"]
    assert "actions/upload-pages-artifact" in steps["build"]
    assert "actions/deploy-pages" in steps["deploy"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_publish_build_starts_from_the_latest_runs_build_cache() -> None:
    """The build job restores the build cache (where ``assay build`` keeps it) before
    ``make publish``, saves its own under a key of this commit, and restores the latest
    one by the key's prefix; Python packages come from pip's cache in both jobs."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    caches = [n for n, step in enumerate(steps)
              if str(step.get("uses", "")).startswith("actions/cache@")]
    publish = [n for n, step in enumerate(steps) if "make publish" in str(step.get("run"))]
    assert caches and publish and caches[0] < publish[0]
    cache = steps[caches[0]]["with"]
    assert cache["path"] == DEFAULT_PATH
    assert cache["key"].endswith("${{ github.sha }}")
    assert cache["key"].startswith(cache["restore-keys"])
    for job in ("test", "build"):
        python = next(step for step in workflow["jobs"][job]["steps"]
                      if str(step.get("uses", "")).startswith("actions/setup-python@"))
        assert python["with"]["cache"] == "pip"
        assert python["with"]["cache-dependency-path"] == "requirements.lock"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
    assert "make test" in (ROOT / "README.md").read_text("utf-8")
