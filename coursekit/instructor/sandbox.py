"""Where student code runs: a bubblewrap sandbox, a container, or (loudly) nothing.

Each grading job's command (pytest with nbval, which starts the kernel) is
wrapped by :meth:`Sandbox.wrap`:

``bwrap`` (Linux, Debian package ``bubblewrap``; the default where it works)
    the whole file system read-only (``--ro-bind / /``), a private ``/tmp``,
    ``/proc`` and ``/dev``; the course, the grader's own repository, the
    instructor's home, the submissions and the report hidden behind empty
    folders (the virtual environment, the Python installation and the data
    cache are bound back read-only); only the job's own folder writable, and
    its copy of ``coursekit`` read-only again; new pid, network, IPC and UTS
    namespaces; no capabilities, a new session, and ``--die-with-parent``.
    When the job's main process ends, the pid namespace ends with it, so no
    process a submission started (double fork, ``setsid``) outlives it.
``container`` (``--sandbox container --container-image IMAGE``)
    ``docker``/``podman run --rm --network none --read-only`` with only the
    job's folder (and, read-only, the virtual environment) mounted. The image
    must hold the same Python at the same path as the grader (build it from
    the course with ``scripts/setup.sh``).
``none``
    student code runs as the instructor's user; :func:`warn_unsandboxed`
    says so once per run.

:func:`choose` picks ``bwrap`` when it is installed and works (a probe run),
else ``none``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("auto", "bwrap", "container", "none")

UNSANDBOXED_WARNING = (
    "경고: 샌드박스 없이 채점합니다. 학생 코드가 강사 계정 권한으로 실행되어 답안(solutions/), "
    "다른 학생의 제출물과 작업 폴더, 가상환경, 강의 저장소를 읽고 쓸 수 있고 네트워크도 씁니다. "
    "리눅스에서는 bubblewrap을 설치하거나(`apt-get install bubblewrap`), "
    "--sandbox container --container-image IMAGE로 컨테이너 안에서 채점하세요."
)

#: Size of the private /tmp (a tmpfs, so it counts against memory).
TMP_SIZE = 512 * 2**20
_BWRAP_FLAGS = ("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL")


@dataclass
class Sandbox:
    """How one job's command is wrapped.

    ``hide``: folders (or files) a submission must not see; ``expose``:
    folders bound back read-only even when they lie under a hidden one;
    ``scratch``: the grader's scratch root (other jobs, the template).
    """

    kind: str = "none"
    hide: list[Path] = field(default_factory=list)
    expose: list[Path] = field(default_factory=list)
    scratch: Path | None = None
    image: str | None = None
    runtime: str = "docker"
    reason: str = ""

    @property
    def isolated(self) -> bool:
        return self.kind in ("bwrap", "container")

    def wrap(self, argv: Sequence[str], job: Path, *, cwd: Path, readonly: Iterable[Path] = (),
             env: dict[str, str] | None = None, memory: int | None = None) -> list[str]:
        """The command that runs ``argv`` for ``job`` inside this sandbox."""
        if self.kind == "bwrap":
            return bwrap_command(argv, job, cwd=cwd, hide=self.hide, expose=self.expose,
                                 scratch=self.scratch, readonly=readonly)
        if self.kind == "container":
            return container_command(argv, job, cwd=cwd, image=self.image or "",
                                     runtime=self.runtime, expose=self.expose,
                                     readonly=readonly, env=env or {}, memory=memory)
        return list(argv)


def _existing(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(os.path.abspath(p))
        if p != Path("/") and p.exists() and p not in out:
            out.append(p)
    return out


def bwrap_command(argv: Sequence[str], job: Path, *, cwd: Path, hide: Iterable[Path] = (),
                  expose: Iterable[Path] = (), scratch: Path | None = None,
                  readonly: Iterable[Path] = ()) -> list[str]:
    """``bwrap ... -- argv``: read-only root, hidden paths, only ``job`` writable.

    Hidden folders become empty read-only folders; an ``expose`` path under a
    hidden one is bound back read-only (and what is hidden under it stays
    hidden). The private ``/tmp`` is a tmpfs of :data:`TMP_SIZE`.
    """
    hidden = _existing(hide)
    if scratch is not None and not _under(Path(scratch), Path("/tmp")):
        hidden.append(Path(scratch))
    shown = [p for p in _existing(expose) if any(_under(p, h) and p != h for h in hidden)]
    cmd = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
           "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    empty_dirs = []
    for path in hidden:
        if path.is_dir():
            cmd += ["--size", str(2**20), "--tmpfs", str(path)]
            empty_dirs.append(path)
        else:
            cmd += ["--ro-bind", "/dev/null", str(path)]
    for path in shown:
        cmd += ["--ro-bind", str(path), str(path)]
        for inner in hidden:  # hidden again under what was shown
            if _under(inner, path) and inner != path:
                cmd += (["--tmpfs", str(inner), "--remount-ro", str(inner)] if inner.is_dir()
                        else ["--ro-bind", "/dev/null", str(inner)])
    cmd += ["--bind", str(job), str(job)]
    for path in _existing(readonly):
        cmd += ["--ro-bind", str(path), str(path)]
    for path in empty_dirs:
        if not _under(job, path):
            cmd += ["--remount-ro", str(path)]
    cmd += ["--chdir", str(cwd), *_BWRAP_FLAGS, "--", *argv]
    return cmd


def container_command(argv: Sequence[str], job: Path, *, cwd: Path, image: str,
                      runtime: str = "docker", expose: Iterable[Path] = (),
                      readonly: Iterable[Path] = (), env: dict[str, str] | None = None,
                      memory: int | None = None) -> list[str]:
    """``docker|podman run ...``: no network, read-only image, only ``job`` mounted writable."""
    cmd = [runtime, "run", "--rm", "-i", "--network", "none", "--read-only",
           "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
           "--pids-limit", "1024", "-v", f"{job}:{job}:rw", "-w", str(cwd)]
    if memory:
        cmd += ["--memory", f"{memory}b"]
    for path in _existing(expose):
        cmd += ["-v", f"{path}:{path}:ro"]
    for path in _existing(readonly):
        cmd += ["-v", f"{path}:{path}:ro"]
    for key, value in (env or {}).items():
        cmd += ["-e", f"{key}={value}"]
    return [*cmd, image, *argv]


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def python_paths() -> list[Path]:
    """What the job's Python needs: the virtual environment and the installation under it."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted({Path(os.path.realpath(p)) for p in paths} | paths)


