"""Checks of exercise 02 (one-hot, lookup table, NNLM forward pass, loss, parameter count)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import Check

REFS = {"nnlm.build_model": "coursekit.nnlm:build_model", "nnlm.NNLM": "coursekit.nnlm:NNLM",
        "nnlm.param_count": "coursekit.nnlm:param_count", "keras Model.predict": "keras:Model.predict",
        "keras Model.count_params": "keras:Model.count_params"}
SLIDE_W = np.array([[0.5, 2.1, 1.9, 1.5, 0.8], [0.8, 1.2, 2.8, 1.8, 2.1],
                    [0.1, 0.8, 1.2, 0.9, 0.7], [2.1, 1.8, 1.5, 1.7, 2.7]])


def _model(V=7, n=4, M=5, H=3, seed=0):
    from coursekit import nnlm
    from coursekit.config import seed_everything

    seed_everything(seed)
    model = nnlm.build_model(vocab_size=V, context_size=n, dim=M, hidden=H)
    weights = [model.get_layer("lookup").get_weights()[0], *model.get_layer("hidden").get_weights(),
               *model.get_layer("output").get_weights()]
    return model, [w.astype(np.float64) for w in weights]


def one_hot(one_hot) -> None:
    with Check("원-핫 벡터", REFS) as check:
        for index, size in [(3, 7), (0, 5), (4, 5), (2, 3)]:
            got = check.array(check.call(one_hot, index, size), np.eye(size)[index], case=f"index={index}, size={size}",
                              hint="길이가 size인 벡터에서 index 자리 하나만 1이어야 합니다.")
            check.true(got.sum() == 1, "1이 정확히 한 자리에만 있어야 합니다.", case=f"index={index}")


def lookup_by_matmul(lookup_by_matmul) -> None:
    with Check("룩업 = 원-핫 × W", REFS) as check:
        check.array(check.call(lookup_by_matmul, 3, SLIDE_W), SLIDE_W[3], case="슬라이드의 W, 3번 단어",
                    hint="원-핫 벡터의 길이는 테이블의 행 수와 같아야 하고, 곱하는 순서는 (원-핫) × (테이블)입니다.")
        other = np.random.default_rng(7).normal(size=(9, 3))
        for i in range(9):
            check.array(check.call(lookup_by_matmul, i, other), other[i], case=f"9x3 행렬, {i}번 단어")


def lookup_by_index(lookup_by_index) -> None:
    import keras

    with Check("정수 룩업 = Embedding 층", REFS) as check:
        layer = keras.layers.Embedding(4, 5)
        layer.build((None,))
        layer.set_weights([SLIDE_W])
        for ids in (np.array([[3, 0, 1], [2, 2, 3]]), np.array([1, 3])):
            check.array(check.call(lookup_by_index, ids, SLIDE_W), np.asarray(layer(ids)), case=f"ids 모양 {ids.shape}",
                        hint="결과의 모양은 ids.shape + (M,)입니다. 넘파이의 정수 배열 인덱싱을 떠올려 보세요.")


def forward(nnlm_forward) -> None:
    with Check("NNLM 순전파", REFS) as check:
        model, weights = _model()
        for context_ids in ([1, 2, 3, 4], [0, 0, 6, 5]):
            expected = model.predict(np.array([context_ids]), verbose=0)[0]
            got = check.array(check.call(nnlm_forward, context_ids, *weights), expected, atol=1e-5,
                              case=f"문맥 {context_ids}",
                              hint="룩업 → 연결 → tanh 은닉층 → 출력층 → 소프트맥스, 순서와 각 단계의 모양을 확인하세요.")
            check.close(got.sum(), 1.0, tol=1e-6, case="확률의 합")
        big = [w * 30 for w in weights]
        got = check.array(check.call(nnlm_forward, [1, 2, 3, 4], *big), _softmax_forward([1, 2, 3, 4], *big),
                          atol=1e-6, case="큰 가중치",
                          hint="점수가 크면 exp가 넘칩니다(overflow). 소프트맥스 전에 최댓값을 빼세요.")


def _softmax_forward(ids, table, w_h, b_h, w_o, b_o):
    z = np.tanh(table[np.asarray(ids)].reshape(-1) @ w_h + b_h) @ w_o + b_o
    z = np.exp(z - z.max())
    return z / z.sum()


def loss(nnlm_loss) -> None:
    with Check("NNLM 손실", REFS) as check:
        model, weights = _model()
        contexts = np.array([[1, 2, 3, 4], [0, 0, 6, 5], [2, 2, 2, 2]])
        targets = np.array([5, 1, 6])
        probs = model.predict(contexts, verbose=0).astype(np.float64)
        expected = float(-np.mean(np.log(probs[np.arange(3), targets])))
        check.close(check.call(nnlm_loss, contexts, targets, *weights), expected, tol=1e-5, case="배치 3개",
                    hint="정답 단어의 확률에 -log를 취해 예제들의 평균을 내세요 (합이 아니라 평균).")
        zero = [weights[0], weights[1], weights[2], np.zeros_like(weights[3]), np.zeros_like(weights[4])]
        check.close(check.call(nnlm_loss, contexts, targets, *zero), float(np.log(7)), tol=1e-9,
                    case="출력층이 0일 때", hint="출력층 가중치가 모두 0이면 모든 단어의 확률이 같습니다.")


def params(count_params) -> None:
    with Check("파라미터 개수", REFS) as check:
        for V, n, M, H in [(7, 4, 5, 3), (1000, 3, 16, 32), (50, 2, 10, 7)]:
            expected = sum(int(np.prod(w.shape)) for w in _model(V, n, M, H)[0].weights)
            check.equal(check.call(count_params, V, n, M, H), expected, case=f"V={V}, n={n}, M={M}, H={H}",
                        hint="층마다 (가중치 행렬의 원소 수) + (편향의 원소 수)를 더하세요. 투사층에는 편향이 없습니다.")
