"""scripts/lab.sh builds JupyterLab's command line; as root it must add --allow-root."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lab_command(tmp_path: Path, uid: str, *extra: str) -> list[str]:
    """Run a copy of lab.sh (setup stubbed out) in dry-run mode as user ``uid``."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "lab.sh", tmp_path / "scripts" / "lab.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("#!/usr/bin/env bash\ntrue\n")
    env = dict(os.environ, LAB_UID=uid, LAB_DRY_RUN="1")
    out = subprocess.run(["bash", str(tmp_path / "scripts" / "lab.sh"), *extra], env=env,
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if not line.startswith("==")]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_root_gets_allow_root(tmp_path):
    cmd = lab_command(tmp_path, "0", "--no-browser")
    assert cmd[:2] == [".venv/bin/jupyter", "lab"]
    assert "--allow-root" in cmd and cmd[-1] == "--no-browser"
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and "--LabApp.default_url=/lab/tree/lectures" in cmd


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_normal_user_does_not(tmp_path):
    assert "--allow-root" not in lab_command(tmp_path, "1000")
