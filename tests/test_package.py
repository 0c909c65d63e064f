"""The runtime package: what notebooks import needs none of the instructor's extras.

Colab installs coursekit without ``[instructor]``; every module outside
``coursekit.instructor`` must import, and ``python -m coursekit data`` must
run, with nbformat, nbclient, nbval, tqdm and psutil unavailable.
"""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import coursekit

INSTRUCTOR_ONLY = ("nbformat", "nbclient", "nbval", "tqdm", "psutil")

SCRIPT = """
import importlib, json, pkgutil, sys

BLOCKED = set(sys.argv[1].split(","))


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {name}", name=name)
        return None


sys.meta_path.insert(0, Blocker())
import coursekit

names = sorted(m.name for m in pkgutil.iter_modules(coursekit.__path__)
               if m.name not in ("instructor", "__main__"))
for name in names:
    importlib.import_module(f"coursekit.{name}")
from coursekit.instructor.cli import main

assert main(["data", "status"]) == 0
print(json.dumps({"imported": names,
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
"""


def test_runtime_modules_import_without_the_instructor_extra():
    root = Path(coursekit.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(INSTRUCTOR_ONLY)], cwd=root,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    expected = {m.name for m in pkgutil.iter_modules(coursekit.__path__)} - {"instructor", "__main__"}
    assert set(result["imported"]) == expected
    assert {"word2vec", "checks", "config", "datasets"} <= expected
    assert result["loaded"] == []
