"""Listings Pelican paginates, written one page per job.

Pelican's writer pages through a listing in one ``write_file`` call: the home page's
at 4,000 briefs is 200 pages. As one job (:mod:`briefs.pagecache`) such a listing
depends on its whole list, so a brief whose card changed had every page rendered
again (at 20,000 briefs, 1,000 pages: 1.3 s, and about 110 MiB of the build's memory
copied by the process that rendered them). :func:`page_jobs` makes one job of each
page instead, each the ``write_file`` call Pelican's loop makes for it: the page's
output path, and the listing's arguments with each paginated list's paginator, page,
previous page and next page, without a second pagination. A page's job then depends
on its own briefs, its neighbouring pages' and the paginator's shape (see
:func:`briefs.pagecache.page_digest`), and only the pages that show a changed brief are
rendered again. Only a listing that pages through the site's own lists (the home page)
is split so: one that pages through a list of its own (a topic's, a year's) has that
list in each page's key, and would be rendered again whole all the same.

A template that reads a paginator's whole list (``articles_paginator.object_list``) or
iterates the listing's ``articles`` makes its page depend on all of them, as any
page does that reads a site-wide list as a whole (:class:`ListedPaginator`).
"""

from __future__ import annotations

from typing import Any

from pelican.paginator import Page, Paginator

from .pagecache import Job, _recording, narrowable_name, paginated_lists


class ListedPaginator(Paginator):
    """Pelican's paginator, whose whole list, read while a job renders, makes the job
    depend on it (when it is a site-wide list the page cache narrows).

    >>> from pelican.settings import read_settings
    >>> from briefs.pagecache import _Recorder
    >>> site = {"articles": [1, 2, 3]}
    >>> paginator = ListedPaginator("index.html", "", site["articles"], read_settings(), 2)
    >>> page = paginator.page(2)  # made before the job renders (as page_jobs does)
    >>> recorder = _Recorder(site, {})
    >>> _recording.append(recorder)
    >>> page.object_list, paginator.num_pages, recorder.whole
    ([3], 2, set())
    >>> len(page.paginator.object_list), recorder.whole
    (3, {'articles'})
    >>> _recording.remove(recorder)
    """

    @property  # type: ignore[override]
    def object_list(self) -> Any:
        value = self.__dict__["_listed"]
        if _recording:
            recorder = _recording[-1]
            shared = recorder.narrowable(value)
            if shared is not None:
                recorder.whole.add(shared)
        return value

    @object_list.setter
    def object_list(self, value: Any) -> None:
        self.__dict__["_listed"] = value


def page_jobs(job: Job, settings: dict[str, Any]) -> list[Job]:
    """``job`` as the jobs that write its pages one each, when it is a ``write_file``
    call Pelican paginates (as Pelican decides: a template of ``PAGINATED_TEMPLATES``
    given lists to page through) and the lists it pages through are the site's own
    (the shared context's ``articles``, ``dates``, ...: the home page); else ``[job]``.
    A listing of a list of its own (a topic's, a year's briefs) has that list in each
    page's key: as pages, they would all be rendered again as the whole is.

    >>> from pelican.settings import read_settings
    >>> settings = read_settings(override={"PAGINATED_TEMPLATES": {"index": 2}})
    >>> site = {"articles": [1, 2, 3]}
    >>> listing = Job("file", None, ("index.html", "T", site),
    ...               {"articles": site["articles"], "template_name": "index", "url": ""})
    >>> pages = page_jobs(listing, settings)
    >>> [(page.kwargs["name"], page.kwargs["articles_page"].object_list) for page in pages]
    [('index.html', [1, 2]), ('index2.html', [3])]
    >>> pages[1].kwargs["articles_previous_page"].number, pages[1].kwargs["paginated"]
    (1, {})
    >>> page_jobs(Job("file", None, ("about.html", "T", site), {}), settings)[0].kwargs
    {}
    >>> len(page_jobs(Job("file", None, ("t.html", "T", site),
    ...                   {"articles": [1, 2, 3], "template_name": "index"}), settings))
    1
    """
    bound = job._bound() if job.kind == "file" else None
    templates = settings.get("PAGINATED_TEMPLATES") or {}
    paginated = paginated_lists(bound, templates)
    context = bound.get("context") if bound else None
    if not paginated or not bound or not bound.get("name") or not isinstance(context, dict) \
            or any(narrowable_name(value, context) is None for value in paginated.values()):
        return [job]
    name, template_name = bound["name"], bound.get("template_name")
    kwargs = dict(bound.get("kwargs") or {})
    per_page = templates[template_name] or settings["DEFAULT_PAGINATION"]
    url = bound.get("url")
    paginators = {key: ListedPaginator(name, url, value, settings, per_page)
                  for key, value in paginated.items()}
    count = next(iter(paginators.values())).num_pages
    jobs = []
    for number in range(count):
        page_kwargs = dict(kwargs)
        page: Page | None = None
        for key, paginator in paginators.items():
            page = paginator.page(number + 1)
            page_kwargs.update({
                f"{key}_paginator": paginator,
                f"{key}_page": page,
                f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                f"{key}_next_page": (paginator.page(number + 2)
                                     if number + 1 < paginator.num_pages else None),
            })
        assert page is not None
        arguments = {"name": page.save_as, "template": bound.get("template"),
                     "context": context,
                     "relative_urls": bound.get("relative_urls", False), "paginated": {},
                     "template_name": template_name,
                     "override_output": bound.get("override_output", False), "url": url}
        jobs.append(Job("file", None, (), {**arguments, **page_kwargs}))
    return jobs

