"""A preview server (``assay serve``: Pelican's autoreload) builds the site again and
again in one process, with one Pelican object, as its sources change. Each of those
builds reports its own problems, as a build in a new process would.

The driver below does what Pelican's autoreload loop does (one ``Pelican``, ``run()``
after each change) on a real generated site, in a process of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.perf.support import generated_site

DRIVER = '''
import json, logging, sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

logged = []

class Keep(logging.Handler):
    def emit(self, record):
        logged.append(record.getMessage())

logging.getLogger().addHandler(Keep(logging.WARNING))
settings = read_settings("pelicanconf.py", override={
    "OUTPUT_PATH": "output", "SEARCH_INDEX": False, "ASSAY_WORKERS": 1})
pelican = Pelican(settings)
from briefs import collector

runs = []
for edit in json.loads(sys.argv[1]):
    for path, text in edit.items():
        Path(path).write_text(text, "utf-8")
    del logged[:]
    pelican.run()
    read = json.loads(Path(".cache/assay/last-build.json").read_text("utf-8"))["read"]
    runs.append({"problems": [p.format() for p in collector.all_problems()],
                 "logged": list(logged), "read": read})
print(json.dumps(runs))
'''


def _problem(lines: list[str], path: Path, severity: str) -> list[str]:
    return [line for line in lines if line.startswith(f"content/briefs/{path.name}:")
            and f": {severity}: " in line]


def test_each_build_of_a_preview_server_reports_its_own_problems(tmp_path: Path) -> None:
    site = generated_site(tmp_path, 3)
    broken, warned, _ = sorted((site / "content" / "briefs").glob("*.md"))
    good = broken.read_text("utf-8")
    bad = good.replace("title:", "headline:", 1)  # an error: the title is missing
    warned.write_text(warned.read_text("utf-8").replace(
        "## Speculation and Blind Spots", "## Other Matters"), "utf-8")  # a warning
    edits = [{str(broken): bad}, {str(broken): good}, {}]
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(edits)], cwd=site,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    first, fixed, again = json.loads(done.stdout.splitlines()[-1])

    assert _problem(first["problems"], broken, "error") != []
    assert len(_problem(first["problems"], warned, "warning")) == 1
    # The fixed brief's error is gone; the warning left in place is there once, and
    # logged again in each build (Pelican logs a message once a process otherwise).
    for run in (fixed, again):
        assert _problem(run["problems"], broken, "error") == []
        assert run["problems"] == _problem(run["problems"], warned, "warning")
        assert len(run["problems"]) == 1
        assert any(run["problems"][0] in line for line in run["logged"]), run["logged"]
    # Each build's count of what it read: the edited brief, then nothing.
    assert [Path(p).name for p in fixed["read"]] == [broken.name]
    assert again["read"] == []
