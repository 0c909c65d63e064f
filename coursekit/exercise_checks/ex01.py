"""Checks of exercise 01 (bigram language model, smoothing, perplexity)."""

from __future__ import annotations

import math
import random
from functools import lru_cache

from coursekit import datasets
from coursekit.checks import Check
from coursekit.ngram import BOS, EOS, NgramLM

REFS = {"NgramLM": NgramLM, "ngram.unseen_rate": "coursekit.ngram:unseen_rate",
        "ngram.ngrams": "coursekit.ngram:ngrams"}
SLIDE_PROBS = [(BOS, "I", 2 / 3), (BOS, "Sam", 1 / 3), ("I", "am", 2 / 3),
               ("Sam", EOS, 1 / 2), ("am", "Sam", 1 / 2), ("I", "do", 1 / 3)]
K_GRID = (0.001, 0.01, 0.1, 1.0)


def _slide() -> list[list[str]]:
    return [s.split() for s in datasets.slide_sentences("sam_i_am")]


@lru_cache(maxsize=1)
def _mr_split() -> tuple[list[list[str]], list[list[str]]]:
    """MR shuffled with seed 0 (the file lists all positive sentences first), 8,000 / 500: as in the exercise."""
    texts, _ = datasets.load("mr")
    order = list(range(len(texts)))
    random.Random(0).shuffle(order)
    return [texts[i].split() for i in order[:8000]], [texts[i].split() for i in order[8000:8500]]


def _counts(check: Check, count_ngrams, sentences):
    result = check.call(count_ngrams, sentences)
    check.true(isinstance(result, tuple) and len(result) == 2, "(unigrams, bigrams) 두 개를 튜플로 돌려주세요.")
    return result


def bigram_counts(count_ngrams) -> None:
    with Check("바이그램 카운트", REFS) as check:
        _, bigrams = _counts(check, count_ngrams, _slide())
        model = NgramLM(2).fit(_slide())
        check.equal(dict(bigrams), {g: c for g, c in model.counts.items() if len(g) == 2},
                    hint="문장마다 <s>와 </s>를 붙였는지, (앞 토큰, 토큰) 튜플을 키로 썼는지 확인하세요.")


def unigram_counts(count_ngrams) -> None:
    with Check("유니그램 카운트", REFS) as check:
        unigrams, _ = _counts(check, count_ngrams, _slide())
        model = NgramLM(2).fit(_slide())
        check.equal(dict(unigrams), {g[0]: c for g, c in model.counts.items() if len(g) == 1},
                    hint="<s>와 </s>도 하나의 토큰으로 세어야 합니다.")


def slide_probabilities(bigram_prob, count_ngrams) -> None:
    with Check("슬라이드의 여섯 확률", REFS) as check:
        unigrams, bigrams = _counts(check, count_ngrams, _slide())
        for prev, word, p in SLIDE_PROBS:
            check.close(check.call(bigram_prob, unigrams, bigrams, prev, word), p, case=f"P({word} | {prev})",
                        hint="분자와 분모가 각각 무엇의 횟수인지 강의의 정의를 다시 보세요.")


def unseen_context(bigram_prob, count_ngrams) -> None:
    with Check("처음 보는 앞 토큰", REFS) as check:
        unigrams, bigrams = _counts(check, count_ngrams, _slide())
        check.close(check.call(bigram_prob, unigrams, bigrams, "banana", "ham"), 0.0,
                    hint="앞 토큰이 한 번도 나오지 않았을 때 무엇을 돌려주기로 했는지 문제를 다시 읽으세요.")


def sentence_probability(sentence_prob, count_ngrams) -> None:
    with Check("문장의 확률", REFS) as check:
        unigrams, bigrams = _counts(check, count_ngrams, _slide())
        model = NgramLM(2).fit(_slide())
        for text in ["I am Sam", "Sam I am", "I do not like green eggs and ham", "Sam I do not like ham"]:
            tokens = text.split()
            check.close(check.call(sentence_prob, unigrams, bigrams, tokens), model.sentence_prob(tokens),
                        tol=1e-12, case=text, hint="문장 끝을 예측하는 마지막 바이그램까지 곱했는지 확인하세요.")


