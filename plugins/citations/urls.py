"""Web addresses in citations: which are well formed, how to clean and compare them.

Only absolute ``http`` and ``https`` URLs with a real host are accepted anywhere a
brief names a source; :func:`url_error` says what is wrong with any other.
:func:`clean_url` drops tracking parameters, and :func:`same_page` compares two
addresses the way a reader would.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import unquote, urlsplit

#: Query parameters that only track the reader (compared case-insensitively).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref_src",
        "ref_url",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "vero_id",
        "oly_anon_id",
        "oly_enc_id",
    }
)
#: Prefixes of query parameter names that only track the reader.
TRACKING_PREFIXES = ("utm_",)

_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")
_BAD_CHARS = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _is_tracking(name: str) -> bool:
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """``url`` without its tracking query parameters; everything else kept as written.

    Takes a URL and gives it back with ``utm_*``, ``fbclid``, ``gclid``,
    ``mc_cid``, ``mc_eid``, ``ref_src`` and the like removed. Other parameters
    keep their order and spelling, and the fragment is kept.

    >>> clean_url("https://example.com/a?utm_source=x&id=3&utm_medium=y#top")
    'https://example.com/a?id=3#top'
    >>> clean_url("https://example.com/a?fbclid=abc")
    'https://example.com/a'
    >>> clean_url("https://example.com/?b=2&a=1&gclid=z&c=%20")
    'https://example.com/?b=2&a=1&c=%20'
    """
    head, hash_mark, fragment = url.partition("#")
    base, question, query = head.partition("?")
    if not question:
        return url
    kept = [part for part in query.split("&") if part and not _is_tracking(part.split("=")[0])]
    cleaned = base + ("?" + "&".join(kept) if kept else "")
    return cleaned + hash_mark + fragment


def url_error(url: object) -> str | None:
    """Why ``url`` is not a well-formed absolute http(s) URL, or None when it is.

    >>> url_error("https://www.reuters.com/world/china/")
    >>> url_error("javascript:alert(1)")
    "scheme 'javascript' is not allowed; only http and https"
    >>> url_error("/world/china")
    'not an absolute URL (no scheme)'
    >>> url_error("https://exa mple.com/")
    'contains whitespace or a character that must be escaped'
    """
    if not isinstance(url, str):
        return "not a text value"
    return _text_url_error(url)


@functools.lru_cache(maxsize=8192)
def _text_url_error(url: str) -> str | None:
    """:func:`url_error` of a text, kept for the texts asked about lately: a brief's
    links are checked as it is read, and again for its JSON-LD, its "Cite this brief"
    and each outlet's host (2 % of a cold build's samples at 4,000 briefs before)."""
    if not url:
        return "empty URL"
    if _BAD_CHARS.search(url):
        return "contains whitespace or a character that must be escaped"
    if _BAD_ESCAPE.search(url):
        return "contains a malformed %-escape"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"cannot be parsed ({error})"
    if not parts.scheme:
        return "not an absolute URL (no scheme)"
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme.lower()!r} is not allowed; only http and https"
    if not parts.netloc or not parts.hostname:
        return "has no host"
    if "@" in parts.netloc:
        return "carries a user name or password"
    if port == 0:
        return "has port 0"
    return _host_error(parts.hostname)


def _host_error(host: str) -> str | None:
    # An IP address starts with a digit (IPv4) or holds a colon (IPv6); asking
    # ``ipaddress`` about a name only to be refused costs most of a check's time.
    if host[:1].isdigit() or ":" in host:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2:
        return f"host {host!r} is not a full domain name"
    if not all(_LABEL.match(label) for label in labels):
        return f"host {host!r} is not a valid domain name"
    if labels[-1].isdigit():
        return f"host {host!r} is not a valid domain name or IP address"
    return None


def is_web_url(url: object) -> bool:
    """Whether ``url`` is a well-formed absolute http(s) URL.

    >>> is_web_url("https://example.com/"), is_web_url("data:text/html,hi")
    (True, False)
    """
    return url_error(url) is None


def host_of(url: str) -> str | None:
    """The host of a web URL, lower-cased and without a leading ``www.``; None if none.

    >>> host_of("https://WWW.Cryptopolitan.com/news/")
    'cryptopolitan.com'
    >>> host_of("mailto:a@b.c") is None
    True
    """
    if not is_web_url(url):
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host.removeprefix("www.") or None


def page_key(url: str) -> str:
    """A key under which two URLs of the same page are equal.

    Tracking parameters, the scheme, a leading ``www.``, a trailing slash and the
    fragment are ignored; the rest of the path and the query are compared as written.

    >>> page_key("http://www.e.com/a/?utm_source=x#c") == page_key("https://e.com/a")
    True
    """
    try:
        parts = urlsplit(clean_url(url))
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return url
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"


def same_page(first: str, second: str) -> bool:
    """Whether two URLs name the same page (see :func:`page_key`).

    >>> same_page("https://e.com/a?id=1", "https://e.com/a?id=2")
    False
    """
    return page_key(first) == page_key(second)
