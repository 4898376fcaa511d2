"""The reader on arbitrary input: a brief or the project's own error, quickly, in bounded memory."""

from __future__ import annotations

import time
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.problems import BriefError
from briefs.schema import read_brief
from briefs.source import decode_source

FRONT = st.sampled_from([b"", b"---\n", b"---\ntitle: T\n", b"---\ntitle: T\n---\n"])
YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- []{}&*!|>'\"#\n\t\\%@`,?0129")),
                  max_size=300)


def _read(data: bytes) -> None:
    try:
        text = decode_source(data, "fuzz.md")
    except BriefError as exc:
        assert exc.problems and all(p.path == "fuzz.md" for p in exc.problems)
        return
    reading = read_brief(text, "fuzz.md")
    assert reading.brief is not None or reading.problems
    for problem in reading.problems:
        assert problem.path == "fuzz.md" and problem.line >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    started = time.perf_counter()
    _read(data)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(FRONT, YAMLISH)
def test_arbitrary_yaml_like_front_matter(front: bytes, text: str) -> None:
    started = time.perf_counter()
    _read(front + text.encode() + b"\n---\nBody\n")
    assert time.perf_counter() - started < 2.0


def test_alias_bomb_memory_is_bounded() -> None:
    levels = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    for level in range(1, 12):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        levels.append(f"a{level}: &a{level} [{refs}]")
    source = "---\n" + "\n".join(levels) + "\n---\n"
    tracemalloc.start()
    try:
        reading = read_brief(source, "bomb.md")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too many values" in reading.problems[0].message
    assert peak < 200 * 1024 * 1024
