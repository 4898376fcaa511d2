"""Production settings: `make publish` builds with these (strict, absolute URLs, feeds)."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("ASSAY_SITEURL", "https://assay.example.org")
RELATIVE_URLS = False

# A strict build stops on any brief error, listing them all.
BRIEFS_STRICT = True

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/topics/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/topics/{slug}.rss.xml"

DELETE_OUTPUT_DIRECTORY = True
