"""The outlet registry: the news outlets briefs may cite, read from ``content/outlets.yml``.

The file is a YAML list; each entry has a ``name``, a ``homepage`` (an http(s)
URL), an optional ``aliases`` list and an optional ``slug`` (made from the name
when absent) used for the ``/outlets/<slug>/`` page::

    - name: Financial Times
      homepage: https://www.ft.com/
      aliases: [FT]

Names and aliases are matched ignoring case, Unicode compatibility forms and
runs of whitespace; no two outlets may share a name, alias or slug. A missing
file is an empty registry, in which every outlet is unknown.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefs.problems import Problem, did_you_mean

from .urls import host_of, url_error

#: Where the site keeps its registry, relative to the repository.
DEFAULT_PATH = "content/outlets.yml"
FIELDS = ("name", "homepage", "aliases", "slug")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def outlet_key(name: str) -> str:
    """The form under which outlet names are compared.

    >>> outlet_key("  Financial\\tTIMES ")
    'financial times'
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def slugify(name: str) -> str:
    """A URL slug made from an outlet name: lower-case ASCII words joined by hyphens.

    Takes a name and gives the slug, or "" when the name has no Latin letters or digits.

    >>> slugify("Le Monde diplomatique")
    'le-monde-diplomatique'
    >>> slugify("Dow Jones & Co.")
    'dow-jones-and-co'
    >>> slugify("Süddeutsche Zeitung")
    'suddeutsche-zeitung'
    """
    text = unicodedata.normalize("NFKD", name.replace("&", " and "))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class Outlet:
    """One registered outlet; ``line`` is where its entry starts in the registry file."""

    name: str
    slug: str
    homepage: str | None = None
    aliases: tuple[str, ...] = ()
    line: int = 0

    @property
    def host(self) -> str | None:
        """The homepage's host without ``www.``, or None.

        >>> Outlet("Reuters", "reuters", "https://www.reuters.com/").host
        'reuters.com'
        """
        return host_of(self.homepage) if self.homepage else None


@dataclass(frozen=True)
class Registry:
    """The registered outlets, looked up by name or alias.

    ``source`` is the registry file's path as shown in messages. Built directly,
    a later outlet never shadows an earlier one's name or alias;
    :func:`parse_registry` reports such clashes.

    >>> reg = Registry((Outlet("Financial Times", "financial-times", aliases=("FT",)),))
    >>> reg.lookup(" ft ").name
    'Financial Times'
    >>> reg.lookup("Finacial Times") is None, reg.suggest("Finacial Times")
    (True, 'Financial Times')
    """

    outlets: tuple[Outlet, ...] = ()
    source: str = DEFAULT_PATH
    _index: dict[str, Outlet] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for name in (outlet.name, *outlet.aliases):
                index.setdefault(outlet_key(name), outlet)
        object.__setattr__(self, "_index", index)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def __len__(self) -> int:
        return len(self.outlets)

    def lookup(self, name: str) -> Outlet | None:
        """The outlet whose name or alias is ``name`` (ignoring case and spacing), or None."""
        return self._index.get(outlet_key(name)) if isinstance(name, str) else None

    def canonical(self, name: str) -> str:
        """The registered name for ``name``, or ``name`` tidied when it is unknown.

        >>> Registry((Outlet("Reuters", "reuters"),)).canonical("REUTERS")
        'Reuters'
        >>> Registry().canonical("  Some   Blog ")
        'Some Blog'
        """
        outlet = self.lookup(name)
        return outlet.name if outlet else " ".join(name.split())

    def suggest(self, name: str) -> str | None:
        """The registered name closest to ``name`` (by name or alias), or None if none is close."""
        close = difflib.get_close_matches(outlet_key(name), list(self._index), n=1, cutoff=0.6)
        return self._index[close[0]].name if close else None

    def names(self) -> list[str]:
        """Every registered name and alias, as written."""
        return [name for outlet in self.outlets for name in (outlet.name, *outlet.aliases)]

    def by_slug(self, slug: str) -> Outlet | None:
        """The outlet whose page slug is ``slug``, or None."""
        return next((o for o in self.outlets if o.slug == slug), None)

    def by_host(self, host: str) -> Outlet | None:
        """The outlet whose homepage is on ``host`` (``www.`` ignored), or None."""
        host = host.lower().removeprefix("www.")
        return next((o for o in self.outlets if o.host == host), None)


def load_registry(path: Path, *, display: str | None = None) -> tuple[Registry, list[Problem]]:
    """Read the registry file at ``path``; gives the registry and the problems found.

    ``display`` is the path shown in messages (default: ``path`` as given). A
    missing file gives an empty registry and no problem.
    """
    shown = display if display is not None else str(path)
    if not path.exists():
        return Registry(source=shown), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Registry(source=shown), [
            Problem(shown, 0, 0, "error", f"cannot read the outlet registry: {error}")
        ]
    return parse_registry(text, path=shown)


