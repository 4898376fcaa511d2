"""The brief contract: which fields a brief has, what each holds, and where it went wrong.

``read_brief(text, path, options)`` is the one entry point. It takes the whole
source text of a brief and gives a :class:`Reading`: the :class:`~briefs.model.Brief`
(or None when any error was found) and every problem, each with file, line,
column and a fix-it hint. It never raises for bad input.

The top-level fields are a table, :data:`BRIEF_FIELDS`, one processor per field
(as in Pelican's readers); nested fields (citation, view, corrections) have their
own small tables.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import fields
from .fields import FieldError
from .frontmatter import FrontMatterError, load_front_matter, split_front_matter
from .model import Brief, Citation, Correction, Highlight, LineMap, View
from .problems import Problem, did_you_mean

Render = Callable[[str], str]

DEFAULT_SECTIONS = (
    "The Facts That Hold",
    "The Framing That Falls Short",
    "Speculation and Blind Spots",
    "Why It Matters for Investors",
)

MIN_HIGHLIGHTS, MAX_HIGHLIGHTS = 2, 6


def _default_render() -> Render:
    from .render import Renderer

    return Renderer().field


def _strip_paragraph(rendered: str) -> str:
    """Inline HTML from a rendered single paragraph.

    >>> _strip_paragraph("<p>One <em>line</em></p>")
    'One <em>line</em>'
    """
    match = re.fullmatch(r"\s*<p>(.*)</p>\s*", rendered, re.DOTALL)
    return match.group(1) if match and "<p>" not in match.group(1) else rendered


@dataclass(frozen=True)
class BriefOptions:
    """Settings the contract depends on.

    ``view_label`` is the house label of the view callout ("REEx View");
    ``sections`` the house sections a brief is expected to have, in order;
    ``render`` turns Markdown into HTML.
    """

    view_label: str = "REEx View"
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    render: Render = field(default_factory=_default_render)


@dataclass
class Reading:
    """What reading one source gave: the brief (None on any error) and every problem."""

    brief: Brief | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


_MISSING = object()


class _Context:
    """Collects problems for one file and knows where each field stands."""

    def __init__(self, path: str, positions: dict[str, tuple[int, int]], line: int):
        self.path = path
        self.positions = positions
        self.line = line
        self.problems: list[Problem] = []
        self.absent: list[int] = []

    def at(self, key_path: str) -> tuple[int, int]:
        while key_path:
            if key_path in self.positions:
                return self.positions[key_path]
            key_path = key_path.rpartition(".")[0]
        return self.line, 1

    def report(self, key_path: str, message: str, hint: str | None = None,
               severity: str = "error") -> None:
        line, column = self.at(key_path)
        self.problems.append(Problem(self.path, line, column, severity, message, hint))  # type: ignore[arg-type]

    def missing(self, key_path: str, message: str, hint: str) -> None:
        """Report a required part that is absent (a warning in a draft, see read_brief)."""
        self.report(key_path, message, hint)
        self.absent.append(len(self.problems) - 1)

    def value(self, key_path: str, processor: Callable[[Any], Any], raw: Any) -> Any:
        """``processor(raw)``, or _MISSING after reporting why it failed."""
        try:
            return processor(raw)
        except FieldError as exc:
            self.report(key_path, f"{key_path}: {exc.message}", exc.hint)
            return _MISSING

    def unknown_keys(self, mapping: dict, known: list[str], prefix: str, where: str) -> None:
        for key in mapping:
            if key not in known:
                full = f"{prefix}.{key}" if prefix else key
                hint = did_you_mean(key, known) or f"the fields of {where} are: {', '.join(known)}"
                self.report(full, f"unknown field {full!r}", hint)


def _mapping(ctx: _Context, key_path: str, raw: Any) -> dict | None:
    if isinstance(raw, dict):
        return raw
    ctx.report(key_path, f"{key_path}: expected a mapping of fields, found "
               f"{fields.type_name(raw)}", "indent its fields under it, one 'name: value' a line")
    return None


def _required(ctx: _Context, mapping: dict, name: str, key_path: str, what: str) -> bool:
    if name in mapping and mapping[name] is not None:
        return True
    ctx.report(key_path, f"{what} has no {name!r}", f"add '{name}:' to it")
    return False


CITATION_FIELDS: dict[str, Callable[[Any], Any]] = {
    "author": fields.text,
    "publication": fields.text,
    "date": fields.date,
    "title": fields.text,
    "url": fields.url,
    "archive_url": fields.url,
    "accessed": fields.date,
    "archive": fields.text,
}


def _citation(ctx: _Context, key_path: str, raw: Any) -> Citation | None:
    mapping = _mapping(ctx, key_path, raw)
    if mapping is None:
        return None
    ctx.unknown_keys(mapping, list(CITATION_FIELDS), key_path, "a citation")
    values = {}
    for name, processor in CITATION_FIELDS.items():
        if mapping.get(name) is not None:
            value = ctx.value(f"{key_path}.{name}", processor, mapping[name])
            if value is not _MISSING:
                values[name] = value
    ok = _required(ctx, mapping, "publication", key_path, "the citation")
    ok = _required(ctx, mapping, "date", key_path, "the citation") and ok
    if mapping.get("author") is None and mapping.get("title") is None:
        ctx.report(key_path, "the citation has neither 'author' nor 'title'",
                   "add the author of the source, or its headline as 'title:'")
        ok = False
    if not ok or "publication" not in values or "date" not in values:
        return None
    positions = {name: ctx.at(f"{key_path}.{name}") for name in mapping}
    return Citation(line=ctx.at(key_path)[0], positions=LineMap(positions), **values)


def _citations(ctx: _Context, raw: Any) -> list[Citation]:
    if not isinstance(raw, list) or not raw:
        ctx.report("citations", "citations: expected a list of one or more citations",
                   "write one '- publication: ...' item per source")
        return []
    found = [_citation(ctx, f"citations.{i}", item) for i, item in enumerate(raw)]
    return [c for c in found if c is not None]


def _highlights(ctx: _Context, raw: Any, render: Render) -> list[Highlight]:
    if not isinstance(raw, list):
        ctx.report("highlights", f"highlights: expected a list, found {fields.type_name(raw)}",
                   "write one '- sentence' per line")
        return []
    if not MIN_HIGHLIGHTS <= len(raw) <= MAX_HIGHLIGHTS:
        ctx.report("highlights", f"highlights: {len(raw)} given, a brief has "
                   f"{MIN_HIGHLIGHTS} to {MAX_HIGHLIGHTS}",
                   "keep the strongest points, one sentence each")
    result = []
    for index, item in enumerate(raw):
        value = ctx.value(f"highlights.{index}", fields.text, item)
        if value is not _MISSING:
            result.append(Highlight(value, _strip_paragraph(render(value))))
    return result


def _view(ctx: _Context, raw: Any, label: str, render: Render) -> View | None:
    mapping = _mapping(ctx, "view", raw)
    if mapping is None:
        return None
    ctx.unknown_keys(mapping, ["title", "body"], "view", "the view")
    ok = _required(ctx, mapping, "title", "view", "the view")
    ok = _required(ctx, mapping, "body", "view", "the view") and ok
    if not ok:
        return None
    view_title = ctx.value("view.title", fields.title, mapping["title"])
    body = ctx.value("view.body", lambda v: fields.text(v, max_length=20_000), mapping["body"])
    if view_title is _MISSING or body is _MISSING:
        return None
    return View(label=label, title=view_title, body=body, html=render(body))


def _corrections(ctx: _Context, raw: Any, render: Render) -> list[Correction]:
    if not isinstance(raw, list):
        ctx.report("corrections", "corrections: expected a list",
                   "write one '- date: ...' / '  note: ...' item per correction")
        return []
    result = []
    for index, item in enumerate(raw):
        key_path = f"corrections.{index}"
        mapping = _mapping(ctx, key_path, item)
        if mapping is None:
            continue
        ctx.unknown_keys(mapping, ["date", "note"], key_path, "a correction")
        if not (_required(ctx, mapping, "date", key_path, "the correction")
                & _required(ctx, mapping, "note", key_path, "the correction")):
            continue
        when = ctx.value(f"{key_path}.date", fields.date, mapping["date"])
        note = ctx.value(f"{key_path}.note", fields.text, mapping["note"])
        if when is not _MISSING and note is not _MISSING:
            result.append(Correction(when, note, _strip_paragraph(render(note))))
    return result


#: The top-level fields of a brief: name → (required, processor). Fields whose
#: processor is None are handled by a function of their own below.
BRIEF_FIELDS: dict[str, tuple[bool, Callable[[Any], Any] | None]] = {
    "title": (True, fields.title),
    "date": (True, fields.moment),
    "updated": (False, fields.moment),
    "authors": (False, lambda v: fields.text_list(v, visible=True)),
    "author": (False, lambda v: fields.text_list(v, visible=True)),
    "topics": (False, lambda v: fields.text_list(v, visible=True)),
    "summary": (False, lambda v: fields.text(v, max_length=500)),
    "highlights": (True, None),
    "citation": (False, None),
    "citations": (False, None),
    "view": (True, None),
    "corrections": (False, None),
    "status": (False, lambda v: fields.one_of(v, ("published", "draft"))),
    "slug": (False, fields.slug),
    "review": (False, lambda v: fields.text_list(v, max_length=500)),
}


def read_brief(text: str, path: str, options: BriefOptions | None = None) -> Reading:
    """Read one brief's source text; never raises for bad input.

    >>> reading = read_brief("---\\ntitel: A\\ndate: 2025-02-30\\n---\\n", "a.md")
    >>> for problem in reading.problems[:3]:
    ...     print(problem.format())
    a.md:2:1: error: missing required field 'highlights' (add 'highlights:' to the front matter)
    a.md:2:1: error: missing required field 'title' (add 'title:' to the front matter)
    a.md:2:1: error: missing required field 'view' (add 'view:' to the front matter)
    >>> for problem in reading.problems[3:6]:
    ...     print(problem.format())
    a.md:2:1: error: missing the citation of the critiqued article (add 'citation:' with \
author, publication and date)
    a.md:2:1: error: unknown field 'titel' (did you mean 'title'?)
    a.md:3:1: error: date: impossible date 2025-02-30: day is out of range for month \
