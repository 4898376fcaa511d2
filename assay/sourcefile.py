"""Write a brief's source: front matter in the contract's order, then the body.

``brief_source(fields, body)`` gives the text; ``write_new(path, text)`` writes it
atomically and never replaces an existing file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

#: The contract's field order, used when writing front matter.
FIELD_ORDER = ("title", "date", "updated", "authors", "topics", "summary", "status", "slug",
               "review", "highlights", "citation", "citations", "view", "corrections")


class _Dumper(yaml.SafeDumper):
    """Safe dumper writing multi-line text as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def brief_source(fields: dict[str, Any], body: str) -> str:
    """The text of a brief file with ``fields`` as front matter and ``body`` after it.

    >>> import datetime
    >>> print(brief_source({"title": "A: B", "date": datetime.date(2025, 9, 24),
    ...                     "topics": ["x"]}, "Lede."), end="")
    ---
    title: 'A: B'
    date: 2025-09-24
    topics:
    - x
    ---
    Lede.
    """
    ordered = {key: fields[key] for key in FIELD_ORDER if key in fields}
    ordered.update({k: v for k, v in fields.items() if k not in ordered})
    front = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                      default_flow_style=False, width=10_000)
    return f"---\n{front}---\n{body.rstrip()}\n"


@contextmanager
def _written_beside(path: Path, text: str) -> Iterator[str]:
    """A complete, synced temporary file holding ``text`` in ``path``'s folder.

    The caller moves or links it into place; whatever is left is removed after.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        yield temporary
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (a reader sees the old or the new file)."""
    with _written_beside(path, text) as temporary:
        os.replace(temporary, path)


def write_new(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file exists; True when written."""
    with _written_beside(path, text) as temporary:
        try:
            os.link(temporary, path)  # fails if the file exists: never overwrite
        except FileExistsError:
            return False
        return True
