"""The checks on a brief read from its source file by the briefs reader: positions line up."""

from __future__ import annotations

import datetime
from pathlib import Path

from briefs.schema import read_brief
from citations.agreement import check_agreement
from citations.fields import check_citation
from citations.linkcheck import brief_links
from citations.outlets import Registry
from citations.quotes import check_quotes

FRONT_MATTER = """\
---
title: "U.S.–China Rare Earths Dispute Remains Unresolved"
date: 2025-09-24
authors: [REEx Editorial]
topics: [rare earths, China, trade policy]
highlights:
  - China continues to dominate rare earth production, controlling licensing.
  - An official called the reviews “a routine matter of technical oversight and nothing else.”
  - Multilateral industrial policy is essential for Western nations.
citation:
  author: Hannah Collymore
  publication: Cryptopolitan
  date: 2025-09-23
  url: https://www.cryptopolitan.com/us-china-rare-earths/?utm_source=feed
  archive: sources/rare-earths.html
view:
  title: The Vital Missing Key
  body: Only coordinated investment will give the West a credible counterweight.
---
"""


def test_checks_on_a_read_brief(fixtures: Path, registry: Registry) -> None:
    body = (fixtures / "briefs" / "first-brief.md").read_text(encoding="utf-8")
    body += "\nAs Bloomberg reported, [the talks](https://www.cryptopolitan.com/other/) stalled.\n"
    source = FRONT_MATTER + body
    reading = read_brief(source, "content/briefs/first.md")
    assert reading.brief is not None, [p.format() for p in reading.problems]
    brief = reading.brief
    lines = source.splitlines()

    def at(problem_line: int, column: int) -> str:
        return lines[problem_line - 1][column - 1:]

    (citation,) = brief.citations
    problems = check_citation(citation, brief_path=brief.path, brief_date=brief.date,
                              today=datetime.date(2025, 9, 30), strict=True, registry=registry)
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "url carries tracking parameters")
    ]
    assert at(problems[0].line, problems[0].column).startswith("url:")

    quote_problems = check_quotes(brief, content_root=fixtures, require_archive=True)
    assert [p.message for p in quote_problems] == ["quotation not found in the archived source"]
    assert at(quote_problems[0].line, quote_problems[0].column).startswith(
        "“a routine matter of technical oversight and nothing else.”")

    agreement = check_agreement(brief, registry)
    assert [(p.message, at(p.line, p.column)[:16]) for p in agreement] == [
        ("the text names 'Bloomberg' as a source, but the brief cites Cryptopolitan",
         "Bloomberg report"),
        ("link to cryptopolitan.com is not the cited article", "[the talks](http"),
    ]

    where = brief_links(brief)
    assert set(where) == {"https://www.cryptopolitan.com/us-china-rare-earths/?utm_source=feed",
                          "https://www.cryptopolitan.com/other/"}
