"""The rules of JSON Feed 1.1 (https://jsonfeed.org/version/1.1) that a feed must meet.

:func:`problems` gives each rule a document breaks, as text (empty: valid).
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

VERSION = "https://jsonfeed.org/version/1.1"
TOP_KEYS = {"version", "title", "home_page_url", "feed_url", "description", "user_comment",
            "next_url", "icon", "favicon", "authors", "author", "language", "expired", "hubs",
            "items"}
ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text", "summary",
             "image", "banner_image", "date_published", "date_modified", "authors", "author",
             "tags", "language", "attachments"}
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _is_url(value: Any) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def _date(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        return None
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _authors(where: str, authors: Any) -> list[str]:
    if not isinstance(authors, list) or not authors:
        return [f"{where}: authors must be a non-empty array"]
    found = []
    for index, author in enumerate(authors):
        if not isinstance(author, dict) or not any(author.get(k) for k in
                                                   ("name", "url", "avatar")):
            found.append(f"{where}: author {index} needs a name, url or avatar")
        elif "url" in author and not _is_url(author["url"]):
            found.append(f"{where}: author {index} url is not an absolute URL")
    return found


def _extensions(where: str, document: dict[str, Any], known: set[str]) -> list[str]:
    found = []
    for key, value in document.items():
        if key in known:
            continue
        if not re.fullmatch(r"_[A-Za-z]\w*", key):
            found.append(f"{where}: unknown key {key!r} (extensions start with _)")
        elif not isinstance(value, dict):
            found.append(f"{where}: extension {key!r} must be an object")
    return found


def _item(where: str, item: Any) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: not an object"]
    found = _extensions(where, item, ITEM_KEYS)
    if not isinstance(item.get("id"), str) or not item["id"].strip():
        found.append(f"{where}: id must be a non-empty string")
    if not any(isinstance(item.get(k), str) and item[k].strip()
               for k in ("content_html", "content_text")):
        found.append(f"{where}: content_html or content_text is required")
    for key in ("url", "external_url", "image", "banner_image"):
        if key in item and not _is_url(item[key]):
            found.append(f"{where}: {key} is not an absolute URL")
    for key in ("title", "summary", "content_text", "content_html"):
        if key in item and not isinstance(item[key], str):
            found.append(f"{where}: {key} must be a string")
    published, modified = _date(item.get("date_published")), _date(item.get("date_modified"))
    for key, value in (("date_published", published), ("date_modified", modified)):
        if key in item and value is None:
            found.append(f"{where}: {key} is not an RFC 3339 date-time")
    if published and modified and modified < published:
        found.append(f"{where}: date_modified is before date_published")
    if "author" in item:
        found.append(f"{where}: 'author' is deprecated in 1.1; use 'authors'")
    if "authors" in item:
        found += _authors(where, item["authors"])
    if "tags" in item and not (isinstance(item["tags"], list)
                               and all(isinstance(t, str) for t in item["tags"])):
        found.append(f"{where}: tags must be an array of strings")
    if "language" in item and not LANGUAGE.fullmatch(str(item["language"])):
        found.append(f"{where}: language is not a language tag")
    return found


def problems(document: Any) -> list[str]:
    """Every JSON Feed 1.1 rule ``document`` (parsed JSON) breaks."""
    if not isinstance(document, dict):
        return ["the feed is not a JSON object"]
    found = _extensions("feed", document, TOP_KEYS)
    if document.get("version") != VERSION:
        found.append(f"feed: version must be {VERSION!r}")
    if not isinstance(document.get("title"), str) or not document["title"].strip():
        found.append("feed: title must be a non-empty string")
    for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
        if key in document and not _is_url(document[key]):
            found.append(f"feed: {key} is not an absolute URL")
    if "feed_url" not in document:
        found.append("feed: feed_url should be given")
    if "language" in document and not LANGUAGE.fullmatch(str(document["language"])):
        found.append("feed: language is not a language tag")
    if "author" in document:
        found.append("feed: 'author' is deprecated in 1.1; use 'authors'")
    if "authors" in document:
        found += _authors("feed", document["authors"])
    items = document.get("items")
    if not isinstance(items, list):
        return [*found, "feed: items must be an array"]
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if len(ids) != len(set(ids)):
        found.append("feed: item ids are not unique")
    for index, item in enumerate(items):
        found += _item(f"item {index}", item)
    return found
