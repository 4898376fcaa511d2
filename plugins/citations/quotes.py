"""Direct quotations in a brief, checked against archived copies of their sources.

:func:`extract_quotes` finds the quotations an author wrote; :func:`load_archive`
reads a saved source (plain text, or HTML reduced to its article text);
:func:`verify_quote` says whether a quotation occurs in a source, ignoring quote
and dash styles, whitespace, case and Unicode compatibility forms, and if not,
which passage comes closest; :func:`check_quotes` does all of it for a brief.

An ellipsis (``...`` or ``…``) or a bracketed insertion (``[the firm]``) inside a
quotation marks an editorial cut: the parts around it must occur in order.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from briefs.model import Brief
from briefs.problems import Problem

from .markdown_text import Locator, mask

_CURLY = re.compile(r"“((?:[^“”\n]|\n(?![ \t]*\n))+?)”")
# Led by the quotation mark, with the look behind it after (see markdown_text._INLINE_LINK).
_STRAIGHT = re.compile(r'"(?<![\w"]")(?=[^\s"])((?:[^"\n]|\n(?![ \t]*\n))+?)(?<=\S)"(?!\w)')
# Stands in for Markdown markup characters inside a quotation until they are dropped.
_DELETED = "\x00"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
_EDGE = " \"'.,;:!?-"
_CUT = re.compile(r"\.{3,}|\[[^\]]*\]")
_TOKEN = re.compile(r"\w+")

_JUNK = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
         "form", "iframe", "svg", "button")
_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "section", "article", "main", "figure", "figcaption", "pre", "table", "tr", "td",
           "th", "dd", "dt", "dl", "hr")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: Most candidate windows compared in full when looking for the closest passage.
CANDIDATES = 12
HINT_LENGTH = 120


@dataclass(frozen=True)
class Quote:
    """A direct quotation: its text (whitespace collapsed) and the line and column of its
    opening quotation mark."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Verdict:
    """Whether a quotation was found, how similar the closest passage is (0..1), and that
    passage as written in the source ("" when nothing is alike)."""

    found: bool
    similarity: float
    closest: str


def word_count(text: str) -> int:
    """How many words ``text`` has (a word with an apostrophe counts once).

    >>> word_count("I don’t think so.")
    4
    """
    return len(_WORD.findall(text))


def extract_quotes(
    markdown: str, *, first_line: int = 1, min_words: int = 4, first_column: int = 1
) -> list[Quote]:
    """The direct quotations of ``min_words`` words or more in ``markdown``, in order.

    A quotation is text inside curly (“ ”) or straight (" ") double quotes, within
    one paragraph, outside code, link targets and HTML tags. A straight-quoted
    passage inside a curly-quoted one is not a quotation of its own.
    ``first_line`` and ``first_column`` say where the text starts in its file.

    >>> extract_quotes('Intro.\\nHe said “we will not back down now” and "no."')
    [Quote(text='we will not back down now', line=2, column=9)]
    >>> extract_quotes('`"a b c d e"` and <a title="a b c d e">x</a>')
    []
    """
    text = mask(markdown, markup=_DELETED)
    locate = Locator(text, first_line, first_column)
    spans: list[tuple[int, str]] = []
    curly = [(m.start(), m.end(), m.group(1)) for m in _CURLY.finditer(text)]
    spans.extend((start, inner) for start, _, inner in curly)
    for match in _STRAIGHT.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in curly):
            spans.append((match.start(), match.group(1)))
    quotes = []
    for start, inner in sorted(spans):
        words = " ".join(inner.replace(_DELETED, "").split())
        if word_count(words) >= min_words:
            quotes.append(Quote(words, *locate.at(start)))
    return quotes


