"""Preparing a Google Colab runtime for the course (what the setup cell calls).

Colab comes with TensorFlow, Keras, numpy, scipy and matplotlib already
imported or importable; replacing any of them would need a runtime restart or
break the runtime. So the setup cell installs coursekit itself with
``pip install --no-deps`` (nothing else changes), then calls :func:`prepare`,
which

1. installs only the dependencies of coursekit that are missing (gensim,
   konlpy, koreanize-matplotlib, ...), with every package already installed
   pinned to its installed version by a pip constraints file: pip either
   finds versions that fit Colab as it is or stops with an error, it never
   replaces TensorFlow or numpy. If no such set exists, a second try pins only
   :data:`PROTECTED` and says which other packages changed;
2. makes the new packages importable in the running kernel
   (``importlib.invalidate_caches``), so no restart is needed; the Korean font
   comes from koreanize-matplotlib's NanumGothic file, registered in the
   running process by :func:`coursekit.viz.use_korean_font`;
3. points ``JAVA_HOME`` at an installed JDK (Colab ships OpenJDK under
   ``/usr/lib/jvm``) so that konlpy's Okt starts its JVM, or says in Korean how
   to install Java.

Everything takes its environment as arguments, so a test can fake Colab.
"""

from __future__ import annotations

import glob
import importlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# Never changed by the setup cell, even when the full pin set cannot be resolved.
PROTECTED = ("tensorflow", "tensorflow-cpu", "keras", "tf-keras", "numpy", "ml-dtypes",
             "tensorboard", "jax", "jaxlib", "torch")

JVM_ROOTS = ("/usr/lib/jvm", "/usr/local/lib/jvm", "/opt/java", "/Library/Java/JavaVirtualMachines")
_LIBJVM = ("lib/server/libjvm.so", "jre/lib/amd64/server/libjvm.so", "lib/server/libjvm.dylib",
           "Contents/Home/lib/server/libjvm.dylib", "bin/server/jvm.dll")
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.!+_-]*$")


