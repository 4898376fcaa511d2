"""The outlet registry: loading, validation with line numbers, lookup, suggestions, slugs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from citations.outlets import Outlet, Registry, load_registry, parse_registry, slugify


def test_fixture_registry(registry: Registry) -> None:
    assert [o.name for o in registry] == ["Cryptopolitan", "Reuters", "Bloomberg",
                                         "Financial Times"]
    assert [o.slug for o in registry] == ["cryptopolitan", "reuters", "bloomberg",
                                         "financial-times"]
    assert registry.lookup("Financial Times").line == 13
    assert registry.lookup("Cryptopolitan").host == "cryptopolitan.com"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Financial Times", "Financial Times"),
        ("financial times", "Financial Times"),
        ("  FINANCIAL \t Times ", "Financial Times"),
        ("FT", "Financial Times"),
        ("ft", "Financial Times"),
        ("bloomberg news", "Bloomberg"),
        ("Ｒｅｕｔｅｒｓ", "Reuters"),  # full-width letters, NFKC
        ("Finacial Times", None),
        ("Reuters.com", None),
        ("", None),
    ],
)
def test_lookup(registry: Registry, written: str, expected: str | None) -> None:
    found = registry.lookup(written)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Finacial Times", "Financial Times"),
        ("The Financial Times", "Financial Times"),
        ("Reuter", "Reuters"),
        ("Bloomberg Newz", "Bloomberg"),
        ("Cryptopolitian", "Cryptopolitan"),
        ("Le Monde", None),
    ],
)
def test_suggest(registry: Registry, written: str, expected: str | None) -> None:
    assert registry.suggest(written) == expected


def test_by_slug_and_host(registry: Registry) -> None:
    assert registry.by_slug("financial-times").name == "Financial Times"
    assert registry.by_slug("nope") is None
    assert registry.by_host("www.ft.com").name == "Financial Times"
    assert registry.by_host("ft.com").name == "Financial Times"
    assert registry.by_host("example.com") is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Reuters", "reuters"),
        ("Financial Times", "financial-times"),
        ("The Wall Street Journal", "the-wall-street-journal"),
        ("Barron's", "barron-s"),
        ("Le Monde diplomatique", "le-monde-diplomatique"),
        ("Dow Jones & Co.", "dow-jones-and-co"),
        ("Süddeutsche Zeitung", "suddeutsche-zeitung"),
        ("  spaced   out  ", "spaced-out"),
        ("人民日报", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_missing_file_is_an_empty_registry(tmp_path: Path) -> None:
    registry, problems = load_registry(tmp_path / "outlets.yml", display="content/outlets.yml")
    assert problems == []
    assert len(registry) == 0
    assert registry.lookup("Reuters") is None
    assert registry.source == "content/outlets.yml"


def test_empty_file_is_an_empty_registry() -> None:
    registry, problems = parse_registry("# nothing yet\n")
    assert problems == [] and len(registry) == 0


def test_given_slug_and_aliases_kept() -> None:
    registry, problems = parse_registry(textwrap.dedent("""\
        - name: The New York Times
          homepage: https://www.nytimes.com/
          aliases: [NYT, New York Times]
          slug: nyt
    """))
    assert problems == []
    outlet = registry.lookup("nyt")
    assert outlet == Outlet("The New York Times", "nyt", "https://www.nytimes.com/",
                            ("NYT", "New York Times"), 1)


# (label, registry YAML, expected problems as (line, column, severity, part of message),
#  names registered afterwards)
ERROR_ROWS = [
    ("not a list", "name: Reuters\n", [(1, 1, "error", "must be a list")], []),
    ("entry not a mapping", "- Reuters\n", [(1, 3, "error", "must be a mapping")], []),
    ("unknown field", "- name: Reuters\n  homepage: https://reuters.com/\n  alias: [R]\n",
     [(3, 3, "error", "unknown field 'alias'")], ["Reuters"]),
    ("missing name", "- homepage: https://reuters.com/\n", [(1, 3, "error", "has no name")], []),
    ("empty name", "- name: ''\n  homepage: https://reuters.com/\n",
     [(1, 9, "error", "non-empty")], []),
    ("missing homepage", "- name: Reuters\n",
     [(1, 3, "error", "has no homepage")], ["Reuters"]),
    ("javascript homepage", "- name: Reuters\n  homepage: javascript:alert(1)\n",
     [(2, 13, "error", "scheme 'javascript'")], ["Reuters"]),
    ("relative homepage", "- name: Reuters\n  homepage: reuters.com\n",
     [(2, 13, "error", "no scheme")], ["Reuters"]),
    ("aliases not a list", "- name: Financial Times\n  homepage: https://ft.com/\n  aliases: FT\n",
     [(3, 12, "error", "aliases must be a list")], []),
    ("duplicate name", "- name: Reuters\n  homepage: https://reuters.com/\n"
     "- name: REUTERS \n  homepage: https://reuters.com/\n",
     [(3, 3, "error", "already used by 'Reuters' (line 1)")], ["Reuters"]),
    ("alias clashes with a name", "- name: Reuters\n  homepage: https://reuters.com/\n"
     "- name: Reuters Breakingviews\n  homepage: https://breakingviews.com/\n"
     "  aliases: [Breakingviews, reuters]\n",
     [(5, 28, "error", "alias 'reuters' is already used by 'Reuters'")],
     ["Reuters", "Reuters Breakingviews", "Breakingviews"]),
    ("alias clashes with an alias", "- name: Financial Times\n  homepage: https://ft.com/\n"
     "  aliases: [FT]\n- name: Fortune\n  homepage: https://fortune.com/\n  aliases: [ft]\n",
     [(6, 13, "error", "alias 'ft' is already used by 'Financial Times' (line 1)")],
     ["Financial Times", "FT", "Fortune"]),
    ("alias repeats own name", "- name: Reuters\n  homepage: https://reuters.com/\n"
     "  aliases: [reuters]\n", [(3, 13, "warning", "repeats a name")], ["Reuters"]),
    ("duplicate slug", "- name: Times\n  homepage: https://times.example/\n"
     "- name: The Times\n  homepage: https://thetimes.example/\n  slug: times\n",
     [(3, 3, "error", "slug 'times' is already used (line 1)")], ["Times"]),
    ("bad slug", "- name: Reuters\n  homepage: https://reuters.com/\n  slug: Reuters News\n",
     [(3, 9, "error", "lower-case letters")], []),
    ("no slug possible", "- name: 人民日报\n  homepage: https://people.example/\n",
     [(1, 9, "error", "cannot make a slug")], []),
    ("duplicate key", "- name: Reuters\n  name: Reuters Again\n  homepage: https://reuters.com/\n",
     [(2, 3, "error", "given twice")], ["Reuters"]),
    ("invalid yaml", "- name: Reuters\n  homepage: [unclosed\n",
     [(3, 1, "error", "not valid YAML")], []),
    ("two documents", "- name: A\n---\n- name: B\n", [(2, 1, "error", "not valid YAML")], []),
]


@pytest.mark.parametrize(("label", "text", "expected", "names"), ERROR_ROWS,
                         ids=[r[0] for r in ERROR_ROWS])
def test_registry_problems(label: str, text: str, expected: list, names: list[str]) -> None:
    registry, problems = parse_registry(text, path="content/outlets.yml")
    got = [(p.line, p.column, p.severity) for p in problems]
    assert got == [(line, column, severity) for line, column, severity, _ in expected], [
        p.format() for p in problems
    ]
    for problem, (_, _, _, part) in zip(problems, expected, strict=True):
        assert part in problem.message, problem.format()
        assert problem.path == "content/outlets.yml"
    assert registry.names() == names


def test_unknown_field_hint() -> None:
    _, problems = parse_registry("- name: Reuters\n  homepag: https://reuters.com/\n")
    assert problems[0].hint == "did you mean 'homepage'?"


def test_load_registry_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "outlets.yml"
    path.write_text("- name: Reuters\n  homepage: https://www.reuters.com/\n", encoding="utf-8")
    registry, problems = load_registry(path, display="content/outlets.yml")
    assert problems == [] and registry.lookup("reuters").homepage == "https://www.reuters.com/"


def test_load_registry_reports_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "outlets.yml"
    path.write_bytes(b"- name: R\xe9uters\n")
    registry, problems = load_registry(path, display="content/outlets.yml")
    assert len(registry) == 0
    assert [(p.severity, p.path) for p in problems] == [("error", "content/outlets.yml")]
