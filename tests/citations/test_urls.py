"""URL cleaning and validity, as rows of (label, input, expected, comment)."""

from __future__ import annotations

import pytest

from citations.fields import clean_url
from citations.urls import host_of, is_web_url, page_key, url_error

CLEAN_ROWS = [
    ("no query", "https://e.com/a", "https://e.com/a", "nothing to do"),
    ("utm only", "https://e.com/a?utm_source=x&utm_medium=y", "https://e.com/a",
     "the question mark goes too"),
    ("mixed", "https://e.com/a?id=7&utm_campaign=z&page=2", "https://e.com/a?id=7&page=2",
     "other parameters keep their order"),
    ("order kept", "https://e.com/?z=1&fbclid=q&a=2&m=3", "https://e.com/?z=1&a=2&m=3",
     "not sorted"),
    ("fragment kept", "https://e.com/a?gclid=1#section-2", "https://e.com/a#section-2",
     "fragment survives"),
    ("fragment with params", "https://e.com/a?x=1&mc_cid=2&mc_eid=3#top?utm_source=x",
     "https://e.com/a?x=1#top?utm_source=x", "the fragment is not a query"),
    ("ref_src", "https://twitter.com/x/status/1?ref_src=twsrc", "https://twitter.com/x/status/1",
     "Twitter's tracker"),
    ("case-insensitive", "https://e.com/a?UTM_Source=x&Id=1", "https://e.com/a?Id=1",
     "parameter names compared case-insensitively, values untouched"),
    ("encoded name", "https://e.com/a?utm%5Fsource=x&q=a%20b", "https://e.com/a?q=a%20b",
     "a percent-encoded tracker is still a tracker; escapes elsewhere kept"),
    ("empty pieces", "https://e.com/a?&id=1&&", "https://e.com/a?id=1", "stray separators drop"),
    ("value looks like tracker", "https://e.com/a?q=utm_source", "https://e.com/a?q=utm_source",
     "only names count"),
    ("similar name", "https://e.com/a?utmost=1&refsrc=2", "https://e.com/a?utmost=1&refsrc=2",
     "prefix needs the underscore; near names kept"),
]


@pytest.mark.parametrize(("label", "url", "expected", "comment"), CLEAN_ROWS,
                         ids=[r[0] for r in CLEAN_ROWS])
def test_clean_url(label: str, url: str, expected: str, comment: str) -> None:
    assert clean_url(url) == expected, comment


def test_clean_url_is_idempotent() -> None:
    for _, url, _, _ in CLEAN_ROWS:
        assert clean_url(clean_url(url)) == clean_url(url)


VALID_ROWS = [
    ("https", "https://www.reuters.com/world/china/", None, "ordinary"),
    ("http", "http://example.org", None, "no path is fine"),
    ("query and fragment", "https://e.com/a?b=1#c", None, ""),
    ("port", "https://e.com:8443/a", None, ""),
    ("ip", "http://127.0.0.1:8000/x", None, "IP literal hosts are hosts"),
    ("ipv6", "http://[::1]/x", None, ""),
    ("ipv4-mapped ipv6", "http://[::ffff:192.0.2.1]/x", None, "an IPv6 host led by a colon"),
    ("name led by a digit", "https://9to5mac.com/", None, "tried as an IP address, then a name"),
    ("leading zero ip", "http://010.1.1.1/", "not a valid domain name or IP",
     "not an IP address (leading zeros are refused), nor a name"),
    ("idn", "https://bücher.example/", None, "international domain names"),
    ("upper scheme", "HTTPS://E.COM/", None, "schemes are case-insensitive"),
    ("javascript", "javascript:alert(1)", "scheme 'javascript'", "never a citation"),
    ("data", "data:text/html,<b>x</b>", "character", "angle brackets unescaped"),
    ("data plain", "data:text/plain,hello", "scheme 'data'", ""),
    ("ftp", "ftp://e.com/file", "scheme 'ftp'", "only the web"),
    ("mailto", "mailto:a@e.com", "scheme 'mailto'", ""),
    ("relative", "/news/story", "no scheme", ""),
    ("bare host", "www.reuters.com/world", "no scheme", "needs https://"),
    ("protocol-relative", "//e.com/a", "no scheme", ""),
    ("space", "https://e.com/a story", "whitespace", ""),
    ("leading space", " https://e.com/", "whitespace", "not trimmed silently"),
    ("newline", "https://e.com/\n", "whitespace", ""),
    ("no host", "https:///path", "no host", ""),
    ("scheme only", "https:", "no host", ""),
    ("no slashes", "http:e.com", "no host", ""),
    ("single label", "https://localhost/", "not a full domain", ""),
    ("bad label", "https://-bad-.com/", "not a valid domain", ""),
    ("underscore host", "https://a_b.com/", None, "invalid for hostnames, yet found in DNS"),
    ("underscore edge", "https://_ab.com/", "not a valid domain", "labels start alphanumeric"),
    ("credentials", "https://user:pw@e.com/", "user name or password", ""),
    ("bad port", "https://e.com:99999/", "cannot be parsed", ""),
    ("bad escape", "https://e.com/a%zz", "%-escape", ""),
    ("empty", "", "empty", ""),
    ("not text", None, "not a text value", "YAML may give other types"),
    ("numeric tld", "https://1.2.3/", "not a valid domain name or IP", ""),
]


@pytest.mark.parametrize(("label", "url", "error_part", "comment"), VALID_ROWS,
                         ids=[r[0] for r in VALID_ROWS])
def test_url_error(label: str, url: object, error_part: str | None, comment: str) -> None:
    error = url_error(url)
    if error_part is None:
        assert error is None, comment
        assert is_web_url(url)
    else:
        assert error is not None and error_part in error, (comment, error)
        assert not is_web_url(url)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.e.com/a/", "http://e.com/a", True),
        ("https://e.com/a?utm_source=x#p", "https://e.com/a", True),
        ("https://e.com/a?id=1", "https://e.com/a?id=2", False),
        ("https://e.com/a", "https://e.com/b", False),
        ("https://e.com/a", "https://f.com/a", False),
        ("https://e.com:8080/a", "https://e.com/a", False),
    ],
)
def test_page_key(first: str, second: str, same: bool) -> None:
    assert (page_key(first) == page_key(second)) is same


def test_host_of() -> None:
    assert host_of("https://WWW.FT.com/content/x") == "ft.com"
    assert host_of("https://markets.ft.com/") == "markets.ft.com"
    assert host_of("javascript:void(0)") is None
