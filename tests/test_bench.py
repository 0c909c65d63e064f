"""python -m coursekit bench (coursekit.instructor.bench): the report and its last JSON line."""

from __future__ import annotations

import json

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
