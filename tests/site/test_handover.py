"""``assay build`` runs Pelican in a forked child that hands the search index over to the
process that started the build (``assay/handover.py``, ``plugins/search/handover.py``):
the site's memory is free while Pagefind runs."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pelican import signals

from assay.build import build
from assay.handover import INTERRUPTED, run_handing_over
from search import pagefind
from search.handover import channel
from tests.conftest import make_site

RECEIVER = '''
import json, os
NOTES = os.environ["RECEIVER_NOTES"]
def _note(*row):
    with open(NOTES, "a") as notes:
        notes.write(json.dumps(row) + "\\n")
def receive(payload):
    if payload == "fail":
        raise RuntimeError("cannot")
    _note("receive", payload, os.getpid())
def complete(status):
    _note("complete", status, os.getpid())
    return status + 100 if status else 0
'''


def _channel() -> int:
    """The channel's file descriptor, in the build (found as the search plugin finds it)."""
    descriptor = channel()
    assert descriptor is not None
    return descriptor


class Receiver:
    """A module, written for the test, that notes what it receives and completes."""

    def __init__(self, folder: Path, name: str, notes: Path):
        self.folder, self.name, self.notes = folder, name, notes

    def send(self, payload: object) -> None:
        """Send ``payload`` to the module, from the build (as a plugin does)."""
        data = pickle.dumps((str(self.folder), self.name, payload))
        os.write(_channel(), data)

    def noted(self) -> list[list[object]]:
        if not self.notes.exists():
            return []
        return [json.loads(line) for line in self.notes.read_text("utf-8").splitlines()]


@pytest.fixture
def receiver(tmp_path: Path, monkeypatch) -> Receiver:
    folder = tmp_path / "receivers"
    folder.mkdir()
    name = f"receiver_{os.getpid()}_{time.monotonic_ns()}"
    (folder / f"{name}.py").write_text(RECEIVER, "utf-8")
    notes = tmp_path / "notes.jsonl"
    monkeypatch.setenv("RECEIVER_NOTES", str(notes))
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield Receiver(folder, name, notes)
    sys.modules.pop(name, None)


def _child(*, status: int = 0, cut: bool = False) -> Callable[[], int]:
    """A build that gives ``status``, having sent a message cut short with ``cut``."""
    def run() -> int:
        if cut:
            message = pickle.dumps(("folder", "module", "x" * 1000))
            os.write(_channel(), message[:-20])
        return status
    return run


def _build_sending(receiver: Receiver, *payloads: object, status: int = 0
                   ) -> Callable[[], int]:
    def run() -> int:
        for payload in payloads:
            receiver.send(payload)
        return status
    return run


CASES = [
    # label, what the build sends, its status, the status given, what the receiver noted
    ("work received, then completed", ("a", "b"), 0, 0,
     [["receive", "a"], ["receive", "b"], ["complete", 0]]),
    ("a failed build: the receiver drops its work", ("a",), 2, 102,
     [["receive", "a"], ["complete", 2]]),
    ("work that cannot be received fails the build", ("a", "fail"), 0, 101,
     [["receive", "a"], ["complete", 1]]),
    ("nothing sent: the build's own status", (), 3, 3, []),
]


@pytest.mark.parametrize("label, payloads, status, given, noted", CASES,
                         ids=[case[0] for case in CASES])
def test_handed_over_work_is_received_here_and_completed_after_the_build(
        receiver: Receiver, label: str, payloads: tuple[str, ...], status: int, given: int,
        noted: list[list[object]], capfd) -> None:
    build_status = run_handing_over(_build_sending(receiver, *payloads, status=status))
    assert build_status == given
    rows = receiver.noted()
    assert [row[:2] for row in rows] == noted
    assert {row[2] for row in rows} <= {os.getpid()}  # received in this process
    if "fail" in payloads:
        assert "the build handed over work that failed: RuntimeError('cannot')" in \
            capfd.readouterr().err


