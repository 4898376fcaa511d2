"""How citations and briefs are written out: one house citation style, BibTeX, CSL-JSON, JSON-LD.

The house style names the author, the headline in quotation marks, the outlet
and the date written out, in that order::

    Hannah Collymore, “Headline,” Cryptopolitan, September 23, 2025.

Only http(s) URLs ever reach the output; anything else is left out.
"""

from __future__ import annotations

import datetime
import json
import re

from briefs.model import Brief, Citation

from .outlets import Registry, slugify
from .urls import clean_url, is_web_url

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_TEAM_WORDS = frozenset({"editorial", "staff", "desk", "team", "newsroom", "editors", "board",
                        "bureau", "reporters", "writers"})
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _day(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def long_date(value: datetime.date) -> str:
    """A date written out in English, whatever the locale.

    >>> long_date(datetime.date(2025, 9, 3))
    'September 3, 2025'
    """
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def join_names(names: list[str]) -> str:
    """Names joined as in running text.

    >>> join_names(["A"]), join_names(["A", "B"]), join_names(["A", "B", "C"])
    ('A', 'A and B', 'A, B, and C')
    """
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _inner_quotes(text: str) -> str:
    """Double quotation marks inside a headline turned into single ones."""
    text = text.replace("“", "‘").replace("”", "’")
    parts = text.split('"')
    return "".join(p + ("‘" if i % 2 == 0 else "’") for i, p in enumerate(parts[:-1])) + parts[-1]


def house_style(author: str | None, title: str | None, container: str,
                day: datetime.date | None) -> str:
    """One reference in the house style; each part is left out when missing.

    >>> house_style(None, "Is the deal off?", "Reuters", datetime.date(2025, 9, 2))
    '“Is the deal off?” Reuters, September 2, 2025.'
    """
    text = f"{' '.join(author.split())}, " if author and author.strip() else ""
    if title and title.strip():
        headline = _inner_quotes(" ".join(title.split()))
        text += f"“{headline}{'' if headline[-1] in '?!' else ','}” "
    text += " ".join(container.split())
    if day is not None:
        text += f", {long_date(day)}"
    return text if text.endswith(".") else text + "."


def citation_text(citation: Citation, registry: Registry | None = None) -> str:
    """A citation in the house style, the outlet's registered name used when known.

    >>> c = Citation("Cryptopolitan", datetime.date(2025, 9, 23), author="Hannah Collymore")
    >>> citation_text(c)
    'Hannah Collymore, Cryptopolitan, September 23, 2025.'
    >>> citation_text(Citation("Cryptopolitan", datetime.date(2025, 9, 23),
    ...               author="Hannah Collymore", title="Headline"))
    'Hannah Collymore, “Headline,” Cryptopolitan, September 23, 2025.'
    """
    publication = citation.publication if isinstance(citation.publication, str) else ""
    outlet = registry.canonical(publication) if registry else publication
    return house_style(citation.author, citation.title, outlet, _day(citation.date))


def bibtex_escape(text: str) -> str:
    """``text`` with the characters special to BibTeX and LaTeX escaped.

    >>> print(bibtex_escape("R&D: 50% {up} #1 a_b ~ ^ \\\\"))
    R\\&D: 50\\% \\{up\\} \\#1 a\\_b \\~{} \\^{} \\textbackslash{}
    """
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in " ".join(text.split()))


def _bibtex_url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def citation_key(brief: Brief, site_name: str) -> str:
    """A stable BibTeX and CSL key for a brief: the site, the year and the brief's slug.

    >>> from briefs.model import View
    >>> b = Brief("a.md", "Rare Earths: Still No Deal", datetime.datetime(2025, 9, 24), [], [],
    ...           View("", "", "", ""), "", 1)
    >>> citation_key(b, "Assay")
    'assay-2025-rare-earths-still-no-deal'
    """
    slug = brief.slug if brief.slug and slugify(brief.slug) == brief.slug else slugify(brief.title)
    slug = slug[:48].rstrip("-") or "brief"
    year = _day(brief.date).year if _day(brief.date) else "nd"
    return f"{slugify(site_name) or 'site'}-{year}-{slug}"


