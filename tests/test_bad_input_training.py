"""Issue 15: trainers never train on characters, and never return their random start silently."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import elmo, fasttext, glove, word2vec
from coursekit.settings import TrainSettings
from coursekit.vocab import Vocab

TEXTS = ["이 영화 정말 재밌다 .", "배우 연기 가 좋다 .", "정말 최고 다 ."] * 5
TOKENS = [t.split() for t in TEXTS]
FAST = {"dim": 4, "epochs": 1, "min_count": 1}


def test_glove_refuses_untokenised_text_instead_of_training_on_characters():
    with pytest.raises(TypeError, match="0번째 문장이 토큰 리스트가 아니라 문자열"):
        glove.train(TEXTS, **FAST)
    with pytest.raises(TypeError, match="문자열 하나"):
        glove.train("one string", **FAST)
    with pytest.raises(TypeError, match="토큰 리스트"):
        glove.GloVe(dim=4, min_count=1).fit(TEXTS)


def test_glove_one_word_sentences_say_there_is_nothing_to_learn():
    with pytest.raises(ValueError, match="쌍이 하나도 없습니다"):
        glove.train([["a"], ["b"], ["a"]], **FAST)


def test_glove_still_trains_on_token_lists():
    kv = glove.train(TOKENS, **FAST)
    assert "영화" in kv.key_to_index and " " not in kv.key_to_index


@pytest.mark.parametrize("train", [word2vec.train, fasttext.train], ids=["word2vec", "fasttext"])
@pytest.mark.parametrize("sentences, min_count", [
    ([["a", "b"], ["a"], ["c"]], 2),  # min_count removes every neighbour
    ([["a"], ["b"]] * 5, 1),  # one-word sentences
], ids=["min_count", "one-word"])
def test_no_training_pair_is_an_error_not_random_vectors(train, sentences, min_count):
    extra = {"bucket": 100} if train is fasttext.train else {}
    with pytest.raises(ValueError, match="쌍이 하나도 없습니다"):
        train(sentences, dim=4, epochs=1, min_count=min_count, progress=False, **extra)


@pytest.mark.parametrize("field, value", [("sample", -1e-3), ("sample", float("nan")), ("alpha", 0.0),
                                          ("min_alpha", -1.0), ("min_count", -1)])
def test_settings_refuse_values_that_would_train_nothing_or_nan(field, value):
    with pytest.raises(ValueError, match=field):
        TrainSettings(**{field: value})
    with pytest.raises(ValueError, match=field):
        word2vec.train(TOKENS, progress=False, **{**FAST, field: value})


def test_subsampling_that_leaves_no_pair_is_an_error():
    # a tiny sample keeps each occurrence with probability ~sqrt(sample/f): nothing survives here
    with pytest.raises(ValueError, match="서브샘플링"):
        word2vec.train([["a", "b"]] * 3, dim=4, epochs=1, min_count=1, sample=1e-12, progress=False)


def test_bilm_fit_refuses_strings_and_windows_too_short_to_predict():
    lm = elmo.BiLM.build(TOKENS, min_count=1, dim=4, layers=1)
    with pytest.raises(TypeError, match="토큰 리스트"):
        lm.fit(TEXTS, epochs=1, length=4, verbose=0)
    with pytest.raises(ValueError, match="length"):
        lm.fit(TOKENS, epochs=1, length=1, verbose=0)
    with pytest.raises(ValueError, match="epochs"):
        lm.fit(TOKENS, epochs=0, length=4, verbose=0)
    with pytest.raises(TypeError, match="토큰 리스트"):
        lm.fit(TOKENS, epochs=1, length=4, verbose=0, validation=TEXTS)
    with pytest.raises(ValueError, match="빈 문장"):
        lm.layer_outputs([])
    with pytest.raises(TypeError, match="토큰 리스트"):
        elmo.BiLM.build(TEXTS, min_count=1)
    assert lm.history["loss"] == []  # nothing was trained by the refused calls


def test_vocab_encode_and_decode():
    v = Vocab.build(TOKENS, specials=("<pad>", "<unk>"))
    with pytest.raises(TypeError, match="토큰 리스트"):
        v.encode("a string")
    with pytest.raises(IndexError, match="번호 -1"):
        v.decode([-1])
    with pytest.raises(IndexError, match="번호"):
        v.decode([len(v)])
    with pytest.raises(TypeError, match="정수"):
        v.decode([1.5])
    assert v.decode(np.array([2, 3])) == v.words[2:4] == v.decode(v.encode(v.words[2:4]))


def test_trainers_do_not_warn_about_retracing(caplog):
    """Training several models in one session traces the XLA kernels again (new shapes);
    TensorFlow's "triggered tf.function retracing" warning is expected there and switched off."""
    import logging

    rng = np.random.default_rng(0)
    with caplog.at_level(logging.WARNING):
        for k in range(6):
            words = [f"w{i}" for i in range(10 + 5 * k)]
            sentences = [list(rng.choice(words, 8)) for _ in range(20)]
            word2vec.train(sentences, dim=4 + k, epochs=1, min_count=1, progress=False)
            glove.train(sentences, dim=4 + k, epochs=1, min_count=1)
    assert not [r for r in caplog.records if "retracing" in r.getMessage()]
