"""The scratch course (coursekit.instructor.scratch): what a submission may see, its environment."""

from __future__ import annotations

from demo_course import STEM

from coursekit.instructor import scratch
from coursekit.instructor.watchdog import MARKER_VAR


def test_scratch_course_leaves_out_solutions_and_submissions(course, tmp_path):
    subs = course / "submissions"
    subs.mkdir()
    (subs / "kim.ipynb").write_text("{}", encoding="utf-8")
    try:
        files = {p.as_posix() for p in scratch.course_files(course, exclude=[subs])}
    finally:
        (subs / "kim.ipynb").unlink()
        subs.rmdir()
    assert files == {f"exercises/{STEM}.ipynb", "README.md"}


def test_job_env_keeps_little_of_the_instructors(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "x")
    monkeypatch.setenv("PYTHONPATH", "/somewhere/else")
    env = scratch.job_env(tmp_path, tmp_path / "course", "m1", threads=3)
    assert "SECRET_TOKEN" not in env
    assert env["PYTHONPATH"] == str(tmp_path / "course")
    assert env["HOME"] == str(tmp_path / "home") and env[MARKER_VAR] == "m1"
    assert env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