def cite_this_brief(brief: Brief, site_name: str, brief_url: str) -> dict[str, object]:
    """How to cite a brief: ``text`` (house style), ``bibtex`` and ``csl`` (CSL-JSON).

    The CSL item is a ``post-weblog``: a dated piece on a website that is not a
    newspaper or magazine. A brief without authors is credited to the site.
    """
    day = _day(brief.date)
    url = brief_url if is_web_url(brief_url) else None
    authors = [" ".join(a.split()) for a in brief.authors if a and a.strip()]
    text = house_style(join_names(authors) or None, brief.title, site_name, day)
    if url:
        text += f" {url}"
    key = citation_key(brief, site_name)

    def braced(name: str) -> str:
        escaped = bibtex_escape(name)
        return f"{{{escaped}}}" if "," in name or re.search(r"\sand\s", name, re.I) else escaped

    def entry(name: str, value: str) -> str:
        return f"  {name} = {{{value}}},"

    author_field = " and ".join(braced(a) for a in authors) or f"{{{bibtex_escape(site_name)}}}"
    lines = [
        f"@article{{{key},",
        entry("author", author_field),
        entry("title", f"{{{bibtex_escape(brief.title)}}}"),
        entry("journal", bibtex_escape(site_name)),
    ]
    if day:
        lines += [entry("year", str(day.year)),
                  f"  month = {_BIBTEX_MONTHS[day.month - 1]},",
                  entry("date", day.isoformat())]
    if url:
        lines.append(entry("url", _bibtex_url(url)))
    lines.append("}")

    item: dict[str, object] = {"id": key, "type": "post-weblog", "title": brief.title,
                               "container-title": site_name}
    item["author"] = [{"literal": a} for a in authors] or [{"literal": site_name}]
    if day:
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    if url:
        item["URL"] = url
    return {"text": text, "bibtex": "\n".join(lines) + "\n", "csl": [item]}


def _iso(value: object) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return None


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and is_web_url(url) else None


def _prune(value: object) -> object:
    """``value`` without None, empty strings, lists or mappings, at any depth."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_prune(v) for v in value) if v not in (None, "", [], {})]
    return value


def news_article(citation: Citation, registry: Registry | None = None) -> dict[str, object]:
    """A cited article as a schema.org ``NewsArticle``.

    The publisher's name is the registered one and its url the outlet's
    homepage when the registry knows the outlet; the archived copy is given as
    ``archivedAt``. Tracking parameters are removed from the article's URL.
    """
    publication = citation.publication if isinstance(citation.publication, str) else ""
    outlet = registry.lookup(publication) if registry and publication else None
    url = _web(citation.url)
    return _prune({
        "@type": "NewsArticle",
        "headline": citation.title,
        "author": {"@type": "Person", "name": citation.author} if citation.author else None,
        "publisher": {
            "@type": "Organization",
            "name": outlet.name if outlet else " ".join(publication.split()),
            "url": _web(outlet.homepage) if outlet else None,
        },
        "datePublished": _iso(_day(citation.date)),
        "url": clean_url(url) if url else None,
        "archivedAt": _web(citation.archive_url),
    })


def is_organization(name: str) -> bool:
    """Whether an author's name reads as a team rather than a person ("REEx Editorial").

    The last word decides (Editorial, Staff, Desk, Team, Newsroom, ...), so a
    person whose surname is one of those words would be taken for a team.

    >>> is_organization("REEx Editorial"), is_organization("News Desk")
    (True, True)
    >>> is_organization("Jane Doe")
    False
    """
    words = name.split()
    return len(words) > 1 and words[-1].casefold() in _TEAM_WORDS


def jsonld(
    brief: Brief,
    *,
    url: str,
    site_name: str,
    site_url: str,
    author_urls: dict[str, str] | None = None,
    registry: Registry | None = None,
) -> dict[str, object]:
    """The brief as schema.org ``AnalysisNewsArticle`` data, ready for :func:`jsonld_script`.

    Takes the brief, its URL, the site's name and URL, optionally a URL per
    author name and the outlet registry. The critiqued article (the first
    citation) is ``isBasedOn``; every citation is listed under ``citation``.
    Authors are people, except one named like the site (the site's
    organization) and team names such as "REEx Editorial" (see
    :func:`is_organization`); with no author the site is credited. URLs that
    are not http(s) are dropped.
    """
    author_urls = author_urls or {}
    site = {"@type": "Organization", "name": site_name, "url": _web(site_url)}
    authors = [
        site if name.strip() == site_name
        else {
            "@type": "Organization" if is_organization(name) else "Person",
            "name": " ".join(name.split()),
            "url": _web(author_urls.get(name)),
        }
        for name in brief.authors if name and name.strip()
    ] or [site]
    page = _web(url)
    cited = [news_article(c, registry) for c in brief.citations]
    return _prune({
        "@context": "https://schema.org",
        "@type": "AnalysisNewsArticle",
        "headline": brief.title,
        "description": brief.summary,
        "author": authors,
        "datePublished": _iso(brief.date),
        "dateModified": _iso(brief.updated or brief.date),
        "url": page,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page} if page else None,
        "publisher": site,
        "keywords": list(brief.topics),
        "isBasedOn": cited[0] if cited else None,
        "citation": cited,
    })


def jsonld_script(data: object) -> str:
    """A ``<script type="application/ld+json">`` element carrying ``data`` safely.

    ``<``, ``>`` and ``&`` (and the JavaScript line separators) are written as
    ``\\uXXXX`` escapes, so no value can close the element or open a comment.

    >>> print(jsonld_script({"a": "</script>"}))
    <script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>
    """
    text = json.dumps(data, ensure_ascii=False)
    # One replace a character: str.translate looks up every character of a text that is
    # not all ASCII in the table, some forty times slower.
    for character, escape in _SCRIPT_ESCAPES.items():
        if character in text:
            text = text.replace(character, escape)
    return f'<script type="application/ld+json">{text}</script>'
