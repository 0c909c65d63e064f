import numpy as np
import pytest

from coursekit import fasttext, sgns
from coursekit.fasttext import char_ngrams


def test_slide_table_for_eating():
    assert char_ngrams("eating", 3, 3) == ["<ea", "eat", "ati", "tin", "ing", "ng>"]
    assert char_ngrams("eating", 4, 4) == ["<eat", "eati", "atin", "ting", "ing>"]
    assert char_ngrams("eating", 5, 5) == ["<eati", "eatin", "ating", "ting>"]
    assert char_ngrams("eating", 6, 6) == ["<eatin", "eating", "ating>"]
    assert len(char_ngrams("eating", 3, 6)) == 6 + 5 + 4 + 3


def test_boundaries_separate_word_from_inner_ngram():
    assert "her" in char_ngrams("where", 3, 6) and "<her>" not in char_ngrams("where", 3, 6)
    assert char_ngrams("her", 3, 6) == ["<he", "her", "er>", "<her", "her>", "<her>"]


def test_matches_gensim_ngrams():
    from gensim.models.fasttext_inner import compute_ngrams

    for word in ("eating", "oranges", "모르겠으나", "a"):
        assert sorted(char_ngrams(word, 3, 6)) == sorted(compute_ngrams(word, 3, 6))


def test_jamo_ngrams_share_the_stem():
    forms = ["모르다", "몰라", "몰랐다", "모르겠니"]
    shared = set.intersection(*(set(char_ngrams(w, 2, 3, jamo=True)) for w in forms))
    assert "<ㅁㅗ" in shared
    syllable_shared = set.intersection(*(set(char_ngrams(w, 2, 3)) for w in forms))
    assert len(shared) > len(syllable_shared)


def test_bad_input():
    with pytest.raises(ValueError, match="min_n"):
        char_ngrams("eat", 4, 3)
    with pytest.raises(ValueError, match="단어"):
        char_ngrams("", 3, 6)


# ---------------------------------------------------------------------------
# train()
# ---------------------------------------------------------------------------

BUCKET = 5_000


def _topic_corpus(seed: int = 0, sentences: int = 600) -> list[list[str]]:
    """Two topics; words of a topic share a stem and appear with the topic's context words."""
    rng = np.random.default_rng(seed)
    topics = {
        "zor": (["zorba", "zorbas", "zorbing", "zorbed", "zorbal"], ["red", "green", "blue"]),
        "qua": (["quax", "quaxes", "quaxing", "quaxed", "quaxal"], ["one", "two", "three"]),
    }
    out = []
    for _ in range(sentences):
        stems, contexts = topics["zor" if rng.random() < 0.5 else "qua"]
        out.append([str(w) for w in rng.choice(stems + contexts, size=8)])
    return out


@pytest.fixture(scope="module")
def topic_kv():
    # sample=0: with 16 words, every word is "frequent" and subsampling would drop most tokens
    return fasttext.train(_topic_corpus(), dim=16, window=3, min_count=1, sample=0, epochs=5,
                          bucket=BUCKET, seed=1, progress=False)


def test_train_returns_fasttext_keyed_vectors(topic_kv):
    from gensim.models.fasttext import FastTextKeyedVectors

    assert isinstance(topic_kv, FastTextKeyedVectors)
    assert topic_kv.vectors_ngrams.shape == (BUCKET, 16)
    assert topic_kv.get_vecattr("zorba", "count") > 0
    assert np.all(np.isfinite(topic_kv.vectors))


def test_oov_vector_is_the_mean_of_its_ngram_buckets(topic_kv):
    from gensim.models.fasttext_inner import ft_hash_bytes

    word = "zorbeque"
    assert word not in topic_kv.key_to_index
    rows = [ft_hash_bytes(g.encode("utf-8")) % BUCKET for g in fasttext.char_ngrams(word, 3, 6)]
    np.testing.assert_allclose(topic_kv[word], topic_kv.vectors_ngrams[rows].mean(axis=0), rtol=1e-5)


def test_known_word_vector_matches_gensims_composition(topic_kv):
    import copy

    ours = topic_kv.vectors.copy()
    theirs = copy.copy(topic_kv)
    theirs.adjust_vectors()  # gensim's own loop over word row + bucket rows
    np.testing.assert_allclose(ours, theirs.vectors, rtol=1e-5, atol=1e-7)


def test_training_learns_topics_and_subwords(topic_kv):
    kv = topic_kv
    same = kv.similarity("zorba", "zorbing")
    other = kv.similarity("zorba", "quaxing")
    assert same > other + 0.5
    # an unseen word with a topic's stem lands near that topic's words
    assert kv.similarity("zorbish", "zorbas") > kv.similarity("zorbish", "quaxes") + 0.5
    assert kv.most_similar("quaxish", topn=1)[0][0].startswith("qua")


