"""load_imdb_tokens (Keras IMDB decoded to words, offline stand-in) and reading GloVe's text format."""

import os
from pathlib import Path

import numpy as np
import pytest

from coursekit import datasets, pretrained


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    datasets._imdb_cache.clear()
    monkeypatch.setattr(datasets, "_unreachable", {})
    yield
    datasets._imdb_cache.clear()


def test_keras_ids_are_decoded_with_index_from_3(monkeypatch, capsys):
    # Keras IMDB's raw arrays: word ranks from 1 (index_from is added by load_imdb)
    index = {"the": 1, "movie": 2, "great": 3, "don't": 4, "end": 5}
    # Keras's quirk, kept: without num_words the highest id becomes OOV ("end" here)
    raw = ([[1, 2, 3], [4, 2]], [1, 0], [[3, 5]], [1], index)
    monkeypatch.setattr(datasets, "_imdb_arrays", lambda: raw)
    tokens, labels, source = datasets.load_imdb_tokens("train")
    # Keras's own shuffle (seed 113) may swap the two reviews; the pairs stay together
    assert sorted(zip(map(tuple, tokens), labels, strict=True)) == [(("don", "t", "movie"), 0), (("the", "movie", "great"), 1)]
    assert source == datasets.IMDB_KERAS
    test = datasets.load_imdb_tokens("test")
    assert test.tokens == [["great"]] and test.labels == [1] and test.source == datasets.IMDB_KERAS
    assert "imdb" in capsys.readouterr().out  # the loader says which dataset it used


def _no_network(monkeypatch):
    calls = []

    def fail():
        calls.append(1)
        raise datasets.DatasetMissingError("download failed: imdb.npz: no network")

    monkeypatch.setattr(datasets, "_imdb_arrays", fail)
    return calls


def test_no_network_without_fallback_is_a_clear_error(monkeypatch):
    _no_network(monkeypatch)
    with pytest.raises(datasets.DatasetMissingError, match="imdb"):
        datasets.load_imdb_tokens("train", offline_ok=False)
    with pytest.raises(ValueError, match="split"):
        datasets.load_imdb_tokens("dev")


@pytest.mark.skipif(not (Path(os.environ.get("COURSEKIT_DATA", "/nonexistent")) / "en" / "movie_reviews.tsv").exists(),
                    reason="COURSEKIT_DATA does not hold the offline copies")
def test_offline_standin_is_split_deterministically(monkeypatch):
    calls = _no_network(monkeypatch)
    train = datasets.load_imdb_tokens("train")
    test = datasets.load_imdb_tokens("test")
    assert len(calls) == 1  # the failed download is not retried for the second split
    assert train.source == test.source == datasets.IMDB_STANDIN
    assert (len(train.tokens), len(test.tokens)) == (1500, 500)
    assert (sum(train.labels), sum(test.labels)) == (750, 250)
    assert all(isinstance(t, str) and t == t.lower() for t in train.tokens[0][:50])
    datasets._imdb_cache.clear()
    assert datasets.load_imdb_tokens("train").tokens == train.tokens
    # the same reviews as load_imdb's stand-in, decoded
    imdb = datasets.load_imdb()
    assert len(imdb.x_train) == 1500 and imdb.standin
    assert sorted(map(tuple, train.tokens)) == sorted(tuple(t) for t in datasets._imdb_decoded(imdb)[0])
    joined = {" ".join(t) for t in train.tokens}
    # disjoint reviews; two of the 2,000 differ only in punctuation and fell on both sides
    assert len(joined & {" ".join(t) for t in test.tokens}) <= 1


def test_glove_text_file_loads_as_keyed_vectors(tmp_path):
    path = tmp_path / "en" / "glove.6B.100d.txt"
    path.parent.mkdir()
    rng = np.random.default_rng(0)
    words = ["the", ",", "movie", "great", "bad"]
    vectors = rng.normal(size=(5, 100)).round(5)
    path.write_text("".join(w + " " + " ".join(f"{v:.5f}" for v in row) + "\n"
                            for w, row in zip(words, vectors, strict=True)))
    kv = pretrained.load_glove_text(path, limit=4)
    assert kv.index_to_key == words[:4] and kv.vector_size == 100
    np.testing.assert_allclose(kv["movie"], vectors[2], atol=1e-5)
    assert len(pretrained.load_glove_text(path)) == 5

