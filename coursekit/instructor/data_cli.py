"""``python -m coursekit data status|fetch NAME``."""

from __future__ import annotations

import argparse

from coursekit import datasets


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit data")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("status", help="show which registered files are in the cache")
    fetch = sub.add_parser("fetch", help="download and verify a dataset")
    fetch.add_argument("names", nargs="+", choices=sorted(datasets.REGISTRY))
    args = parser.parse_args(argv)
    print("캐시:", datasets.cache_dir())
    if args.cmd == "status":
        for row in datasets.status():
            print(f"{row.state:8s} {row.name:15s} {row.path}")
        return 0
    for name in args.names:
        for path in datasets.fetch(name):
            print("ok", path)
    return 0
