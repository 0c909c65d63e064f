"""Checks of exercise 07 (biLM targets and likelihood, ELMo's scalar mix and its gradient)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import Check, gradient_references

REFS = {"elmo.scalar_mix": "coursekit.elmo:scalar_mix", "elmo.ScalarMix": "coursekit.elmo:ScalarMix",
        "elmo.BiLM": "coursekit.elmo:BiLM"}


def _layers():
    rng = np.random.default_rng(0)
    forward = rng.normal(size=(3, 5, 3))
    backward_reversed = rng.normal(size=(3, 5, 3))
    return forward, backward_reversed


def targets(lm_targets) -> None:
    with Check("언어 모델의 정답", REFS) as check:
        for ids in (np.array([7, 3, 9, 4, 2]), np.array([1, 2])):
            result = check.call(lm_targets, ids)
            check.true(isinstance(result, tuple) and len(result) == 2, "(순방향 정답, 역방향 정답) 두 배열을 돌려주세요.")
            check.array(result[0], ids[1:], case=f"길이 {len(ids)}, 순방향", hint="순방향 LM은 위치 t에서 무엇을 예측하나요?")
            check.array(result[1], ids[:-1], case=f"길이 {len(ids)}, 역방향", hint="역방향 LM은 위치 t에서 무엇을 예측하나요?")


def log_likelihood(bilm_log_likelihood) -> None:
    with Check("biLM 로그 가능도", REFS) as check:
        rng = np.random.default_rng(1)
        T, V = 6, 9
        ids = rng.integers(0, V, size=T)
        fwd = np.log(rng.dirichlet(np.ones(V), size=T))
        bwd = np.log(rng.dirichlet(np.ones(V), size=T))
        expected = fwd[np.arange(T - 1), ids[1:]].sum() + bwd[np.arange(1, T), ids[:-1]].sum()
        check.close(check.call(bilm_log_likelihood, ids, fwd, bwd), float(expected), tol=1e-9,
                    hint="순방향은 위치 0..T-2의 출력이 다음 단어를, 역방향은 위치 1..T-1의 출력이 이전 단어를 "
                         "예측합니다. 두 방향의 로그 확률을 모두 더하세요.")


def concat(concat_directions) -> None:
    forward, backward_reversed = _layers()
    with Check("두 방향 연결", REFS) as check:
        out = check.call(concat_directions, forward, backward_reversed)
        expected = np.concatenate([forward, backward_reversed[:, ::-1]], axis=-1)
        check.array(out, expected, hint="역방향 출력은 시간 순서가 뒤집혀 있습니다. 어느 축을 뒤집고, 어느 축으로 "
                                        "이어 붙여야 모양이 (층, T, 2D)가 될까요?")


def _mix(layers, s, gamma):
    a = np.exp(np.asarray(s, float) - np.max(s))
    a = a / a.sum()
    return gamma * np.tensordot(a, layers, axes=1), a


def mix(elmo_vectors) -> None:
    forward, backward_reversed = _layers()
    layers = np.concatenate([forward, backward_reversed[:, ::-1]], axis=-1)
    with Check("ELMo 가중합", REFS) as check:
        for s, gamma in [([0.0, 0.0, 0.0], 1.0), ([1.0, -2.0, 0.5], 0.7), ([1000.0, 0.0, 0.0], 2.0)]:
            check.array(check.call(elmo_vectors, layers, s, gamma), _mix(layers, s, gamma)[0],
                        case=f"s={s}, γ={gamma}",
                        hint="가중치를 소프트맥스로 정규화했는지(합 1), s가 아주 클 때 overflow가 나지 않는지 보세요.")


def mix_gradient(scalar_mix_grad) -> None:
    forward, backward_reversed = _layers()
    layers = np.concatenate([forward, backward_reversed[:, ::-1]], axis=-1)
    upstream = np.random.default_rng(2).normal(size=layers.shape[1:])
    with Check("가중치 s의 기울기", {**REFS, **gradient_references()}) as check:
        for s, gamma in [([0.0, 0.0, 0.0], 1.0), ([1.0, -2.0, 0.5], 0.7)]:
            _, a = _mix(layers, s, gamma)
            dots = np.array([np.sum(h * upstream) for h in layers])
            expected = gamma * a * (dots - a @ dots)
            check.array(check.call(scalar_mix_grad, layers, s, gamma, upstream), expected, atol=1e-6,
                        case=f"s={s}, γ={gamma}",
                        hint="s_j를 바꾸면 모든 층의 소프트맥스 가중치가 함께 변합니다. 수치 기울기와 비교해 보세요.")