def html_text(markup: str | bytes) -> str:
    """The article text of an HTML page, one block per line.

    The text comes from the longest ``<article>``, else ``<main>``, else the
    body; scripts, styles, navigation, headers, footers, asides and forms are
    dropped.

    >>> html_text("<nav>Home</nav><main><p>One <b>two</b></p><p>Three</p></main>")
    'One two\\nThree'
    """
    # Imported here: a build whose briefs are all taken from the cache never parses an
    # archived page, and Beautiful Soup takes a tenth of a second to import.
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_JUNK):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    articles = soup.find_all("article")
    if articles:
        root = max(articles, key=lambda tag: len(tag.get_text()))
    else:
        root = soup.find("main") or soup.body or soup
    for string in root.find_all(string=True):
        string.replace_with(re.sub(r"\s+", " ", str(string)))
    for tag in root.find_all("br"):
        tag.replace_with("\n")
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in root.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def load_archive(path: Path) -> str:
    """The text of an archived source: a text file as is, an HTML file as its article text.

    A file is read as HTML when its name ends in ``.html``/``.htm``/``.xhtml`` or
    it starts like an HTML document. Raises OSError when the file cannot be read
    and UnicodeDecodeError when a text file is not UTF-8.
    """
    data = path.read_bytes()
    head = data[:512].lstrip().lower()
    if path.suffix.lower() in _HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return html_text(data)
    return data.decode("utf-8-sig")


@dataclass(frozen=True)
class Source:
    """A source text prepared for matching: folded once, reused for every quotation.

    ``folded`` is the text with quote and dash styles unified, case folded, NFKC
    applied and whitespace runs collapsed; ``origin[i]`` is the index in ``text``
    (the NFC form of the source) that ``folded[i]`` came from.
    """

    text: str
    folded: str
    origin: list[int] = field(repr=False)
    tokens: list[tuple[str, int, int]] = field(repr=False)
    positions: dict[str, list[int]] = field(repr=False)

    @classmethod
    def of(cls, source_text: str) -> Source:
        """The source ``source_text``, prepared."""
        text = unicodedata.normalize("NFC", source_text)
        folded, origin = fold(text)
        tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        positions: dict[str, list[int]] = defaultdict(list)
        for index, (word, _, _) in enumerate(tokens):
            positions[word].append(index)
        return cls(text, folded, origin, tokens, dict(positions))

    def passage(self, start: int, end: int) -> str:
        """The source as written behind ``folded[start:end]``, whitespace collapsed."""
        if end <= start:
            return ""
        return " ".join(self.text[self.origin[start] : self.origin[end - 1] + 1].split())


def folded_pieces(char: str) -> str:
    """One character in matching form: NFKC and case folded, each quote mark written as
    ' or " and each dash as -, format characters dropped.

    >>> folded_pieces("Ŀ"), folded_pieces("’"), folded_pieces("\\u200b")
    ('l·', "'", '')
    """
    return "".join(_FOLD.get(piece, piece)
                   for piece in unicodedata.normalize("NFKC", char).casefold()
                   if unicodedata.category(piece) != "Cf")


#: :func:`folded_pieces` of each character folded so far (a text has few distinct ones).
_PIECES: dict[str, str] = {}


def fold(text: str, pieces_of: Callable[[str], str] | None = None) -> tuple[str, list[int]]:
    """``text`` in matching form, and for each of its characters the index it came from.

    Writes each character as :func:`folded_pieces` does (``pieces_of``, when given,
    instead of its remembered results), collapses whitespace to one space and drops it
    next to a dash. Where each character of ``text`` is written as one character (as in
    most texts), the text is translated and its words joined at once; else each
    character is folded in turn (:func:`_fold_each`), with the same result.

    >>> fold("“Rare  Earths” — DON’T")[0]
    '"rare earths"-don\\'t'
    >>> fold("  Straße ﬁnal  ") == _fold_each("  Straße ﬁnal  ", folded_pieces)
    True
    """
    known = _PIECES if pieces_of is None else {}
    work = pieces_of or folded_pieces
    table: dict[int, str] = {}
    one_each = True
    for char in set(text):
        pieces = known.get(char)
        if pieces is None:
            pieces = known[char] = work(char)
        one_each = one_each and len(pieces) == 1
        if pieces != char:
            table[ord(char)] = pieces
    if not one_each:
        return _fold_each(text, known.__getitem__)
    written = text.translate(table) if table else text
    chars: list[str] = []
    origin: list[int] = []
    for word in _NOT_SPACE.finditer(written):
        start, end = word.span()
        if chars and written[start] != "-" and chars[-1][-1] != "-":
            chars.append(" ")
            origin.append(start)
        chars.append(word.group())
        origin.extend(range(start, end))
    return "".join(chars), origin


