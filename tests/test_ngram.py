import math

import pytest

from coursekit.datasets import slide_sentences
from coursekit.ngram import BOS, EOS, NgramLM, ngrams, unseen_rate


@pytest.fixture
def sam():
    return NgramLM(2).fit(s.split() for s in slide_sentences("sam_i_am"))


def test_slide_bigram_probabilities(sam):
    # <s> I am Sam </s> / <s> Sam I am </s> / <s> I do not like green eggs and ham </s>
    assert sam.prob("I", [BOS]) == pytest.approx(2 / 3)
    assert sam.prob("Sam", [BOS]) == pytest.approx(1 / 3)
    assert sam.prob("am", ["I"]) == pytest.approx(2 / 3)
    assert sam.prob(EOS, ["Sam"]) == pytest.approx(1 / 2)
    assert sam.prob("Sam", ["am"]) == pytest.approx(1 / 2)
    assert sam.prob("do", ["I"]) == pytest.approx(1 / 3)


def test_counts_include_boundaries(sam):
    assert sam.count(BOS) == 3
    assert sam.count(EOS) == 3
    assert sam.count("I", "am") == 2
    assert sam.count(("am", "Sam")) == 1
    assert EOS in sam.vocab and BOS not in sam.vocab


def test_sentence_prob_is_product(sam):
    expected = sam.prob("I", "<s>") * sam.prob("am", "I") * sam.prob("Sam", "am") * sam.prob(EOS, "Sam")
    assert sam.sentence_prob("I am Sam".split()) == pytest.approx(expected)
    assert sam.sentence_prob("Sam likes ham".split()) == 0.0
    assert sam.log_prob("Sam likes ham".split()) == -math.inf


def test_distribution_sums_to_one(sam):
    for ctx in ("<s>", "I", "am", "Sam"):
        assert sum(sam.next_word_distribution(ctx).values()) == pytest.approx(1.0)


def test_add_k_smoothing_gives_unseen_mass():
    model = NgramLM(2, k=1).fit(s.split() for s in slide_sentences("sam_i_am"))
    v = len(model.vocab)
    assert model.prob("ham", ["Sam"]) == pytest.approx(1 / (2 + v))
    assert sum(model.next_word_distribution("Sam").values()) == pytest.approx(1.0)
    assert math.isfinite(model.perplexity(["Sam likes ham".split()]))


def test_trigram_uses_two_words_of_context():
    model = NgramLM(3).fit([["a", "b", "c"], ["x", "b", "d"]])
    assert model.prob("c", ["a", "b"]) == 1.0
    assert model.prob("d", ["zzz", "x", "b"]) == 1.0  # only the last n-1 words matter
    assert model.prob("a", []) == 1 / 2  # padded with <s> <s>


def test_generate_is_seeded_and_ends(sam):
    a = sam.generate(seed=3)
    assert a == sam.generate(seed=3)
    assert all(w in sam.vocab for w in a)
    assert EOS not in a and len(a) <= 30
    for _ in range(20):
        s = sam.generate(seed=_)
        for prev, word in ngrams([BOS, *s], 2):
            assert sam.count(prev, word) > 0


def test_unseen_rate_grows_with_n():
    train = [s.split() for s in ("the cat sat on the mat", "the dog sat on the log")]
    test = [s.split() for s in ("the mat sat on the cat",)]
    rates = [unseen_rate(train, test, n) for n in (1, 2, 3, 4)]
    assert rates[0] == 0.0
    assert rates == sorted(rates) and rates[-1] > rates[1]


def test_bad_input_messages():
    with pytest.raises(TypeError, match="토큰 리스트"):
        NgramLM(2).fit(["I am Sam"])
    with pytest.raises(ValueError, match="n은 1 이상"):
        NgramLM(0)
    with pytest.raises(RuntimeError, match="fit"):
        NgramLM(2).prob("a", "b")
