"""Generate N briefs, deterministically, for the build benchmark.

    .venv/bin/python bench/build/generate.py N FOLDER

writes two sites into FOLDER from the same briefs:

* ``FOLDER/assay/``: an Assay site (the repository's settings, theme, plugins and
  pages) whose ``content/briefs/`` holds N briefs in the contract format (YAML
  front matter), with the outlets they cite registered in ``content/outlets.yml``
  and archived copies of the sources they quote in ``content/sources/``;
* ``FOLDER/pelican/``: a plain Pelican site (default theme, no plugins) with the
  same briefs in Pelican's own Markdown metadata format. Its body carries the
  highlights, the house view and the citation as Markdown too, so both builds
  render the same text.

Every brief is valid: a strict build (``assay build --publish``) passes. Topics,
outlets, authors, dates, lengths, quotations, corrections, several citations
and links vary from brief to brief, all drawn from a seeded random generator, so
the same N gives the same files.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

OUTLETS = [
    ("Cryptopolitan", "https://www.cryptopolitan.com/", []),
    ("Reuters", "https://www.reuters.com/", []),
    ("Bloomberg", "https://www.bloomberg.com/", []),
    ("Financial Times", "https://www.ft.com/", ["FT"]),
    ("The Wall Street Journal", "https://www.wsj.com/", ["Wall Street Journal", "WSJ"]),
    ("Nikkei Asia", "https://asia.nikkei.com/", []),
    ("South China Morning Post", "https://www.scmp.com/", ["SCMP"]),
    ("Mining.com", "https://www.mining.com/", []),
    ("The Economist", "https://www.economist.com/", []),
    ("Associated Press", "https://apnews.com/", ["AP"]),
    ("Al Jazeera", "https://www.aljazeera.com/", []),
    ("Handelsblatt", "https://www.handelsblatt.com/", []),
    ("Les Echos", "https://www.lesechos.fr/", []),
    ("The Globe and Mail", "https://www.theglobeandmail.com/", []),
    ("Australian Financial Review", "https://www.afr.com/", ["AFR"]),
    ("Caixin", "https://www.caixinglobal.com/", []),
    ("Mining Weekly", "https://www.miningweekly.com/", []),
    ("Oilprice.com", "https://oilprice.com/", []),
    ("Politico Europe", "https://www.politico.eu/", []),
    ("The Straits Times", "https://www.straitstimes.com/", []),
]

AUTHORS = [
    "REEx Editorial", "Amara Okafor", "Daniel Whitcombe", "Lucía Ferrer", "Kenji Matsuda",
    "Priya Raman", "Tomasz Nowak", "Ingrid Solberg", "Mehmet Yıldız", "Chloé Marchand",
    "Samuel Adeyemi", "Hannah Lindqvist", "Rafael Costa", "Mei-Ling Chou", "Oliver Brandt",
]

TOPICS = [
    "rare earths", "lithium", "copper", "cobalt", "nickel", "graphite", "uranium", "gold",
    "iron ore", "aluminium", "China", "United States", "European Union", "Australia",
    "Indonesia", "Chile", "Canada", "Africa", "trade policy", "export controls", "tariffs",
    "supply chains", "batteries", "electric vehicles", "semiconductors", "defense",
    "energy transition", "mining finance", "recycling", "critical minerals", "sanctions",
    "shipping", "commodities", "central banks", "inflation", "ESG", "permitting",
    "processing", "magnets", "solar", "wind power", "hydrogen", "oil", "natural gas",
]

SUBJECTS = [
    "Rare Earth Magnets", "Lithium Prices", "Copper Smelters", "Cobalt Supply", "Nickel Output",
    "Graphite Exports", "Uranium Contracts", "Gold Reserves", "Iron Ore Demand",
    "Aluminium Tariffs",
    "Battery Makers", "EV Subsidies", "Chip Supply Chains", "Mine Permits", "Recycling Plants",
    "Export Licences", "Processing Hubs", "Offtake Deals", "Shipping Lanes", "Defense Stockpiles",
    "Smelter Margins", "Royalty Regimes", "Refinery Projects", "Magnet Plants", "Solar Wafers",
]
PREDICATES = [
    "Face a Tight Quarter", "Remain Hostage to Beijing", "Test Western Resolve",
    "Signal a Longer Squeeze", "Expose Policy Gaps", "Outrun the Headlines", "Stall Again",
    "Draw New Scrutiny", "Shift the Balance", "Hit a Familiar Wall", "Gain Unlikely Allies",
    "Strain Old Alliances", "Meet Political Limits", "Slip Out of View", "Return to the Agenda",
    "Need More Than Promises", "Outpace Regulation", "Leave Investors Guessing",
]
QUALIFIERS = [
    "", "", "", " in Southeast Asia", " After the Summit", " Despite Record Output",
    " as Talks Drag On", " in a Volatile Market", " Before the Election", " Under New Rules",
    " on the Eve of Talks", " in the Andes", " in Central Africa", " Across the Atlantic",
]

NOUNS = [
    "supply", "policy", "demand", "capacity", "pricing", "licensing", "investment", "output",
    "financing", "processing", "inventory", "regulation", "strategy", "leverage", "security",
    "coordination", "transparency", "volatility", "exposure", "competition",
]
ADJECTIVES = [
    "strategic", "fragile", "persistent", "critical", "uneven", "opaque", "rising", "limited",
    "integrated", "fragmented", "long-term", "short-lived", "structural", "regional",
]
ACTORS = [
    "Beijing", "Washington", "Brussels", "Canberra", "Tokyo", "Jakarta", "Santiago", "Ottawa",
    "the producers", "the smelters", "the trading houses", "the ministry", "the regulators",
    "the buyers", "the automakers", "the lenders",
]
VERBS = [
    "controls", "reshapes", "undercuts", "underwrites", "delays", "tightens", "reprices",
    "complicates", "constrains", "rewards", "exposes", "weakens", "anchors", "redirects",
]


@dataclass
class Brief:
    """One generated brief: everything both formats need."""

    index: int
    slug: str
    title: str
    date: datetime.datetime
    timed: bool
    authors: list[str]
    topics: list[str]
    highlights: list[str]
    citations: list[dict[str, str]]
    view_title: str
    view_body: str
    lede: str
    sections: list[tuple[str, list[str]]]
    summary: str | None = None
    updated: datetime.date | None = None
    corrections: list[tuple[datetime.date, str]] = field(default_factory=list)
    archive: tuple[str, str] | None = None


def _sentence(rng: random.Random) -> str:
    """One plausible sentence of commentary."""
    forms = [
        lambda: (f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} the "
                 f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of the market, and the "
                 f"{rng.choice(NOUNS)} that follows is {rng.choice(ADJECTIVES)}."),
        lambda: (f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} matters more than any "
                 f"single {rng.choice(NOUNS)} figure reported this quarter."),
        lambda: (f"What the coverage leaves out is how {rng.choice(ACTORS)} "
                 f"{rng.choice(VERBS)} {rng.choice(NOUNS)} when {rng.choice(NOUNS)} is "
                 f"{rng.choice(ADJECTIVES)}."),
        lambda: (f"Investors should read the {rng.choice(NOUNS)} data as "
                 f"{rng.choice(ADJECTIVES)}, not as a turning point."),
        lambda: (f"Between {rng.randint(2, 9)} and {rng.randint(10, 40)} per cent of "
                 f"{rng.choice(NOUNS)} now depends on decisions taken in "
                 f"{rng.choice(ACTORS[:8])}."),
        lambda: (f"That is the {rng.choice(ADJECTIVES)} point: {rng.choice(NOUNS)} and "
                 f"{rng.choice(NOUNS)} move together, and neither waits for a summit."),
        lambda: (f"The report’s framing treats {rng.choice(NOUNS)} as a technical matter; "
                 f"it is a question of {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}."),
        lambda: (f"Officials call it a “{rng.choice(ADJECTIVES)} adjustment”, yet the "
                 f"{rng.choice(NOUNS)} numbers tell a different story."),
    ]
    return rng.choice(forms)()


def _paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _unique_title(rng: random.Random, used: set[str]) -> tuple[str, str]:
    title = (f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"
             f"{rng.choice(QUALIFIERS)}")
    slug = _slug(title)
    number = 2
    base = title
    while slug in used:
        title = f"{base}, Part {number}"
        slug = _slug(title)
        number += 1
    used.add(slug)
    return title, slug


def _slug(title: str) -> str:
    """The site's slug of a title (the subset of its rules these titles need)."""
    text = re.sub(r"[\u2013\u2014/]", "-", title.lower())
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"[-\s]+", "-", text)


