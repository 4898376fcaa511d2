"""Benchmark text repair against ftfy; prints a table.

Run from the repository root::

    .venv/bin/python bench/textrepair/run.py

Every clean paragraph of ``corpus.py`` is damaged in each way the repairs know
(really encoding and decoding, see :mod:`textrepair.damage`) and repaired by
textrepair, by ``ftfy.fix_text`` with its defaults, and by ftfy with its
style-changing options off. Per kind it reports the share of paragraphs
restored exactly, the character error rate (edit distance over length), and
throughput in MB/s of input; clean controls report the share of paragraphs
changed (false positives). The lossy Thai kinds are measured on the English
briefs (the case the repair is for) and, separately, on the other languages.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "plugins"))

import ftfy  # noqa: E402
from corpus import ENGLISH, LATIN, NON_LATIN  # noqa: E402

import textrepair  # noqa: E402
from textrepair.damage import damage  # noqa: E402

ALL = ENGLISH + LATIN + NON_LATIN
NO_STYLE = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization=None,
)
TOOLS: dict[str, Callable[[str], str]] = {
    "textrepair": textrepair.repair_text,
    "ftfy": ftfy.fix_text,
    "ftfy-nostyle": lambda s: ftfy.fix_text(s, NO_STYLE),
}
RECOVERABLE = [
    "utf8>cp1252",
    "utf8>latin-1",
    "utf8>cp1250",
    "utf8>cp1251",
    "utf8>macroman",
    "utf8>cp437",
    "utf8>cp1252>cp1252",
    "entity-named",
    "entity-decimal",
    "entity-double",
]
LOSSY = [
    "utf8>tis620-delete",
    "utf8>tis620-replace",
    "utf8>iso8859_11-delete",
    "utf8>cp874-delete",
    "utf8>cp874-replace",
]
REPEAT = 5


def distance(a: str, b: str) -> int:
    """Levenshtein distance (common prefix and suffix stripped first)."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    a, b = a[start:end_a], b[start:end_b]
    if not a or not b:
        return len(a) + len(b)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def measure_all(inputs: list[str], truth: list[str]) -> dict[str, dict[str, float]]:
    """Run every tool on ``inputs``; repetitions are interleaved so load affects all alike."""
    best = dict.fromkeys(TOOLS, float("inf"))
    outputs: dict[str, list[str]] = {}
    for _ in range(REPEAT):
        for name, tool in TOOLS.items():
            start = time.perf_counter()
            outputs[name] = [tool(text) for text in inputs]
            best[name] = min(best[name], time.perf_counter() - start)
    size = sum(len(text.encode("utf-8")) for text in inputs)
    results = {}
    for name in TOOLS:
        pairs = list(zip(outputs[name], truth, strict=True))
        results[name] = {
            "exact": 100.0 * sum(out == t for out, t in pairs) / len(truth),
            "cer": 100.0 * sum(distance(out, t) for out, t in pairs) / sum(len(t) for t in truth),
            "mbps": size / best[name] / 1e6,
            "seconds": best[name],
            "bytes": size,
        }
    return results


def row(label: str, paragraphs: list[str], kind: str | None) -> tuple[str, int, dict]:
    inputs = [damage(p, kind) if kind else p for p in paragraphs]
    return label, len(paragraphs), measure_all(inputs, paragraphs)


def fast_path(paragraphs: list[str], size: int = 2_000_000) -> dict[str, float]:
    doc = "\n\n".join(paragraphs)
    doc = doc * (size // len(doc.encode("utf-8")) + 1)
    best = dict.fromkeys(TOOLS, float("inf"))
    out = {}
    for _ in range(REPEAT):
        for name, tool in TOOLS.items():
            start = time.perf_counter()
            result = tool(doc)
            best[name] = min(best[name], time.perf_counter() - start)
            out[name + "-changed"] = float(result != doc)
    for name in TOOLS:
        out[name] = len(doc.encode("utf-8")) / best[name] / 1e6
    return out


def main() -> None:
    textrepair.repair_text("warm up donโt")  # build the lazy tables outside the timings
    rows = [row("clean controls (all languages)", ALL, None)]
    rows += [row(kind, ALL, kind) for kind in RECOVERABLE]
    rows += [row(f"{kind} (English)", ENGLISH, kind) for kind in LOSSY]
    rows += [row(f"{kind} (other Latin)", LATIN, kind) for kind in LOSSY[:1] + LOSSY[3:4]]
    rows += [row(f"{kind} (non-Latin)", NON_LATIN, kind) for kind in LOSSY[:1] + LOSSY[3:4]]
    rows += [row("utf8>cp1252-replace (English)", ENGLISH, "utf8>cp1252-replace")]

    names = list(TOOLS)
    header = f"{'kind':38} {'n':>3} | " + " | ".join(f"{n:^23}" for n in names)
    sub = f"{'':38} {'':>3} | " + " | ".join(
        f"{'exact%':>7} {'CER%':>6} {'MB/s':>7}" for _ in names
    )
    print(header)
    print(sub)
    print("-" * len(sub))
    totals = {n: [0.0, 0.0] for n in names}
    target = {n: [0.0, 0.0] for n in names}  # clean, recoverable and English lossy rows
    for label, n, results in rows:
        cells = []
        for name in names:
            r = results[name]
            exact = r["exact"] if not label.startswith("clean") else 100.0 - r["exact"]
            cells.append(f"{exact:7.1f} {r['cer']:6.2f} {r['mbps']:7.2f}")
            totals[name][0] += r["bytes"]
            totals[name][1] += r["seconds"]
            informational = label.endswith("Latin)") or label.startswith("utf8>cp1252-replace")
            if not informational:
                target[name][0] += r["bytes"]
                target[name][1] += r["seconds"]
        print(f"{label:38} {n:>3} | " + " | ".join(cells))
    print("(clean controls: exact% is the share of paragraphs CHANGED, i.e. false positives)")
    print()
    overall = "  ".join(f"{n}: {b / s / 1e6:.2f} MB/s" for n, (b, s) in totals.items())
    print(f"overall throughput, every row above: {overall}")
    overall = "  ".join(f"{n}: {b / s / 1e6:.2f} MB/s" for n, (b, s) in target.items())
    print(
        f"overall throughput, rows for the targets (all but other-Latin, non-Latin and "
        f"cp1252-replace): {overall}"
    )
    for label, paragraphs in (("clean English", ENGLISH), ("clean non-Latin", NON_LATIN)):
        fp = fast_path(paragraphs)
        speeds = "  ".join(
            f"{n}: {fp[n]:.1f} MB/s{' (CHANGED)' if fp[n + '-changed'] else ''}" for n in names
        )
        print(f"fast path, {label} (2 MB document): {speeds}")


if __name__ == "__main__":
    main()
