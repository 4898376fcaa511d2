"""``assay import``: turn sources into brief files, and say what still needs a human.

``import_sources(sources, options)`` takes files (plain text, HTML or a WordPress
export) and gives an :class:`Outcome`: what was imported where, what was skipped and
why, and which new briefs need attention and for what. Existing files are never
overwritten.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..sourcefile import brief_source, write_atomic, write_new
from .article import Article, default_date, derive_title, parse_article
from .html import html_to_markdown
from .wxr import Post, is_wxr, read_wxr

Repair = Callable[[str], str]


@dataclass
class ImportOptions:
    """How to import: where to, the house settings, and what the author decided.

    ``author`` (from ``--author``) overrides every source's own author;
    ``default_author`` (the site's ``AUTHOR``) is used where a source names none.
    """

    into: Path
    sections: Sequence[str]
    view_label: str
    slugify: Callable[[str], str]
    article_url: str = "{date:%Y}/{date:%m}/{slug}/"
    author: str | None = None
    default_author: str | None = None
    title: str | None = None
    date: datetime.date | None = None
    include_drafts: bool = False
    include_pages: bool = False
    redirects: Path | None = None
    repair: Repair = field(default=lambda text: text)


@dataclass
class Outcome:
    """What an import did."""

    imported: list[tuple[str, Path]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    attention: list[tuple[Path, list[str]]] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """A plain report: counts, then each skipped source and each brief to review."""
        lines = [f"imported {len(self.imported)}, skipped {len(self.skipped)}, "
                 f"needs attention {len(self.attention)}"]
        lines += [f"  imported: {source} -> {path}" for source, path in self.imported]
        lines += [f"  skipped: {source}: {why}" for source, why in self.skipped]
        for path, notes in self.attention:
            lines.append(f"  needs attention: {path}")
            lines += [f"    - {note}" for note in notes]
        return "\n".join(lines)


def _fields_from_article(article: Article, *, title: str | None, date: datetime.date | None,
                         author: str | None, topics: list[str], notes: list[str]
                         ) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": title, "date": date}
    if author:
        fields["authors"] = [author]
    fields["topics"] = topics
    if not topics:
        notes.append("Add topics.")
    if article.highlights:
        fields["highlights"] = article.highlights
    citation = article.citation
    if citation is not None:
        fields["citation"] = {k: v for k, v in (
            ("author", citation.author), ("publication", citation.publication),
            ("date", citation.date), ("title", citation.title)) if v}
    if article.view_title:
        fields["view"] = {"title": article.view_title,
                          "body": "\n\n".join(article.view_body) + "\n"}
    return fields


def _write(fields: dict[str, Any], body: str, notes: list[str], source: str,
           options: ImportOptions, outcome: Outcome, *, slug: str | None = None) -> Path | None:
    fields["status"] = "draft" if notes else fields.get("status", "published")
    if notes:
        fields["review"] = notes
    name_slug = slug or options.slugify(fields["title"])
    if slug:
        fields["slug"] = slug
    path = options.into / f"{fields['date']:%Y-%m-%d}-{name_slug}.md"
    if not write_new(path, brief_source(fields, body)):
        outcome.skipped.append((source, f"{path} exists; nothing was overwritten"))
        return None
    outcome.imported.append((source, path))
    if notes:
        outcome.attention.append((path, notes))
    return path


def import_article(path: Path, options: ImportOptions, outcome: Outcome) -> None:
    """Import one article file (text, or HTML when it looks like HTML)."""
    raw = path.read_text("utf-8", errors="replace")
    is_html = path.suffix.lower() in (".html", ".htm") or raw.lstrip().startswith("<")
    text = options.repair(html_to_markdown(raw) if is_html else raw)
    article = parse_article(text, sections=options.sections, view_label=options.view_label)
    notes = list(article.notes)
    title = options.title or derive_title(" ".join(article.lede))
    if not options.title:
        notes.append("The title was derived from the lede; check it." if title
                     else "No title could be derived; write one.")
        title = title or path.stem.replace("_", " ")
    date = options.date or default_date(article.citation)
    if not options.date:
        notes.append("The date was set to the day after the cited article; set the date of "
                     "publication." if date else "No date could be derived; set one.")
        date = date or datetime.date.today()
    fields = _fields_from_article(article, title=title, date=date,
                                  author=options.author or options.default_author,
                                  topics=[], notes=notes)
    _write(fields, article.body(), notes, str(path), options, outcome)


def _import_post(post: Post, source: str, options: ImportOptions, outcome: Outcome) -> None:
    label = f"{source}: {post.title or post.slug or '(untitled)'}"
    if post.post_type == "attachment":
        outcome.skipped.append((label, "an attachment"))
        return
    if post.post_type == "page" and not options.include_pages:
        outcome.skipped.append((label, "a page (use --include-pages)"))
        return
    if post.post_type not in ("post", "page"):
        outcome.skipped.append((label, f"a {post.post_type}"))
        return
    if post.status != "publish" and not options.include_drafts:
        outcome.skipped.append((label, f"status {post.status} (use --include-drafts)"))
        return
    if post.date is None:
        outcome.skipped.append((label, "it has no date"))
        return
    markdown = options.repair(html_to_markdown(post.html))
    article = parse_article(markdown, sections=options.sections, view_label=options.view_label)
    structured = article.view_title is not None and article.citation is not None
    notes = list(article.notes) if structured else [
        "Not in the house format: add highlights, the view and the citation, and split the "
        "text into the house sections."]
    title = options.repair(post.title) or derive_title(" ".join(article.lede)) or post.slug
    topics = list(dict.fromkeys(options.repair(t) for t in post.categories + post.tags
                                if t.lower() != "uncategorized"))
    fields = _fields_from_article(article, title=title, date=post.date.date(),
                                  author=options.author or post.author
                                  or options.default_author, topics=topics,
                                  notes=notes)
    if post.status != "publish":
        notes.append(f"It was a {post.status} in WordPress.")
    body = article.body() if structured else markdown + "\n"
    slug = options.slugify(post.slug) if post.slug else None
    path = _write(fields, body, notes, label, options, outcome, slug=slug)
    if path is not None and post.link:
        new = options.article_url.format(date=post.date, slug=slug or options.slugify(title))
        outcome.redirects[post.link] = "/" + new


def import_sources(sources: Sequence[Path], options: ImportOptions) -> Outcome:
    """Import every source (see the module docstring)."""
    outcome = Outcome()
    for source in sources:
        if not source.is_file():
            outcome.skipped.append((str(source), "no such file"))
        elif is_wxr(source):
            for post in read_wxr(source):
                _import_post(post, str(source), options, outcome)
        else:
            import_article(source, options, outcome)
    if outcome.redirects and options.redirects is not None:
        existing = {}
        if options.redirects.exists():
            existing = yaml.safe_load(options.redirects.read_text("utf-8")) or {}
        existing.update(outcome.redirects)
        write_atomic(options.redirects,
                     "# Old URLs of imported posts -> their new URLs on this site.\n"
                     + yaml.safe_dump(existing, allow_unicode=True, sort_keys=True))
    return outcome
