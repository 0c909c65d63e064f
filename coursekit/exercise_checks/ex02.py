"""Checks of exercise 02 (one-hot, lookup table, NNLM forward pass, loss, parameter count)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import Check

REFS = {"nnlm.build_model": "coursekit.nnlm:build_model", "nnlm.NNLM": "coursekit.nnlm:NNLM",
        "nnlm.param_count": "coursekit.nnlm:param_count", "keras Model.predict": "keras:Model.predict",
        "keras Model.count_params": "keras:Model.count_params", "keras 층 호출": "keras:Layer.__call__",
        "keras.utils.to_categorical": "keras.utils:to_categorical", "keras.ops.one_hot": "keras.ops:one_hot",
        "tf.one_hot": "tensorflow:one_hot", "tf.nn.embedding_lookup": "tensorflow.nn:embedding_lookup",
        "keras.losses.sparse_categorical_crossentropy": "keras.losses:sparse_categorical_crossentropy"}
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
        # A row read directly (table[i]) gives the same numbers; a product does not hide a NaN in another row,
        # because 0 x NaN = NaN.  So a table with NaN everywhere but row 1 tells the two apart.
        poisoned = np.full((4, 5), np.nan)
        poisoned[1] = SLIDE_W[1]
        got = np.asarray(check.call(lookup_by_matmul, 1, poisoned), dtype=float)
        check.true(bool(np.isnan(got).any()),
                   "행을 인덱스로 바로 읽은 것 같습니다. 이 문제는 원-핫 벡터와 테이블의 행렬 곱으로 같은 행이 나오는지 보는 것입니다.",
                   case="다른 행이 NaN인 테이블 (0 × NaN = NaN이라, 행렬 곱이면 결과에 NaN이 섞여야 함)",
                   hint="문제 1의 one_hot으로 원-핫 벡터를 만들고 @로 테이블과 곱하세요.")


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
        for contexts in ([[1, 2, 3, 4], [0, 0, 6, 5], [6, 5, 4, 3]], [[2, 2, 2, 2]]):
            contexts = np.array(contexts)
            expected = model.predict(contexts, verbose=0)
            got = check.array(check.call(nnlm_forward, contexts, *weights), expected, atol=1e-5,
                              case=f"문맥 배치 {contexts.tolist()}",
                              hint="룩업 (batch, n, M) → 연결 (batch, nM) → tanh 은닉층 → 출력층 → 소프트맥스. "
                                   "단계마다 모양을 확인하고, 소프트맥스는 행마다 합이 1이 되게 하세요.")
            check.array(got.sum(axis=1), np.ones(len(contexts)), atol=1e-6, case="행마다 확률의 합")
        big = [w * 30 for w in weights]
        contexts = np.array([[1, 2, 3, 4], [6, 5, 4, 3]])
        got = check.array(check.call(nnlm_forward, contexts, *big), _softmax_forward(contexts, *big),
                          atol=1e-6, case="큰 가중치",
                          hint="점수가 크면 exp가 넘칩니다(overflow). 소프트맥스 전에 각 행의 최댓값을 빼세요.")


def _softmax_forward(contexts, table, w_h, b_h, w_o, b_o):
    z = np.tanh(table[contexts].reshape(len(contexts), -1) @ w_h + b_h) @ w_o + b_o
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


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
