"""Development settings: `make html` and `make serve` build with these."""

from __future__ import annotations

SITE = "Assay"
SITENAME = "Assay"
SITESUBTITLE = "Citation-checked commentary on the news"
AUTHOR = "REEx Editorial"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
OUTPUT_PATH = "output"
ARTICLE_PATHS = ["briefs"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}
# A brief's date, slug and category come from its front matter, never from its file
# name or folder (Pelican would parse a date out of every file name).
FILENAME_METADATA = "(?!)"  # matches no file name
USE_FOLDER_AS_CATEGORY = False
IGNORE_FILES = [".#*", "*~", "*.swp"]

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DEFAULT_PAGINATION = 20
DEFAULT_CATEGORY = "Briefs"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["briefs", "textrepair", "citations", "search", "feeds", "sitemap"]

# Untrusted metadata is escaped in every template.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.sane_lists",
        "markdown.extensions.toc",
    ],
    "extension_configs": {
        "markdown.extensions.toc": {"permalink": "#", "permalink_title": "Link to this section"},
    },
    "output_format": "html",
}

# The house: the label of the view callout and the sections a brief has.
BRIEFS_VIEW_LABEL = "REEx View"
BRIEFS_SECTIONS = [
    "The Facts That Hold",
    "The Framing That Falls Short",
    "Speculation and Blind Spots",
    "Why It Matters for Investors",
]
BRIEFS_STRICT = False

# Text repair: "fix" repairs what the build reads (and reports each change), "report"
# only reports, "off" does nothing. A strict build refuses sources that need repair.
TEXT_REPAIR = "fix"
TEXT_REPAIR_QUOTE_STYLE = None  # detect; or "us" / "uk"

# Clean URLs that say what they are.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = "topics/{slug}/index.html"
TAGS_URL = "topics/"
TAGS_SAVE_AS = "topics/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
INDEX_URL = ""
# One language, no translations: two sources with one slug are a collision, reported.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
DIRECT_TEMPLATES = ["index", "archives", "tags", "authors", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[\u2013\u2014/]", "-"),  # dashes and slashes separate words: U.S.–China -> us-china
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

# Feeds (Atom, RSS, JSON Feed 1.1), site-wide and per topic, in development too: their
# links point at `make serve`; publishconf.py points them at the public site.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ALL_JSON = "feeds/all.json"
TAG_FEED_ATOM = "feeds/topics/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/topics/{slug}.rss.xml"
TAG_FEED_JSON = "feeds/topics/{slug}.json"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Each feed carries the latest briefs (a reader polls it for what is new; the archive
# has the rest): 20 full items a feed keeps a topic feed near 100 KB.
FEED_MAX_ITEMS = 20

DELETE_OUTPUT_DIRECTORY = False
