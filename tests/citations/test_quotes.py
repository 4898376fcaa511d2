"""Quotations: found in the brief, matched against archived sources, reported when absent."""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefs.model import Brief, Citation
from citations.quotes import (
    Quote,
    Source,
    check_quotes,
    extract_quotes,
    html_text,
    load_archive,
    verify_quote,
)

# (label, Markdown, expected quotation texts, comment)
EXTRACT_ROWS = [
    ("curly", "He said “we will not back down now” today.", ["we will not back down now"], ""),
    ("straight", 'He said "we will not back down now" today.', ["we will not back down now"], ""),
    ("too short", "“bounced back significantly” and \"not enough here\"", [],
     "fewer than four words"),
    ("contraction counts once", "“I don’t think so”", ["I don’t think so"], "four words"),
    ("across a line", "“we will not\nback down”", ["we will not back down"],
     "a soft line break inside the quote"),
    ("not across paragraphs", "“we will not\n\nback down now”", [], "a paragraph break ends it"),
    ("code span", 'Run `print("one two three four")` now.', [], "code is skipped"),
    ("code block", '```\nx = "one two three four"\n```\n', [], ""),
    ("indented code", 'Text.\n\n    x = "one two three four"\n', [], ""),
    ("list continuation", '- item\n\n    He said "one two three four".\n',
     ["one two three four"], "indented text in a list is prose"),
    ("link url", '[a story](<https://e.com/"one two three four">)', [], "link targets skipped"),
    ("link title", '[a story](https://e.com/ "one two three four five")', [], "titles too"),
    ("link text", '[“one two three four”](https://e.com/)', ["one two three four"],
     "link text is prose"),
    ("html attribute", '<abbr title="one two three four">x</abbr>', [], ""),
    ("html comment", '<!-- "one two three four" -->', [], ""),
    ("inches", 'A 12" screen and a 15" one are both "one two three four" wide.',
     ["one two three four"], "inch marks are not quotes"),
    ("nested", '“He told me "we are done here now" and left”',
     ['He told me "we are done here now" and left'],
     "a straight quote inside a curly one is part of it"),
    ("escaped", 'He said \\"we are done here now\\" and left',
     ['we are done here now'], "backslash escapes are dropped"),
    ("html inside", "“we <em>will</em> not back down”", ["we will not back down"],
     "inline tags inside a quotation"),
    ("block quote", "> “we will not\n> back down”", ["we will not back down"],
     "block quote markers are not words"),
    ("emphasis inside", "“we will *not* back down”", ["we will not back down"],
     "emphasis marks are not words"),
    ("two quotes", "“one two three four” and “five six seven eight”",
     ["one two three four", "five six seven eight"], ""),
    ("unclosed", "“one two three four and never closed", [], ""),
    ("after a letter", 'He wrote x"one two three four" here.', [],
     "a mark joined to the word before opens no quotation"),
    ("doubled marks", '""one two three four""', [], "a mark right after a mark opens none"),
]


@pytest.mark.parametrize(("label", "markdown", "expected", "comment"), EXTRACT_ROWS,
                         ids=[r[0] for r in EXTRACT_ROWS])
def test_extract_quotes(label: str, markdown: str, expected: list[str], comment: str) -> None:
    assert [q.text for q in extract_quotes(markdown)] == expected, comment


def test_extract_positions() -> None:
    text = "First line.\n  Then “one two three four” and \"five six seven eight\"."
    quotes = extract_quotes(text, first_line=40)
    assert [(q.line, q.column) for q in quotes] == [(41, 8), (41, 33)]
    assert text.splitlines()[1][7] == "“" and text.splitlines()[1][32] == '"'


def test_min_words() -> None:
    assert extract_quotes("“one two three”", min_words=3) == [Quote("one two three", 1, 1)]


def test_load_archive_text(fixtures: Path) -> None:
    path = fixtures / "sources" / "rare-earths.txt"
    assert load_archive(path) == path.read_text(encoding="utf-8")