def parse_registry(text: str, *, path: str = DEFAULT_PATH) -> tuple[Registry, list[Problem]]:
    """Parse and validate registry YAML; gives the registry and the problems found.

    Entries with errors in their name or slug are left out; an entry with a bad
    homepage is kept without one; a clashing alias is dropped.

    >>> reg, problems = parse_registry("- name: Reuters\\n  homepage: https://www.reuters.com/\\n")
    >>> [o.slug for o in reg], problems
    (['reuters'], [])
    >>> _, problems = parse_registry("- name: Reuters\\n  homepag: https://reuters.com/\\n")
    >>> problems[0].format()
    "content/outlets.yml:2:3: error: unknown field 'homepag' (did you mean 'homepage'?)"
    """
    problems: list[Problem] = []

    def report(node: yaml.Node, message: str, hint: str | None = None, severity: str = "error"):
        mark = node.start_mark
        problems.append(Problem(path, mark.line + 1, mark.column + 1, severity, message, hint))

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path, line, column, "error", f"not valid YAML: {reason}"))
        return Registry(source=path), problems
    if root is None:
        return Registry(source=path), problems
    if not isinstance(root, yaml.SequenceNode):
        report(root, "the outlet registry must be a list of outlets", "start each entry with '- '")
        return Registry(source=path), problems

    outlets: list[Outlet] = []
    taken: dict[str, tuple[str, int]] = {}
    slugs: dict[str, int] = {}
    for item in root.value:
        outlet = _outlet(item, report)
        if outlet is None:
            continue
        name_key = outlet_key(outlet.name)
        if name_key in taken:
            owner, line = taken[name_key]
            report(item, f"outlet name {outlet.name!r} is already used by {owner!r} (line {line})")
            continue
        if outlet.slug in slugs:
            report(item, f"slug {outlet.slug!r} is already used (line {slugs[outlet.slug]})",
                   "give this outlet a different slug:")
            continue
        aliases: list[str] = []
        for alias, node in zip(outlet.aliases, _alias_nodes(item), strict=True):
            key = outlet_key(alias)
            if key == name_key or key in {outlet_key(a) for a in aliases}:
                report(node, f"alias {alias!r} repeats a name of the same outlet",
                       "remove it", severity="warning")
            elif key in taken:
                owner, line = taken[key]
                report(node, f"alias {alias!r} is already used by {owner!r} (line {line})")
            else:
                aliases.append(alias)
        line = item.start_mark.line + 1
        taken[name_key] = (outlet.name, line)
        taken.update((outlet_key(alias), (outlet.name, line)) for alias in aliases)
        slugs[outlet.slug] = line
        outlets.append(
            Outlet(outlet.name, outlet.slug, outlet.homepage, tuple(aliases), outlet.line)
        )
    return Registry(tuple(outlets), source=path), problems


def _alias_nodes(item: yaml.MappingNode) -> list[yaml.Node]:
    """The alias scalar nodes of an entry already validated by :func:`_outlet`."""
    for key, value in item.value:
        if key.value == "aliases" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def _scalar(node: yaml.Node) -> str | None:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else None


def _outlet(item: yaml.Node, report) -> Outlet | None:
    """One entry as an Outlet (aliases not yet checked for clashes), or None when unusable."""
    if not isinstance(item, yaml.MappingNode):
        report(item, "each outlet must be a mapping with name, homepage and aliases")
        return None
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in item.value:
        key = _scalar(key_node)
        if key is None or key not in FIELDS:
            report(key_node, f"unknown field {key!r}", did_you_mean(str(key), FIELDS))
        elif key in values:
            report(key_node, f"field {key!r} is given twice")
        else:
            values[key] = value_node
    ok = True

    name = _scalar(values["name"]) if "name" in values else None
    if "name" not in values:
        report(item, "outlet has no name")
        ok = False
    elif not name:
        report(values["name"], "outlet name must be a non-empty text")
        ok = False

    homepage = None
    if "homepage" not in values:
        report(item, f"outlet {name!r} has no homepage", "add homepage: https://...")
    else:
        homepage = _scalar(values["homepage"])
        reason = url_error(homepage) if homepage is not None else "not a text value"
        if reason:
            report(values["homepage"], f"homepage is not a well-formed http(s) URL: {reason}")
            homepage = None

    aliases: list[str] = []
    if "aliases" in values:
        node = values["aliases"]
        if not isinstance(node, yaml.SequenceNode):
            report(node, "aliases must be a list", "write aliases: [FT]")
            ok = False
        else:
            for alias_node in node.value:
                alias = _scalar(alias_node)
                if not alias:
                    report(alias_node, "each alias must be a non-empty text")
                    ok = False
                else:
                    aliases.append(alias)

    slug = slugify(name or "")
    if "slug" in values:
        given = _scalar(values["slug"])
        if not given or not _SLUG.match(given):
            report(values["slug"], f"slug {given!r} must be lower-case letters, digits and hyphens")
            ok = False
        else:
            slug = given
    elif name and not slug:
        report(values["name"], f"cannot make a slug from {name!r}", "give one with slug:")
        ok = False

    if not ok or not name:
        return None
    return Outlet(name, slug, homepage, tuple(aliases), item.start_mark.line + 1)
