"""Checks of exercise 03 (CBOW/skip-gram data, CBOW forward, softmax skip-gram gradient)."""

from __future__ import annotations

import numpy as np

from coursekit import datasets
from coursekit.checks import Check, gradient_references
from coursekit.checks import numerical_gradient as _reference_numerical_gradient

REFS = {"context_windows.cbow_examples": "coursekit.context_windows:cbow_examples",
        "context_windows.skipgram_pairs": "coursekit.context_windows:skipgram_pairs",
        "softmax_word2vec.cbow_arrays": "coursekit.softmax_word2vec:cbow_arrays",
        "softmax_word2vec.skipgram_arrays": "coursekit.softmax_word2vec:skipgram_arrays",
        "softmax_word2vec.build_cbow": "coursekit.softmax_word2vec:build_cbow",
        "softmax_word2vec.build_skipgram": "coursekit.softmax_word2vec:build_skipgram",
        "softmax_word2vec.SoftmaxWord2Vec": "coursekit.softmax_word2vec:SoftmaxWord2Vec",
        "checks.numerical_gradient": _reference_numerical_gradient}


def _sentences():
    return (datasets.slide_sentences("cbow")[0].split(), datasets.slide_sentences("skipgram")[0].lower().split())


def cbow_dataset(make_cbow_dataset) -> None:
    from coursekit.context_windows import cbow_examples

    cbow, sg = _sentences()
    with Check("CBOW 데이터셋", REFS) as check:
        for tokens, w in [(cbow, 2), (cbow, 1), (sg, 3), (["only"], 2)]:
            check.equal(check.call(make_cbow_dataset, tokens, w), cbow_examples(tokens, w),
                        case=f"단어 {len(tokens)}개, window={w}",
                        hint="문장의 처음과 끝에서 주변 단어가 몇 개인지, 슬라이스에 음수 인덱스가 생기지 않는지 보세요.")


def skipgram_dataset(make_skipgram_pairs) -> None:
    from coursekit.context_windows import skipgram_pairs

    cbow, sg = _sentences()
    with Check("Skip-gram 데이터셋", REFS) as check:
        for tokens, w in [(sg, 2), (sg, 1), (cbow, 3)]:
            check.equal(check.call(make_skipgram_pairs, tokens, w), skipgram_pairs(tokens, w),
                        case=f"단어 {len(tokens)}개, window={w}",
                        hint="튜플의 순서가 (입력 단어, 목표 단어)인지, 중심 단어 자신을 뺐는지 확인하세요.")


def cbow_forward(cbow_forward) -> None:
    from coursekit import softmax_word2vec as sw
    from coursekit.config import seed_everything

    with Check("CBOW 순전파", REFS) as check:
        seed_everything(0)
        model = sw.build_cbow(vocab_size=12, dim=4, window=2)
        W = model.get_layer("W").get_weights()[0]
        W_prime = model.get_layer("W_prime").get_weights()[0]
        for context_ids in ([3, 5, 7, 9], [1, 2, 11, 4], [6, 8]):
            padded = np.array([context_ids + [0] * (4 - len(context_ids))])  # the Keras model skips 0 (<pad>)
            check.array(check.call(cbow_forward, context_ids, W, W_prime), model.predict(padded, verbose=0)[0],
                        atol=1e-5, case=f"문맥 {context_ids}",
                        hint="주변 단어 벡터들을 어떻게 하나로 모으는지(합? 평균?) 강의 03의 CBOW 순전파 코드를 다시 보세요.")


def numerical_gradient(numerical_gradient) -> None:
    with Check("수치 기울기", REFS) as check:
        x = np.array([[0.3, -1.2, 2.0], [0.5, 0.0, -0.7]])

        def f(z):
            return float(np.sum(np.sin(z) * z**2))

        grad = check.array(check.call(numerical_gradient, f, x.copy()), np.cos(x) * x**2 + 2 * x * np.sin(x),
                           atol=1e-6, hint="각 원소를 +eps, -eps만큼 바꾼 두 값의 차이를 2·eps로 나누는 중앙 차분입니다.")
        y = x.copy()
        check.call(numerical_gradient, f, y)
        check.true(np.array_equal(x, y), "함수가 끝난 뒤 x가 원래 값과 달라졌습니다. 바꾼 원소는 되돌려 놓으세요.")
        check.true(grad.shape == x.shape, "기울기의 모양은 x와 같아야 합니다.")


def _softmax(z):
    z = np.exp(z - z.max())
    return z / z.sum()


def _expected_grads(center, outside, W, W_prime):
    v = W[center]
    y_hat = _softmax(v @ W_prime)
    loss = -np.log(y_hat[outside])
    delta = y_hat.copy()
    delta[outside] -= 1
    grad_W = np.zeros_like(W)
    grad_W[center] = W_prime @ delta
    return loss, grad_W, np.outer(v, delta)


def skipgram_gradient(skipgram_loss_and_grads) -> None:
    with Check("Skip-gram 손실과 기울기", {**REFS, **gradient_references()}) as check:
        rng = np.random.default_rng(3)
        W, W_prime = rng.normal(size=(6, 4)), rng.normal(size=(4, 6))
        for center, outside in [(1, 4), (5, 0), (2, 2)]:
            result = check.call(skipgram_loss_and_grads, center, outside, W.copy(), W_prime.copy())
            check.true(isinstance(result, tuple) and len(result) == 3, "(loss, grad_W, grad_W_prime) 세 값을 돌려주세요.")
            loss, grad_W, grad_Wp = _expected_grads(center, outside, W, W_prime)
            case = f"중심 {center}, 주변 {outside}"
            check.close(result[0], loss, tol=1e-8, case=case + ": 손실",
                        hint="손실은 정답 주변 단어의 소프트맥스 확률에 -log를 취한 값입니다.")
            check.array(result[1], grad_W, atol=1e-6, case=case + ": grad_W",
                        hint="W에서 기울기가 0이 아닌 행은 하나뿐입니다. 수치 기울기와 비교해 보세요.")
            check.array(result[2], grad_Wp, atol=1e-6, case=case + ": grad_W_prime",
                        hint="W'의 기울기는 (중심 단어 벡터)와 (ŷ − y)의 외적입니다. 모양은 W'과 같습니다.")
