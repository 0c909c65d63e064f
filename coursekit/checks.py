"""Feedback for exercise check cells.

A check cell starts with a ``# CHECK: <name>`` line and calls one of the
functions below. A passing check prints ``✅ <name>: 통과``; a failing one
raises :class:`CheckFailed` (an ``AssertionError``) whose Korean message says
what is wrong (shape, type, which value, a hint) without printing the expected
answer. nbval and the grader count a check cell as passed when it runs without
an error.

Calling a student's function through :func:`call` turns ``NotImplementedError``
(an unsolved exercise) into a CheckFailed that says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np


class CheckFailed(AssertionError):
    """A check did not pass; the message is the student's feedback."""

    def __init__(self, name: str, message: str, hint: str | None = None):
        self.name = name
        self.feedback = message
        self.hint = hint
        text = f"❌ {name}: {message}"
        if hint:
            text += f"\n   힌트: {hint}"
        super().__init__(text)


def passed(name: str, detail: str = "") -> None:
    print(f"✅ {name}: 통과" + (f" ({detail})" if detail else ""))


def fail(name: str, message: str, hint: str | None = None) -> None:
    raise CheckFailed(name, message, hint)


def call(name: str, func: Callable, *args, **kwargs) -> Any:
    """Call the student's ``func``; an unsolved TODO becomes a clear CheckFailed."""
    if not callable(func):
        fail(name, f"함수가 아니라 {type(func).__name__} 값이 들어왔습니다.")
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        fail(name, "아직 구현하지 않았습니다. 위의 TODO 셀을 채우고 실행한 뒤 다시 확인하세요.")
    except CheckFailed:
        raise
    except Exception as exc:  # the student's code crashed: say where
        fail(name, f"실행 중 오류가 났습니다: {type(exc).__name__}: {exc}")


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def check_close(name: str, actual: Any, expected: float, *, tol: float = 1e-6, hint: str | None = None) -> None:
    """``actual`` must be a number within ``tol`` of ``expected``."""
    if isinstance(actual, np.ndarray) and actual.size == 1:
        actual = actual.item()
    if hasattr(actual, "numpy"):
        actual = np.asarray(actual).item()
    if not _is_number(actual):
        fail(name, f"숫자가 나와야 하는데 {type(actual).__name__} 값이 나왔습니다.", hint)
    if math.isnan(float(actual)):
        fail(name, "값이 NaN입니다. 0으로 나누지 않았는지 확인하세요.", hint)
    if abs(float(actual) - float(expected)) > tol:
        direction = "큽니다" if actual > expected else "작습니다"
        fail(name, f"값 {float(actual):.6g}이(가) 정답보다 {direction}.", hint)
    passed(name)


def check_equal(name: str, actual: Any, expected: Any, *, hint: str | None = None) -> None:
    """Exact equality for ints, strings, tuples, lists and dicts, with a useful diff."""
    if actual == expected:
        passed(name)
        return
    if type(actual) is not type(expected) and not (_is_number(actual) and _is_number(expected)):
        fail(name, f"{type(expected).__name__} 값이 나와야 하는데 {type(actual).__name__} 값이 나왔습니다.", hint)
    if isinstance(expected, Mapping):
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing:
            fail(name, f"키 {len(missing)}개가 빠졌습니다 (예: {missing[0]!r}).", hint)
        if extra:
            fail(name, f"없어야 할 키 {len(extra)}개가 있습니다 (예: {extra[0]!r}).", hint)
        wrong = [k for k in expected if actual[k] != expected[k]]
        fail(name, f"값이 틀린 키가 {len(wrong)}개 있습니다 (예: {wrong[0]!r}의 값 {actual[wrong[0]]!r}).", hint)
    if isinstance(expected, Sequence) and not isinstance(expected, str):
        if len(actual) != len(expected):
            fail(name, f"길이가 {len(actual)}입니다. 길이가 {len(expected)}이어야 합니다.", hint)
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            if a != e:
                fail(name, f"{i}번째 항목 {a!r}이(가) 틀렸습니다.", hint)
    fail(name, f"값 {actual!r}이(가) 틀렸습니다.", hint)


def check_array(
    name: str,
    actual: Any,
    expected: Any,
    *,
    atol: float = 1e-5,
    hint: str | None = None,
) -> None:
    """``actual`` must be an array of ``expected``'s shape with values within ``atol``."""
    expected = np.asarray(expected)
    try:
        arr = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        fail(name, f"숫자 배열로 바꿀 수 없는 값입니다 ({type(actual).__name__}).", hint)
    if arr.shape != expected.shape:
        fail(name, f"모양(shape)이 {arr.shape}입니다. {expected.shape}이어야 합니다.", hint)
    if np.isnan(arr).any():
        fail(name, "NaN이 들어 있습니다.", hint)
    bad = ~np.isclose(arr, expected, atol=atol, rtol=0)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        fail(name, f"값이 틀린 원소가 {int(bad.sum())}개 있습니다 (처음 틀린 위치: {first}).", hint)
    passed(name, f"shape {arr.shape}")


def check_true(name: str, condition: bool, message: str, hint: str | None = None) -> None:
    """Pass when ``condition`` holds, else fail with ``message``."""
    if not condition:
        fail(name, message, hint)
    passed(name)