def unseen_share(unseen_share) -> None:
    from coursekit.ngram import unseen_rate

    with Check("처음 보는 n-gram 비율", REFS) as check:
        train, test = _mr_split()
        for n in (1, 2, 3):
            check.close(check.call(unseen_share, train, test, n), unseen_rate(train, test, n), tol=1e-9,
                        case=f"n={n}", hint="n-gram마다 <s>를 몇 개 붙이는지, 같은 n-gram이 여러 번 나오면 "
                                            "몇 번 세는지 확인하세요.")


def add_k(add_k_prob, count_ngrams) -> None:
    with Check("add-k 스무딩", REFS) as check:
        sentences = _slide()
        unigrams, bigrams = _counts(check, count_ngrams, sentences)
        for k in (1.0, 0.5):
            model = NgramLM(2, k=k).fit(sentences)
            vocab_size = len(model.vocab)
            for prev, word in [(BOS, "I"), ("I", "am"), ("Sam", "green"), ("ham", "Sam"), ("banana", "I")]:
                check.close(check.call(add_k_prob, unigrams, bigrams, vocab_size, prev, word, k),
                            model.prob(word, [prev]), tol=1e-12, case=f"k={k}, P({word} | {prev})",
                            hint="분자를 어휘의 모든 단어에 대해 더하면 얼마가 되는지 계산해 보세요. "
                                 "확률의 합이 1이 되려면 분모가 그 합과 같아야 합니다.")
            total = sum(check.call(add_k_prob, unigrams, bigrams, vocab_size, "Sam", w, k) for w in model.vocab)
            check.close(total, 1.0, tol=1e-9, case=f"k={k}, 합",
                        hint="어휘 전체에 대한 P(w | Sam)의 합이 1이 되어야 합니다.")


def perplexity(perplexity) -> None:
    with Check("퍼플렉서티", REFS) as check:
        sentences = [["a", "b"], ["b"], ["a", "a", "b"]]
        table = {(BOS, "a"): 0.5, (BOS, "b"): 0.5, ("a", "a"): 0.2, ("a", "b"): 0.6, ("a", EOS): 0.2,
                 ("b", EOS): 0.7, ("b", "a"): 0.2, ("b", "b"): 0.1}

        def prob(prev, word):
            return table.get((prev, word), 0.0)

        logs = [math.log(prob(p, w)) for s in sentences for p, w in zip([BOS, *s], [*s, EOS], strict=True)]
        check.close(check.call(perplexity, prob, sentences), math.exp(-sum(logs) / len(logs)), tol=1e-9,
                    case="작은 예", hint="예측한 토큰 수 N에는 각 문장의 </s>도 들어갑니다. <s>는 예측하지 않습니다.")
        got = check.call(perplexity, prob, [["a", "c"]])
        check.true(got == math.inf, f"확률이 0인 토큰이 있으면 퍼플렉서티는 무한대(math.inf)여야 하는데 {got!r}이(가) "
                   "나왔습니다.", case="확률 0", hint="log(0)을 계산하기 전에 확률이 0인지 먼저 확인하세요.")


def best_k(held_out_perplexity, best_k) -> None:
    with Check("가장 좋은 k", REFS) as check:
        train, held_out = _mr_split()
        expected = {k: NgramLM(2, k=k).fit(train).perplexity(held_out) for k in (0, *K_GRID)}
        for k, pp in expected.items():
            got = check.call(held_out_perplexity, train, held_out, k)
            if k == 0:
                check.true(got == math.inf, f"k = 0(최대우도)이면 held-out 퍼플렉서티가 무한대(math.inf)여야 하는데 "
                           f"{got!r}이(가) 나왔습니다.", case="k=0",
                           hint="train에 없던 바이그램이 held-out에 하나라도 있으면 그 확률이 0입니다.")
            else:
                check.close(got, pp, rel=1e-6, case=f"k={k}의 퍼플렉서티",
                            hint="train으로 센 카운트와 train의 어휘 크기로, held_out 문장들의 퍼플렉서티를 구했는지 "
                                 "확인하세요.")
        best = min(K_GRID, key=expected.get)
        check.equal(best_k, best, case="best_k", hint="퍼플렉서티는 낮을수록 좋은 모델입니다.")