def test_a_message_cut_short_by_a_dying_build_ends_the_channel() -> None:
    assert run_handing_over(_child(cut=True, status=5)) == 5


def test_the_build_runs_in_another_process_that_ends_at_once(tmp_path: Path) -> None:
    """The build's process ends without tearing down (``os._exit``): an ``atexit``
    handler does not run."""
    marker = tmp_path / "torn-down"

    def run() -> int:
        import atexit
        atexit.register(lambda: marker.write_text("x"))
        (tmp_path / "pid").write_text(str(os.getpid()))
        return 0

    assert run_handing_over(run) == 0
    assert int((tmp_path / "pid").read_text()) != os.getpid()
    assert not marker.exists()


def test_the_channel_ends_with_the_build_not_with_processes_it_forked(tmp_path: Path) -> None:
    """A process the build forked (its readers and writers) does not hold the channel
    open: the handover ends when the build does."""
    done = tmp_path / "grandchild-done"

    def run() -> int:
        if os.fork() == 0:
            time.sleep(3)
            done.write_text("x")
            os._exit(0)
        return 0

    started = time.monotonic()
    assert run_handing_over(run) == 0
    assert time.monotonic() - started < 2.5
    assert not done.exists()


def test_an_interrupted_build_gives_the_shell_status() -> None:
    assert run_handing_over(_child(status=INTERRUPTED)) == INTERRUPTED


