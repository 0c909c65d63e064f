"""Run a command as if in a fresh Colab runtime (the test command's notebook run).

A fresh Colab runtime has no course files: only what the notebooks download
themselves. ``python -m coursekit.colab_sim [--offline-data DIR] -- CMD ...``
runs ``CMD`` with

* ``COURSEKIT_DATA`` an empty temporary cache, except the registry's declared
  offline stand-ins (``Dataset.standin_for``, and offline copies that the
  registry accepts in place of a public file, like NSMC's), copied from ``DIR``;
* public files whose offline copy in ``DIR`` is byte-identical to the public
  file (same sha256) served from a 127.0.0.1 HTTP server
  (``COURSEKIT_DATA_MIRROR``), so the notebooks download them through the same
  code path as in Colab; a public file without such a copy (text8, Keras IMDB)
  is not served, its download fails and the loader falls back to its stand-in;
* ``HOME`` an empty temporary folder, the ``XDG_*`` / ``MPLCONFIGDIR`` /
  ``KERAS_HOME`` / ``JUPYTER_*`` / ``IPYTHONDIR`` variables removed.

Nothing else of ``DIR`` is reachable through ``coursekit.datasets``: an
offline-only file that is not a declared stand-in is not there, so a notebook
that reaches one fails. Without ``--offline-data`` the cache starts empty and
files come from their real URLs (a machine with internet).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from coursekit import datasets

CLEARED_ENV = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "MPLCONFIGDIR",
               "KERAS_HOME", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR",
               "JUPYTER_RUNTIME_DIR", "JUPYTER_PATH", "COURSEKIT_DATA_MIRROR")


@dataclass
class Plan:
    """Where each registered file goes in the simulated runtime."""

    served: list[str] = field(default_factory=list)  # public files, via the 127.0.0.1 mirror
    standins: list[str] = field(default_factory=list)  # declared stand-ins, copied into the cache
    absent: list[str] = field(default_factory=list)  # public files that will fail to download


def prepare(offline: Path | None, root: Path) -> Plan:
    """Fill ``root/mirror`` and ``root/data`` from the offline copies in ``offline``."""
    plan = Plan()
    mirror, data = root / "mirror", root / "data"
    for folder in (mirror, data, root / "home"):
        folder.mkdir(parents=True, exist_ok=True)
    for ds in datasets.REGISTRY.values():
        for remote in ds.files:
            copy = offline / remote.path if offline is not None else None
            digest = datasets.sha256_of(copy) if copy is not None and copy.is_file() else None
            if remote.url is not None and digest is not None and digest == remote.sha256:
                dest, where = mirror / remote.path, plan.served
            elif digest is not None and digest in remote.offline_sha256:
                if remote.url is None and ds.standin_for is None:
                    continue  # offline-only and not declared: a fresh runtime never has it
                dest, where = data / remote.path, plan.standins
            else:
                if remote.url is not None:
                    plan.absent.append(remote.path)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copy, dest)
            where.append(remote.path)
    return plan


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[tuple[str, int]]

    def log_request(self, code="-", size="-"):
        self.requests.append((self.path.lstrip("/"), int(code) if str(code).isdigit() else 0))

    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, list[tuple[str, int]]]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a daemon thread; return the server and
    the list it logs (path, status) to."""
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_QuietHandler,), {"requests": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, log


def environment(root: Path, mirror_url: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the simulated runtime."""
    env = dict(os.environ if base is None else base)
    for name in CLEARED_ENV:
        env.pop(name, None)
    env["HOME"] = str(root / "home")
    env["COURSEKIT_DATA"] = str(root / "data")
    if mirror_url:
        env[datasets.MIRROR_ENV] = mirror_url
    return env


def run(command: list[str], offline: Path | None, keep: bool = False) -> int:
    """Run ``command`` in a simulated fresh Colab runtime; return its exit status."""
    root = Path(tempfile.mkdtemp(prefix="coursekit-colab-"))
    server = None
    try:
        plan = prepare(offline, root)
        mirror_url, log = None, []
        if offline is not None:
            server, log = serve(root / "mirror")
            mirror_url = f"http://127.0.0.1:{server.server_address[1]}"
        print(f"== Colab 시뮬레이션: HOME과 COURSEKIT_DATA는 빈 임시 폴더 ({root})")
        if offline is not None:
            print(f"   공개 파일 {len(plan.served)}개를 {mirror_url}에서 내려받게 합니다: {', '.join(plan.served)}")
            print(f"   선언된 오프라인 대체본 {len(plan.standins)}개: {', '.join(plan.standins)}")
            print(f"   내려받지 못하는 공개 파일(대체본으로 대신): {', '.join(plan.absent) or '없음'}")
        else:
            print("   오프라인 사본 없음: 모든 파일을 공개 주소에서 내려받습니다.")
        sys.stdout.flush()
        status = subprocess.call(command, env=environment(root, mirror_url))
        if log:
            fetched = sorted({f"{path} {code}" for path, code in log})
            print(f"== Colab 시뮬레이션: 내려받기 요청 {len(log)}번: {'; '.join(fetched)}")
        return status
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        if keep:
            print(f"   (임시 폴더를 남겨 둡니다: {root})")
        else:
            shutil.rmtree(root, ignore_errors=True)


def durations_by_file(junit_xml: str | Path) -> dict[str, float]:
    """Seconds per test file (per notebook for nbval) from pytest's ``--junitxml`` report."""
    import xml.etree.ElementTree as ET

    totals: dict[str, float] = {}
    for case in ET.parse(junit_xml).iter("testcase"):
        name = case.get("file") or case.get("classname", "").split("::")[0]
        totals[name] = totals.get(name, 0.0) + float(case.get("time", 0) or 0)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.colab_sim",
        description="명령을 새 Colab 런타임처럼 실행합니다 (빈 HOME, 공개 데이터만).",
    )
    parser.add_argument("--offline-data", type=Path, help="오프라인 사본 폴더 (../shared/data)")
    parser.add_argument("--keep", action="store_true", help="임시 폴더를 지우지 않습니다")
    parser.add_argument("--junitxml", type=Path, help="pytest의 --junitxml 보고서: 노트북별 시간을 출력합니다")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- 뒤에 실행할 명령")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.junitxml is not None and not command:
        for name, seconds in sorted(durations_by_file(args.junitxml).items(), key=lambda kv: -kv[1]):
            print(f"{seconds:8.1f}초  {name}")
        return 0
    if not command:
        parser.error("실행할 명령이 없습니다: python -m coursekit.colab_sim -- pytest ...")
    offline = args.offline_data.resolve() if args.offline_data else None
    if offline is not None and not offline.is_dir():
        parser.error(f"오프라인 사본 폴더가 없습니다: {offline}")
    return run(command, offline, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
