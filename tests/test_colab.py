"""The Colab setup cell and coursekit.colab, with Colab faked (no pip, no network)."""

import subprocess
import sys
import types
from pathlib import Path

import pytest

import coursekit
from coursekit import colab
from coursekit.instructor import header

COLAB = {"google.colab": types.ModuleType("google.colab")}
FREEZE = {"tensorflow": "2.20.0", "keras": "3.13.0", "numpy": "2.1.3", "scipy": "1.16.1",
          "matplotlib": "3.10.0", "tqdm": "4.67.1", "weird": "not a version"}
REQS = ["tensorflow>=2.16", "numpy>=1.26", "scipy>=1.11", "gensim>=4.4", "konlpy>=0.6", "tqdm>=4.60"]


class FakePip:
    """Records pip command lines and the constraints file each one saw."""

    def __init__(self, returncodes=(0,)):
        self.calls: list[tuple[list[str], list[str]]] = []
        self.returncodes = list(returncodes)

    def __call__(self, cmd, **kwargs):
        pins = Path(cmd[cmd.index("-c") + 1]).read_text().split()
        self.calls.append((cmd, pins))
        code = self.returncodes.pop(0) if self.returncodes else 0
        return subprocess.CompletedProcess(cmd, code, "", "ResolutionImpossible" if code else "")


def test_colab_is_detected_by_module_or_environment():
    assert colab.in_colab(COLAB, {})
    assert colab.in_colab({}, {"COLAB_RELEASE_TAG": "release-colab_20260801"})
    assert not colab.in_colab({}, {})


def test_only_missing_requirements_are_installed_and_everything_installed_is_pinned():
    pip = FakePip()
    done = colab.install_dependencies(FREEZE, REQS, run=pip, versions_after=lambda: FREEZE)
    assert done == ["gensim>=4.4", "konlpy>=0.6"]
    (cmd, pins), = pip.calls
    assert cmd[:4] == [sys.executable, "-m", "pip", "install"]
    assert cmd[-2:] == ["gensim>=4.4", "konlpy>=0.6"]
    assert not any(flag in cmd for flag in ("-U", "--upgrade", "--force-reinstall"))
    assert "tensorflow==2.20.0" in pins and "numpy==2.1.3" in pins and "keras==3.13.0" in pins
    assert "scipy==1.16.1" in pins and not any(p.startswith("weird") for p in pins)


def test_nothing_missing_means_no_pip():
    pip = FakePip()
    assert colab.install_dependencies(FREEZE, ["numpy>=1.26", "tqdm"], run=pip) == []
    assert pip.calls == []


def test_unresolvable_full_pin_set_retries_with_tensorflow_and_numpy_pinned():
    pip = FakePip(returncodes=(1, 0))
    after = dict(FREEZE, scipy="1.17.0")
    done = colab.install_dependencies(FREEZE, REQS, run=pip, versions_after=lambda: after)
    assert done == ["gensim>=4.4", "konlpy>=0.6"]
    (_, first), (_, second) = pip.calls
    assert "scipy==1.16.1" in first and "scipy==1.16.1" not in second
    assert {"tensorflow==2.20.0", "numpy==2.1.3", "keras==3.13.0"} <= set(second)


def test_a_runtime_that_cannot_keep_tensorflow_gets_a_korean_error():
    with pytest.raises(colab.SetupError, match="TensorFlow·numpy를 바꾸지 않고는"):
        colab.install_dependencies(FREEZE, REQS, run=FakePip(returncodes=(1, 1)))


def test_a_changed_protected_package_is_reported():
    with pytest.raises(colab.SetupError, match="numpy"):
        colab.install_dependencies(FREEZE, REQS, run=FakePip(), versions_after=lambda: dict(FREEZE, numpy="2.3.0"))


def test_coursekit_requirements_never_include_the_extras():
    reqs = colab.requirements()
    names = {colab.normalize(r.split(">")[0].split("=")[0].split("<")[0].strip()) for r in reqs}
    assert {"tensorflow", "numpy", "gensim", "konlpy", "koreanize-matplotlib"} <= names
    assert not names & {"jupyterlab", "nbval", "pytest", "ruff"}


def fake_jdk(root: Path, name: str) -> Path:
    home = root / name
    (home / "lib" / "server").mkdir(parents=True)
    (home / "lib" / "server" / "libjvm.so").write_bytes(b"")
    (home / "bin").mkdir()
    (home / "bin" / "java").write_text("#!/bin/sh\n")
    return home


def test_java_home_from_colab_jvm_folder(tmp_path):
    jvm = tmp_path / "jvm"
    fake_jdk(jvm, "java-11-openjdk-amd64")
    newest = fake_jdk(jvm, "java-21-openjdk-amd64")
    (jvm / "default-java").mkdir()  # no libjvm: skipped
    env = {"JAVA_HOME": str(tmp_path / "gone")}
    assert colab.configure_java(env, which=lambda _: None, roots=[str(jvm)]) == str(newest)
    assert env["JAVA_HOME"] == str(newest)


def test_java_home_from_java_on_path_and_from_environment(tmp_path):
    jdk = fake_jdk(tmp_path, "jdk-17")
    link = tmp_path / "java"
    link.symlink_to(jdk / "bin" / "java")
    assert colab.find_java_home({}, which=lambda _: str(link), roots=[]) == str(jdk)
    assert colab.find_java_home({"JAVA_HOME": str(jdk)}, which=lambda _: None, roots=[]) == str(jdk)


def test_missing_java_says_what_to_do(capsys):
    env: dict[str, str] = {}
    assert colab.configure_java(env, which=lambda _: None, roots=[]) is None
    out = capsys.readouterr().out
    assert "openjdk" in out and "JAVA_HOME" in out and "JAVA_HOME" not in env


def test_prepare_does_nothing_outside_colab():
    pip = FakePip()
    colab.prepare({}, {}, run=pip)
    assert pip.calls == []


def run_setup_cell(monkeypatch, modules, coursekit_installed: bool):
    """Execute the generated setup cell with subprocess, prepare and setup recorded."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(("pip", cmd)))
    monkeypatch.setattr(colab, "prepare", lambda: calls.append(("prepare",)))
    monkeypatch.setattr(coursekit, "setup", lambda: calls.append(("setup",)))
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (real_find_spec(name, *a) if coursekit_installed or name != "coursekit"
                                          else None))
    exec(compile(header.setup_cell().source, "<setup cell>", "exec"), {})
    return calls


def test_setup_cell_in_colab_installs_coursekit_without_dependencies(monkeypatch):
    calls = run_setup_cell(monkeypatch, COLAB, coursekit_installed=False)
    assert [c[0] for c in calls] == ["pip", "prepare", "setup"]
    cmd = calls[0][1]
    assert cmd[1:5] == ["-m", "pip", "install", "-q"] and "--no-deps" in cmd
    assert cmd[-1].startswith("coursekit @ git+https://github.com/")


def test_setup_cell_in_colab_after_a_restart_skips_the_install(monkeypatch):
    calls = run_setup_cell(monkeypatch, COLAB, coursekit_installed=True)
    assert [c[0] for c in calls] == ["prepare", "setup"]


def test_setup_cell_locally_installs_nothing(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    calls = run_setup_cell(monkeypatch, {}, coursekit_installed=True)
    assert calls == [("setup",)]