def test_load_archive_html_keeps_the_article_only(fixtures: Path) -> None:
    text = load_archive(fixtures / "sources" / "rare-earths.html")
    assert text.splitlines()[0] == "Rare earth talks end without a deal"
    assert "European manufacturers say they continue to face shortages of magnets" in text
    assert "I don’t think we resolved the rare earth question" in text
    assert "“bounced back significantly”" in text  # no space where <em> ended mid-word
    for junk in ("batteries", "Subscribe", "Markets", "sanctions", "trackRead", "margin",
                 "Markets wrap", "The Example Ledger"):
        assert junk not in text


def test_html_text_without_article() -> None:
    markup = "<body><nav>Menu</nav><div>One<br>Two</div><footer>F</footer></body>"
    assert html_text(markup) == "One\nTwo"


def test_load_archive_sniffs_html(tmp_path: Path) -> None:
    path = tmp_path / "saved"
    path.write_text("<!DOCTYPE html><html><body><main><p>Hi there</p></main></body></html>",
                    encoding="utf-8")
    assert load_archive(path) == "Hi there"


SOURCES = ["rare-earths.txt", "rare-earths.html"]
ONE_WORD_OFF = ("European manufacturers say they continue to face shortages of batteries used "
                "in motors.")
RIGHT_SENTENCE = ("European manufacturers say they continue to face shortages of magnets used "
                  "in motors")

# (label, quotation, found, closest passage must start with, similarity range, comment)
VERIFY_ROWS = [
    ("exact", "We had frank conversations, but I don't think we resolved the rare earth question,",
     True, "We had frank conversations", (1.0, 1.0), "character for character"),
    ("style and case", "I DON’T THINK we resolved the Rare Earth question.", True,
     "I don", (1.0, 1.0), "curly apostrophe, capitals, final stop"),
    ("dash style", "Beijing – lawmakers visiting Beijing this week left without a settlement.",
     True, "BEIJING", (1.0, 1.0), "en dash with spaces against an em dash"),
    ("elided", "a routine matter ... and nothing more", True, "a routine matter",
     (1.0, 1.0), "an ellipsis marks a cut"),
    ("bracketed", "[The reviews were] a routine matter of technical oversight", True,
     "a routine matter", (1.0, 1.0), "a bracketed insertion marks a cut"),
    ("one word off", ONE_WORD_OFF, False, RIGHT_SENTENCE, (0.85, 0.99),
     "magnets, not batteries"),
    ("absent", "The sanctions regime will be lifted by the end of the year.", False, "",
     (0.0, 0.5), "nothing like it in the article"),
    ("word boundary", "he said the export reviews were", False, "said the export",
     (0.7, 0.99), "'he said' is not inside 'spokesperson said'"),
]


@pytest.mark.parametrize("source_name", SOURCES)
@pytest.mark.parametrize(("label", "quote", "found", "closest", "similarity", "comment"),
                         VERIFY_ROWS, ids=[r[0] for r in VERIFY_ROWS])
def test_verify_quote(label: str, quote: str, found: bool, closest: str,
                      similarity: tuple[float, float], comment: str, source_name: str,
                      fixtures: Path) -> None:
    verdict = verify_quote(quote, load_archive(fixtures / "sources" / source_name))
    assert verdict.found is found, comment
    low, high = similarity
    assert low <= verdict.similarity <= high, (comment, verdict)
    assert verdict.closest.startswith(closest), (comment, verdict.closest)
    if found:
        assert verdict.similarity == 1.0


def test_one_word_off_points_at_the_right_sentence(fixtures: Path) -> None:
    verdict = verify_quote(ONE_WORD_OFF, (fixtures / "sources" / "rare-earths.txt").read_text())
    assert not verdict.found
    assert verdict.closest in (RIGHT_SENTENCE, RIGHT_SENTENCE + " and",
                               RIGHT_SENTENCE + " and wind")
    assert verdict.similarity > 0.85


def test_absent_quote_has_low_similarity(fixtures: Path) -> None:
    verdict = verify_quote("Quarterly dividends rose sharply for shipping firms.",
                           (fixtures / "sources" / "rare-earths.txt").read_text())
    assert not verdict.found and verdict.similarity < 0.5


