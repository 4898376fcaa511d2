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


def pelican_arguments(settings: Path, content: Path, output: Path, *extra: str) -> list[str]:
    """Pelican's command line (without the program) that builds ``content`` with
    ``settings`` into ``output``.

    >>> pelican_arguments(Path("publishconf.py"), Path("content"), Path("out"), "-q")
    ['content', '-s', 'publishconf.py', '-o', 'out', '--log-handler', 'plain', '-q']
    """
    return [str(content), "-s", str(settings), "-o", str(output), "--log-handler", "plain",
            *extra]


def pelican_command(settings: Path, content: Path, output: Path, *extra: str) -> list[str]:
    """The command line that runs Pelican with this interpreter."""
    return [sys.executable, "-m", "pelican",
            *pelican_arguments(settings, content, output, *extra)]


#: The name of a previous output folder set aside by a swap, until it is removed.
_SET_ASIDE = ".{name}.previous-"


def remove_in_background(folder: Path) -> None:
    """Remove ``folder`` in a detached process: thousands of files take seconds to delete,
    and the new output is already in place (a removal cut short is finished by the
    next build)."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def swap_into_place(built: Path, output: Path, *, wait: bool = False) -> None:
    """Replace ``output`` by ``built`` (same file system) with two renames.

    The previous output is removed afterwards, in the background unless ``wait``.
    """
    previous = None
    if output.exists():
        previous = output.with_name(_SET_ASIDE.format(name=output.name) + str(os.getpid()))
        os.replace(output, previous)
    os.replace(built, output)
    if previous is not None:
        if wait:
            shutil.rmtree(previous, ignore_errors=True)
        else:
            remove_in_background(previous)


def set_aside(output: Path) -> list[Path]:
    """Previous outputs of ``output`` that earlier swaps set aside and are not yet removed."""
    prefix = _SET_ASIDE.format(name=output.name)
    return sorted(p for p in output.parent.glob(prefix + "*") if p.is_dir())


def build(settings: Path, content: Path, output: Path, *, quiet: bool = False) -> int:
    """Build ``content`` with ``settings`` into ``output`` atomically; gives the exit code.

    Pelican runs in a child forked from this process (no second interpreter to start),
    which ends without tearing itself down, and hands the search index over to this
    process (see :mod:`assay.handover`): the site's memory is free while Pagefind
    runs. Where processes cannot fork, Pelican runs in this process, whose caller then
    ends it without tearing it down (see :mod:`assay.run_pelican`).
    """
    from .handover import can_hand_over, run_handing_over
    from .run_pelican import run

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for leftover in set_aside(output):  # a removal that was cut short
        remove_in_background(leftover)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        extra = ["-q"] if quiet else []
        arguments = pelican_arguments(settings, content, staging, *extra)
        code = (run_handing_over(lambda: run(arguments)) if can_hand_over()
                else run(arguments))
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
