"""Run the build in a forked child that hands its last waits over to this process.

A build's own process ends up holding the whole site (hundreds of MiB for thousands of
briefs) while it only waits: for the search index, whose Pagefind processes need
memory of their own. Run through :func:`run_handing_over`, the build runs in a child
forked from this small process, and a plugin can hand such work over to this process:
the child then ends, and its memory is free, while the work goes on here. This
process loads nothing of the build's before it is handed work (what it loads would
count twice while the build runs: the child soon writes to its copy of every page),
and then only the modules the work needs, not the plugins they belong to.

The channel is a pipe whose writing end the child finds in the environment variable
:data:`VARIABLE`, as ``<descriptor>:<this process's id>`` (a process that inherits the
variable but is not this one's child, such as a program the build starts, ignores
it). Each message is a pickled ``(folder, module, payload)``: this process
puts ``folder`` on its module path, imports ``module`` and calls
``module.receive(payload)`` at once. Once the child has ended, each module that received
a message is called with ``module.complete(status)`` (in the order of their first
messages) with the child's exit status, and gives the build's: a module completes
its work, or drops it when the status is not 0.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

#: The environment variable naming, in the build's child, the channel's file descriptor.
VARIABLE = "ASSAY_HANDOVER_FD"
#: The exit status of a build stopped by Ctrl-C (SIGINT), as a shell gives it.
INTERRUPTED = 130


def can_hand_over() -> bool:
    """Whether this platform can fork (else the build runs in this process)."""
    return hasattr(os, "fork") and hasattr(os, "register_at_fork")


def run_handing_over(build: Callable[[], int]) -> int:
    """Run ``build`` (which gives an exit status) in a forked child that may hand work
    over to this process (see the module's docstring); gives the build's exit status.

    The child ends without tearing its interpreter down. Ctrl-C (SIGINT) while the child
    runs is the child's to handle (it stops the build): this process passes it on (a
    signal sent to this process alone stops the build too), then drops what it was
    handed and gives :data:`INTERRUPTED`.
    """
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    interrupted: list[int] = []
    children: list[int] = []

    def pass_on(signum: int) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

    def forward(signum: int, frame: object) -> None:
        interrupted.append(signum)
        pass_on(signum)

    # A Ctrl-C as the process forks is passed on too: this process's handler is in
    # place first, and the signal is held back in this thread meanwhile (a forked
    # child drops the signals pending as it starts, and would lose one sent then).
    previous = signal.signal(signal.SIGINT, forward)
    held = _hold_interrupts()
    pid = os.fork()
    if pid == 0:  # the child: the build
        os.close(read_end)
        status = 1
        try:
            signal.signal(signal.SIGINT, previous)
            _release_interrupts(held)  # a Ctrl-C sent meanwhile stops the build now
            os.environ[VARIABLE] = f"{write_end}:{os.getppid()}"
            # Processes the build forks (readers, writers) do not hold the channel open:
            # it ends when the build does.
            os.register_at_fork(after_in_child=lambda: _close(write_end))
            status = build()
        except KeyboardInterrupt:  # a second Ctrl-C, once the build had caught the first
            status = INTERRUPTED
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    children.append(pid)
    if interrupted:  # came before the child was known
        pass_on(signal.SIGINT)
    _release_interrupts(held)
    os.close(write_end)
    receivers: list[ModuleType] = []
    failed = False
    try:
        with os.fdopen(read_end, "rb") as channel:
            for folder, name, payload in _messages(channel):
                try:
                    receiver = _receiver(folder, name)
                    if receiver not in receivers:
                        receivers.append(receiver)
                    receiver.receive(payload)
                except Exception as exc:  # the work is dropped, and the build fails
                    print(f"the build handed over work that failed: {exc!r}", file=sys.stderr)
                    failed = True
    finally:
        status = _wait(pid)
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        status = INTERRUPTED
    if failed and status == 0:
        status = 1
    for receiver in receivers:
        status = receiver.complete(status)
    return status


def _hold_interrupts() -> bool:
    """Block SIGINT in this thread (its signals wait until :func:`_release_interrupts`);
    gives whether it was blocked here (not where there is no signal mask)."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    return signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held: bool) -> None:
    """Unblock SIGINT if :func:`_hold_interrupts` blocked it: a Ctrl-C that came
    meanwhile is handled now."""
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _close(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        os.close(descriptor)


def _messages(channel: Any) -> Any:
    """The messages read from ``channel`` until it ends (a message cut short by a child
    that died ends it too)."""
    while True:
        try:
            yield pickle.load(channel)
        except (EOFError, pickle.UnpicklingError):
            return


def _receiver(folder: str, name: str) -> ModuleType:
    """The module ``name``, imported with ``folder`` on the module path.

    The packages in ``folder`` are Pelican plugins, whose ``__init__`` loads Pelican and
    all of the plugin to connect it to Pelican's signals, which this process does not
    send: ``name`` and what it imports from them are loaded as modules of bare
    packages (:func:`bare_packages`), and the packages themselves are left unloaded.
    """
    if folder not in sys.path:
        sys.path.append(folder)
    with bare_packages(folder):
        return importlib.import_module(name)


@contextlib.contextmanager
def bare_packages(folder: str) -> Iterator[None]:
    """Inside the block, each package in ``folder`` not loaded yet is a bare package: its
    modules load without its ``__init__``. After it, the bare packages are gone (an
    import of one loads it as usual) and the modules loaded from them stay.

    >>> import tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "plugin_x").mkdir()
    >>> _ = (root / "plugin_x" / "__init__.py").write_text("raise ImportError('heavy')")
    >>> _ = (root / "plugin_x" / "light.py").write_text("VALUE = 1")
    >>> with bare_packages(str(root)):
    ...     importlib.import_module("plugin_x.light").VALUE
    1
    >>> "plugin_x" in sys.modules, "plugin_x.light" in sys.modules
    (False, True)
    """
    made: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.isidentifier() and entry.name not in sys.modules \
                        and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                    package = ModuleType(entry.name)
                    package.__path__ = [entry.path]
                    sys.modules[entry.name] = package
                    made.append(entry.name)
    except OSError:
        pass
    try:
        yield
    finally:
        for name in made:
            sys.modules.pop(name, None)


def _wait(pid: int) -> int:
    """Wait for the child ``pid`` to end; gives its exit status (1 when a signal
    killed it, but :data:`INTERRUPTED` for Ctrl-C's)."""
    _, wait_status = os.waitpid(pid, 0)  # retried when a signal's handler returns
    code = os.waitstatus_to_exitcode(wait_status)
    if code >= 0:
        return code
    return INTERRUPTED if -code == signal.SIGINT else 1
