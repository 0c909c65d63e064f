"""Checks of exercise 06 (co-occurrence, ratios, f(X), GloVe loss and gradients, AdaGrad)."""

from __future__ import annotations

import numpy as np

from coursekit import datasets
from coursekit.checks import Check, gradient_references

REFS = {"glove.cooccurrence": "coursekit.glove:cooccurrence", "glove.Cooccurrence": "coursekit.glove:Cooccurrence",
        "glove.weighting": "coursekit.glove:weighting", "glove.loss": "coursekit.glove:loss",
        "glove.train": "coursekit.glove:train"}
ORDER = ["I", "like", "enjoy", "deep", "learning", "NLP", "flying", "."]


def _slide():
    return [s.replace(".", " .").split() for s in datasets.slide_sentences("glove")]


def _random_sentences():
    rng = np.random.default_rng(0)
    return [list(rng.choice(list("abcdef"), size=rng.integers(1, 9))) for _ in range(20)]


def cooc(cooccurrence_matrix) -> None:
    from coursekit.glove import cooccurrence

    with Check("동시 등장 행렬", REFS) as check:
        for sents, w, vocab in [(_slide(), 1, ORDER), (_slide(), 2, ORDER), (_random_sentences(), 3, list("abcdef")),
                                (_random_sentences(), 2, list("fca"))]:
            check.array(check.call(cooccurrence_matrix, sents, w, vocab),
                        cooccurrence(sents, window=w, vocab=vocab).dense(), case=f"window={w}, 어휘 {len(vocab)}개",
                        hint="자기 자신은 세지 않고, 문장 경계를 넘지 않으며, 어휘에 없는 단어도 거리는 차지합니다.")


def ratio(prob_ratio) -> None:
    words = ["ice", "steam", "solid", "gas", "water", "fashion"]
    X = np.random.default_rng(5).integers(1, 50, size=(6, 6)).astype(float)
    X = X + X.T
    X[0, 2] += 40  # ice-solid
    with Check("P(k|a)/P(k|b)", REFS) as check:
        for k in ["solid", "gas", "water", "fashion"]:
            i, j, c = words.index("ice"), words.index("steam"), words.index(k)
            expected = (X[i, c] / X[i].sum()) / (X[j, c] / X[j].sum())
            check.close(check.call(prob_ratio, X, words, k, "ice", "steam"), expected, tol=1e-9, case=f"k={k}",
                        hint="P(k|i)의 분모는 i와 함께 나온 모든 횟수입니다. 행렬이 대칭이 아니어도 맞아야 합니다.")


def weight(glove_weight) -> None:
    xs = np.array([0.0, 1.0, 5.0, 10.0, 50.0, 99.0, 100.0, 250.0])
    with Check("f(X)", REFS) as check:
        for x_max, alpha in [(100.0, 0.75), (10.0, 0.75), (100.0, 0.5)]:
            check.array(check.call(glove_weight, xs, x_max, alpha), np.minimum(1.0, (xs / x_max) ** alpha),
                        atol=1e-12, case=f"x_max={x_max}, alpha={alpha}", hint="x_max 이상에서 값이 얼마인지 보세요.")


def _expected(W, Wc, b, bc, X, x_max, alpha):
    i, j = np.nonzero(X)
    f = np.minimum(1.0, (X[i, j] / x_max) ** alpha)
    diff = np.sum(W[i] * Wc[j], axis=1) + b[i] + bc[j] - np.log(X[i, j])
    grads = [np.zeros_like(W), np.zeros_like(Wc), np.zeros_like(b), np.zeros_like(bc)]
    g = 2 * f * diff
    np.add.at(grads[0], i, g[:, None] * Wc[j])
    np.add.at(grads[1], j, g[:, None] * W[i])
    np.add.at(grads[2], i, g)
    np.add.at(grads[3], j, g)
    return float(np.sum(f * diff**2)), grads


def _problem(seed=0, V=6, d=3):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 6, size=(V, V)).astype(float) * rng.integers(0, 2, size=(V, V))
    X[0, 1] = 150.0  # above x_max
    return [rng.normal(scale=0.3, size=s) for s in ((V, d), (V, d), (V,), (V,))], X