(check the day and month)
    """
    options = options or BriefOptions()
    try:
        split = split_front_matter(text, path)
        loaded = load_front_matter(split, path)
    except FrontMatterError as exc:
        return Reading(None, [exc.problem])
    ctx = _Context(path, loaded.positions, split.yaml_line)
    data = loaded.data
    ctx.unknown_keys(data, list(BRIEF_FIELDS), "", "a brief")

    values: dict[str, Any] = {}
    for name, (required, processor) in BRIEF_FIELDS.items():
        if data.get(name) is None:
            if required:
                ctx.missing("", f"missing required field {name!r}",
                            f"add '{name}:' to the front matter")
            continue
        if processor is not None:
            value = ctx.value(name, processor, data[name])
            if value is not _MISSING:
                values[name] = value

    if "author" in data and "authors" in data:
        ctx.report("author", "both 'author' and 'authors' are given", "keep 'authors'")
    authors = values.get("authors", values.get("author", []))

    if data.get("citation") is not None and data.get("citations") is not None:
        ctx.report("citations", "both 'citation' and 'citations' are given",
                   "keep one: 'citations' holds a list")
    citations: list[Citation] = []
    if data.get("citation") is not None:
        found = _citation(ctx, "citation", data["citation"])
        citations = [found] if found else []
    elif data.get("citations") is not None:
        citations = _citations(ctx, data["citations"])
    else:
        ctx.missing("", "missing the citation of the critiqued article",
                    "add 'citation:' with author, publication and date")

    highlights = _highlights(ctx, data["highlights"], options.render) if data.get(
        "highlights") is not None else []
    view = _view(ctx, data["view"], options.view_label, options.render) if data.get(
        "view") is not None else None
    corrections = _corrections(ctx, data["corrections"], options.render) if data.get(
        "corrections") is not None else []

    if "date" in values and "updated" in values and (
            _naive(values["updated"]) < _naive(values["date"])):
        ctx.report("updated", "updated: is before the brief's date",
                   "an update comes after the date of the brief")
    for citation in citations:
        if "date" in values and citation.date > values["date"].date():
            ctx.report(f"citation{'' if 'citation' in data else 's'}",
                       f"the cited article's date {citation.date} is after the brief's date "
                       f"{values['date'].date()}", "a brief critiques an article already out")

    review = values.get("review", [])
    for index, note in enumerate(review):
        ctx.report(f"review.{index}", f"needs review: {note}",
                   "resolve it, then remove the note", severity="warning")
    draft = values.get("status") == "draft"
    if review and not draft:
        ctx.report("review", "a published brief still has review notes",
                   "resolve them and remove 'review:', or set 'status: draft'")
    if draft:
        # A draft may be incomplete: what is missing is said, but is no error.
        for index in ctx.absent:
            problem = ctx.problems[index]
            ctx.problems[index] = Problem(problem.path, problem.line, problem.column, "warning",
                                          f"draft: {problem.message}", problem.hint)

    ctx.problems.extend(_body_problems(split.body, split.body_line, path, options))
    if (any(p.severity == "error" for p in ctx.problems) or view is None
            or not highlights or not citations):
        return Reading(None, sorted(ctx.problems))
    brief = Brief(
        path=path,
        title=values["title"],
        date=values["date"],
        highlights=highlights,
        citations=citations,
        view=view,
        body=split.body,
        body_line=split.body_line,
        updated=values.get("updated"),
        authors=authors,
        topics=values.get("topics", []),
        summary=values.get("summary"),
        corrections=corrections,
        status=values.get("status", "published"),
        slug=values.get("slug"),
        lines=LineMap(loaded.positions),
    )
    return Reading(brief, sorted(ctx.problems))


def _naive(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` without its zone (converted to UTC first), so any two compare.

    >>> _naive(datetime.datetime.fromisoformat("2025-09-24T08:30+02:00"))
    datetime.datetime(2025, 9, 24, 6, 30)
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


def headings(body: str) -> list[tuple[int, int, str]]:
    """The ATX headings of a Markdown body as (line offset, level, text), outside code.

    >>> headings("Lede.\\n\\n## One\\n```\\n## not\\n```\\n### Two ##\\n")
    [(2, 2, 'One'), (6, 3, 'Two')]
    """
    found = []
    fence = None
    for offset, line in enumerate(body.splitlines()):
        marker = _FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif marker.group(1)[0] == fence:
                fence = None
            continue
        if fence is None and (match := _HEADING.match(line)):
            found.append((offset, len(match.group(1)), match.group(2)))
    return found


def _body_problems(body: str, body_line: int, path: str, options: BriefOptions) -> list[Problem]:
    problems = []
    found = headings(body)
    lede = body.splitlines()[: found[0][0]] if found else body.splitlines()
    if not "".join(lede).strip():
        problems.append(Problem(path, body_line, 1, "warning", "the brief has no lede",
                                "write the opening paragraph before the first section"))
    titles = [title.casefold() for _, level, title in found if level == 2]
    for section in options.sections:
        if section.casefold() not in titles:
            problems.append(Problem(path, body_line, 1, "warning",
                                    f"house section {section!r} is missing",
                                    f"add a heading '## {section}'"))
    return problems


def today() -> datetime.date:
    """Today's date (a seam for tests)."""
    return datetime.date.today()