def test_unicode_compatibility_forms() -> None:
    source = "The ﬁnal ruling was ｃｌｅａｒ to everyone involved."  # ligature, full width
    assert verify_quote("the final ruling was clear", source).found
    decomposed = "the cafe\u0301 was closed for repairs"  # e + combining acute
    assert verify_quote(decomposed, "The café was closed for repairs.").found


def test_empty_inputs() -> None:
    assert verify_quote("...", "Some text here.") == verify_quote("", "x")
    assert not verify_quote("one two three four", "").found


def test_closest_passage_in_a_long_article_is_quick() -> None:
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(400)] + ["the", "of", "and", "to", "a", "in"] * 40
    filler = [" ".join(rng.choice(vocabulary) for _ in range(18)) + "." for _ in range(2500)]
    target = "Officials conceded that the licensing backlog had grown to nine months last year."
    filler.insert(1800, target)
    source = Source.of(" ".join(filler))
    assert len(source.tokens) > 45_000
    start = time.perf_counter()
    verdict = verify_quote("Officials conceded that the licensing backlog had grown to six "
                           "months last year.", source)
    elapsed = time.perf_counter() - start
    assert not verdict.found
    assert verdict.closest.startswith("Officials conceded that the licensing backlog")
    assert verdict.similarity > 0.9
    assert elapsed < 1.0, elapsed


# check_quotes over the fixture brief that quotes the rare-earths source.

@pytest.fixture
def quoting_brief(fixtures: Path, first_citation: Citation,
                  make_brief: Callable[..., Brief]) -> Callable[..., Brief]:
    body = (fixtures / "briefs" / "quoting-brief.md").read_text(encoding="utf-8")

    def build(*citations: Citation) -> Brief:
        return make_brief(body, citations=list(citations), body_line=12)

    return build


def archived(citation: Citation, archive: str | None) -> Citation:
    return dataclasses.replace(citation, archive=archive,
                               positions={**citation.positions, "archive": (13, 12)})


@pytest.mark.parametrize("source_name", SOURCES)
def test_check_quotes_reports_what_is_not_found(source_name: str, fixtures: Path,
                                                quoting_brief: Callable[..., Brief],
                                                first_citation: Citation) -> None:
    brief = quoting_brief(archived(first_citation, f"sources/{source_name}"))
    problems = check_quotes(brief, content_root=fixtures, require_archive=True)
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (17, "error", "quotation not found in the archived source"),
        (19, "error", "quotation not found in the archived source"),
    ]
    one_word, absent = problems
    assert one_word.column == len("Buyers, we are told, say ") + 1
    assert f"similar): “{RIGHT_SENTENCE}" in one_word.hint
    assert similarity_shown(one_word.hint) > 85
    assert similarity_shown(absent.hint) < 50


def similarity_shown(hint: str | None) -> int:
    match = re.match(r"closest passage \((\d+)% similar\): “.+”$", hint or "")
    assert match, hint
    return int(match.group(1))


def test_long_closest_passage_is_shortened(tmp_path: Path, first_citation: Citation,
                                           make_brief: Callable[..., Brief]) -> None:
    words = " ".join(f"w{i}" for i in range(60))
    (tmp_path / "src.txt").write_text(words, encoding="utf-8")
    quote = " ".join(f"w{i}" for i in range(60) if i != 30)
    brief = make_brief(f"“{quote}”", citations=[archived(first_citation, "src.txt")])
    (problem,) = check_quotes(brief, content_root=tmp_path, require_archive=False)
    shown = problem.hint.split("“", 1)[1].rstrip("”")
    assert shown.endswith("…") and len(shown) <= 120


def test_the_first_brief_verifies(fixtures: Path, first_citation: Citation,
                                  make_brief: Callable[..., Brief]) -> None:
    body = (fixtures / "briefs" / "first-brief.md").read_text(encoding="utf-8")
    brief = make_brief(body, citations=[archived(first_citation, "sources/rare-earths.html")])
    assert check_quotes(brief, content_root=fixtures, require_archive=True) == []


@pytest.mark.parametrize(("require", "severity"), [(False, "warning"), (True, "error")])
def test_no_archive(require: bool, severity: str, fixtures: Path,
                    quoting_brief: Callable[..., Brief], first_citation: Citation) -> None:
    problems = check_quotes(quoting_brief(first_citation), content_root=fixtures,
                            require_archive=require)
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (8, severity, "quotes unverified: no archived copy of the source")
    ]
    assert "5 quotation(s), the first on line 12" in problems[0].hint


