"""Where sources are written: collisions between them, and paths that leave the output.

Two sources that would be written to the same file (the same slug and date, or a
page that takes a path the site itself uses) are an error naming both files; the
first (by path) is kept, the others are skipped. A path that would leave the
output folder is an error and the source is skipped.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from .problems import Problem

#: First path segments the site itself writes; a page may not take them.
RESERVED = frozenset({"archives", "topics", "authors", "outlets", "feeds", "search",
                      "pagefind", "theme", "index.html", "404.html", "sitemap.xml",
                      "robots.txt", "drafts"})


def escapes_output(save_as: str) -> bool:
    """True when ``save_as`` would be written outside the output folder.

    >>> escapes_output("2025/09/a/index.html"), escapes_output("../sibling/x.html")
    (False, True)
    >>> escapes_output("/etc/x.html"), escapes_output("a/../../x.html")
    (True, True)
    """
    if not save_as or save_as.startswith(("/", "\\")) or ":" in save_as.split("/")[0]:
        return bool(save_as)
    normal = posixpath.normpath(save_as.replace("\\", "/"))
    return normal == ".." or normal.startswith("../")


def collisions(items: Iterable[tuple[str, str]], *, reserved: frozenset[str] = frozenset()
               ) -> tuple[set[str], list[Problem]]:
    """Sources to skip, and the problems, for ``items`` of (source path, save_as).

    >>> skip, problems = collisions([("b.md", "x/index.html"), ("a.md", "x/index.html")])
    >>> skip, [p.format() for p in problems]
    ({'b.md'}, ["b.md:1:1: error: writes to x/index.html, as a.md does (give one of \
them another 'slug:' or title)"])
    >>> collisions([("p.md", "archives/index.html")], reserved=RESERVED)[1][0].message
    'writes to archives/index.html, a path the site itself uses'
    """
    skip: set[str] = set()
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for path, save_as in sorted(items):
        if escapes_output(save_as):
            skip.add(path)
            problems.append(Problem(path, 1, 1, "error",
                                    f"would be written outside the output folder ({save_as})",
                                    "remove the path from the settings or the source"))
        elif save_as.split("/")[0] in reserved:
            skip.add(path)
            problems.append(Problem(path, 1, 1, "error",
                                    f"writes to {save_as}, a path the site itself uses",
                                    "give the page another 'slug:'"))
        elif save_as in first:
            skip.add(path)
            problems.append(Problem(path, 1, 1, "error",
                                    f"writes to {save_as}, as {first[save_as]} does",
                                    "give one of them another 'slug:' or title"))
        else:
            first[save_as] = path
    return skip, problems
