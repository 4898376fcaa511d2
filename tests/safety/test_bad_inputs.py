"""Every class of bad input gets a clear message naming file and line, and harms nothing.

One site holds the good seed brief and one bad source per class; it is built once
(development build) and checked once with ``assay check``. Each test asserts its
class's message and line, and that the good brief beside it was built.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.conftest import make_site, run_assay

GOOD = Path("2025/09/us-china-rare-earths-dispute-remains-unresolved/index.html")


def brief(front: str = "", *, title: str = "A Brief", body: str = "Lede.\n") -> str:
    """A valid brief's source with ``front`` lines added to its front matter."""
    return (f"---\ntitle: {title}\ndate: 2025-10-01\nhighlights: [One., Two.]\n"
            "citation: {author: A, publication: P, date: 2025-09-30}\n"
            f"view: {{title: V, body: B}}\n{front}---\n{body}")


NESTED = "x: " + "[" * 200 + "]" * 200 + "\n"
BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n")

#: label -> (file name, bytes, expected line, expected message part)
CASES: dict[str, tuple[str, bytes, int, str]] = {
    "malformed YAML": ("yaml.md", b"---\ntitle: [unclosed\ndate: 2025-10-01\n---\n", 3,
                       "error: malformed YAML"),
    "front matter never closed": ("open.md", b"---\ntitle: T\n", 1,
                                  "front matter is never closed (add a line '---'"),
    "wrong type": ("type.md", brief().replace("title: A Brief", "title: 1984").encode(), 2,
                   "title: expected text, found a number (put the value in quotes)"),
    "impossible date": ("date.md", brief().replace("2025-10-01", "2025-02-30").encode(), 3,
                        "impossible date 2025-02-30: day is out of range for month"),
    "non-UTF-8": ("cp1251.md", ("---\ntitle: Привет, как дела? Это проверка текста.\n---\n")
                  .encode("cp1251"), 2,
                  "the file is not UTF-8 (byte 0xcf at column 8; it looks like windows-1251) "
                  "(convert it to UTF-8"),
    "UTF-16": ("utf16.md", codecs.BOM_UTF16_LE + brief().encode("utf-16-le"), 1,
               "the file is UTF-16, not UTF-8 (re-save it as UTF-8"),
    "binary": ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 1,
               "the file is binary, not text"),
    "empty": ("empty.md", b"  \n", 1, "the file is empty (write a brief in it or delete it)"),
    "too large": ("large.md", brief(body="word " * 220_000).encode(), 1,
                  "the file is 1,100,1"),
    "deep nesting": ("deep.md", f"---\n{NESTED}---\n".encode(), 2,
                     "front matter is nested too deeply"),
    "alias bomb": ("bomb.md", f"---\n{BOMB}---\n".encode(), 2,
                   "front matter expands to too many values"),
    "python tag": ("tag.md", b"---\ntitle: !!python/object/apply:os.system [id]\n---\n", 2,
                   "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "duplicate key": ("dupkey.md", brief("title: Again\n").encode(), 7,
                      "field 'title' is written twice (first at line 2) (keep one of them)"),
    "same slug": ("zz-same-slug.md", brief("slug: us-china-rare-earths-dispute-remains-"
                                           "unresolved\n").replace("2025-10-01", "2025-09-24")
                  .replace("2025-09-30", "2025-09-20")
                  .encode(), 1,
                  "writes to 2025/09/us-china-rare-earths-dispute-remains-unresolved/index.html,"
                  " as content/briefs/2025-09-24-us-china-rare-earths-dispute.md does"),
    "slug escaping": ("slug.md", brief("slug: ../../output-sibling/x\n").encode(), 7,
                      "slug: '../../output-sibling/x' is not a slug"),
    "save_as escaping": ("saveas.md", brief("save_as: ../output-sibling/x.html\n").encode(), 7,
                         "unknown field 'save_as'"),
    "over-long title": ("longtitle.md", brief(title="T" * 10_000).encode(), 2,
                        "title: is 10000 characters long (at most 200) (shorten it)"),
    "over-long slug": ("longslug.md", brief("slug: " + "a" * 120 + "\n").encode(), 7,
                       "slug: is 120 characters long (at most 80)"),
    "bidi override in title": ("bidi.md", brief(title='"Invoice \u202egnp.exe"').encode(), 2,
                               "title: contains the invisible character RIGHT-TO-LEFT OVERRIDE"),
    # Text repair removes zero-width junk before the reader sees it, and says where;
    # with TEXT_REPAIR = "off" the reader refuses it (tests/briefs/reader_cases.yaml).
    "zero-width in topic": ("zw.md", brief('topics: ["rare\u200bearths"]\n').encode(), 7,
                            'repaired zero_width: "\\u200b" → ""'),
    "zero-width in slug": ("zwslug.md", brief("slug: rare\u200b-earths\n").encode(), 7,
                           'repaired zero_width: "\\u200b" → ""'),
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    site = make_site(root)
    briefs = site / "content" / "briefs"
    for name, data, _line, _message in CASES.values():
        (briefs / name).write_bytes(data)
    outside = root / "outside.md"
    outside.write_text(brief(title="Outside"), "utf-8")
    (briefs / "link.md").symlink_to(outside)
    accepted = brief(title="Windows Line Endings").replace("\n", "\r\n")
    (briefs / "crlf.md").write_bytes(codecs.BOM_UTF8 + accepted.encode())
    return site


