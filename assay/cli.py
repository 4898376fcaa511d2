"""The ``assay`` command: check, build and preview the site.

    assay new "Title"
    assay check [PATHS...] [--format text|json|github]
    assay fix [PATHS...] [--dry-run]
    assay import SOURCE... [--into content/briefs] [--title ...] [--date ...]
    assay build [--publish]
    assay serve [--port 8000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .build import build, pelican_command
from .run_pelican import INTERRUPTED

if TYPE_CHECKING:  # the briefs package imports Pelican: `assay build` does not need it
    from briefs.problems import Problem


def load_settings(path: Path) -> dict[str, Any]:
    """Pelican settings read from ``path`` (the same reading Pelican does)."""
    from pelican.settings import read_settings

    return read_settings(str(path))


def format_problems(problems: list[Problem], fmt: str) -> str:
    """The report of ``problems`` in ``fmt`` (text, json or github)."""
    if fmt == "json":
        return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.format_github() for p in problems)
    return "\n".join(p.format() for p in problems)


def online_problems(briefs: list, args: argparse.Namespace) -> list[Problem]:
    """Problems of the links every brief cites or links, checked on the network."""
    from citations.linkcheck import brief_links, check_links, link_problems

    where: dict[str, list] = {}
    for brief in briefs:
        for url, places in brief_links(brief).items():
            where.setdefault(url, []).extend(places)
    results = check_links(sorted(where), cache_path=args.link_cache, timeout=args.timeout)
    return link_problems(results, where)


def cmd_check(args: argparse.Namespace) -> int:
    from briefs.problems import errors

    from .check import check_paths, default_paths, register_plugins

    settings = load_settings(args.settings)
    register_plugins(settings)
    paths = [Path(p) for p in args.paths] or default_paths(settings)
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"assay check: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    briefs: list = []
    problems = check_paths(paths, settings, briefs)
    if args.online:
        problems = sorted(problems + online_problems(briefs, args))
    report = format_problems(problems, args.format)
    if report:
        print(report)
    found = errors(problems)
    if args.format == "text":
        warnings = len(problems) - len(found)
        print(f"{len(found)} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if found else 0


def cmd_new(args: argparse.Namespace) -> int:
    import datetime

    from .authoring import skeleton
    from .check import slug_for
    from .sourcefile import write_new

    settings = load_settings(args.settings)
    today = datetime.date.today()
    text = skeleton(args.title, today, sections=settings.get("BRIEFS_SECTIONS", []),
                    view_label=settings.get("BRIEFS_VIEW_LABEL", "REEx View"),
                    author=settings.get("AUTHOR"))
    folder = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]
    path = folder / f"{today:%Y-%m-%d}-{slug_for(args.title, settings)}.md"
    if not write_new(path, text):
        print(f"assay new: {path} exists; nothing was overwritten", file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import datetime

    from textrepair import repair_text

    from .check import slug_for
    from .importing.run import ImportOptions, import_sources

    settings = load_settings(args.settings)
    try:
        date = datetime.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"assay import: --date {args.date!r} is not a date YYYY-MM-DD", file=sys.stderr)
        return 2
    into = Path(args.into) if args.into else (Path(settings["PATH"])
                                              / settings["ARTICLE_PATHS"][0])
    options = ImportOptions(
        into=into,
        sections=settings.get("BRIEFS_SECTIONS", []),
        view_label=settings.get("BRIEFS_VIEW_LABEL", "REEx View"),
        slugify=lambda text: slug_for(text, settings),
        article_url=settings.get("ARTICLE_URL", "{date:%Y}/{date:%m}/{slug}/"),
        author=args.author,
        default_author=settings.get("AUTHOR"),
        title=args.title,
        date=date,
        include_drafts=args.include_drafts,
        include_pages=args.include_pages,
        redirects=Path(args.redirects),
        repair=repair_text,
    )
    outcome = import_sources([Path(s) for s in args.sources], options)
    print(outcome.summary())
    return 0 if outcome.imported or not outcome.skipped else 1


def cmd_fix(args: argparse.Namespace) -> int:
    from textrepair.files import fix_file

    from .check import default_paths, source_files

    settings = load_settings(args.settings)
    paths = [Path(p) for p in args.paths] or default_paths(settings)
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"assay fix: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    changed = 0
    for path in source_files(paths):
        result = fix_file(path, dry_run=args.dry_run)
        if not result.changed:
            continue
        changed += 1
        if args.dry_run:
            sys.stdout.write(result.diff)
        for change in result.changes:
            print(f"{path}:{change.line}:{change.column}: repaired {change.rule}: "
                  f"{change.before!r} -> {change.after!r}", file=sys.stderr)
    verb = "would repair" if args.dry_run else "repaired"
    print(f"{verb} {changed} file(s)", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> NoReturn:
    """Build the site (see :func:`assay.build.build`), then end the process at once: a
    big site's millions of objects are not freed one by one (see
    :mod:`assay.run_pelican`)."""
    settings = args.settings or Path("publishconf.py" if args.publish else "pelicanconf.py")
    try:
        code = build(settings, Path(args.content), Path(args.output), quiet=args.quiet)
    except KeyboardInterrupt:  # before or after Pelican ran (see assay.run_pelican.run)
        print("build interrupted", file=sys.stderr)
        code = INTERRUPTED
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def cmd_serve(args: argparse.Namespace) -> int:
    command = pelican_command(args.settings, Path(args.content), Path(args.output),
                              "--autoreload", "--listen", "--port", str(args.port),
                              "--bind", args.bind)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="assay", description=__doc__.split("\n")[0])
    sub = top.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate briefs and pages without building")
    check.add_argument("paths", nargs="*", help="files or folders (default: the site's)")
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.add_argument("--online", action="store_true",
                       help="also check every cited and linked URL on the network")
    check.add_argument("--link-cache", type=Path, default=Path(".cache/links.json"),
                       help="where link results are kept between runs (7 days)")
    check.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    check.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    check.set_defaults(run=cmd_check)

    new = sub.add_parser("new", help="write a new brief skeleton into content/briefs/")
    new.add_argument("title")
    new.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    new.set_defaults(run=cmd_new)

    fix = sub.add_parser("fix", help="repair damaged text in sources, in place")
    fix.add_argument("paths", nargs="*", help="files or folders (default: the site's)")
    fix.add_argument("--dry-run", action="store_true", help="show the diff, change nothing")
    fix.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    fix.set_defaults(run=cmd_fix)

    imp = sub.add_parser("import", help="import articles (text, HTML) or a WordPress export")
    imp.add_argument("sources", nargs="+", metavar="SOURCE")
    imp.add_argument("--into", help="folder for the new briefs (default: content/briefs)")
    imp.add_argument("--title", help="title of the brief (single articles)")
    imp.add_argument("--date", help="date of the brief, YYYY-MM-DD (single articles)")
    imp.add_argument("--author", help="author of the briefs (default: the site's AUTHOR)")
    imp.add_argument("--include-drafts", action="store_true", help="import WordPress drafts")
    imp.add_argument("--include-pages", action="store_true", help="import WordPress pages")
    imp.add_argument("--redirects", default="content/redirects.yml",
                     help="where to write the map of old URLs to new ones")
    imp.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    imp.set_defaults(run=cmd_import)

    build_cmd = sub.add_parser("build", help="build the site into output/, atomically")
    build_cmd.add_argument("--publish", action="store_true",
                           help="strict production build with publishconf.py")
    build_cmd.add_argument("-s", "--settings", type=Path, default=None)
    build_cmd.add_argument("--content", default="content")
    build_cmd.add_argument("-o", "--output", default="output")
    build_cmd.add_argument("-q", "--quiet", action="store_true")
    build_cmd.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", help="preview with auto-reload")
    serve.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    serve.add_argument("--content", default="content")
    serve.add_argument("-o", "--output", default="output")
    serve.add_argument("-p", "--port", type=int, default=8000)
    serve.add_argument("--bind", default="127.0.0.1")
    serve.set_defaults(run=cmd_serve)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``assay`` with ``argv``; gives the exit code."""
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
