"""python -m coursekit bench (coursekit.instructor.bench): the report and its last JSON line."""

from __future__ import annotations

import collections
import json
import os
import sys
import types

import numpy as np
import pytest

from coursekit.instructor import bench, cli

KEYS = {"seconds", "words_per_sec", "ws353", "simlex", "analogy"}


def test_read_corpus_cuts_long_lines_like_gensim(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(" ".join(["w"] * 25_000) + "\nshort line here\n", encoding="utf-8")
    sentences = bench.read_corpus(path)
    assert [len(s) for s in sentences] == [10_000, 10_000, 5_000, 3]
    assert sum(len(s) for s in bench.read_corpus(path, max_words=12_000)) == 12_000


@pytest.mark.parametrize("algo", ["sgns", "fasttext"])
def test_bench_prints_a_table_and_one_json_line_last(algo, tmp_path, capsys):
    rng = np.random.default_rng(0)
    words = ["king", "queen", "man", "woman", "cat", "dog", "car", "money", "love", "sex"]
    text = " ".join(words[i] for i in rng.integers(0, len(words), size=20_000))
    corpus = tmp_path / "tiny"
    corpus.write_text(text, encoding="utf-8")
    extra = ["--bucket", "1000"] if algo == "fasttext" else ["--batch", "64"]
    assert cli.main(["bench", algo, "--corpus", str(corpus), "--epochs", "1", "--no-progress",
                     *extra]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert ("batch 64" in lines[0]) == (algo != "fasttext")
    result = json.loads(lines[-1])
    assert set(result) == {"corpus_tokens", "coursekit", "gensim"}
    assert result["corpus_tokens"] == 20_000
    for name in ("coursekit", "gensim"):
        row = result[name]
        assert set(row) == KEYS
        assert row["seconds"] > 0
        # seconds are rounded to 1 ms and words_per_sec to 1 word/s in the report
        assert row["words_per_sec"] * row["seconds"] == pytest.approx(
            20_000, abs=row["words_per_sec"] * 0.0005 + row["seconds"] * 0.5 + 1
        )
        assert row["ws353"] is None or -1 <= row["ws353"] <= 1
    table = "\n".join(lines[:-1])
    assert "coursekit" in table and "gensim" in table and "words_per_sec" in table


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["bench", "sgns", "--corpus", str(tmp_path / "nope")])
    assert "말뭉치 파일이 없습니다" in capsys.readouterr().err


def test_bench_glove_reports_memory_and_recorded_stanford_figures(tmp_path, capsys):
    rng = np.random.default_rng(0)
    words = ["king", "queen", "man", "woman", "cat", "dog", "car", "money", "love", "sex"]
    corpus = tmp_path / "tiny"
    corpus.write_text(" ".join(words[i] for i in rng.integers(0, len(words), size=5_000)), encoding="utf-8")
    assert cli.main(["bench", "glove", "--corpus", str(corpus), "--epochs", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result) == {"corpus_tokens", "coursekit", "gensim", "cooccurrence", "stanford_en8_recorded"}
    assert set(result["coursekit"]) == KEYS and set(result["gensim"]) == KEYS
    assert result["cooccurrence"]["vocab"] == 10 and result["cooccurrence"]["nonzero"] == 100
    assert result["stanford_en8_recorded"] == json.loads(json.dumps(bench.STANFORD_EN8))
    assert "RECORDED figures (not computed in this run)" in out and "non-zero entries" in out


# --- --reference fasttext: Facebook's original fastText as a third column (stubbed here) ------


def _tiny_corpus(tmp_path, size=5_000):
    rng = np.random.default_rng(0)
    words = ["king", "queen", "man", "woman", "cat", "dog", "car", "money", "love", "sex"]
    corpus = tmp_path / "tiny"
    corpus.write_text(" ".join(words[i] for i in rng.integers(0, len(words), size=size)), encoding="utf-8")
    return corpus


class _StubModel:
    """What bench needs of a trained ``fasttext`` model: ``words`` and ``get_word_vector``."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as fh:
            counts = collections.Counter(w for line in fh for w in line.split())
        self.words = [w for w, _ in counts.most_common()] + ["</s>"]

    def get_word_vector(self, word):
        return np.random.default_rng(sum(map(ord, word))).standard_normal(100).astype(np.float32)


def _stub_fasttext(monkeypatch, fail=False):
    """Inject a fake ``fasttext`` module; returns the list of (path, kwargs, lines) it was called with."""
    calls = []

    def train_unsupervised(path, **kwargs):
        with open(path, encoding="utf-8") as fh:
            calls.append((path, kwargs, fh.read().splitlines()))
        if fail:
            raise RuntimeError("stub fastText failed")
        return _StubModel(path)

    module = types.ModuleType("fasttext")
    module.train_unsupervised = train_unsupervised
    monkeypatch.setitem(sys.modules, "fasttext", module)
    return calls


def test_reference_fasttext_without_the_package_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "fasttext", None)  # `import fasttext` raises ImportError
    trained = []
    monkeypatch.setattr(bench, "run_coursekit", lambda *a, **k: trained.append(a))
    corpus = _tiny_corpus(tmp_path)
    with pytest.raises(SystemExit):
        cli.main(["bench", "fasttext", "--corpus", str(corpus), "--reference", "fasttext"])
    err = capsys.readouterr().err
    assert "pip install fasttext" in err and "original fastText" in err
    with pytest.raises(bench.ReferenceUnavailable, match="pip install fasttext"):
        bench.run("fasttext", corpus, reference="fasttext", progress=False)
    assert trained == []  # refused before any training


def test_reference_fasttext_is_only_for_bench_fasttext(tmp_path, capsys, monkeypatch):
    _stub_fasttext(monkeypatch)
    with pytest.raises(SystemExit):
        cli.main(["bench", "sgns", "--corpus", str(_tiny_corpus(tmp_path)), "--reference", "fasttext"])
    assert "only applies to `bench fasttext`" in capsys.readouterr().err


def test_reference_fasttext_adds_a_third_column_and_json_key(tmp_path, capsys, monkeypatch):
    calls = _stub_fasttext(monkeypatch)
    corpus = _tiny_corpus(tmp_path, size=20_000)
    assert cli.main(["bench", "fasttext", "--corpus", str(corpus), "--epochs", "1", "--no-progress",
                     "--bucket", "1000", "--threads", "1", "--reference", "fasttext"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"corpus_tokens", "coursekit", "gensim", "fasttext_original"}
    row = result["fasttext_original"]
    assert set(row) == KEYS and row["seconds"] > 0
    assert row["ws353"] is None or -1 <= row["ws353"] <= 1
    [(path, kwargs, text)] = calls
    assert kwargs == {"model": "skipgram", "dim": 100, "ws": 5, "neg": 5, "minCount": 5, "t": 1e-3,
                      "epoch": 1, "minn": 3, "maxn": 6, "bucket": 1000, "thread": 1, "lr": 0.025,
                      "verbose": 0}
    assert [len(line.split()) for line in text] == [10_000, 10_000]  # one sentence per line
    assert not os.path.exists(path)  # the temporary corpus is removed
    header = next(line for line in lines if line.split()[:1] == ["coursekit"])
    assert header.split() == ["coursekit", "gensim", "fastText", "vs", "gensim", "vs", "fastText"]
    assert any(line.startswith("fastText (original):") for line in lines)


def test_original_fasttext_vectors_and_temp_file_removed_on_error(monkeypatch):
    calls = _stub_fasttext(monkeypatch)
    kv, seconds = bench.run_fasttext_original([["a", "b", "a"], ["c"]], epochs=1, threads=1, bucket=10)
    assert kv.index_to_key == ["a", "b", "c"] and kv.vectors.shape == (3, 100) and seconds >= 0
    assert np.allclose(kv["b"], _StubModel(__file__).get_word_vector("b"))
    assert calls[0][2] == ["a b a", "c"] and not os.path.exists(calls[0][0])
    calls = _stub_fasttext(monkeypatch, fail=True)
    with pytest.raises(RuntimeError, match="stub fastText failed"):
        bench.run_fasttext_original([["a"]], epochs=1, threads=1)
    assert not os.path.exists(calls[0][0])
