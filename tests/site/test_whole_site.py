"""Whole-site builds of the repository's content with real Pelican, through ``assay``."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import run_assay

SEED_PAGE = Path("2025/09/us-china-rare-earths-dispute-remains-unresolved/index.html")
THAI = re.compile("[\u0e00-\u0e7f]")
RESIDUE = ("wp:paragraph", "(opens in a new tab)", "0 Comments")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import make_site

    site = make_site(tmp_path_factory.mktemp("whole"))
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    return site / "output"


def test_seed_brief_reads_correctly(built: Path) -> None:
    page = BeautifulSoup((built / SEED_PAGE).read_text("utf-8"), "html.parser")
    assert page.h1.get_text() == "U.S.–China Rare Earths Dispute Remains Unresolved"
    highlights = [li.get_text() for li in page.select(".highlights li")]
    assert highlights == [
        "China continues to dominate rare earth mineral production and export, controlling "
        "licensing and strategic supply chains.",
        "Current geopolitical negotiations have failed to resolve critical mineral access "
        "issues between the U.S. and China.",
        "Multilateral industrial policy is essential for Western nations to effectively "
        "counter China's integrated rare earth strategy.",
    ]
    sections = [h.get_text().rstrip("#") for h in page.select(".brief-body h2")]
    assert sections == ["The Facts That Hold", "The Framing That Falls Short",
                        "Speculation and Blind Spots", "Why It Matters for Investors"]
    view = page.select_one(".house-view")
    assert view.h2.get_text(" ", strip=True) == "REEx View: The Vital Missing Key"
    assert view.p.get_text().startswith("The absolute prerequisite for countering China’s "
                                        "dominance is a true multilateral industrial policy")
    citation = page.select_one(".cited-source")
    assert citation.select_one(".cited-author").get_text() == "Hannah Collymore"
    assert citation.select_one(".cited-publication").get_text() == "Cryptopolitan"
    assert citation.time["datetime"] == "2025-09-23"
    assert citation.time.get_text() == "September 23, 2025"
    lede = page.select_one(".brief-body p").get_text()
    assert "the U.S.–China rare earths dispute" in lede
    assert "admitted, “I don’t think we resolved the rare earth question.” This" in lede
    body = page.select_one(".brief-body").get_text()
    assert "disputes—whether TikTok or Boeing—illustrates" in body
    assert "as cited in a Cryptopolitan piece. Beijing still controls licensing" in body


def test_no_page_holds_damage_or_residue(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        text = page.read_text("utf-8")
        assert not THAI.search(text), page
        for residue in RESIDUE:
            assert residue not in text, (page, residue)


def test_site_has_archive_topics_authors_and_pages(built: Path) -> None:
    for path in ("index.html", "archives/index.html", "topics/index.html",
                 "topics/rare-earths/index.html", "authors/reex-editorial/index.html",
                 "about/index.html", "how-we-check/index.html", "robots.txt"):
        assert (built / path).is_file(), path
    home = BeautifulSoup((built / "index.html").read_text("utf-8"), "html.parser")
    link = home.select_one(".brief-card h2 a")
    assert link["href"] == "/2025/09/us-china-rare-earths-dispute-remains-unresolved/"


BAD_BRIEF = """---
title: A Bad Brief
date: 2025-02-30
highlights: [One., Two.]
citation: {author: A, publication: P, date: 2025-01-01}
view: {title: V, body: B}
---
Lede.
"""


def test_publish_with_a_bad_brief_fails_and_keeps_previous_output(site: Path) -> None:
    first = run_assay("build", "--publish", cwd=site)
    assert first.returncode == 0, first.stderr
    before = _tree(site / "output")
    (site / "content" / "briefs" / "bad.md").write_text(BAD_BRIEF, "utf-8")
    (site / "content" / "briefs" / "worse.md").write_text("no front matter\n", "utf-8")
    result = run_assay("build", "--publish", cwd=site)
    assert result.returncode != 0
    assert "content/briefs/bad.md:3:1: error: date: impossible date 2025-02-30" in result.stderr
    assert "content/briefs/worse.md:1:1: error: no front matter" in result.stderr
    assert "2 error(s) in 2 file(s)" in result.stderr
    assert _tree(site / "output") == before


def test_development_build_skips_the_bad_brief_and_builds_the_rest(site: Path) -> None:
    (site / "content" / "briefs" / "bad.md").write_text(BAD_BRIEF, "utf-8")
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "content/briefs/bad.md:3:1: error" in result.stderr
    assert (site / "output" / SEED_PAGE).is_file()
    assert not list((site / "output").rglob("a-bad-brief*"))


def test_a_rebuild_swaps_the_new_output_in_and_removes_the_old_one(site: Path) -> None:
    first = run_assay("build", cwd=site)
    assert first.returncode == 0, first.stderr
    marker = site / "output" / "left-from-before.txt"
    marker.write_text("the previous output", "utf-8")
    second = run_assay("build", cwd=site)
    assert second.returncode == 0, second.stderr
    assert (site / "output" / SEED_PAGE).is_file()
    assert not marker.exists()
    # The previous output is set aside by a rename and removed in the background.
    deadline = time.monotonic() + 30
    while list(site.glob(".output.*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(site.glob(".output.*")) == []


def test_a_set_aside_output_left_by_an_earlier_build_is_removed(site: Path) -> None:
    leftover = site / ".output.previous-12345"
    (leftover / "deep").mkdir(parents=True)
    (leftover / "deep" / "page.html").write_text("old", "utf-8")
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 30
    while leftover.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not leftover.exists()


def _with_plugin(site: Path, name: str, body: str) -> str:
    """A settings file (the development settings plus the plugin ``name``, whose module
    is ``body``) in ``site``; gives its name."""
    (site / "extra_plugins").mkdir(exist_ok=True)
    (site / "extra_plugins" / f"{name}.py").write_text(body, "utf-8")
    settings = f"with_{name}.py"
    (site / settings).write_text(
        "import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *  # noqa\n"
        "PLUGIN_PATHS = PLUGIN_PATHS + ['extra_plugins']\n"
        f"PLUGINS = PLUGINS + [{name!r}]\n", "utf-8")
    return settings


def _recording_process(site: Path) -> str:
    """Settings (see :func:`_with_plugin`) whose plugin writes, as Pelican starts, the
    id of the process Pelican runs in, of its parent, and its command line to
    ``pelican.json``; gives their name."""
    return _with_plugin(site, "record_pid", (
        "import json, os, sys\nfrom pathlib import Path\nfrom pelican import signals\n\n\n"
        "def register():\n"
        "    signals.initialized.connect(_record)\n\n\n"
        "def _record(pelican):\n"
        "    Path('pelican.json').write_text(\n"
        "        json.dumps([os.getpid(), os.getppid(), sys.argv]))\n"))


def test_assay_build_runs_pelican_in_a_fork_of_the_assay_process(site: Path) -> None:
    """``assay build`` does not start a second interpreter to load Pelican and the
    plugins again: Pelican runs in a child forked from the ``assay`` process (which
    ends without freeing the build's objects one by one, and hands the search index
    over to the ``assay`` process, see ``assay/handover.py``)."""
    settings = _recording_process(site)
    process = subprocess.Popen([sys.executable, "-m", "assay.cli", "build", "-s", settings,
                                "--quiet"], cwd=site, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    _, parent, argv = json.loads((site / "pelican.json").read_text())
    assert parent == process.pid
    assert Path(argv[0]).name == "cli.py" and argv[1:] == ["build", "-s", settings, "--quiet"]
    assert (site / "output" / SEED_PAGE).is_file()


def test_where_processes_cannot_fork_pelican_runs_in_the_assay_process(site: Path) -> None:
    """Without ``os.fork`` (as on Windows) ``assay build`` runs Pelican in its own
    process, which makes the search index itself."""
    settings = _recording_process(site)
    code = ("import sys, assay.handover\n"
            "assay.handover.can_hand_over = lambda: False\n"
            "from assay.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    process = subprocess.Popen([sys.executable, "-c", code, "build", "-s", settings, "--quiet"],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert json.loads((site / "pelican.json").read_text())[0] == process.pid
    assert "Search index:" not in out  # the index is Pelican's own work here
    entry = json.loads((site / "output/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1


def test_an_interrupted_build_keeps_the_previous_output(site: Path) -> None:
    """Ctrl-C during a build: Pelican catches the interrupt and returns as if it had
    built the site; ``assay build`` still fails (exit 130), publishes nothing and
    removes what it had built."""
    first = run_assay("build", cwd=site)
    assert first.returncode == 0, first.stderr
    (site / "output" / "from-the-good-build.txt").write_text("kept", "utf-8")
    settings = _with_plugin(site, "wait_here", (
        "import time\nfrom pathlib import Path\nfrom pelican import signals\n\n\n"
        "def register():\n"
        "    signals.all_generators_finalized.connect(_wait)\n\n\n"
        "def _wait(generators):\n"
        "    Path('waiting').write_text('yes')\n"
        "    time.sleep(120)\n"))
    process = subprocess.Popen([sys.executable, "-m", "assay.cli", "build", "-s", settings],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 120
    while not (site / "waiting").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (site / "waiting").exists()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, out + err
    assert "build interrupted" in err
    assert (site / "output" / "from-the-good-build.txt").is_file()
    assert (site / "output" / SEED_PAGE).is_file()
    assert list(site.glob(".output.building-*")) == []


def test_a_settings_file_imports_the_sites_other_settings(site: Path) -> None:
    """The installed ``assay`` command finds the site's own modules as ``python -m``
    does: a settings file may import ``pelicanconf`` without adding the folder."""
    command = Path(sys.executable).with_name("assay")
    if not command.is_file():
        pytest.skip("the assay command is not installed beside this Python")
    (site / "plain.py").write_text("from pelicanconf import *  # noqa\n", "utf-8")
    done = subprocess.run([str(command), "build", "-s", "plain.py", "--quiet"], cwd=site,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "output" / SEED_PAGE).is_file()
