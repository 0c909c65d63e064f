"""Checks of exercise 05 (character and jamo n-grams, syllable arithmetic, OOV vectors from buckets)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import Check

REFS_NGRAMS = {"fasttext.char_ngrams": "coursekit.fasttext:char_ngrams",
               "hangul.decompose": "coursekit.hangul:decompose",
               "fasttext.subword_text": "coursekit.fasttext:subword_text",
               "gensim compute_ngrams": "gensim.models.fasttext_inner:compute_ngrams",
               "gensim compute_ngrams_bytes": "gensim.models.fasttext_inner:compute_ngrams_bytes"}
REFS_HANGUL = {"hangul.split_syllable": "coursekit.hangul:split_syllable",
               "hangul.join_syllable": "coursekit.hangul:join_syllable",
               "hangul.decompose": "coursekit.hangul:decompose",
               "hangul.compose": "coursekit.hangul:compose"}
REFS_OOV = {"FastTextKeyedVectors.get_vector": "gensim.models.fasttext:FastTextKeyedVectors.get_vector",
            "JamoFastTextKeyedVectors.get_vector": "coursekit.fasttext:JamoFastTextKeyedVectors.get_vector",
            "KeyedVectors.get_mean_vector": "gensim.models.keyedvectors:KeyedVectors.get_mean_vector"}


def ngrams(ngrams) -> None:
    from coursekit.fasttext import char_ngrams

    with Check("글자 n-gram", REFS_NGRAMS) as check:
        for word, lo, hi in [("eating", 3, 3), ("where", 3, 6), ("her", 3, 6), ("a", 1, 3)]:
            result = check.call(ngrams, word, lo, hi)
            check.true(isinstance(result, list), "n-gram들의 리스트(list)를 돌려주세요.", case=word)
            check.equal(result, char_ngrams(word, lo, hi), case=f"{word}, n={lo}..{hi}",
                        hint="'<'와 '>'를 붙였는지, 짧은 n부터인지, 마지막 조각까지 들어갔는지 확인하세요.")


def syllables(split_syllable, join_syllable) -> None:
    from coursekit import hangul

    with Check("음절의 자모 번호", REFS_HANGUL) as check:
        for char in "가모르다몰랐힣각":
            i, m, f = hangul.split_syllable(char)
            expected = (hangul.INITIALS.index(i), hangul.MEDIALS.index(m), hangul.FINALS.index(f) + 1 if f else 0)
            result = check.call(split_syllable, char)
            check.true(isinstance(result, tuple) and len(result) == 3, "(초성, 중성, 종성) 번호 세 개를 튜플로 돌려주세요.",
                       case=char)
            check.equal(tuple(int(x) for x in result), expected, case=f"나누기 {char}",
                        hint="음절 코드에서 0xAC00을 뺀 수를 (중성 수 × 종성 수)와 (종성 수)로 차례로 나눠 보세요.")
            check.equal(check.call(join_syllable, *expected), char, case=f"합치기 {char}",
                        hint="나누기의 반대입니다: 번호들로 코드를 만든 뒤 chr.")


def jamo_ngrams(jamo_ngrams) -> None:
    from coursekit.fasttext import char_ngrams

    with Check("자모 n-gram", REFS_NGRAMS) as check:
        for word, lo, hi in [("모르다", 3, 3), ("몰랐다", 3, 4), ("각", 1, 3), ("강아지", 3, 6)]:
            check.equal(check.call(jamo_ngrams, word, lo, hi), char_ngrams(word, lo, hi, jamo=True),
                        case=f"{word}, n={lo}..{hi}",
                        hint="음절마다 초성·중성·종성 세 글자로 풀고(받침이 없으면 '-'), 그 문자열에 '<', '>'를 "
                             "붙여 n-gram을 만드세요.")


def _mean_rows(kv, word, jamo):
    from coursekit.fasttext import ngram_buckets

    rows = [kv.vectors_ngrams[b] for b in ngram_buckets(word, kv.min_n, kv.max_n, kv.bucket, jamo=jamo)]
    if word in kv.key_to_index:
        rows.append(kv.vectors_vocab[kv.key_to_index[word]])
    return np.mean(rows, axis=0)


def oov(oov_vector, kv) -> None:
    with Check("OOV 벡터", REFS_OOV) as check:
        for word in ["oranges", "computr", "tensorflow"]:
            check.array(check.call(oov_vector, kv, word), _mean_rows(kv, word, False), atol=1e-5, case=word,
                        hint="bucket 벡터들의 합이 아니라 평균입니다.")


def in_vocab(oov_vector, kv) -> None:
    import copy

    # kv.vectors holds gensim's finished averages, i.e. the answer read from an array: the student's function gets a
    # copy whose finished averages are off by one, so only the average of vectors_vocab and vectors_ngrams passes.
    shifted = copy.copy(kv)
    shifted.vectors = kv.vectors + 1.0
    with Check("사전에 있는 단어의 벡터", REFS_OOV) as check:
        for word in [kv.index_to_key[i] for i in (0, 50, 1000)]:
            check.array(check.call(oov_vector, shifted, word), _mean_rows(kv, word, False), atol=1e-5, case=word,
                        hint="사전에 있는 단어는 단어 자신의 행(kv.vectors_vocab)도 평균에 들어갑니다.")


def jamo_oov(oov_vector, kv_jamo) -> None:
    with Check("자모 FastText의 OOV 벡터", REFS_OOV) as check:
        for word in ["몰랐네요", "헌법재판소장", kv_jamo.index_to_key[10]]:
            check.array(check.call(oov_vector, kv_jamo, word, jamo=True), _mean_rows(kv_jamo, word, True),
                        atol=1e-5, case=word, hint="자모 모델의 n-gram은 음절이 아니라 자모 문자열에서 나옵니다 (jamo=True).")
