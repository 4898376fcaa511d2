"""Checking that cited and linked URLs still answer, with a cache for repeatable builds.

:func:`check_links` asks each URL with HEAD (falling back to GET when HEAD fails
or is refused), follows redirects itself so it can report them, retries with
exponential backoff after timeouts, 5xx answers, 429 and connection errors, and
runs a bounded number of requests at once. Results are kept in a JSON cache file;
an entry younger than ``expiry`` is used as is, so a CI run repeats the last
answers instead of asking again. :func:`link_problems` turns results into problems.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import os
import socket
import ssl
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

from briefs.model import Brief
from briefs.problems import Problem

from .markdown_text import Locator, find_links
from .urls import url_error

Status = Literal["ok", "redirected", "broken", "timeout"]
STATUSES = ("ok", "redirected", "broken", "timeout")
USER_AGENT = "Mozilla/5.0 (compatible; assay-linkcheck/0.1)"
MAX_REDIRECTS = 10
CACHE_VERSION = 1
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_CODES = frozenset({408, 429})

#: Where a URL is written: (path, line, column).
Location = tuple[str, int, int]


@dataclass(frozen=True)
class LinkResult:
    """What asking one URL gave.

    ``status`` is "ok", "redirected" (the answer came from ``final_url``),
    "broken" or "timeout"; ``code`` is the last HTTP status code received, if
    any; ``checked_at`` is an ISO 8601 time; ``detail`` explains in words.
    """

    url: str
    status: Status
    code: int | None
    final_url: str | None
    checked_at: str
    detail: str

    def as_dict(self) -> dict[str, object]:
        """The result as a JSON-ready mapping."""
        return asdict(self)

    @classmethod
    def from_dict(cls, url: str, data: object) -> LinkResult | None:
        """A result read back from the cache, or None when the entry is malformed.

        >>> LinkResult.from_dict("https://e.com/", {"status": "nope"}) is None
        True
        """
        if not isinstance(data, dict):
            return None
        status, code, final, at, detail = (
            data.get(k) for k in ("status", "code", "final_url", "checked_at", "detail")
        )
        if (
            status not in STATUSES
            or not (code is None or (isinstance(code, int) and not isinstance(code, bool)))
            or not (final is None or isinstance(final, str))
            or not isinstance(at, str)
            or not isinstance(detail, str)
            or _parse_time(at) is None
        ):
            return None
        return cls(url, status, code, final, at, detail)


def _parse_time(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class _Answer:
    """One request's outcome: an HTTP code, or a failure kind."""

    code: int | None = None
    location: str | None = None
    failure: str | None = None  # "timeout", "connection", "protocol" or "fatal"
    detail: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands 3xx answers back as errors so redirects can be followed and reported here."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _request(opener: urllib.request.OpenerDirector, url: str, method: str,
             timeout: float) -> _Answer:
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return _Answer(response.status, detail=f"{response.status} {response.reason}")
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location") if error.headers else None
        with contextlib.suppress(Exception):
            error.close()
        return _Answer(error.code, location, detail=f"{error.code} {error.reason}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return _Answer(failure="timeout", detail=f"no answer within {timeout:g} s")
        if isinstance(reason, socket.gaierror | ssl.SSLCertVerificationError):
            return _Answer(failure="fatal", detail=str(reason))
        return _Answer(failure="connection", detail=str(reason))
    except TimeoutError:
        return _Answer(failure="timeout", detail=f"no answer within {timeout:g} s")
    except http.client.HTTPException as error:
        return _Answer(failure="protocol", detail=f"{type(error).__name__}: {error}")
    except OSError as error:
        return _Answer(failure="connection", detail=str(error))
    except ValueError as error:
        return _Answer(failure="fatal", detail=str(error))


def _probe(url: str, timeout: float) -> tuple[_Answer, str, int]:
    """One attempt at ``url``: HEAD then GET if needed, redirects followed.

    Gives the last answer, the URL it came from and how many redirects led there.
    """
    opener = urllib.request.build_opener(_NoRedirect)
    current, hops = url, 0
    while True:
        answer = _request(opener, current, "HEAD", timeout)
        if answer.failure == "protocol" or (answer.code is not None and answer.code >= 400):
            answer = _request(opener, current, "GET", timeout)
        if answer.code in _REDIRECTS and answer.location:
            target = urljoin(current, answer.location)
            problem = None
            if hops >= MAX_REDIRECTS:
                problem = f"more than {MAX_REDIRECTS} redirects"
            elif url_error(target):
                problem = f"redirects to a non-http(s) URL {target!r}"
            if problem:
                return _Answer(answer.code, failure="fatal", detail=problem), current, hops
            current, hops = target, hops + 1
            continue
        return answer, current, hops


def _transient(answer: _Answer) -> bool:
    if answer.failure in ("timeout", "connection", "protocol"):
        return True
    return answer.code is not None and (answer.code >= 500 or answer.code in _RETRY_CODES)


def _result(url: str, answer: _Answer, final: str, hops: int, checked_at: str) -> LinkResult:
    moved = final if hops and final != url else None
    if answer.failure == "timeout":
        return LinkResult(url, "timeout", None, moved, checked_at, answer.detail)
    if answer.failure is None and answer.code is not None and 200 <= answer.code < 300:
        if moved:
            return LinkResult(url, "redirected", answer.code, moved, checked_at,
                              f"redirected to {moved} ({answer.detail})")
        return LinkResult(url, "ok", answer.code, None, checked_at, answer.detail)
    detail = answer.detail or "no usable answer"
    if answer.failure is None and answer.code is not None and 300 <= answer.code < 400:
        detail = f"{answer.detail}: a redirect without a usable Location"
    if moved:
        detail = f"redirected to {moved}, which answered {detail}"
    return LinkResult(url, "broken", answer.code, moved, checked_at, detail)


def check_one(url: str, *, timeout: float = 10.0, retries: int = 2, backoff: float = 0.5,
              checked_at: str = "") -> LinkResult:
    """Ask one URL, retrying transient failures; gives its :class:`LinkResult`.

    A URL that is not a well-formed http(s) URL is broken without being asked.
    """
    reason = url_error(url)
    if reason:
        return LinkResult(url, "broken", None, None, checked_at, f"not an http(s) URL: {reason}")
    attempts = max(0, retries) + 1
    for attempt in range(attempts):
        answer, final, hops = _probe(url, timeout)
        if not _transient(answer) or attempt == attempts - 1:
            break
        time.sleep(backoff * 2**attempt)
    return _result(url, answer, final, hops, checked_at)


def _read_cache(path: Path | None) -> dict[str, LinkResult]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("results") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or data.get("version") != CACHE_VERSION:
        return {}
    cached = {}
    for url, entry in entries.items():
        result = LinkResult.from_dict(url, entry)
        if result is not None:
            cached[url] = result
    return cached


def _write_cache(path: Path, results: Mapping[str, LinkResult]) -> None:
    """Write the cache atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": CACHE_VERSION,
        "results": {
            url: {k: v for k, v in results[url].as_dict().items() if k != "url"}
            for url in sorted(results)
        },
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, indent=1, ensure_ascii=False)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_links(
    urls: Iterable[str],
    *,
    cache_path: Path | None,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 0.5,
    concurrency: int = 8,
    expiry: datetime.timedelta = datetime.timedelta(days=7),
    now: datetime.datetime | None = None,
) -> dict[str, LinkResult]:
    """Check each URL once; gives a result for every distinct URL, in the order given.

    Takes the URLs, the cache file (None for no cache), the per-request
    ``timeout`` in seconds, how many times to ``retries`` a transient failure
    and the first ``backoff`` pause (doubled each time), how many requests may
    run at once, how long a cached result stays fresh, and the current time
    (default: now, UTC). Fresh cached results are returned without a request;
    the others are asked and the cache is rewritten (expired entries dropped).
    Raises OSError only when the cache file cannot be written.
    """
    moment = now or datetime.datetime.now(datetime.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    stamp = moment.isoformat(timespec="seconds")
    wanted = list(dict.fromkeys(urls))

    def fresh(result: LinkResult) -> bool:
        checked = _parse_time(result.checked_at)
        return checked is not None and abs(moment - checked) < expiry

    cached = {url: r for url, r in _read_cache(cache_path).items() if fresh(r)}
    to_ask = [url for url in wanted if url not in cached]
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        asked = dict(zip(to_ask, pool.map(
            lambda url: check_one(url, timeout=timeout, retries=retries, backoff=backoff,
                                  checked_at=stamp),
            to_ask,
        ), strict=True))
    if cache_path is not None and to_ask:
        keep = {**cached, **{url: r for url, r in asked.items() if not url_error(url)}}
        _write_cache(cache_path, keep)
    return {url: cached[url] if url in cached else asked[url] for url in wanted}


def link_problems(results: Mapping[str, LinkResult],
                  where: Mapping[str, Iterable[Location]]) -> list[Problem]:
    """Problems for the checked links, one per place each link is written.

    Takes results by URL and, for each URL, where it is written as (path, line,
    column). Broken links and timeouts are errors; redirects are warnings naming
    the final URL. URLs with no result are passed over.
    """
    problems: list[Problem] = []
    for url, places in where.items():
        result = results.get(url)
        if result is None or result.status == "ok":
            continue
        for path, line, column in places:
            if result.status == "redirected":
                problems.append(Problem(path, line, column, "warning", f"link redirects: {url}",
                                        f"now at {result.final_url}; cite that URL"))
            elif result.status == "timeout":
                problems.append(Problem(path, line, column, "error", f"link timed out: {url}",
                                        result.detail))
            else:
                problems.append(Problem(path, line, column, "error", f"link is broken: {url}",
                                        result.detail))
    return problems


def brief_links(brief: Brief) -> dict[str, list[Location]]:
    """The http(s) URLs a brief cites or links, each with where it is written.

    Gives the citations' ``url`` and ``archive_url`` and the links of the body
    and highlights, in order of appearance in each.
    """
    where: dict[str, list[Location]] = {}

    def add(url: str, line: int, column: int) -> None:
        if not url_error(url):
            where.setdefault(url, []).append((brief.path, line, column))

    for citation in brief.citations:
        for name in ("url", "archive_url"):
            value = getattr(citation, name)
            if isinstance(value, str):
                add(value, *citation.positions.get(name, (citation.line, 1)))
    texts = [(h.text, *brief.lines.get(f"highlights.{i}", (0, 1)))
             for i, h in enumerate(brief.highlights)]
    texts.append((brief.body, brief.body_line, 1))
    for text, line, column in texts:
        locate = Locator(text, line, column)
        for link in find_links(text):
            add(link.url, *locate.at(link.offset))
    return where
