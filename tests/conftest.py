"""Shared test set-up: quick mode, a headless matplotlib backend, the grader's demo course."""

import os

import pytest

os.environ.setdefault("COURSEKIT_MODE", "quick")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The demo course of ``demo_course.py`` (solutions/ and exercises/ of one exercise)."""
    import demo_course

    return demo_course.make(tmp_path_factory.mktemp("course"))