def in_colab(modules: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True in a Google Colab runtime."""
    modules = sys.modules if modules is None else modules
    environ = os.environ if environ is None else environ
    return "google.colab" in modules or "COLAB_RELEASE_TAG" in environ


def normalize(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """Every installed distribution: normalized name -> version."""
    out: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            out.setdefault(normalize(name), dist.version)
    return out


def constraints(installed: Mapping[str, str], only: Iterable[str] | None = None) -> list[str]:
    """``name==version`` lines that pin installed packages (all, or those in ``only``)."""
    keep = None if only is None else {normalize(n) for n in only}
    return [
        f"{name}=={version}"
        for name, version in sorted(installed.items())
        if (keep is None or name in keep) and _VERSION.match(version) and name != "coursekit"
    ]


def requirements(dist: str = "coursekit") -> list[str]:
    """The install requirements of ``dist`` (no extras)."""
    return [r for r in importlib.metadata.requires(dist) or [] if "extra ==" not in r.replace('"', "")]


def missing(reqs: Iterable[str], installed: Mapping[str, str]) -> list[str]:
    """The requirements that the installed versions do not satisfy."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # no packaging: let pip decide
        return list(reqs)
    out = []
    for line in reqs:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        version = installed.get(normalize(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            out.append(line)
    return out


def pip_install(reqs: list[str], pins: list[str], run: Callable = subprocess.run):
    """Run pip for ``reqs`` with ``pins`` as its constraints file; return the finished process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="coursekit-pins-", delete=False) as fh:
        fh.write("\n".join(pins) + "\n")
    try:
        cmd = [sys.executable, "-m", "pip", "install", "-q", "-c", fh.name, *reqs]
        return run(cmd, capture_output=True, text=True)
    finally:
        os.unlink(fh.name)


class SetupError(RuntimeError):
    """The setup cell could not prepare the runtime (message in Korean)."""


def install_dependencies(
    installed: Mapping[str, str] | None = None,
    reqs: list[str] | None = None,
    run: Callable = subprocess.run,
    versions_after: Callable[[], Mapping[str, str]] = installed_versions,
) -> list[str]:
    """Install coursekit's missing dependencies without replacing installed packages.

    Returns the requirements that were installed (empty when nothing was missing).
    """
    installed = installed_versions() if installed is None else installed
    todo = missing(requirements() if reqs is None else reqs, installed)
    if not todo:
        return []
    result = pip_install(todo, constraints(installed), run)
    if result.returncode != 0:
        first_error = (result.stderr or result.stdout or "").strip()
        result = pip_install(todo, constraints(installed, PROTECTED), run)
        if result.returncode != 0:
            raise SetupError(
                "coursekit의 의존 패키지를 Colab의 TensorFlow·numpy를 바꾸지 않고는 설치할 수 없습니다.\n"
                f"설치하려던 패키지: {', '.join(todo)}\n"
                "런타임 → 런타임 연결 해제 및 삭제 뒤 다시 실행해 보고, 그래도 안 되면 이 메시지를 강사에게 보내 주세요.\n"
                f"--- pip ---\n{(result.stderr or result.stdout or first_error).strip()[-2000:]}"
            )
    importlib.invalidate_caches()
    after = versions_after()
    changed = sorted(n for n, v in installed.items() if after.get(n, v) != v)
    broken = [n for n in changed if n in {normalize(p) for p in PROTECTED}]
    if broken:
        raise SetupError(f"설치 중에 {', '.join(broken)}의 버전이 바뀌었습니다. 런타임 → 세션 다시 시작을 누르세요.")
    if changed:
        print(f"참고: Colab에 있던 {', '.join(changed)}의 버전이 바뀌었습니다. 이상하면 런타임 → 세션 다시 시작을 누르세요.")
    return todo


def _has_libjvm(home: str | os.PathLike) -> bool:
    return any((Path(home) / rel).is_file() for rel in _LIBJVM)


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", Path(path).name)[:3]) or (0,)


def find_java_home(
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    roots: Iterable[str] = JVM_ROOTS,
) -> str | None:
    """A JDK/JRE folder that has a JVM library: ``$JAVA_HOME``, the ``java`` on PATH,
    or the newest one under the usual roots (``/usr/lib/jvm/java-21-openjdk-amd64`` in Colab)."""
    environ = os.environ if environ is None else environ
    home = environ.get("JAVA_HOME")
    if home and _has_libjvm(home):
        return home
    java = which("java")
    if java:
        real = Path(os.path.realpath(java))
        for candidate in (real.parent.parent, real.parent.parent.parent):  # bin/java, jre/bin/java
            if _has_libjvm(candidate):
                return str(candidate)
    found = [d for root in roots for d in glob.glob(os.path.join(root, "*")) if _has_libjvm(d)]
    if found:
        return max(found, key=_version_key)
    return None


JAVA_HELP = (
    "Java를 찾지 못했습니다. konlpy의 형태소 분석기(Okt)는 Java가 있어야 합니다.\n"
    "  Colab: 새 셀에서 !apt-get install -y -qq openjdk-17-jdk-headless 를 실행한 뒤 준비 셀을 다시 실행하세요.\n"
    "  내 컴퓨터: Java 17 이상(JDK)을 설치하고 환경 변수 JAVA_HOME을 그 폴더로 설정하세요.\n"
    "Okt를 쓰지 않는 노트북은 Java 없이도 돕니다."
)


def configure_java(environ: dict[str, str] | None = None, **find_kwargs) -> str | None:
    """Set ``JAVA_HOME`` for konlpy (before its JVM starts); return it, or ``None`` after
    printing :data:`JAVA_HELP` where no Java is installed."""
    environ = os.environ if environ is None else environ
    home = find_java_home(environ, **find_kwargs)
    if home is None:
        print(JAVA_HELP)
        return None
    environ["JAVA_HOME"] = home
    return home


def prepare(modules: Mapping[str, object] | None = None, environ: dict[str, str] | None = None,
            run: Callable = subprocess.run) -> None:
    """The setup cell's Colab step: missing dependencies (nothing replaced), Java for konlpy.
    Does nothing outside Colab."""
    environ = os.environ if environ is None else environ
    if not in_colab(modules, environ):
        return
    installed = install_dependencies(run=run)
    if installed:
        print(f"설치함: {', '.join(installed)} (Colab에 있던 패키지는 그대로)")
    configure_java(environ)
