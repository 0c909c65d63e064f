"""Helpers added for lectures 04/05/07: coursekit.claims.check_rank/check_share and the
sub-word benchmarks coursekit.evaluate.word_similarity_subwords/analogy_subwords."""

import numpy as np
import pytest
from gensim.models import FastText

from coursekit import claims, evaluate


@pytest.fixture(scope="module")
def ft():
    sentences = [["eating", "food", "now"], ["i", "am", "eating"], ["eat", "food"], ["apples", "and", "pears"]] * 20
    return FastText(sentences, vector_size=8, min_count=1, epochs=2, seed=1, workers=1, bucket=1000).wv


def test_check_rank(kv, capsys):
    assert claims.check_rank(kv, "apple", "pear", at_most=1) == 1
    assert "1위" in capsys.readouterr().out
    with pytest.raises(claims.ClaimFailed):
        claims.check_rank(kv, "apple", "king", at_most=1)


def test_check_rank_unseen_query(ft):
    assert "eatings" not in ft.key_to_index
    r = claims.check_rank(ft, "eatings", "eating", at_most=len(ft))
    assert r == claims.rank(ft, "eatings", "eating")


def test_check_share():
    assert claims.check_share("짝수가 있다", ["2", "3", "4"], lambda s: int(s) % 2 == 0, at_least=2) == ["2", "4"]
    with pytest.raises(claims.ClaimFailed):
        claims.check_share("짝수가 많다", ["2", "3", "5"], lambda s: int(s) % 2 == 0, at_least=2)


def test_similarity_subwords_scores_every_pair(ft, tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("eating\tfood\t8\neatings\teat\t9\napples\tnow\t1\npears\tam\t2\n", encoding="utf-8")
    result = evaluate.word_similarity_subwords(ft, path)
    assert result.pairs == 4 and result.oov_pairs == 1
    assert result.oov_rate == pytest.approx(0.25)
    sims = [ft.similarity("eating", "food"), float(np.dot(ft["eatings"], ft["eat"])
            / np.linalg.norm(ft["eatings"]) / np.linalg.norm(ft["eat"])),
            ft.similarity("apples", "now"), ft.similarity("pears", "am")]
    from scipy import stats
    assert result.spearman == pytest.approx(stats.spearmanr([8, 9, 1, 2], sims).statistic)


def test_analogy_subwords_equals_plain_analogy_when_all_words_are_known(kv, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(": royal\nman king woman queen\nking queen man woman\nman king woman apple\n", encoding="utf-8")
    plain = evaluate.analogy(kv, path, restrict_vocab=len(kv))
    sub = evaluate.analogy_subwords(kv, path, restrict_vocab=len(kv))
    assert (sub.correct, sub.total, sub.oov_rate) == (plain.correct, plain.total, 0.0)
    assert sub.sections == plain.sections


def test_analogy_subwords_answers_unseen_words(ft, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(": morph\neat eating food foods\n", encoding="utf-8")
    result = evaluate.analogy_subwords(ft, path)
    assert result.total == 1 and result.oov_rate == 1.0   # 'foods' was never seen, but it is a candidate
