"""The command line (coursekit.instructor.cli) and ``python -m coursekit``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coursekit.instructor import cli, course


def test_usage_lists_every_command(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    for command in cli.COMMANDS:
        assert f"  {command} " in out


def test_unknown_command_is_an_error(capsys):
    assert cli.main(["gradle"]) == 2
    assert "grade SUBMISSIONS" in capsys.readouterr().out


def test_a_commands_own_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["grade", "--help"])
    assert exit_info.value.code == 0
    assert "python -m coursekit grade" in capsys.readouterr().out


def test_notebooks_check_passes_on_this_tree(capsys):
    assert cli.main(["notebooks", "check"]) == 0
    assert capsys.readouterr().out == ""


def test_python_dash_m_coursekit():
    done = subprocess.run([sys.executable, "-m", "coursekit", "--help"], cwd=course.ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "bench ALGO --corpus PATH" in done.stdout
