"""Benchmark ``assay import`` on a generated WordPress export of N posts.

    .venv/bin/python bench/importing/run.py [N]     (default 1000)

Generates a WXR file with a mix of clean posts, posts with mojibake, Gutenberg
blocks and shortcodes, and script payloads; imports it into a temporary folder
with the site's settings and real text repair; prints the time and posts/second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from pelican.settings import read_settings  # noqa: E402

from assay.check import slug_for  # noqa: E402
from assay.importing.run import ImportOptions, import_sources  # noqa: E402
from textrepair import repair_text  # noqa: E402

BODIES = [
    "<p>Copper inventories fell for a third week, and smelters are cautious.</p>"
    "<h2>What changed</h2><p>Demand from grid projects rose.</p>",
    "<p>The ministerâ€™s office said it â€œwould reviewâ€ the quotas.</p>",
    "<!-- wp:paragraph --><p>[caption id=\"1\"]A mine[/caption] Output rose.</p>"
    "<!-- /wp:paragraph -->",
    "<p>Prices moved.<script>alert(1)</script><img src=x onerror=alert(1)></p>",
]


def export(count: int) -> str:
    """A WXR document with ``count`` published posts."""
    items = []
    for number in range(count):
        body = BODIES[number % len(BODIES)] * 3
        items.append(
            f"<item><title>Post number {number}</title>"
            f"<link>https://old.example.org/p/{number}/</link>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<wp:post_date>2025-0{number % 9 + 1}-1{number % 9} 10:00:00</wp:post_date>"
            f"<wp:post_name>post-{number}</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type>"
            "<category domain=\"category\" nicename=\"metals\">Metals</category></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            + "".join(items) + "</channel></rss>")


def main(count: int) -> None:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.xml"
        source.write_text(export(count), "utf-8")
        options = ImportOptions(
            into=Path(folder) / "briefs", sections=settings["BRIEFS_SECTIONS"],
            view_label=settings["BRIEFS_VIEW_LABEL"],
            slugify=lambda text: slug_for(text, settings), repair=repair_text,
            redirects=Path(folder) / "redirects.yml")
        started = time.perf_counter()
        outcome = import_sources([source], options)
        elapsed = time.perf_counter() - started
    print(f"imported {len(outcome.imported)} of {count} posts in {elapsed:.2f} s "
          f"({len(outcome.imported) / elapsed:.0f} posts/s; target: 1,000 in under 30 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
