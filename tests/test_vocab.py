"""coursekit.vocab: the one vocabulary of every model, its order, counts and special tokens."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import ngram, nnlm, vocab
from coursekit.vocab import BOS, EOS, PAD, UNK, Vocab, to_keyed_vectors

SLIDE = "what will the fat cat sit on".split()


def test_vocab_numbers_words_by_first_appearance_and_one_hot():
    v = Vocab.from_tokens(SLIDE)
    assert v.words == SLIDE and len(v) == 7
    assert v.one_hot("fat").tolist() == [0, 0, 0, 1, 0, 0, 0]
    assert np.array_equal(np.stack([v.one_hot(w) for w in SLIDE]), np.eye(7, dtype=int))
    with pytest.raises(KeyError):
        v["dog"]
    with pytest.raises(TypeError):
        Vocab.from_tokens("what will")


def test_build_orders_by_count_and_maps_rare_words_to_unk():
    sentences = [["b", "a", "b"], ["c", "b", "a", "d"]]
    v = Vocab.build(sentences, min_count=2, specials=(UNK,))
    assert v.words == [UNK, "b", "a"]
    assert v.encode(["a", "d", "zzz"]) == [2, 0, 0]
    assert v.normalize(sentences) == [["b", "a", "b"], [UNK, "b", "a", UNK]]
    assert v.counts.tolist() == [0, 3, 2] and v.count("b") == 3 and v.count("zzz") == 0
    assert Vocab.build(sentences, max_size=3, specials=(UNK,)).words == [UNK, "b", "a"]
    with pytest.raises(TypeError, match="토큰 리스트"):
        Vocab.build(["a b c"])
    with pytest.raises(ValueError, match="min_count"):
        Vocab.build(sentences, min_count=10)


@pytest.mark.parametrize("seed", [0, 1])
def test_order_and_counts_match_gensim_even_for_ties(seed):
    from gensim.models import Word2Vec

    rng = np.random.default_rng(seed)
    # few distinct counts, many words: most words tie with others
    sentences = [[f"w{int(k)}" for k in rng.integers(0, 300, size=12)] for _ in range(200)]
    ours = Vocab.build(sentences, min_count=2)
    model = Word2Vec(vector_size=4, min_count=2)
    model.build_vocab(sentences)
    assert ours.words == model.wv.index_to_key
    assert ours.counts.tolist() == [model.wv.get_vecattr(w, "count") for w in ours.words]


def test_ties_put_the_word_seen_later_first():
    v = Vocab.build([["a", "b", "c", "b"], ["d", "a"]])
    assert v.words == ["b", "a", "d", "c"]
    assert v.total == 6


def test_special_tokens_are_defined_once():
    assert (UNK, PAD, BOS, EOS) == ("<unk>", "<pad>", "<s>", "</s>")
    assert ngram.BOS is vocab.BOS and ngram.EOS is vocab.EOS
    assert nnlm.SPECIALS == (UNK, BOS, EOS)
    v = Vocab.build([["x", "y", "x"]], specials=nnlm.SPECIALS)
    assert v.words == [UNK, BOS, EOS, "x", "y"] and v.unk == UNK


def test_encode_corpus_drops_rare_words_and_numbers_sentences():
    v = Vocab.build([["x", "y", "x"], ["y", "rare", "x"]], min_count=2)
    ids, sentence_of = v.encode_corpus([["x", "rare", "y"], ["y"]])
    assert [v.words[i] for i in ids] == ["x", "y", "y"]
    assert sentence_of.tolist() == [0, 0, 1]


def test_extend_keeps_ids_and_counts():
    v = Vocab.build([["good", "movie", "movie"]], specials=(PAD, UNK))
    ext = v.extend(["movie", "plot"])
    assert ext.words == [PAD, UNK, "movie", "good", "plot"]
    assert ext.counts.tolist() == [0, 0, 2, 1, 0] and ext["unseen"] == 1


def test_to_keyed_vectors_keeps_rows_and_skips_padding():
    vectors = np.arange(12, dtype=float).reshape(4, 3)
    kv = to_keyed_vectors(["<pad>", "x", "y", "z"], vectors)
    assert list(kv.index_to_key) == ["x", "y", "z"]
    assert np.array_equal(kv["y"], vectors[2])
    with pytest.raises(ValueError):
        to_keyed_vectors(["x"], vectors)


def test_keyed_vectors_leave_out_specials_and_keep_counts():
    v = Vocab.build([["x", "y", "x"]], specials=(PAD, UNK))
    kv = v.keyed_vectors(np.eye(4))
    assert kv.index_to_key == ["x", "y"] and kv.get_vecattr("x", "count") == 2
    assert np.array_equal(kv["y"], np.eye(4)[3])
