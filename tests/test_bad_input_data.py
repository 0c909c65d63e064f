"""Issue 15: bad vectors, NFD Hangul, raw texts and empty sets get clear errors or correct results."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from gensim.models import KeyedVectors

from coursekit import (
    context_windows,
    evaluate,
    fasttext,
    hangul,
    negative_sampling,
    pretrained,
    projector,
    subsampling,
)
from coursekit.vocab import Vocab


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _kv(words, vectors) -> KeyedVectors:
    kv = KeyedVectors(len(vectors[0]))
    kv.add_vectors(list(words), np.asarray(vectors, np.float32))
    return kv


# --- raw texts where token lists belong --------------------------------------------------------


def test_encode_padded_refuses_raw_texts():
    texts = ["이 영화 정말 재밌다", "배우 연기가 좋다"]
    vocab = Vocab.build([t.split() for t in texts], specials=pretrained.SPECIALS)
    with pytest.raises(TypeError, match="토큰 리스트가 아니라 문자열"):
        pretrained.encode_padded(vocab, texts, 5)
    with pytest.raises(ValueError, match="maxlen"):
        pretrained.encode_padded(vocab, [t.split() for t in texts], 0)
    ids = pretrained.encode_padded(vocab, [t.split() for t in texts], 5)
    assert ids[0, :4].tolist() == vocab.encode(texts[0].split())


def test_korean_tokens_refuses_a_single_string():
    with pytest.raises(TypeError, match="리스트"):
        pretrained.korean_tokens("재밌다 정말")
    with pytest.raises(TypeError, match="tokenize"):
        pretrained.tokenize(["재밌다"])


def test_skipgram_pairs_of_several_sentences_is_refused():
    with pytest.raises(TypeError, match="문장마다 따로"):
        context_windows.skipgram_pairs([["a", "b"], ["c", "d"]], 1)
    with pytest.raises(TypeError, match="토큰 리스트"):
        context_windows.cbow_examples("a b c", 1)
    assert context_windows.skipgram_pairs(["a", "b"], 1) == [("a", "b"), ("b", "a")]


# --- NaN, inf and zero vectors --------------------------------------------------------------


def test_word_similarity_refuses_nan_and_zero_vectors(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("tiger\tcat\t7\nlion\tcat\t8\ndog\tcat\t6\n", encoding="utf-8")
    words = ["tiger", "lion", "cat", "dog"]
    good = _kv(words, [[1, 0.2], [1, 0.4], [1, 0.5], [0.2, 1]])
    assert np.isfinite(evaluate.word_similarity(good, pairs).spearman)
    with pytest.raises(ValueError, match="NaN"):
        evaluate.word_similarity(_kv(words, [[np.nan, 1], [1, 0.4], [1, 0.5], [0.2, 1]]), pairs)
    with pytest.raises(ValueError, match="0 벡터"):
        evaluate.word_similarity(_kv(words, [[0, 0], [1, 0.4], [1, 0.5], [0.2, 1]]), pairs)
    with pytest.raises(ValueError, match="모두 같아"):
        evaluate.word_similarity(_kv(words, [[1, 1]] * 4), pairs)


def test_analogy_refuses_a_nan_candidate_that_would_answer_every_question(tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(": s\nman king woman queen\n", encoding="utf-8")
    words = ["king", "queen", "man", "woman", "apple"]
    vectors = [[1, 1, 0], [1, -1, 0], [0.2, 1, 0], [0.2, -1, 0], [0, 0, 1]]
    assert evaluate.analogy(_kv(words, vectors), questions).accuracy == 1.0
    vectors[4] = [np.nan, 0, 0]
    with pytest.raises(ValueError, match="'apple'"):
        evaluate.analogy(_kv(words, vectors), questions)
    vectors[4] = [0, 0, 1]
    vectors[0] = [0, 0, 0]
    with pytest.raises(ValueError, match="0 벡터"):
        evaluate.analogy(_kv(words, vectors), questions)


def test_benchmark_reports_nan_only_for_sets_it_cannot_score():
    kv = _kv(["zzz", "yyy"], [[1, 0], [0, 1]])
    assert all(np.isnan(v) for v in evaluate.benchmark(kv).values())
    bad = _kv(["king", "queen", "man", "woman"], [[np.nan, 0]] * 4)
    with pytest.raises(ValueError, match="NaN"):
        evaluate.analogy(bad, "google")


def test_nearest_refuses_nan_and_never_lists_the_word_itself():
    words = ["tiger", "lion", "cat", "dog"]
    with pytest.raises(ValueError, match="'tiger'"):
        projector.nearest(_kv(words, [[np.nan, 1], [1, 0], [0, 1], [1, 1]]), "lion")
    kv = _kv(words, [[1, 0.1], [1, 0], [0, 1], [0, 0]])
    got = projector.nearest(kv, "lion", topn=10)
    assert [w for w, _ in got] == ["tiger", "cat"]  # not 'lion' (inf), not the zero vector 'dog'
    assert all(np.isfinite(d) for _, d in got)
    assert [w for w, _ in projector.nearest(kv, "lion", 10, "euclidean")][:1] == ["tiger"]
    with pytest.raises(ValueError, match="벡터가 0"):
        projector.nearest(kv, "dog")


def test_embedding_matrix_refuses_a_nan_vector_instead_of_making_every_oov_row_nan():
    kv = _kv(["lion", "cat"], [[np.nan, 1, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="'lion'"):
        pretrained.embedding_matrix(["<pad>", "<unk>", "zzz", "cat"], kv)
    ok = _kv(["lion", "cat"], [[0, 1, 1], [1, 0, 0]])
    matrix = pretrained.embedding_matrix(["<pad>", "<unk>", "zzz", "cat"], ok)
    assert np.isfinite(matrix).all() and matrix[3].tolist() == [1, 0, 0]
    with pytest.raises(ValueError, match="oov_scale"):
        pretrained.embedding_matrix(["cat"], ok, oov_scale=float("nan"))


def test_noise_distribution_and_keep_probability_refuse_bad_numbers():
    with pytest.raises(ValueError, match="음수"):
        negative_sampling.noise_distribution([3, -1, 2])
    with pytest.raises(ValueError, match="NaN"):
        negative_sampling.noise_distribution([3, np.nan, 2])
    with pytest.raises(ValueError, match="sample"):
        subsampling.keep_probability([3, 1, 2], -1e-3)
    with pytest.raises(ValueError, match="음수"):
        subsampling.keep_probability([3, -1, 2])
    assert subsampling.keep_probability([3, 1, 2], 0).tolist() == [1, 1, 1]


def test_pca_2d_needs_two_rows_and_two_dimensions():
    with pytest.raises(ValueError, match="2개 이상"):
        projector.pca_2d(np.ones((1, 5)))
    with pytest.raises(ValueError, match="NaN"):
        projector.pca_2d(np.array([[1.0, np.nan], [0, 1]]))
    assert projector.pca_2d(np.eye(3)).shape == (3, 2)


def test_splits_refuse_an_empty_set_or_missing_labels():
    x = np.zeros((4, 5), np.int32)
    with pytest.raises(ValueError, match="훈련 데이터에 문장이 하나도"):
        pretrained.Splits(x[:0], [], x, [0] * 4, x, [0] * 4)
    with pytest.raises(ValueError, match="레이블 수"):
        pretrained.Splits(x, [0, 1], x, [0] * 4, x, [0] * 4)
    with pytest.raises(ValueError, match="검증 데이터"):
        pretrained.Splits(x, [0] * 4, x[:0], [], x, [0] * 4)


# --- Hangul in NFD form ---------------------------------------------------------------------


def test_nfd_hangul_is_read_like_nfc():
    assert hangul.decompose(nfd("몰랐다")) == hangul.decompose("몰랐다") == "ㅁㅗㄹㄹㅏㅆㄷㅏ-"
    assert hangul.split_syllable(nfd("닭")) == ("ㄷ", "ㅏ", "ㄺ") and hangul.is_syllable(nfd("한"))
    assert pretrained.tokenize(nfd("재밌다!! 영화")) == ["재밌다", "영화"]
    assert pretrained.korean_tokens([nfd("정말 재밌다")]) == [["정말", "재밌다"]]
    assert fasttext.char_ngrams(nfd("몰랐다"), jamo=True) == fasttext.char_ngrams("몰랐다", jamo=True)
    assert fasttext.char_ngrams(nfd("몰랐다")) == fasttext.char_ngrams("몰랐다")
    assert fasttext.ngram_buckets(nfd("몰랐다"), 3, 6, 1000, jamo=True) == \
        fasttext.ngram_buckets("몰랐다", 3, 6, 1000, jamo=True)


def test_jamo_fasttext_finds_nfd_words():
    kv = fasttext.train([["몰라", "몰랐다", "모르다"]] * 20, jamo=True, dim=4, epochs=1, min_count=1, sample=0,
                        bucket=200, progress=False)
    assert np.array_equal(kv[nfd("몰랐다")], kv["몰랐다"])


@pytest.mark.parametrize("text", ["ㅎㅏㅎㅏ", "ㅋㅋㅋ 웃기다", "ㅇㅒ기들아", "ㄴㅏ랑 친구랑", "감동ㅢ 찰란"])
def test_compose_restores_bare_jamo(text):
    assert hangul.compose(hangul.decompose(text)) == text
