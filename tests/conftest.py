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


@pytest.fixture
def kv():
    """Six words in 3-D where man : king = woman : queen holds exactly and apple ~ pear
    (tests/test_claims*.py; a test module's own ``kv`` fixture overrides this one)."""
    import numpy as np
    from gensim.models import KeyedVectors

    words = ["king", "queen", "man", "woman", "apple", "pear"]
    vectors = np.array([
        [1.0, 1.0, 0.0], [1.0, -1.0, 0.0], [0.2, 1.0, 0.0],
        [0.2, -1.0, 0.0], [0.0, 0.0, 1.0], [0.1, 0.0, 1.0],
    ])
    kv = KeyedVectors(vector_size=3)
    kv.add_vectors(words, vectors)
    return kv
