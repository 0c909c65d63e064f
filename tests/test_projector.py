"""Nearest neighbours by cosine / euclidean distance, PCA and the projector files."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import KeyedVectors

from coursekit import projector


def _kv():
    kv = KeyedVectors(2)
    # "far" points the same way as "query" but is long; "near" is close but at an angle
    kv.add_vectors(["query", "far", "near", "other"],
                   np.array([[1, 0], [10, 0.5], [1, 0.6], [-1, 0]], np.float32))
    return kv


def test_cosine_and_euclidean_disagree_when_lengths_differ():
    kv = _kv()
    assert projector.nearest(kv, "query", 1, "cosine")[0][0] == "far"
    assert projector.nearest(kv, "query", 1, "euclidean")[0][0] == "near"
    cos = dict(projector.nearest(kv, "query", 3, "cosine"))
    assert cos["other"] == pytest.approx(2.0)  # opposite direction: 1 - (-1)
    assert "query" not in cos
    with pytest.raises(KeyError):
        projector.nearest(kv, "missing")


def test_pca_2d_keeps_the_main_directions():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5)) * np.array([10, 3, 0.1, 0.1, 0.1])
    xy = projector.pca_2d(x)
    assert xy.shape == (200, 2)
    assert np.var(xy[:, 0]) == pytest.approx(np.var(x[:, 0]), rel=0.1)
    assert np.var(xy[:, 1]) == pytest.approx(np.var(x[:, 1]), rel=0.2)


def test_export_tsv_writes_matching_files(tmp_path):
    kv = _kv()
    vec_path, meta_path = projector.export_tsv(kv, tmp_path / "out", limit=3)
    rows = [line.split("\t") for line in vec_path.read_text().splitlines()]
    assert meta_path.read_text().splitlines() == ["query", "far", "near"]
    assert len(rows) == 3 and all(len(r) == 2 for r in rows)
    np.testing.assert_allclose(np.array(rows, float), kv.vectors[:3], atol=1e-5)


def test_a_failing_export_leaves_the_previous_files_as_they_were(tmp_path):
    """Issue 15: one unknown word used to truncate vectors.tsv/metadata.tsv before failing."""
    kv = _kv()
    vec_path, meta_path = projector.export_tsv(kv, tmp_path, limit=4)
    before = vec_path.read_bytes(), meta_path.read_bytes()
    with pytest.raises(KeyError, match="'unknown'"):
        projector.export_tsv(kv, tmp_path, words=["query", "unknown"])

    class Broken(KeyedVectors):  # fails half-way through writing
        def __getitem__(self, key):
            if key == "near":
                raise RuntimeError("disk full")
            return super().__getitem__(key)

    broken = Broken(2)
    broken.add_vectors(kv.index_to_key, kv.vectors)
    with pytest.raises(RuntimeError, match="disk full"):
        projector.export_tsv(broken, tmp_path, limit=4)
    assert (vec_path.read_bytes(), meta_path.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.tsv", "vectors.tsv"]  # no temp files left
    with pytest.raises(TypeError, match="토큰 리스트"):
        projector.export_tsv(kv, tmp_path, words="query")