def make_brief(index: int, rng: random.Random, used: set[str], sections: list[str]
               ) -> Brief:
    """The brief number ``index`` drawn from ``rng`` (``used``: slugs taken so far)."""
    title, slug = _unique_title(rng, used)
    start = datetime.datetime(2019, 1, 1, 9, 0)
    date = start + datetime.timedelta(days=rng.randint(0, 6 * 365),
                                      minutes=rng.choice([0, 0, 0, 30, 90, 330]))
    timed = date.minute != 0 or date.hour != 9
    authors = rng.sample(AUTHORS, rng.choice([1, 1, 1, 2]))
    topics = rng.sample(TOPICS, rng.randint(1, 4))
    outlet_count = 2 if rng.random() < 0.1 else 1
    outlets = rng.sample(OUTLETS, outlet_count)
    citations = []
    for name, homepage, aliases in outlets:
        cited = {
            "author": f"{rng.choice(['Hannah', 'Marco', 'Yuki', 'Fatima', 'Leo'])} "
                      f"{rng.choice(['Collymore', 'Bianchi', 'Tanaka', 'Haddad', 'Moreau'])}",
            "publication": rng.choice(aliases) if aliases and rng.random() < 0.2 else name,
            "date": (date - datetime.timedelta(days=rng.randint(0, 5))).date().isoformat(),
        }
        if rng.random() < 0.6:
            cited["title"] = f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES).lower()}"
            cited["url"] = f"{homepage}{date:%Y/%m/%d}/story-{index}-{len(citations)}/"
        citations.append(cited)
    highlights = [_sentence(rng) for _ in range(rng.randint(2, 5))]
    lede = _paragraph(rng, 2, 4)
    quote = None
    if rng.random() < 0.25:
        # A quotation from the cited article, verified against its archived copy.
        quote = (f"we will not {rng.choice(VERBS[:6]).rstrip('s')} our "
                 f"{rng.choice(NOUNS)} plans this year")
        lede += f" As the piece puts it, officials said “{quote}.”"
        archive = f"sources/brief-{index:05d}.txt"
        citations[0]["archive"] = archive
        source_text = "\n\n".join([_paragraph(rng), f"Officials said {quote}, citing "
                                   f"{rng.choice(NOUNS)}.", _paragraph(rng)])
    body_sections = []
    for name in sections:
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.15:
            paragraphs.append("\n".join(f"- {_sentence(rng)}" for _ in range(3)))
        if rng.random() < 0.1:
            name_, homepage, _ = outlets[0]
            paragraphs.append(f"See the [{name_} front page]({homepage}) for context.")
        body_sections.append((name, paragraphs))
    brief = Brief(
        index=index, slug=slug, title=title, date=date, timed=timed, authors=authors,
        topics=topics, highlights=highlights, citations=citations,
        view_title=f"The {rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS).capitalize()}",
        view_body=_paragraph(rng, 3, 5), lede=lede, sections=body_sections,
    )
    if quote is not None:
        brief.archive = (archive, source_text)
    if rng.random() < 0.3:
        brief.summary = _sentence(rng)
    if rng.random() < 0.1:
        brief.updated = (date + datetime.timedelta(days=rng.randint(1, 9))).date()
        brief.corrections = [(brief.updated, f"Corrected the {rng.choice(NOUNS)} figure.")]
    return brief


