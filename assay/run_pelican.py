"""Run Pelican for one build in the calling process, whose caller then leaves without
tearing the interpreter down.

A build of thousands of briefs leaves millions of objects; freeing them one by one
when the interpreter exits takes seconds and changes nothing on disk. Once Pelican
is done (every file written and closed, the logs flushed), ``assay build`` ends its
process at once with the status :func:`run` gives.
"""

from __future__ import annotations

import logging
import os
import signal
import sys


def exit_status(code: object) -> int:
    """The process status ``sys.exit(code)`` gives.

    >>> exit_status(None), exit_status(0), exit_status(2), exit_status("failed")
    (0, 0, 2, 1)
    """
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


#: The exit status of a build stopped by Ctrl-C (SIGINT), as a shell gives it.
INTERRUPTED = 130


def run(argv: list[str]) -> int:
    """Run Pelican in this process with ``argv`` (its command line without the program
    name); gives its exit status once its logs and this process's output are flushed.

    The working folder comes first on the module path, as ``python -m`` puts it, so a
    settings file can import the site's other settings. A build stopped by Ctrl-C gives
    :data:`INTERRUPTED`: Pelican catches the interrupt and returns as if it had built
    the site, and its output must not be published.
    """
    from pelican import main as pelican_main

    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    interrupted: list[int] = []
    previous = signal.getsignal(signal.SIGINT)

    def note_interrupt(signum: int, frame: object) -> None:
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, note_interrupt)
    status = 0
    try:
        pelican_main(argv)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        status = exit_status(exc.code)
    except KeyboardInterrupt:  # one Pelican did not catch
        interrupted.append(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        print("build interrupted", file=sys.stderr)
        status = INTERRUPTED
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    return status