def test_no_quotes_needs_no_archive(fixtures: Path, first_citation: Citation,
                                    make_brief: Callable[..., Brief]) -> None:
    brief = make_brief("No quotations here, only “short ones”.", citations=[first_citation])
    assert check_quotes(brief, content_root=fixtures, require_archive=True) == []


@pytest.mark.parametrize(
    ("archive", "message_part"),
    [
        ("sources/missing.txt", "archive file not found: sources/missing.txt"),
        ("../fixtures/sources/rare-earths.txt", "leaves the content folder"),
        ("sources/../../citations/fixtures/sources/rare-earths.txt", "leaves the content folder"),
        ("/sources/rare-earths.txt", "is absolute"),
        ("C:\\sources\\x.txt", "is absolute"),
        ("sources", "archive file not found"),
        ("  ", "must be a path relative"),
    ],
)
def test_bad_archive_paths(archive: str, message_part: str, fixtures: Path,
                           quoting_brief: Callable[..., Brief], first_citation: Citation) -> None:
    problems = check_quotes(quoting_brief(archived(first_citation, archive)),
                            content_root=fixtures, require_archive=False)
    assert [(p.line, p.column, p.severity) for p in problems] == [(13, 12, "error")]
    assert message_part in problems[0].message


def test_symlink_leading_outside(tmp_path: Path, fixtures: Path,
                                 quoting_brief: Callable[..., Brief],
                                 first_citation: Citation) -> None:
    content = tmp_path / "content"
    (content / "archive").mkdir(parents=True)
    outside = tmp_path / "secret.txt"
    outside.write_text((fixtures / "sources" / "rare-earths.txt").read_text(), encoding="utf-8")
    (content / "archive" / "link.txt").symlink_to(outside)
    (content / "archive" / "inside.txt").symlink_to(content / "real.txt")
    (content / "real.txt").write_text("nothing to see", encoding="utf-8")
    problems = check_quotes(quoting_brief(archived(first_citation, "archive/link.txt")),
                            content_root=content, require_archive=False)
    assert [p.message for p in problems] == [
        "archive path 'archive/link.txt' leads outside the content folder"
    ]
    inside = check_quotes(quoting_brief(archived(first_citation, "archive/inside.txt")),
                          content_root=content, require_archive=False)
    assert {p.message for p in inside} == {"quotation not found in the archived source"}


def test_unreadable_archive(tmp_path: Path, quoting_brief: Callable[..., Brief],
                            first_citation: Citation) -> None:
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 society")
    problems = check_quotes(quoting_brief(archived(first_citation, "latin1.txt")),
                            content_root=tmp_path, require_archive=False)
    assert len(problems) == 1 and problems[0].message.startswith("cannot read archive latin1.txt")


def test_a_quote_may_come_from_any_cited_source(fixtures: Path, first_citation: Citation,
                                                make_brief: Callable[..., Brief]) -> None:
    second = Citation("Reuters", first_citation.date, author="A. Writer", line=20,
                      archive="sources/trade-talks.txt")
    body = ("She said “I don't think we resolved the rare earth question,” and he said "
            "“Nothing is agreed until everything is agreed.” Nobody said “we have a deal "
            "on every point today.”")
    brief = make_brief(body, citations=[archived(first_citation, "sources/rare-earths.txt"),
                                        second], body_line=30)
    problems = check_quotes(brief, content_root=fixtures, require_archive=True)
    assert [(p.line, p.column) for p in problems] == [(30, body.index("“we have") + 1)]


def test_highlight_quotes_are_checked(fixtures: Path, first_citation: Citation,
                                      make_brief: Callable[..., Brief]) -> None:
    brief = make_brief("", citations=[archived(first_citation, "sources/rare-earths.txt")],
                       highlights=["Officials said “shipments have collapsed since the spring.”"],
                       lines={"highlights.0": (4, 5)})
    (problem,) = check_quotes(brief, content_root=fixtures, require_archive=True)
    assert (problem.line, problem.column) == (4, 5 + len("Officials said "))
