"""The Colab simulation of the test command: what a fresh runtime has, and nothing else."""

import dataclasses
import hashlib
import os
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

from coursekit import colab_sim, datasets
from coursekit.datasets import Dataset, RemoteFile

SHARED = Path(os.environ.get("COURSEKIT_DATA", "/nonexistent"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """A fake offline folder and a registry that knows its files."""
    folder = tmp_path / "shared"
    files = {
        "pub/same.txt": b"public file, byte-identical offline copy",
        "pub/other.txt": b"the course's rebuilt sample",
        "pub/none.txt": None,  # public, no offline copy (like text8)
        "off/standin.txt": b"a declared stand-in",
        "off/secret.txt": b"offline-only, not declared",
    }
    for rel, body in files.items():
        if body is not None:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(body)
    registry = {
        "pub": Dataset("pub", "public", "CC0", "http://x", (
            RemoteFile("pub/same.txt", "http://example.invalid/same", sha(files["pub/same.txt"])),
            RemoteFile("pub/other.txt", "http://example.invalid/other", "0" * 64,
                       offline_sha256=(sha(files["pub/other.txt"]),)),
            RemoteFile("pub/none.txt", "http://example.invalid/none", None),
        )),
        "standin": Dataset("standin", "s", "CC0", "http://x", (
            RemoteFile("off/standin.txt", None, None, offline_sha256=(sha(files["off/standin.txt"]),)),
        ), standin_for="pub"),
        "secret": Dataset("secret", "s", "CC0", "http://x", (
            RemoteFile("off/secret.txt", None, None, offline_sha256=(sha(files["off/secret.txt"]),)),
        )),
    }
    monkeypatch.setattr(datasets, "REGISTRY", registry)
    return folder


def test_prepare_serves_public_files_and_copies_declared_standins(offline, tmp_path):
    root = tmp_path / "sim"
    plan = colab_sim.prepare(offline, root)
    assert plan.served == ["pub/same.txt"]
    assert plan.standins == ["pub/other.txt", "off/standin.txt"]
    assert plan.absent == ["pub/none.txt"]
    assert (root / "mirror" / "pub" / "same.txt").exists()
    cached = sorted(p.relative_to(root / "data").as_posix() for p in (root / "data").rglob("*") if p.is_file())
    assert cached == ["off/standin.txt", "pub/other.txt"]  # never off/secret.txt
    assert list((root / "home").iterdir()) == []


def test_mirror_serves_on_loopback_and_logs(offline, tmp_path):
    root = tmp_path / "sim"
    colab_sim.prepare(offline, root)
    server, log = colab_sim.serve(root / "mirror")
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/pub/same.txt") as response:
            assert response.read() == b"public file, byte-identical offline copy"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/off/secret.txt")
    finally:
        server.shutdown()
        server.server_close()
    assert log == [("pub/same.txt", 200), ("off/secret.txt", 404)]


def test_environment_is_a_fresh_runtime(tmp_path):
    base = {"HOME": "/root", "XDG_CACHE_HOME": "/c", "MPLCONFIGDIR": "/m", "PATH": "/bin",
            "COURSEKIT_DATA": "/shared/data", "KERAS_HOME": "/k"}
    env = colab_sim.environment(tmp_path, "http://127.0.0.1:1", base)
    assert env == {"HOME": str(tmp_path / "home"), "PATH": "/bin", "COURSEKIT_DATA": str(tmp_path / "data"),
                   datasets.MIRROR_ENV: "http://127.0.0.1:1"}


@pytest.mark.skipif(not (SHARED / "ko_eval").is_dir(), reason="needs the offline copies (../shared/data)")
def test_a_command_sees_only_public_data_and_standins(capfd):
    child = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        from coursekit import datasets
        assert list(Path(os.environ["HOME"]).iterdir()) == []
        assert len(datasets.load_kor_ws353()) > 300          # downloaded from the 127.0.0.1 mirror
        assert (datasets.cache_dir() / "ko_eval" / "kor_ws353.csv").exists()
        assert datasets.load_english_corpus(max_words=10).name == "en8"   # text8 cannot be fetched
        sys.exit(7)
    """)
    status = colab_sim.run([sys.executable, "-c", child], SHARED)
    out = capfd.readouterr().out
    assert status == 7, out
    assert "ko_eval/kor_ws353.csv 200" in out and "en/text8 404" in out


def test_an_offline_only_file_is_not_there(offline, tmp_path):
    plan = colab_sim.prepare(offline, tmp_path / "sim")
    secret = dataclasses.replace(datasets.REGISTRY["secret"].files[0])
    env = colab_sim.environment(tmp_path / "sim", None)
    code = (
        "import sys; from coursekit import datasets; from coursekit.datasets import RemoteFile\n"
        f"datasets.ensure(RemoteFile({secret.path!r}, None, None, offline_sha256={secret.offline_sha256!r}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DatasetMissingError" in result.stderr
    assert "off/secret.txt" not in plan.served + plan.standins


def test_cli_needs_a_command():
    with pytest.raises(SystemExit):
        colab_sim.main(["--offline-data", "/nonexistent"])


def test_durations_by_notebook(tmp_path, capsys):
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite>'
        '<testcase classname="lectures.01_language_model.ipynb" name="Cell 0" time="1.5"/>'
        '<testcase classname="lectures.01_language_model.ipynb" name="Cell 1" time="2.0"/>'
        '<testcase file="solutions/02_nnlm.ipynb" classname="x" name="Cell 0" time="4"/>'
        '</testsuite></testsuites>'
    )
    assert colab_sim.durations_by_file(report) == {"lectures.01_language_model.ipynb": 3.5,
                                                   "solutions/02_nnlm.ipynb": 4.0}
    assert colab_sim.main(["--junitxml", str(report)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("solutions/02_nnlm.ipynb")
