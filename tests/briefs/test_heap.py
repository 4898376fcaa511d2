"""The build's long-lived objects are kept out of the cycle collector's passes, and
given back to it when the next build in the same process starts; what the process
freed goes back to the system before the writers fork."""

from __future__ import annotations

import gc

import pytest

from briefs import heap


def test_paused_holds_collection_and_restores_what_was_there() -> None:
    assert gc.isenabled()
    with heap.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with heap.paused():
            pass
        assert not gc.isenabled()  # collection that was off stays off
    finally:
        gc.enable()


def test_settled_objects_are_left_alone_until_released() -> None:
    heap.release()
    kept = [[] for _ in range(100)]
    heap.settle("generator", writer=None)  # a signal handler: arguments are ignored
    try:
        assert gc.get_freeze_count() >= len(kept)
    finally:
        heap.release()
    assert gc.get_freeze_count() == 0


def _resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(heap._trim is None, reason="no malloc_trim in this C library")
def test_trimming_gives_freed_memory_back_to_the_system() -> None:
    """Blocks of 4 KiB come from the C library's heap (not Python's small-object
    allocator, nor a mapping of their own); freeing fifteen of every sixteen leaves
    the heap's pages with the process until it is trimmed."""
    heap.trim()
    blocks = [bytes(4096) for _ in range(16 * 1024)]  # 64 MiB
    kept = blocks[::16]
    del blocks
    held = _resident_kib()
    assert heap.trim() is True
    given_back = held - _resident_kib()
    assert given_back > 32 * 1024, f"only {given_back} KiB given back"
    assert len(kept) == 1024


def test_settling_trims(monkeypatch) -> None:
    trimmed: list[int] = []
    monkeypatch.setattr(heap, "_trim", trimmed.append)
    heap.settle()
    heap.release()
    assert trimmed == [0]