def briefs(count: int, *, seed: int = 2025, sections: list[str] | None = None) -> list[Brief]:
    """``count`` briefs, the same for the same ``count`` and ``seed``."""
    if sections is None:
        sections = _house_sections()
    rng = random.Random(seed)
    used: set[str] = set()
    return [make_brief(index, rng, used, sections) for index in range(count)]


def _house_sections() -> list[str]:
    from pelican.settings import read_settings

    return list(read_settings(str(ROOT / "pelicanconf.py"))["BRIEFS_SECTIONS"])


def _yaml_text(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body_markdown(brief: Brief) -> str:
    """The Markdown body of a brief: the lede, then the house sections."""
    parts = [brief.lede]
    for name, paragraphs in brief.sections:
        parts.append(f"## {name}")
        parts.extend(paragraphs)
    return "\n\n".join(parts) + "\n"


def assay_source(brief: Brief) -> str:
    """The brief in the contract format (YAML front matter, then Markdown)."""
    when = (brief.date.strftime("%Y-%m-%dT%H:%M") + "+00:00" if brief.timed
            else brief.date.date().isoformat())
    lines = ["---", f"title: {_yaml_text(brief.title)}", f"date: {when}"]
    if brief.updated:
        lines.append(f"updated: {brief.updated.isoformat()}")
    lines.append("authors: [" + ", ".join(brief.authors) + "]")
    lines.append("topics: [" + ", ".join(brief.topics) + "]")
    if brief.summary:
        lines.append(f"summary: {_yaml_text(brief.summary)}")
    lines.append("highlights:")
    lines += [f"  - {_yaml_text(h)}" for h in brief.highlights]
    if len(brief.citations) == 1:
        lines.append("citation:")
        lines += [f"  {key}: {_yaml_text(value)}" for key, value in brief.citations[0].items()]
    else:
        lines.append("citations:")
        for cited in brief.citations:
            items = list(cited.items())
            lines.append(f"  - {items[0][0]}: {_yaml_text(items[0][1])}")
            lines += [f"    {key}: {_yaml_text(value)}" for key, value in items[1:]]
    lines += ["view:", f"  title: {_yaml_text(brief.view_title)}", "  body: |",
              f"    {brief.view_body}"]
    if brief.corrections:
        lines.append("corrections:")
        for day, note in brief.corrections:
            lines += [f"  - date: {day.isoformat()}", f"    note: {_yaml_text(note)}"]
    lines.append("---")
    return "\n".join(lines) + "\n" + body_markdown(brief)


def pelican_source(brief: Brief, view_label: str = "REEx View") -> str:
    """The same brief in Pelican's Markdown metadata format, everything in the body."""
    meta = [
        f"Title: {brief.title}",
        f"Date: {brief.date:%Y-%m-%d %H:%M}",
        f"Authors: {', '.join(brief.authors)}",
        f"Tags: {', '.join(brief.topics)}",
        "Category: Briefs",
        f"Slug: {brief.slug}",
    ]
    if brief.updated:
        meta.append(f"Modified: {brief.updated.isoformat()}")
    if brief.summary:
        meta.append(f"Summary: {brief.summary}")
    highlights = "\n".join(f"- {h}" for h in brief.highlights)
    cited = []
    for c in brief.citations:
        headline = f"“{c['title']},” " if "title" in c else ""
        cited.append(f"{c['author']}, {headline}{c['publication']}, {c['date']}.")
    parts = [f"## Highlights\n\n{highlights}", body_markdown(brief).rstrip("\n"),
             f"## {view_label}: {brief.view_title}", brief.view_body,
             "## Citation", "\n\n".join(cited)]
    if brief.corrections:
        parts.append("## Corrections\n\n" + "\n".join(
            f"- {day.isoformat()}: {note}" for day, note in brief.corrections))
    return "\n".join(meta) + "\n\n" + "\n\n".join(parts) + "\n"


def outlets_yaml() -> str:
    """The outlet registry of every outlet the generator cites."""
    lines = ["# The outlets the generated briefs cite."]
    for name, homepage, aliases in OUTLETS:
        lines += [f"- name: {name}", f"  homepage: {homepage}"]
        if aliases:
            lines.append(f"  aliases: [{', '.join(aliases)}]")
    return "\n".join(lines) + "\n"


PELICAN_SETTINGS = '''"""Plain Pelican: default theme, native Markdown metadata, no plugins."""
SITENAME = "Assay (plain Pelican)"
SITEURL = "https://assay.example.org"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
CACHE_CONTENT = {cache}
LOAD_CONTENT_CACHE = {cache}
'''


def filename(brief: Brief) -> str:
    """The file name of a brief: its date and slug."""
    return f"{brief.date:%Y-%m-%d}-{brief.slug}.md"


def write_sites(count: int, folder: Path, *, seed: int = 2025) -> tuple[Path, Path]:
    """Write the Assay and the plain Pelican site of ``count`` briefs into ``folder``.

    Gives the two site roots (``folder/assay``, ``folder/pelican``).
    """
    assay, plain = folder / "assay", folder / "pelican"
    for site in (assay, plain):
        if site.exists():
            shutil.rmtree(site)
    content = assay / "content"
    for name in ("briefs", "sources"):
        (content / name).mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    shutil.copytree(ROOT / "content" / "extra", content / "extra")
    (content / "outlets.yml").write_text(outlets_yaml(), "utf-8")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, assay / name)
    for name in ("theme", "plugins"):
        (assay / name).symlink_to(ROOT / name)
    (plain / "content").mkdir(parents=True)
    for cache, name in (("False", "pelicanconf.py"), ("True", "cachedconf.py")):
        (plain / name).write_text(PELICAN_SETTINGS.format(cache=cache), "utf-8")
    for brief in briefs(count, seed=seed):
        (content / "briefs" / filename(brief)).write_text(assay_source(brief), "utf-8")
        (plain / "content" / filename(brief)).write_text(pelican_source(brief), "utf-8")
        if brief.archive:
            path, text = brief.archive
            (content / path).write_text(text + "\n", "utf-8")
    return assay, plain


