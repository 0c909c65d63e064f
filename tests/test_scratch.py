"""The scratch course (coursekit.instructor.scratch): what a submission may see, its environment."""

from __future__ import annotations

from demo_course import STEM

from coursekit.instructor import sandbox, scratch
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


def test_bwrap_command_hides_the_course_and_binds_only_the_job(tmp_path):
    from pathlib import Path

    course, venv, job = tmp_path / "course", tmp_path / "course" / ".venv", tmp_path / "s" / "job1"
    for p in (venv, job, tmp_path / "s" / "grader"):
        p.mkdir(parents=True)
    cmd = sandbox.bwrap_command(["python", "-V"], job, cwd=job, hide=[course], expose=[venv],
                                scratch=tmp_path / "s", readonly=[tmp_path / "s" / "grader"])
    text = " ".join(cmd)
    assert cmd[:5] == ["bwrap", "--ro-bind", "/", "/", "--dev"]
    assert f"--tmpfs {course}" in text and f"--ro-bind {venv} {venv}" in text
    assert f"--bind {job} {job}" in text
    # The scratch root (other jobs, the template) is hidden: by the private /tmp or its own tmpfs.
    hidden = "--tmpfs /tmp" if str(tmp_path).startswith("/tmp/") else f"--tmpfs {tmp_path / 's'}"
    for flag in ("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop ALL"):
        assert flag in text
    assert cmd[-3:] == ["--", "python", "-V"]
    assert text.index(f"--bind {job}") > text.index(hidden)
    assert Path(cmd[cmd.index("--chdir") + 1]) == job


def test_container_command_has_no_network_and_mounts_only_the_job(tmp_path):
    cmd = sandbox.container_command(["python"], tmp_path, cwd=tmp_path, image="img",
                                    runtime="podman", env={"A": "1"}, memory=2**30)
    text = " ".join(cmd)
    assert cmd[:3] == ["podman", "run", "--rm"] and "--network none" in text
    assert "--read-only" in text and f"-v {tmp_path}:{tmp_path}:rw" in text
    assert "--memory 1073741824b" in text and "-e A=1" in text and cmd[-2:] == ["img", "python"]


def test_unsandboxed_warning(capsys):
    sandbox.warn_unsandboxed(sandbox.Sandbox("bwrap"))
    assert capsys.readouterr().err == ""
    sandbox.warn_unsandboxed(sandbox.Sandbox("none", reason="bwrap이 설치되어 있지 않습니다"))
    assert "샌드박스 없이 채점합니다" in capsys.readouterr().err
