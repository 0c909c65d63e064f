import os

import pytest

from coursekit import config


def test_mode_from_environment(monkeypatch):
    monkeypatch.setenv("COURSEKIT_MODE", "full")
    assert config.mode() == "full" and config.pick(1, 2) == 2
    monkeypatch.setenv("COURSEKIT_MODE", "Quick")
    assert config.mode() == "quick" and config.is_quick() and config.pick(1, 2) == 1


def test_default_mode_follows_gpu(monkeypatch):
    monkeypatch.delenv("COURSEKIT_MODE", raising=False)
    assert config.mode() == ("full" if config.gpus() else "quick")


def test_bad_mode_is_explained(monkeypatch):
    monkeypatch.setenv("COURSEKIT_MODE", "fast")
    with pytest.raises(ValueError, match="'quick' 또는 'full'"):
        config.mode()


def test_seeding_is_reproducible():
    import numpy as np
    import tensorflow as tf

    config.seed_everything(7)
    a = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    config.seed_everything(7)
    b = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    assert (a[0] == b[0]).all() and (a[1] == b[1]).all()


def test_setup_prints_mode_and_device(capsys, monkeypatch):
    monkeypatch.setenv("COURSEKIT_MODE", "quick")
    config.setup(seed=0)
    out = capsys.readouterr().out
    assert "모드: quick" in out and config.device_report().device in out


def test_xla_runs_the_trainers_loops_on_one_thread(monkeypatch):
    monkeypatch.delenv("COURSEKIT_XLA_PARALLEL_TASKS", raising=False)
    monkeypatch.setenv("XLA_FLAGS", "--xla_dump_to=/tmp/x")
    config._serial_xla_loops()
    assert os.environ["XLA_FLAGS"] == "--xla_dump_to=/tmp/x " + config.SERIAL_XLA_LOOPS
    config._serial_xla_loops()  # once only
    assert os.environ["XLA_FLAGS"].count("xla_disable_hlo_passes") == 1
    monkeypatch.setenv("XLA_FLAGS", "--xla_disable_hlo_passes=fusion")  # a user's own list stays
    config._serial_xla_loops()
    assert os.environ["XLA_FLAGS"] == "--xla_disable_hlo_passes=fusion"
    monkeypatch.delenv("XLA_FLAGS")
    monkeypatch.setenv("COURSEKIT_XLA_PARALLEL_TASKS", "1")  # the way back to XLA's default
    config._serial_xla_loops()
    assert "XLA_FLAGS" not in os.environ


def test_importing_coursekit_sets_the_flag_before_tensorflow_compiles():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "COURSEKIT_XLA_PARALLEL_TASKS")}
    out = subprocess.run([sys.executable, "-c", "import coursekit, os; print(os.environ['XLA_FLAGS'])"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == config.SERIAL_XLA_LOOPS