@pytest.fixture(scope="module")
def build_log(bad_site: Path) -> str:
    result = run_assay("build", cwd=bad_site)
    assert result.returncode == 0, "a development build goes on past bad briefs"
    assert (bad_site / "output" / GOOD).is_file(), "the good brief beside them is built"
    return result.stderr


@pytest.fixture(scope="module")
def check_report(bad_site: Path) -> str:
    result = run_assay("check", cwd=bad_site)
    assert result.returncode == 1
    return result.stdout


@pytest.mark.parametrize("label", CASES)
def test_bad_input_is_named_with_file_and_line(label: str, build_log: str, check_report: str,
                                               bad_site: Path) -> None:
    name, _data, line, message = CASES[label]
    prefix = f"content/briefs/{name}:{line}:"
    for report in (build_log, check_report):
        lines = [entry for entry in report.splitlines() if entry.startswith(prefix)]
        assert any(message in entry for entry in lines), (label, lines)
    assert "Traceback" not in build_log
    assert (bad_site / "output" / GOOD).is_file()


def test_symlink_outside_content_is_refused(build_log: str, bad_site: Path) -> None:
    assert ("content/briefs/link.md:1:1: error: the file is a link to a place outside the "
            "content folder") in build_log
    assert not list((bad_site / "output").rglob("outside*"))


def test_bom_and_crlf_are_simply_accepted(build_log: str, bad_site: Path) -> None:
    assert not [line for line in build_log.splitlines() if "crlf.md" in line and "error" in line]
    page = bad_site / "output" / "2025" / "10" / "windows-line-endings" / "index.html"
    assert "Windows Line Endings" in page.read_text("utf-8")


def test_nothing_is_written_outside_the_output_folder(build_log: str, bad_site: Path) -> None:
    # .cache holds the build's own cache of read briefs; nothing else is written beside
    # the output folder.
    siblings = sorted(p.name for p in bad_site.iterdir() if p.name != ".cache")
    assert siblings == ["content", "output", "pelicanconf.py", "plugins", "publishconf.py",
                        "theme"]


def test_strict_build_lists_every_error(bad_site: Path, build_log: str) -> None:
    result = run_assay("build", "--publish", cwd=bad_site)
    assert result.returncode == 1
    summary = result.stderr.split("strict build failed:")[1]
    for name, _data, line, _message in CASES.values():
        assert f"content/briefs/{name}:{line}:" in summary, name