#: A run of characters that are not whitespace (as :meth:`str.isspace` says).
_NOT_SPACE = re.compile(r"\S+")


def _fold_each(text: str, pieces_of: Callable[[str], str]) -> tuple[str, list[int]]:
    """:func:`fold`, one character after another, each written as ``pieces_of`` gives."""
    chars: list[str] = []
    origin: list[int] = []
    space = False
    for index, char in enumerate(text):
        for piece in pieces_of(char):
            if piece.isspace():
                space = bool(chars)
                continue
            if space and piece != "-" and chars[-1] != "-":
                chars.append(" ")
                origin.append(index)
            space = False
            chars.append(piece)
            origin.append(index)
    return "".join(chars), origin


def _fragments(quote: str) -> list[str]:
    """The folded parts of a quotation between editorial cuts, edges trimmed."""
    folded, _ = fold(unicodedata.normalize("NFC", quote))
    parts = (part.strip(_EDGE) for part in _CUT.split(folded))
    return [part for part in parts if part]


def _bounded(fragment: str) -> re.Pattern[str]:
    before = r"(?<!\w)" if fragment[0].isalnum() else ""
    after = r"(?!\w)" if fragment[-1].isalnum() else ""
    return re.compile(before + re.escape(fragment) + after)


def _find(fragments: list[str], source: Source) -> tuple[int, int] | None:
    """Where the fragments occur in order in the folded source, or None."""
    position = 0
    start = None
    for fragment in fragments:
        match = _bounded(fragment).search(source.folded, position)
        if match is None:
            return None
        start = match.start() if start is None else start
        position = match.end()
    return (start, position) if start is not None else None


def _closest(key: str, source: Source) -> tuple[float, int, int]:
    """The similarity, start and end (folded offsets) of the source window nearest ``key``.

    Candidate windows are anchored on words the quotation shares with the source:
    each shared word votes for the window start that would align it; only the
    best-voted starts are compared in full with difflib.
    """
    words = _TOKEN.findall(key)
    tokens = source.tokens
    if not words or not tokens:
        return 0.0, 0, 0
    votes: Counter[int] = Counter()
    for offset, word in enumerate(words):
        for index in source.positions.get(word, ()):
            votes[max(0, index - offset)] += 1
    if not votes:
        return 0.0, 0, 0
    starts = {s + d for s, _ in votes.most_common(CANDIDATES) for d in (-1, 0, 1)}
    size = len(words)
    best = (0.0, 0, 0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    for start in sorted(s for s in starts if 0 <= s < len(tokens)):
        for length in range(max(1, size - 2), size + 3):
            end = min(len(tokens), start + length) - 1
            first, last = tokens[start][1], tokens[end][2]
            matcher.set_seq1(source.folded[first:last])
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, first, last)
    return best


def verify_quote(quote: Quote | str, source: Source | str) -> Verdict:
    """Whether ``quote`` occurs in ``source`` and, if not, the closest passage.

    Takes a quotation (a :class:`Quote` or its text) and a source text (or a
    prepared :class:`Source`). Gives a :class:`Verdict`: when found, similarity
    1.0 and the passage matched; otherwise the most similar window of about
    the quotation's length and its similarity.

    >>> verify_quote("Rare earths are not a bargaining chip.",
    ...              "He said: ‘RARE EARTHS ARE NOT A BARGAINING CHIP,’ twice.")
    Verdict(found=True, similarity=1.0, closest='RARE EARTHS ARE NOT A BARGAINING CHIP')
    >>> verify_quote("rare earths are a bargaining chip", "Rare earths are not a bargaining chip.")
    Verdict(found=False, similarity=0.9429, closest='Rare earths are not a bargaining chip')
    """
    text = quote.text if isinstance(quote, Quote) else quote
    prepared = source if isinstance(source, Source) else Source.of(source)
    fragments = _fragments(text)
    if not fragments:
        return Verdict(False, 0.0, "")
    span = _find(fragments, prepared)
    if span is not None:
        return Verdict(True, 1.0, prepared.passage(*span))
    similarity, start, end = _closest(" ".join(fragments), prepared)
    return Verdict(False, round(similarity, 4), prepared.passage(start, end))