def _probe() -> str:
    """'' when bwrap works here, else why not."""
    if shutil.which("bwrap") is None:
        return "bwrap이 설치되어 있지 않습니다"
    try:
        proc = subprocess.run(
            bwrap_command(["true"], Path("/tmp"), cwd=Path("/")), capture_output=True,
            timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap을 실행할 수 없습니다: {exc}"
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bwrap이 동작하지 않습니다: {err[-1] if err else proc.returncode}"
    return ""


def choose(kind: str = "auto", *, image: str | None = None, runtime: str | None = None) -> Sandbox:
    """The sandbox to use: ``kind`` one of :data:`KINDS` (hide/expose are filled in later).

    ``bwrap`` or ``container`` that cannot work raise ``ValueError``; ``auto``
    falls back to ``none`` with the reason in ``Sandbox.reason``.
    """
    if kind not in KINDS:
        raise ValueError(f"알 수 없는 샌드박스 종류입니다: {kind} ({', '.join(KINDS)} 중 하나)")
    if kind == "container":
        runtime = runtime or next((r for r in ("podman", "docker") if shutil.which(r)), "docker")
        if not image:
            raise ValueError("--sandbox container에는 --container-image가 필요합니다.")
        if shutil.which(runtime) is None:
            raise ValueError(f"컨테이너 실행기 {runtime}을(를) 찾을 수 없습니다.")
        return Sandbox("container", image=image, runtime=runtime)
    if kind == "none":
        return Sandbox("none", reason="--sandbox none")
    problem = _probe() if sys.platform.startswith("linux") else "리눅스가 아닙니다"
    if not problem:
        return Sandbox("bwrap")
    if kind == "bwrap":
        raise ValueError(f"bubblewrap 샌드박스를 쓸 수 없습니다: {problem}")
    return Sandbox("none", reason=problem)


def warn_unsandboxed(box: Sandbox, stream=None) -> None:
    """Say loudly, once per grading run, that student code runs unsandboxed."""
    if box.isolated:
        return
    stream = stream or sys.stderr
    bar = "!" * 78
    why = f" ({box.reason})" if box.reason else ""
    print(f"{bar}\n{UNSANDBOXED_WARNING}{why}\n{bar}", file=stream, flush=True)
