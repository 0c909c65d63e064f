"""load_imdb (Keras IMDB decoded to words, offline stand-in) and the GloVe 6B registry entry."""

import os
from pathlib import Path

import numpy as np
import pytest

from coursekit import datasets, pretrained


@pytest.fixture(autouse=True)
def fresh_cache():
    datasets._imdb_cache.clear()
    yield
    datasets._imdb_cache.clear()


def test_keras_ids_are_decoded_with_index_from_3(monkeypatch):
    import keras

    index = {"the": 1, "movie": 2, "great": 3, "don't": 4}
    # index_from=3: 0 pad, 1 start, 2 OOV, word id i -> i + 3
    x_train = [[1, 4, 5, 6], [1, 7, 2, 5]]
    x_test = [[1, 6]]

    def fake_load_data(index_from=3):
        assert index_from == 3
        return (np.array(x_train, dtype=object), np.array([1, 0])), (np.array(x_test, dtype=object), np.array([1]))

    monkeypatch.setattr(keras.datasets.imdb, "load_data", fake_load_data)
    monkeypatch.setattr(keras.datasets.imdb, "get_word_index", lambda: index)
    tokens, labels, source = datasets.load_imdb_tokens("train")
    assert tokens == [["the", "movie", "great"], ["don", "t", "movie"]]
    assert labels == [1, 0] and source == datasets.IMDB_KERAS
    test = datasets.load_imdb_tokens("test")
    assert test.tokens == [["great"]] and test.labels == [1] and test.source == datasets.IMDB_KERAS


def _no_network(monkeypatch):
    calls = []

    def fail():
        calls.append(1)
        raise Exception("URL fetch failure: no network")

    monkeypatch.setattr(datasets, "_imdb_from_keras", fail)
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