def test_same_seed_same_vectors_other_seed_differs():
    corpus = _topic_corpus(sentences=150)
    kwargs = dict(dim=8, window=2, min_count=1, epochs=1, bucket=1000, progress=False)
    a = fasttext.train(corpus, seed=3, **kwargs)
    b = fasttext.train(corpus, seed=3, **kwargs)
    c = fasttext.train(corpus, seed=4, **kwargs)
    np.testing.assert_array_equal(a.vectors_ngrams, b.vectors_ngrams)
    np.testing.assert_array_equal(a.vectors, b.vectors)
    assert not np.allclose(a.vectors, c.vectors)


def test_jamo_mode_shares_buckets_across_conjugations(tmp_path):
    forms = ["모르다", "몰라", "몰랐다", "모르겠니", "몰라요"]
    corpus = [[forms[i % len(forms)], "정말", "나는"] for i in range(60)]
    kwargs = dict(dim=8, window=2, min_count=1, epochs=1, min_n=2, max_n=4, bucket=2000,
                  progress=False)
    kv = fasttext.train(corpus, jamo=True, **kwargs)
    assert isinstance(kv, fasttext.JamoFastTextKeyedVectors)
    assert set(kv.key_to_index) == {*forms, "정말", "나는"}  # keys stay the original words
    buckets = {w: set(kv.buckets_word[kv.key_to_index[w]]) for w in forms}
    assert buckets["몰라"] == set(fasttext.ngram_buckets("몰라", 2, 4, 2000, jamo=True))
    shared = set.intersection(*buckets.values())
    from gensim.models.fasttext_inner import ft_hash_bytes

    assert ft_hash_bytes("<ㅁㅗ".encode()) % 2000 in shared
    syllable = fasttext.train(corpus, jamo=False, **kwargs)
    syllable_shared = set.intersection(*(set(syllable.buckets_word[syllable.key_to_index[w]])
                                         for w in forms))
    assert len(shared) > len(syllable_shared)
    # an unseen conjugation: the mean of its jamo n-gram buckets
    rows = fasttext.ngram_buckets("몰랐니", 2, 4, 2000, jamo=True)
    np.testing.assert_allclose(kv["몰랐니"], kv.vectors_ngrams[rows].mean(axis=0), rtol=1e-5)
    # save / load keeps the jamo hashing
    kv.save(str(tmp_path / "jamo.kv"))
    loaded = fasttext.JamoFastTextKeyedVectors.load(str(tmp_path / "jamo.kv"))
    np.testing.assert_allclose(loaded["몰랐니"], kv["몰랐니"], rtol=1e-6)


def test_rows_in_small_pieces_train_as_in_one_piece(monkeypatch):
    # words of very different lengths: with tiny pieces a batch's rows take many passes
    rng = np.random.default_rng(0)
    words = ["a", "an", "cat", "dog", "internationalisation", "extraordinarily", "counterrevolutionary"]
    corpus = [[str(w) for w in rng.choice(words, size=10)] for _ in range(120)]
    kwargs = dict(dim=8, window=2, min_count=1, sample=0, epochs=1, bucket=500, seed=0,
                  progress=False)
    one_piece = fasttext.train(corpus, **kwargs)
    monkeypatch.setattr(sgns.InputRows, "piece", lambda self, examples, width=1: 7)
    pieces = fasttext.train(corpus, **kwargs)
    np.testing.assert_allclose(pieces.vectors, one_piece.vectors, atol=1e-5)
    start = fasttext.initial_tables(7 + 500, 7, 8, 0)[0]
    trained = pieces.vectors_ngrams != start[7:]
    used = np.unique(np.concatenate(pieces.buckets_word))
    # exactly the buckets that some word uses were trained; the others keep their random start
    assert np.array_equal(np.flatnonzero(trained.any(axis=1)), used)


def test_one_compiled_kernel_serves_every_chunk(monkeypatch):
    """A chunk's bounds are run-time values: a new chunk must not compile the kernel again.

    (They were not: indexing ``pair_start[...]`` made ``end`` a compile-time
    constant for XLA, so every chunk of FastText's epoch was compiled anew,
    1-4 s each.) Chunks that differ only in their bounds give the same HLO.
    """
    seen = []
    compiled = sgns.compiled_chunk

    def spy(*args, **kwargs):
        run = compiled(*args, **kwargs)

        def call(*a, **kw):
            seen.append((run, a, kw))
            return run(*a, **kw)

        return call

    monkeypatch.setattr(sgns, "compiled_chunk", spy)
    corpus = [["the", "cat", "sat", "on", "a", "mat"] * 3 for _ in range(40)]
    fasttext.train(corpus, dim=8, window=2, min_count=1, sample=0, epochs=1, bucket=200, seed=0,
                   chunk=120, progress=False)
    assert len(seen) >= 3
    (run, a1, kw1), (_, a2, kw2) = seen[0], seen[1]
    assert int(a1[6]) != int(a2[6])  # different ends

    def hlo(a, kw):
        return run.experimental_get_compiler_ir(*a, **kw)(stage="hlo")

    assert hlo(a1, kw1) == hlo(a2, kw2)