def shorten(text: str, limit: int = HINT_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with … when cut.

    >>> shorten("one two three", 9)
    'one two…'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def brief_quotes(brief: Brief, *, min_words: int = 4) -> list[Quote]:
    """The quotations in a brief's highlights and body, each placed in the source file."""
    quotes: list[Quote] = []
    for index, highlight in enumerate(brief.highlights):
        line, column = brief.lines.get(f"highlights.{index}", (0, 1))
        quotes += extract_quotes(highlight.text, first_line=line, first_column=column,
                                 min_words=min_words)
    quotes += extract_quotes(brief.body, first_line=brief.body_line, min_words=min_words)
    return quotes


def resolve_archive(archive: object, content_root: Path) -> tuple[Path | None, str | None]:
    """The file an ``archive`` field names under ``content_root``, or why it cannot be used.

    Gives (path, None) for an existing file inside the content folder, else (None,
    reason): an absolute path, a ``..`` step, a symbolic link leading outside, or
    a missing file.
    """
    if not isinstance(archive, str) or not archive.strip():
        return None, "archive must be a path relative to the content folder"
    if (PurePosixPath(archive).is_absolute() or PureWindowsPath(archive).is_absolute()
            or PureWindowsPath(archive).drive or archive.startswith(("/", "\\"))):
        return None, f"archive path {archive!r} is absolute; make it relative to the content folder"
    if ".." in PureWindowsPath(archive).parts:
        return None, f"archive path {archive!r} leaves the content folder"
    root = content_root.resolve()
    try:
        real = (content_root / archive).resolve()
    except (OSError, RuntimeError) as error:
        return None, f"archive path {archive!r} cannot be resolved ({error})"
    if not real.is_relative_to(root):
        return None, f"archive path {archive!r} leads outside the content folder"
    if not real.is_file():
        return None, f"archive file not found: {archive}"
    return real, None


def check_quotes(brief: Brief, *, content_root: Path, require_archive: bool) -> list[Problem]:
    """Every problem with the brief's quotations and the archived copies they rest on.

    Takes a brief and the content folder its ``archive`` paths are relative to.
    Gives an error for each quotation found in none of the archived sources
    (with the closest passage and its similarity as a hint), an error for each
    unusable ``archive`` path, and, when the brief quotes but no citation has an
    archive, one warning "quotes unverified" (an error when ``require_archive``).
    """
    quotes = brief_quotes(brief)
    if not quotes:
        return []
    archived = [c for c in brief.citations if c.archive is not None]
    if not archived:
        first = brief.citations[0] if brief.citations else None
        line, column = (quotes[0].line, quotes[0].column)
        if first is not None and first.line:
            line, column = first.line, 1
        return [Problem(
            brief.path, line, column, "error" if require_archive else "warning",
            "quotes unverified: no archived copy of the source",
            f"{len(quotes)} quotation(s), the first on line {quotes[0].line}; "
            "add archive: <path in the content folder> to the citation",
        )]

    problems: list[Problem] = []
    sources: list[Source] = []
    for citation in archived:
        line, column = citation.positions.get("archive", (citation.line, 1))
        path, reason = resolve_archive(citation.archive, content_root)
        if path is None:
            problems.append(Problem(brief.path, line, column, "error", str(reason)))
            continue
        try:
            sources.append(Source.of(load_archive(path)))
        except (OSError, UnicodeError) as error:
            problems.append(Problem(brief.path, line, column, "error",
                                    f"cannot read archive {citation.archive}: {error}"))
    if not sources:
        return problems

    for quote in quotes:
        verdicts = [verify_quote(quote, source) for source in sources]
        if any(v.found for v in verdicts):
            continue
        best = max(verdicts, key=lambda v: v.similarity)
        hint = (
            f"closest passage ({best.similarity:.0%} similar): “{shorten(best.closest)}”"
            if best.closest else "no similar passage in the source"
        )
        problems.append(Problem(brief.path, quote.line, quote.column, "error",
                                "quotation not found in the archived source", hint))
    return problems
