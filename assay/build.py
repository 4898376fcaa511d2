"""Build the site atomically: into a fresh folder, swapped into place only on success.

A failed build leaves the previous output untouched, so a deploy only ever ships
a green build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def pelican_command(settings: Path, content: Path, output: Path, *extra: str) -> list[str]:
    """The command line that runs Pelican with this interpreter."""
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings),
            "-o", str(output), "--log-handler", "plain", *extra]


def swap_into_place(built: Path, output: Path) -> None:
    """Replace ``output`` by ``built`` (same file system) with two renames."""
    previous = None
    if output.exists():
        previous = output.with_name(f".{output.name}.previous-{os.getpid()}")
        os.replace(output, previous)
    os.replace(built, output)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def build(settings: Path, content: Path, output: Path, *, quiet: bool = False) -> int:
    """Build ``content`` with ``settings`` into ``output`` atomically; gives the exit code."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        extra = ["-q"] if quiet else []
        code = subprocess.call(pelican_command(settings, content, staging, *extra))
        if code != 0:
            print(f"build failed (exit {code}); {output.name}/ was left as it was",
                  file=sys.stderr)
            return code
        staging.chmod(0o755)
        swap_into_place(staging, output)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
