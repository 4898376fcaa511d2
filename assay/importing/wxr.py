"""Read a WordPress export (WXR): one :class:`Post` per item, parsed safely (defusedxml)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

from defusedxml import ElementTree

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@dataclass
class Post:
    """One item of a WordPress export."""

    title: str
    post_type: str
    status: str
    slug: str
    link: str
    html: str
    date: datetime.datetime | None
    author: str | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    excerpt: str = ""


def is_wxr(path: Path) -> bool:
    """True when ``path`` looks like a WordPress export."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    return b"<rss" in head and b"wordpress.org/export" in head


def _text(item, name: str) -> str:
    found = item.find(name, NS)
    return (found.text or "").strip() if found is not None else ""


def _date(item) -> datetime.datetime | None:
    for name in ("wp:post_date", "wp:post_date_gmt"):
        value = _text(item, name)
        if value and not value.startswith("0000"):
            try:
                return datetime.datetime.fromisoformat(value)
            except ValueError:
                pass
    value = _text(item, "pubDate")
    try:
        return parsedate_to_datetime(value).replace(tzinfo=None) if value else None
    except (TypeError, ValueError):
        return None


def read_wxr(path: Path) -> list[Post]:
    """Every item of the export at ``path``, in file order.

    Authors are given by display name where the export lists them.
    """
    root = ElementTree.parse(path).getroot()
    channel = root.find("channel")
    if channel is None:
        return []
    names = {_text(a, "wp:author_login"): _text(a, "wp:author_display_name")
             for a in channel.findall("wp:author", NS)}
    posts = []
    for item in channel.findall("item"):
        creator = _text(item, "dc:creator")
        categories = [c.text.strip() for c in item.findall("category")
                      if c.get("domain") == "category" and c.text]
        tags = [c.text.strip() for c in item.findall("category")
                if c.get("domain") == "post_tag" and c.text]
        posts.append(Post(
            title=_text(item, "title"),
            post_type=_text(item, "wp:post_type") or "post",
            status=_text(item, "wp:status") or "publish",
            slug=_text(item, "wp:post_name"),
            link=_text(item, "link"),
            html=_text(item, "content:encoded"),
            date=_date(item),
            author=names.get(creator) or creator or None,
            categories=categories,
            tags=tags,
            excerpt=_text(item, "excerpt:encoded"),
        ))
    return posts
