"""``BRIEFS_ALLOWED_HTML`` widens the sanitizer's allowlist, never past what runs."""

from __future__ import annotations

from briefs.render import Renderer
from briefs.sanitize import clean_html

SOURCE = ('<video src="https://a.example/v.mp4" controls onplay="alert(1)"></video>'
          '<script>alert(2)</script><mark>kept</mark>')


# (label, allowed_html, expected body, comment)
ALLOWLIST_ROWS = [
    ("default", None, "\n\n<p><mark>kept</mark></p>", "video is not allowed by default"),
    ("video allowed", {"tags": ["video", "script"], "attributes": {"video": ["src", "onplay"]}},
     '<video src="https://a.example/v.mp4"></video>\n\n<p><mark>kept</mark></p>',
     "script stays out and an event handler is never allowed"),
    ("controls too", {"tags": ["video"], "attributes": {"video": ["src", "controls"]}},
     '<video src="https://a.example/v.mp4" controls=""></video>\n\n<p><mark>kept</mark></p>',
     "another allowlist, another sanitizer"),
]


def test_each_allowlist_cleans_by_its_own_rules() -> None:
    # In turn and then again: a sanitizer made for one allowlist is not used for another.
    for _ in range(2):
        for label, allowed, expected, comment in ALLOWLIST_ROWS:
            assert Renderer(allowed_html=allowed).body(SOURCE) == expected, (label, comment)


def test_extra_attributes_in_any_order_give_the_same_cleaning() -> None:
    first = clean_html(SOURCE, extra_tags=["video"],
                       extra_attributes={"video": ["src", "controls"]})
    second = clean_html(SOURCE, extra_tags=("video",),
                        extra_attributes={"video": {"controls", "src"}})
    assert first == second