#: The sentence an edit adds; ``{word}`` is a word no generated brief holds, another one
#: for each edit of the same brief, so every such edit brings a word new to the site.
NEW_WORDS = " The editors added this note on {word}."


def new_word(count: int) -> str:
    """A word no generated brief holds, one for each ``count`` (its digits as letters).

    >>> new_word(0), new_word(12)
    ('editnotea', 'editnotebc')
    """
    return "editnote" + "".join("abcdefghij"[int(digit)] for digit in str(count))


def edit_one(site: Path, *, plain: bool, number: int = 0, known_words: bool = False) -> Path:
    """Change the lede of one brief of ``site`` (the ``number``-th by name); gives its path.

    Each call adds one more sentence, so consecutive edits differ: ``NEW_WORDS`` with a
    word new to the site (also in a later round of the benchmark), or with
    ``known_words`` the lede's own first sentence again (no word new to the site).
    """
    folder = site / "content" if plain else site / "content" / "briefs"
    path = sorted(folder.glob("*.md"))[number]
    text = path.read_text("utf-8")
    marker = "\n\n## " if not plain else "\n\n## The Facts That Hold"
    head, _, tail = text.partition(marker)
    added = NEW_WORDS.format(word=new_word(text.count(NEW_WORDS.split("{")[0])))
    if known_words:
        lede = head.rsplit("\n---\n", 1)[-1].strip().rsplit("\n\n", 1)[-1]
        added = " " + lede.split(". ")[0].rstrip(".") + "."
    path.write_text(head + added + marker + tail, "utf-8")
    return path


def main(argv: list[str]) -> int:
    """``generate.py N FOLDER``: write both sites; gives the exit status."""
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    assay, plain = write_sites(int(argv[0]), Path(argv[1]))
    print(f"{assay}\n{plain}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
