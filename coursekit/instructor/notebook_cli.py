"""``python -m coursekit notebooks sync|check|execute``."""

from __future__ import annotations

import argparse

from coursekit.instructor import notebooks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit notebooks")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("sync", help="rewrite badge/setup cells and regenerate exercises/")
    sub.add_parser("check", help="list notebooks whose header or exercise is stale")
    ex = sub.add_parser("execute", help="re-run lectures and solutions in place (quick mode)")
    ex.add_argument("paths", nargs="*", help="notebooks (default: all lectures and solutions)")
    ex.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    args = parser.parse_args(argv)
    if args.cmd == "sync":
        for path in notebooks.sync():
            print("갱신:", path)
        return 0
    if args.cmd == "check":
        problems = notebooks.stale()
        for line in problems:
            print(line)
        if problems:
            print("→ 'python -m coursekit notebooks sync'로 고치세요.")
        return 1 if problems else 0
    paths = args.paths or [*notebooks.notebooks("lectures"), *notebooks.notebooks("solutions")]
    notebooks.sync()
    notebooks.execute(paths, timeout=args.timeout)
    notebooks.sync()  # exercises follow the re-executed solutions
    return 0
