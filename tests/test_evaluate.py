"""coursekit.evaluate agrees with gensim's evaluate_word_pairs / evaluate_word_analogies."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import datasets, evaluate


@pytest.fixture(scope="module")
def english_kv():
    """Real (if weak) vectors: gensim skip-gram on the first 300K words of en8."""
    from gensim.models import Word2Vec

    try:
        sentences = datasets.load_en8(max_words=300_000)
    except datasets.DatasetMissingError:
        pytest.skip("en8 is not available (set COURSEKIT_DATA)")
    return Word2Vec(sentences, vector_size=32, window=5, min_count=5, epochs=2, workers=1, seed=1).wv


@pytest.mark.parametrize("name", ["ws353", "simlex"])
def test_similarity_agrees_with_gensim(english_kv, name):
    path = str(evaluate.SIMILARITY_SETS[name]())
    pearson, spearman, oov_percent = english_kv.evaluate_word_pairs(path)
    ours = evaluate.word_similarity(english_kv, name)
    assert ours.spearman == pytest.approx(spearman[0], abs=1e-4)
    assert ours.pearson == pytest.approx(pearson[0], abs=1e-4)
    assert ours.oov_rate == pytest.approx(oov_percent / 100)
    assert 0 < ours.oov_rate < 1 and ours.pairs + ours.oov_pairs > 300


def test_analogy_agrees_with_gensim(english_kv):
    path = str(evaluate.ANALOGY_SETS["google"]())
    score, sections = english_kv.evaluate_word_analogies(path, restrict_vocab=3000)
    ours = evaluate.analogy(english_kv, "google", restrict_vocab=3000)
    total = sections[-1]
    assert ours.total == len(total["correct"]) + len(total["incorrect"])
    assert ours.correct > 0
    # floating-point near-ties may flip a question or two
    assert abs(ours.correct - len(total["correct"])) <= 2
    assert ours.accuracy == pytest.approx(score, abs=2 / ours.total)
    for section in sections[:-1]:
        got = ours.sections.get(section["section"], (0, 0))
        assert got[1] == len(section["correct"]) + len(section["incorrect"])


def test_restrict_vocab_limits_the_search(english_kv):
    small = evaluate.analogy(english_kv, "google", restrict_vocab=500)
    large = evaluate.analogy(english_kv, "google", restrict_vocab=3000)
    assert small.total < large.total and small.oov_rate > large.oov_rate


def _random_korean_kv():
    from gensim.models import KeyedVectors

    pair_words, analogy_words = [], []
    for a, b, _ in datasets.load_kor_ws353():
        pair_words += [a, b]
    for _, q in evaluate.read_analogies(datasets.kor_analogy_path("all")):
        analogy_words += q
    # leave some words out so that some pairs and questions are OOV
    pair_words = list(dict.fromkeys(pair_words))[::2]
    analogy_words = [w for i, w in enumerate(dict.fromkeys(analogy_words)) if i % 10]
    words = list(dict.fromkeys(pair_words + analogy_words))
    rng = np.random.default_rng(0)
    kv = KeyedVectors(20)
    kv.add_vectors(words, rng.normal(size=(len(words), 20)).astype(np.float32))
    return kv


def test_korean_sets_agree_with_gensim():
    try:
        kv = _random_korean_kv()
    except datasets.DatasetMissingError:
        pytest.skip("Korean evaluation sets are not available (set COURSEKIT_DATA)")
    _, spearman, oov_percent = kv.evaluate_word_pairs(str(datasets.kor_ws353_path()))
    ours = evaluate.word_similarity(kv, "kor_ws353")
    assert ours.spearman == pytest.approx(spearman[0], abs=1e-4)
    assert ours.oov_rate == pytest.approx(oov_percent / 100)
    score, sections = kv.evaluate_word_analogies(str(datasets.kor_analogy_path("all")))
    result = evaluate.analogy(kv, "kor")
    assert result.total == len(sections[-1]["correct"]) + len(sections[-1]["incorrect"]) > 0
    assert result.accuracy == pytest.approx(score, abs=1e-9)


def test_a_planted_analogy_is_solved():
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(3)
    words = ["man", "woman", "king", "queen"] + [f"x{i}" for i in range(50)]
    vectors = rng.normal(size=(len(words), 10)).astype(np.float32)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[3] = unit[1] - unit[0] + unit[2]  # queen = woman - man + king
    kv = KeyedVectors(10)
    kv.add_vectors(words, vectors)
    answer = evaluate.solve_analogies(kv, np.array([[0, 1, 2]]), restrict_vocab=len(words))
    assert kv.index_to_key[answer[0]] == "queen"


def test_benchmark_keys_and_nan_for_unknown_words():
    from gensim.models import KeyedVectors

    kv = KeyedVectors(4)
    kv.add_vectors(["zzz", "qqq"], np.eye(2, 4, dtype=np.float32))
    scores = evaluate.benchmark(kv)
    assert set(scores) == {"ws353", "simlex", "analogy"}
    assert all(np.isnan(v) for v in scores.values())
    with pytest.raises(FileNotFoundError, match="찾을 수 없습니다"):
        evaluate.word_similarity(kv, "no-such-set")