def test_the_site_is_built_and_indexed_after_the_build_process_ended(
        tmp_path: Path, monkeypatch, capfd) -> None:
    """A real site built with ``build``: Pagefind (through a wrapper that notes its
    parent and waits for the process that ran Pelican to end) is started by this
    process, and the process that ran Pelican has ended before Pagefind goes on."""
    site = make_site(tmp_path)
    monkeypatch.chdir(site)
    ran = tmp_path / "pelican-pid"
    noted = tmp_path / "pagefind-noted.jsonl"

    def note_pelican(sender: object) -> None:
        ran.write_text(str(os.getpid()))

    real = pagefind.pagefind_command()
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(
        "import json, os, sys, time\n"
        f"pelican = int(open({str(ran)!r}).read())\n"
        "deadline = time.monotonic() + 20\n"
        "while time.monotonic() < deadline:\n"
        "    try:\n"
        "        os.kill(pelican, 0)\n"
        "    except ProcessLookupError:\n"
        "        break\n"
        "    time.sleep(0.02)\n"
        "else:\n"
        "    pelican = None\n"
        f"with open({str(noted)!r}, 'a') as out:\n"
        "    out.write(json.dumps([os.getppid(), pelican is not None]) + '\\n')\n"
        f"os.execv({real[0]!r}, [*{real!r}, *sys.argv[1:]])\n", "utf-8")
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: [sys.executable, str(wrapper)])
    signals.finalized.connect(note_pelican)
    try:
        status = build(Path("publishconf.py"), Path("content"), Path("output"), quiet=True)
    finally:
        signals.finalized.disconnect(note_pelican)
    assert status == 0
    assert int(ran.read_text()) != os.getpid()
    launches = [json.loads(line) for line in noted.read_text("utf-8").splitlines()]
    assert launches == [[os.getpid(), True]]  # started here, once Pelican had ended
    entry = json.loads((site / "output/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1
    assert not list(site.glob(".pagefind-parts-*"))
    # Pelican's last line comes before the index is made; the index's line after it.
    out = capfd.readouterr().out
    assert out.index("Done: Processed 1 article") < out.index("Search index: 1 language, 1 page")


def test_a_strict_build_whose_index_fails_here_publishes_nothing(
        tmp_path: Path, monkeypatch, caplog) -> None:
    site = make_site(tmp_path)
    monkeypatch.chdir(site)
    with (site / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSEARCH_PAGEFIND_ARGS = ["--no-such-option"]\n')
    (site / "output").mkdir()
    (site / "output" / "old.html").write_text("previous", "utf-8")
    assert build(Path("publishconf.py"), Path("content"), Path("output"), quiet=True) == 1
    assert "search index failed; nothing was published" in caplog.text  # logged here
    assert sorted(p.name for p in (site / "output").iterdir()) == ["old.html"]
    assert not list(site.glob(".pagefind-parts-*"))
    assert not list(site.glob(".output.building-*"))


def _sleep_until_interrupted() -> int:
    """A build that sleeps until Ctrl-C stops it."""
    try:
        time.sleep(30)
    except KeyboardInterrupt:
        return INTERRUPTED
    return 0


@pytest.fixture
def interruptible() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in the test, as in a terminal: a test run started
    in the background by a shell without job control inherits SIGINT ignored, and so
    would the build."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("interruptible")
def test_ctrl_c_sent_to_this_process_alone_stops_the_build() -> None:
    """SIGINT to the process that started the build is passed on to the build, whose
    Ctrl-C stops it (the build here sleeps until interrupted)."""
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    try:
        assert run_handing_over(_sleep_until_interrupted) == INTERRUPTED
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10


# (label, who gets SIGINT the moment the fork returns in this process, why)
CTRL_C_AT_FORK = [
    ("this process", "parent", "its handler is in place before the fork: passed on"),
    ("the build", "child", "held back until the child has started: not dropped with "
     "the signals pending as it starts"),
]


@pytest.mark.usefixtures("interruptible")
@pytest.mark.parametrize(("label", "whom", "why"), CTRL_C_AT_FORK,
                         ids=[case[0] for case in CTRL_C_AT_FORK])
def test_ctrl_c_as_the_build_forks_stops_it(label: str, whom: str, why: str,
                                            monkeypatch) -> None:
    real_fork = os.fork
    children: list[int] = []

    def fork_then_interrupt() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
            os.kill(os.getpid() if whom == "parent" else pid, signal.SIGINT)
        return pid

    monkeypatch.setattr(os, "fork", fork_then_interrupt)
    started = time.monotonic()
    try:
        status = run_handing_over(_sleep_until_interrupted)
    except KeyboardInterrupt:
        status = None
    finally:
        monkeypatch.undo()
        for pid in children:  # a build that missed it would sleep on
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    assert status == INTERRUPTED, why
    assert time.monotonic() - started < 10, why


def test_the_channel_is_the_builds_not_a_program_it_starts(tmp_path: Path) -> None:
    """The build finds the channel (``search.handover.channel``); a program it starts
    inherits the variable but not the channel, and finds none."""
    found = tmp_path / "found"

    def run() -> int:
        started = subprocess.run(
            [sys.executable, "-c", "from search.handover import channel; print(channel())"],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": str(Path(pagefind.__file__).parents[1])})
        found.write_text(json.dumps([channel(), started.stdout.strip()]))
        return 0

    assert run_handing_over(run) == 0
    in_build, in_program = json.loads(found.read_text())
    assert isinstance(in_build, int) and in_program == "None"


LOADED = '''
import json, sys
from assay.handover import _receiver
module = _receiver(sys.argv[1], "search.handover")
print(json.dumps({"receives": callable(module.receive) and callable(module.complete),
                  "loaded": sorted(name for name in ("pelican", "jinja2", "markdown", "yaml",
                                                     "briefs", "search") if name in sys.modules)}))
'''


def test_the_receiving_process_loads_the_index_not_the_plugins() -> None:
    """What the process that started the build loads counts while Pagefind runs: the
    index's modules, without Pelican and the plugins' packages."""
    plugins = Path(__file__).resolve().parents[2] / "plugins"
    done = subprocess.run([sys.executable, "-c", LOADED, str(plugins)], capture_output=True,
                          text=True, timeout=60, cwd=plugins.parent)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"receives": True, "loaded": []}
