"""The build's long-lived objects are kept out of the cycle collector's passes, and
given back to it when the next build in the same process starts."""

from __future__ import annotations

import gc

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