def loss_grads(glove_loss_and_grads) -> None:
    names = ["dW", "dW_ctx", "db", "db_ctx"]
    with Check("GloVe 손실과 기울기", {**REFS, **gradient_references()}) as check:
        for seed, (x_max, alpha) in [(0, (100.0, 0.75)), (1, (3.0, 0.5))]:
            params, X = _problem(seed)
            result = check.call(glove_loss_and_grads, *[p.copy() for p in params], X, x_max, alpha)
            check.true(isinstance(result, tuple) and len(result) == 2 and len(result[1]) == 4,
                       "(loss, [dW, dW_ctx, db, db_ctx])를 돌려주세요.")
            loss, grads = _expected(*params, X, x_max, alpha)
            check.close(result[0], loss, tol=1e-8, case=f"x_max={x_max}: 손실",
                        hint="X_ij가 0인 칸은 손실에 들어가지 않습니다 (log 0).")
            for name, got, exp in zip(names, result[1], grads, strict=True):
                check.array(got, exp, atol=1e-6, case=f"x_max={x_max}: {name}",
                            hint="제곱의 미분에서 나오는 2를 잊지 않았는지, 같은 단어가 여러 쌍에 나오면 기울기를 "
                                 "모두 더했는지 확인하세요. 수치 기울기와 비교해 보세요.")


def adagrad(adagrad_step) -> None:
    with Check("AdaGrad 한 스텝", REFS) as check:
        rng = np.random.default_rng(4)
        params = [rng.normal(size=(4, 2)), rng.normal(size=4)]
        grads = [rng.normal(size=(4, 2)), rng.normal(size=4)]
        accum = [np.ones((4, 2)), np.ones(4)]
        new_accum = [a + g**2 for a, g in zip(accum, grads, strict=True)]
        expected = [p - 0.05 * g / np.sqrt(a) for p, g, a in zip(params, grads, new_accum, strict=True)]
        p_copy, a_copy = [p.copy() for p in params], [a.copy() for a in accum]
        check.call(adagrad_step, p_copy, grads, a_copy, 0.05)
        for n, (got, exp) in enumerate(zip(a_copy, new_accum, strict=True)):
            check.array(got, exp, case=f"누적값 {n}", hint="누적값에는 기울기의 제곱을 더합니다 (제자리에서: +=).")
        for n, (got, exp) in enumerate(zip(p_copy, expected, strict=True)):
            check.array(got, exp, case=f"파라미터 {n}",
                        hint="새 누적값의 제곱근으로 나눈 기울기에 학습률을 곱해 빼세요 (제자리에서: -=).")


def fit(fit_glove, cooccurrence_matrix) -> None:
    with Check("AdaGrad로 GloVe 학습", {**REFS, **gradient_references()}) as check:
        X = check.call(cooccurrence_matrix, _slide(), 2, ORDER)
        result = check.call(fit_glove, X, 5, 300)
        check.true(isinstance(result, tuple) and len(result) == 2, "(params, losses)를 돌려주세요.")
        params, losses = result
        losses = [float(x) for x in losses]
        check.true(len(losses) == 300, f"스텝마다 손실을 하나씩, 300개를 모아야 하는데 {len(losses)}개입니다.")
        final, _ = _expected(*params, X, 100.0, 0.75)
        check.close(losses[-1], final, rel=0.05, tol=1e-6, case="마지막 손실",
                    hint="losses에는 각 스텝의 손실을 넣으세요. 돌려준 params로 다시 계산한 손실과 맞아야 합니다.")
        check.true(final < 0.1 * losses[0], f"손실이 처음의 {final / losses[0]:.0%}까지만 줄었습니다 (10% 아래여야 "
                   "합니다).", hint="기울기를 빼는지(더하지 않는지), 누적값을 스텝마다 갱신하는지 확인하세요.")
        check.detail = f"손실 {losses[0]:.3f} → {losses[-1]:.4f}"