#: The fields of a plain page (About, How we check briefs): name → (required, processor).
PAGE_FIELDS: dict[str, tuple[bool, Callable[[Any], Any]]] = {
    "title": (True, fields.title),
    "summary": (False, lambda v: fields.text(v, max_length=500)),
    "slug": (False, fields.slug),
    "status": (False, lambda v: fields.one_of(v, ("published", "hidden", "draft"))),
    "date": (False, fields.moment),
    "updated": (False, fields.moment),
}


@dataclass
class PageReading:
    """What reading a page gave: its fields and body (None on any error), and problems."""

    values: dict[str, Any] | None
    body: str
    problems: list[Problem] = field(default_factory=list)


def read_page(text: str, path: str) -> PageReading:
    """Read a plain page: front matter per :data:`PAGE_FIELDS`, then Markdown.

    >>> read_page("---\\ntitle: About\\n---\\nWho we are.\\n", "about.md").values
    {'title': 'About'}
    """
    try:
        split = split_front_matter(text, path)
        loaded = load_front_matter(split, path)
    except FrontMatterError as exc:
        return PageReading(None, "", [exc.problem])
    ctx = _Context(path, loaded.positions, split.yaml_line)
    ctx.unknown_keys(loaded.data, list(PAGE_FIELDS), "", "a page")
    values = {}
    for name, (required, processor) in PAGE_FIELDS.items():
        if loaded.data.get(name) is None:
            if required:
                ctx.report("", f"missing required field {name!r}",
                           f"add '{name}:' to the front matter")
            continue
        value = ctx.value(name, processor, loaded.data[name])
        if value is not _MISSING:
            values[name] = value
    if ctx.problems:
        return PageReading(None, split.body, sorted(ctx.problems))
    return PageReading(values, split.body)
