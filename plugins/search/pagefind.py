"""Run Pagefind (the binary from the ``pagefind_bin`` package) over a built site.

No network: the binary ships inside the Python package. The bundle is written
to ``<site>/pagefind/``, Pagefind's default, so ``/pagefind/pagefind.js`` works.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BUNDLE = "pagefind"
TIMEOUT = 300


class IndexFailed(RuntimeError):
    """Pagefind could not be found or did not build the index."""


def pagefind_command() -> list[str]:
    """The command that starts Pagefind: the packaged binary, else ``python -m pagefind_bin``.

    Gives the argument list; raises :class:`IndexFailed` if neither is installed.
    """
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise IndexFailed("the pagefind_bin package is not installed "
                          "(pip install 'pagefind[bin]')") from exc
    try:
        return [str(get_executable())]
    except (FileNotFoundError, OSError):
        return [sys.executable, "-m", "pagefind_bin"]


def summarize(log: str) -> str:
    """The counts Pagefind reports at the end of ``log``, on one line.

    >>> summarize("Total:\\n  Indexed 1 language\\n  Indexed 12 pages\\n  Indexed 4 filters\\n")
    '1 language, 12 pages, 4 filters'
    """
    counts = re.findall(r"^\s*Indexed (\d+ \w+)\s*$", log, flags=re.MULTILINE)
    return ", ".join(counts) if counts else "done"


def build_index(site: Path, *, extra_args: Sequence[str] = ()) -> str:
    """Index the built ``site`` folder into ``site/pagefind/``, replacing an older bundle.

    Gives Pagefind's counts as one line (see :func:`summarize`); raises
    :class:`IndexFailed` when Pagefind fails or writes no bundle.
    """
    site = site.resolve()
    if not site.is_dir():
        raise IndexFailed(f"no output folder at {site}")
    bundle = site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [*pagefind_command(), "--site", str(site), "--output-subdir", BUNDLE,
               *extra_args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IndexFailed(f"could not run pagefind: {exc}") from exc
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise IndexFailed(f"pagefind exited with status {done.returncode}:\n{log.strip()}")
    if not (bundle / "pagefind.js").is_file():
        raise IndexFailed(f"pagefind wrote no bundle to {bundle}:\n{log.strip()}")
    return summarize(log)
