"""The ``assay`` command: check, build and preview the site.

    assay check [PATHS...] [--format text|json|github]
    assay build [--publish]
    assay serve [--port 8000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefs.problems import Problem, errors

from .build import build, pelican_command


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


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_paths, default_paths

    settings = load_settings(args.settings)
    paths = [Path(p) for p in args.paths] or default_paths(settings)
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"assay check: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    problems = check_paths(paths, settings)
    report = format_problems(problems, args.format)
    if report:
        print(report)
    found = errors(problems)
    if args.format == "text":
        warnings = len(problems) - len(found)
        print(f"{len(found)} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if found else 0


def cmd_build(args: argparse.Namespace) -> int:
    settings = args.settings or Path("publishconf.py" if args.publish else "pelicanconf.py")
    return build(settings, Path(args.content), Path(args.output), quiet=args.quiet)


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
    check.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    check.set_defaults(run=cmd_check)

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
