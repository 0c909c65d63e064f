"""Checks of exercise 08, the homework (embedding matrix with OOV rows, frozen / fine-tuned Embedding, the slide's
GRU classifier, training and report)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import Check
from coursekit.vocab import PAD, UNK

REFS = {"pretrained.embedding_matrix": "coursekit.pretrained:embedding_matrix",
        "pretrained.pretrained_embedding": "coursekit.pretrained:pretrained_embedding",
        "pretrained.random_embedding": "coursekit.pretrained:random_embedding",
        "pretrained.build_gru_classifier": "coursekit.pretrained:build_gru_classifier",
        "pretrained.fit_gru": "coursekit.pretrained:fit_gru",
        "pretrained.run_variants": "coursekit.pretrained:run_variants"}
TOY_WORDS = [PAD, UNK, "movie", "good", "plot", "bad", "boring"]


def toy_vectors():
    """Four 8-dimensional 'pretrained' vectors (good, bad, movie, great) for the small checks."""
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=8)
    kv.add_vectors(["good", "bad", "movie", "great"], np.random.default_rng(1).normal(size=(4, 8)).astype(np.float32))
    return kv


def embedding_matrix(build_embedding_matrix) -> None:
    kv = toy_vectors()
    with Check("임베딩 행렬", REFS) as check:
        m = check.call(build_embedding_matrix, TOY_WORDS, kv, 0, 0.1)
        check.true(isinstance(m, np.ndarray), f"numpy 배열을 돌려주세요 (지금 {type(m).__name__}).")
        check.equal(tuple(m.shape), (len(TOY_WORDS), kv.vector_size), case="모양",
                    hint="행은 단어 수, 열은 벡터 차원(kv.vector_size)입니다.")
        check.true(m.dtype == np.float32, f"dtype이 float32여야 합니다 (지금 {m.dtype}).", case="자료형",
                   hint="케라스 층의 가중치는 32비트 실수입니다. 넘파이 배열의 자료형을 바꾸는 방법을 찾아보세요.")
        check.array(m[0], np.zeros(kv.vector_size), case="<pad> 행", hint="패딩(0번) 행은 모두 0이어야 합니다.")
        for word in ["movie", "good", "bad"]:
            check.array(m[TOY_WORDS.index(word)], kv[word], case=f"{word!r} 행",
                        hint="i번째 행은 words[i]의 벡터입니다. 순서가 단어 집합 순서인지 확인하세요.")
        oov = [m[TOY_WORDS.index(w)] for w in [UNK, "plot", "boring"]]
        check.true(all(row.any() and float(np.abs(row).max()) < 1.0 for row in oov),
                   "벡터가 없는 단어(<unk>, 'plot', 'boring')의 행은 0이 아닌 작은 난수여야 합니다.", case="OOV 행",
                   hint="문제의 설명대로 평균 0, 표준편차 scale인 정규분포에서 뽑으세요.")
        check.true(not np.allclose(oov[1], oov[2]), "OOV 단어마다 다른 난수여야 합니다.", case="OOV 행")


def embedding_layer(make_embedding) -> None:
    import keras

    matrix = np.random.default_rng(2).normal(0, 0.1, size=(len(TOY_WORDS), 8)).astype(np.float32)
    matrix[0] = 0.0
    with Check("Embedding 층", REFS) as check:
        for trainable in (False, True):
            case = f"trainable={trainable}"
            layer = check.call(make_embedding, matrix, trainable)
            check.true(isinstance(layer, keras.layers.Embedding), "keras.layers.Embedding 층을 돌려주세요.", case=case)
            check.true(layer.trainable == trainable,
                       f"trainable={trainable}로 만들었는데 층의 trainable이 {layer.trainable}입니다.", case=case)
            check.true(layer.mask_zero, "패딩(0번)을 가리도록 mask_zero=True로 만드세요.", case=case)
            check.true(layer.built and len(layer.get_weights()) == 1, "층에 가중치가 아직 없습니다.", case=case,
                       hint="케라스 층은 입력 모양을 알아야 가중치를 만듭니다. 값을 넣기 전에 가중치부터 만들어야 합니다.")
            check.array(layer.get_weights()[0], matrix, case=f"{case}, 처음 가중치",
                        hint="층의 처음 가중치가 받은 행렬과 같아야 합니다.")


def model(build_model) -> None:
    import keras

    from coursekit.pretrained import pretrained_embedding

    matrix = np.random.default_rng(3).normal(0, 0.1, size=(len(TOY_WORDS), 8)).astype(np.float32)
    with Check("슬라이드의 모델", REFS) as check:
        emb = pretrained_embedding(matrix, trainable=False)  # built outside the guarded call: allowed here
        built = check.call(build_model, emb, 5, 16)
        check.true(isinstance(built, keras.Model), f"keras.Model을 돌려주세요 (지금 {type(built).__name__}).")
        kinds = [type(layer).__name__ for layer in built.layers if type(layer).__name__ != "InputLayer"]
        check.equal(kinds, ["Embedding", "GRU", "Dense"], case="층 순서", hint="Embedding → GRU → Dense 순서로 쌓으세요.")
        check.true(built.layers[-2].units == 16, "GRU의 units를 인자 units로 정하세요.", case="GRU")
        check.true(built.layers[-1].units == 1 and built.layers[-1].activation is keras.activations.sigmoid,
                   "마지막 층은 출력 하나에 시그모이드 활성화여야 합니다 (긍정일 확률).", case="출력층")
        check.true(any(layer is emb for layer in built.layers), "받은 embedding 층을 그대로 쓰세요(새로 만들지 말고).",
                   case="Embedding")
        check.true(built.optimizer is not None and built.loss == "binary_crossentropy",
                   "이진 분류의 손실(binary_crossentropy)과 RMSprop으로 compile하세요.", case="compile")
        out = np.asarray(built(np.array([[2, 3, 4, 0, 0], [5, 6, 0, 0, 0]], dtype="int32")))
        check.equal(out.shape, (2, 1), case="출력 모양", hint="리뷰마다 숫자 하나(긍정일 확률)가 나와야 합니다.")
        check.true(bool(((out > 0) & (out < 1)).all()), "출력은 0과 1 사이의 확률이어야 합니다.", case="출력 값")


def training(train_and_report, vocab_size: int, dim: int, baseline: float) -> dict[str, float]:
    """Train frozen and fine-tuned once (seed 0); return {label: test accuracy} and show the table."""
    from coursekit.tables import show_table

    report: dict[str, float] = {}
    with Check("학습과 보고", REFS) as check:
        for trainable, label in [(False, "고정"), (True, "미세 조정")]:
            out = check.call(train_and_report, trainable, 0)
            check.true(isinstance(out, tuple) and len(out) == 3,
                       "(테스트 정확도, 학습 전 가중치, 학습 뒤 가중치) 세 값을 돌려주세요.", case=label)
            acc, before, after = out
            check.equal(tuple(np.shape(after)), (vocab_size, dim), case=f"{label}: 가중치 모양")
            if trainable:
                check.true(not np.allclose(before, after), "미세 조정한 Embedding 층이 학습 뒤에도 그대로입니다.",
                           case=label, hint="미세 조정 층은 학습할 수 있는 층이어야 합니다.")
            else:
                check.array(after, before, case=f"{label}: 학습 뒤 가중치",
                            hint="얼린 층의 가중치는 학습 뒤에도 그대로여야 합니다.")
            check.true(0.0 <= acc <= 1.0, f"정확도는 0~1 사이여야 합니다 (지금 {acc}).", case=label)
            check.true(acc > baseline, f"테스트 정확도 {acc:.1%}가 다수 클래스 기준선 {baseline:.1%}보다 높지 않습니다.",
                       case=label, hint="행렬의 행 순서, 패딩, 검증 데이터로 고른 가중치를 확인하세요.")
            report[label] = float(acc)
        check.detail = ", ".join(f"{k} {v:.1%}" for k, v in report.items())
    show_table(["Embedding", "테스트 정확도"], [[k, f"{v:.2%}"] for k, v in report.items()])
    return report
