"""One citation's fields: required, consistent in time, well-formed URLs, a known outlet."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from briefs.model import Citation
from citations.fields import check_citation, date_problems
from citations.outlets import Registry

D = datetime.date
BRIEF_DAY = D(2025, 9, 24)


def check(citation: Citation, registry: Registry, **options: object) -> list:
    settings = {"brief_path": "content/briefs/a.md", "brief_date": BRIEF_DAY, "today": None,
                "strict": False, "registry": registry}
    settings.update(options)
    return check_citation(citation, **settings)  # type: ignore[arg-type]


def test_the_first_brief_citation_is_clean(first_citation: Citation, registry: Registry) -> None:
    assert check(first_citation, registry, today=D(2025, 9, 24), strict=True) == []


# (label, source date, accessed, today, strict, expected (field, severity) pairs, comment)
DATE_ROWS = [
    ("day before", D(2025, 9, 23), None, None, False, [], "the usual case"),
    ("same day", D(2025, 9, 24), D(2025, 9, 24), None, False, [], "same day is fine"),
    ("after the brief", D(2025, 9, 25), None, None, False, [("date", "error")],
     "a brief cannot critique a later article"),
    ("accessed before publication", D(2025, 9, 23), D(2025, 9, 22), None, False,
     [("accessed", "error")], "cannot read it before it exists"),
    ("accessed later", D(2025, 9, 23), D(2025, 10, 1), D(2025, 10, 2), True, [],
     "re-reading after the brief is fine"),
    ("future in strict build", D(2025, 9, 23), D(2025, 9, 30), D(2025, 9, 24), True,
     [("accessed", "error")], "strict: a future date is an error"),
    ("future, not strict", D(2025, 9, 23), D(2025, 9, 30), D(2025, 9, 24), False,
     [("accessed", "warning")], "otherwise a warning"),
    ("future source date", D(2025, 9, 26), None, D(2025, 9, 25), True,
     [("date", "error"), ("date", "error")], "after the brief and after today"),
    ("no today, no future check", D(2025, 9, 23), D(2031, 1, 1), None, True, [],
     "without today nothing is in the future"),
]


@pytest.mark.parametrize(("label", "published", "accessed", "today", "strict", "expected",
                          "comment"), DATE_ROWS, ids=[r[0] for r in DATE_ROWS])
def test_dates(label: str, published: D, accessed: D | None, today: D | None, strict: bool,
               expected: list, comment: str, first_citation: Citation,
               registry: Registry) -> None:
    citation = dataclasses.replace(first_citation, date=published, accessed=accessed,
                                   positions={"date": (10, 9), "accessed": (12, 13)})
    problems = check(citation, registry, today=today, strict=strict)
    assert [(p.line, p.severity) for p in problems] == [
        ({"date": 10, "accessed": 12}[name], severity) for name, severity in expected
    ], comment
    assert [(f, s) for f, s, _ in date_problems(published, accessed, BRIEF_DAY, today,
                                                strict=strict)] == expected


def test_brief_datetime_is_accepted(first_citation: Citation, registry: Registry) -> None:
    late = dataclasses.replace(first_citation, date=D(2025, 9, 25))
    problems = check(late, registry, brief_date=datetime.datetime(2025, 9, 24, 23, 59))
    assert [p.message for p in problems] == [
        "the source is dated 2025-09-25, after the brief (2025-09-24)"
    ]


@pytest.mark.parametrize(
    ("label", "changes", "expected"),
    [
        ("no publication", {"publication": ""}, ["citation has no publication"]),
        ("blank publication", {"publication": "   "}, ["citation has no publication"]),
        ("no date", {"date": None}, ["citation has no valid date"]),
        ("date as text", {"date": "2025-09-23"}, ["citation has no valid date"]),
        ("no author or title", {"author": None, "title": None},
         ["citation needs an author or a title"]),
        ("blank author, no title", {"author": " ", "title": None},
         ["citation needs an author or a title"]),
        ("title only", {"author": None, "title": "Talks end without a deal"}, []),
        ("accessed not a date", {"accessed": "yesterday"}, ["accessed is not a date"]),
    ],
)
def test_required_fields(label: str, changes: dict, expected: list[str],
                         first_citation: Citation, registry: Registry) -> None:
    citation = dataclasses.replace(first_citation, **changes)
    problems = [p for p in check(citation, registry) if p.severity == "error"]
    assert [p.message for p in problems] == expected


@pytest.mark.parametrize(
    ("label", "field", "value", "severity", "message_part"),
    [
        ("javascript url", "url", "javascript:alert(1)", "error", "scheme 'javascript'"),
        ("data url", "url", "data:text/plain,x", "error", "scheme 'data'"),
        ("ftp archive", "archive_url", "ftp://archive.example/x", "error", "scheme 'ftp'"),
        ("relative url", "url", "/2025/09/story", "error", "no scheme"),
        ("space in url", "url", "https://e.com/a b", "error", "whitespace"),
        ("no host", "archive_url", "https:///x", "error", "no host"),
        ("tracking", "url", "https://www.cryptopolitan.com/x/?utm_source=tw", "warning",
         "tracking parameters"),
        ("good archive", "archive_url", "https://web.archive.org/web/2025/https://e.com/", None,
         None),
    ],
)
def test_urls(label: str, field: str, value: str, severity: str | None,
              message_part: str | None, first_citation: Citation, registry: Registry) -> None:
    citation = dataclasses.replace(first_citation, **{field: value},
                                   positions={field: (11, 8)})
    problems = check(citation, registry)
    if severity is None:
        assert problems == []
        return
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.severity, problem.line, problem.column) == (severity, 11, 8)
    assert message_part in problem.message and field in problem.message


def test_tracking_hint_gives_the_clean_url(first_citation: Citation, registry: Registry) -> None:
    citation = dataclasses.replace(
        first_citation, url="https://www.cryptopolitan.com/x/?id=2&fbclid=abc#c")
    (problem,) = check(citation, registry)
    assert problem.hint == "use https://www.cryptopolitan.com/x/?id=2#c"


@pytest.mark.parametrize(
    ("publication", "expected"),
    [
        ("Cryptopolitan", []),
        ("cryptopolitan", []),
        ("FT", []),
        ("Finacial Times", [("warning", "unknown outlet 'Finacial Times'",
                             "did you mean 'Financial Times'?")]),
        ("Daily Planet", [("warning", "unknown outlet 'Daily Planet'",
                           "add it to content/outlets.yml")]),
    ],
)
def test_outlet(publication: str, expected: list, first_citation: Citation,
                registry: Registry) -> None:
    citation = dataclasses.replace(first_citation, publication=publication)
    problems = check(citation, registry)
    assert [(p.severity, p.message, p.hint) for p in problems] == expected
    assert all((p.line, p.column) == (9, 16) for p in problems)


def test_empty_registry_warns_for_every_outlet(first_citation: Citation) -> None:
    problems = check(first_citation, Registry())
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "unknown outlet 'Cryptopolitan'")
    ]


def test_position_falls_back_to_the_citation_line(registry: Registry) -> None:
    citation = Citation("Reuters", D(2025, 9, 23), line=7)
    (problem,) = check(citation, registry)
    assert (problem.line, problem.column) == (7, 1)
    assert problem.format() == (
        "content/briefs/a.md:7:1: error: citation needs an author or a title"
    )
