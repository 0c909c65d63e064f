"""Feedback for exercise check cells.

A check cell starts with a ``# CHECK: <name>`` line and calls one function of
an exercise's check module, e.g. ``checks.ex03.cbow_dataset(make_cbow_dataset)``
(the modules are :mod:`coursekit.exercise_checks.ex01` ... ``ex08``, reached
as ``checks.ex01`` ...). A passing check prints exactly one line
``✅ <name>: 통과``; a failing one raises :class:`CheckFailed` (an
``AssertionError``) whose Korean message says what is wrong (shape, type, which
value, a hint) without printing the expected answer or the code; in Jupyter it
shows as that one line, not as a traceback. nbval and the grader count a check
cell as passed when it runs without an error.

Expected values are computed inside the check modules (or read from stored
fixtures), never in the notebook. The student's function is called through
:meth:`Check.call` (or :func:`call`), which

* turns ``NotImplementedError`` (an unsolved TODO, here or in an earlier
  problem's function) into a CheckFailed that names the unsolved function, and
* watches the call (see :class:`ReferenceGuard`): when the student's code calls,
  at any depth and however it was imported, one of the coursekit (or gensim)
  functions that compute the answer of this problem, the check fails with a
  message that contains :data:`REFERENCE_MARKER`; the grader reports it.
"""

from __future__ import annotations

import importlib
import math
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import CodeType, FunctionType
from typing import Any

import numpy as np

#: Part of the message of a check failed because the student called the answer.
REFERENCE_MARKER = "[정답 함수 호출]"
#: The exercises whose check modules are reached as ``checks.exNN``.
EXERCISES = ("ex01", "ex02", "ex03", "ex04", "ex05", "ex06", "ex07", "ex08")


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

    def _render_traceback_(self) -> list[str]:
        """IPython shows this instead of a traceback: the ❌ line (and the hint)."""
        return str(self).splitlines()


def passed(name: str, detail: str = "") -> None:
    print(f"✅ {name}: 통과" + (f" ({detail})" if detail else ""))


def fail(name: str, message: str, hint: str | None = None) -> None:
    raise CheckFailed(name, message, hint)


# --------------------------------------------------------------------------- reference calls


def _code_objects(target: Any) -> Iterable[CodeType]:
    """The code objects of a function, a method, or every function of a class."""
    target = getattr(target, "__wrapped__", target)
    if isinstance(target, (staticmethod, classmethod)):
        target = target.__func__
    if isinstance(target, property):
        for part in (target.fget, target.fset):
            if part is not None:
                yield from _code_objects(part)
        return
    if isinstance(target, type):
        for klass in target.__mro__:
            if klass.__module__.split(".")[0] not in ("coursekit", "gensim"):
                continue
            for value in vars(klass).values():
                if isinstance(value, (FunctionType, staticmethod, classmethod, property)):
                    yield from _code_objects(value)
        return
    code = getattr(target, "__code__", None)
    if isinstance(code, CodeType):
        yield code


def resolve(spec: str) -> Any:
    """``"package.module:Qual.name"`` → the object."""
    module, _, qual = spec.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qual.split(".") if qual else ():
        obj = getattr(obj, part)
    return obj


class ReferenceGuard:
    """Notes whether any of the given reference functions runs while active.

    On Python 3.12+ it uses ``sys.monitoring`` with ``PY_START`` events on the
    reference code objects only (nothing else is slowed down); before 3.12 a
    ``sys.setprofile`` hook compares each Python call's code object.
    """

    def __init__(self, references: Mapping[str, Any]):
        self.codes: dict[CodeType, str] = {}
        for label, target in references.items():
            for code in _code_objects(target):
                self.codes[code] = label
        self.called: list[str] = []
        self._tool: int | None = None
        self._old_profile = None

    # sys.monitoring (3.12+)
    def _start(self, code, offset):  # pragma: no cover - Python 3.12+
        label = self.codes.get(code)
        if label and label not in self.called:
            self.called.append(label)
        return sys.monitoring.DISABLE if label is None else None

    def _profile(self, frame, event, arg):
        if event == "call":
            label = self.codes.get(frame.f_code)
            if label and label not in self.called:
                self.called.append(label)
        if self._old_profile is not None:
            self._old_profile(frame, event, arg)

    def __enter__(self) -> ReferenceGuard:
        if not self.codes:
            return self
        monitoring = getattr(sys, "monitoring", None)
        if monitoring is not None:  # pragma: no cover - Python 3.12+
            for tool in range(5, -1, -1):
                if monitoring.get_tool(tool) is None:
                    monitoring.use_tool_id(tool, "coursekit.checks")
                    self._tool = tool
                    break
        if self._tool is not None:  # pragma: no cover - Python 3.12+
            monitoring.register_callback(self._tool, monitoring.events.PY_START, self._start)
            for code in self.codes:
                monitoring.set_local_events(self._tool, code, monitoring.events.PY_START)
        else:
            self._old_profile = sys.getprofile()
            sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc) -> None:
        if self._tool is not None:  # pragma: no cover - Python 3.12+
            monitoring = sys.monitoring
            for code in self.codes:
                monitoring.set_local_events(self._tool, code, 0)
            monitoring.register_callback(self._tool, monitoring.events.PY_START, None)
            monitoring.free_tool_id(self._tool)
            self._tool = None
        elif self.codes:
            sys.setprofile(self._old_profile)


def _compiled(target: Any) -> bool:
    """A callable that runs no Python bytecode (a Cython or C function): the guard cannot see it start."""
    return callable(target) and not isinstance(target, (FunctionType, type, staticmethod, classmethod, property)) \
        and not isinstance(getattr(target, "__func__", None), FunctionType)


class CompiledGuard:
    """Notes calls to compiled reference functions (e.g. gensim's Cython ``compute_ngrams``).

    A compiled function runs no Python frames, so :class:`ReferenceGuard` never
    sees it. While active, this guard puts a recording wrapper in its place: in
    the module named by its ``"module:name"`` spec, and under any name of the
    student's function's globals that holds it (``from ... import compute_ngrams``).
    """

    def __init__(self, specs: Mapping[str, str], func: Callable):
        self.specs = specs
        self.namespace = getattr(getattr(func, "__wrapped__", func), "__globals__", {})
        self.called: list[str] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def _wrapper(self, label: str, original: Callable) -> Callable:
        def recording(*args, **kwargs):
            if label not in self.called:
                self.called.append(label)
            return original(*args, **kwargs)

        return recording

    def __enter__(self) -> CompiledGuard:
        for label, spec in self.specs.items():
            module_name, _, name = spec.partition(":")
            module = importlib.import_module(module_name)
            original = getattr(module, name)
            wrapper = self._wrapper(label, original)
            self._undo.append((module, name, original))
            setattr(module, name, wrapper)
            for key, value in list(self.namespace.items()):
                if value is original:
                    self._undo.append((self.namespace, key, original))
                    self.namespace[key] = wrapper
        return self

    def __exit__(self, *exc) -> None:
        for holder, name, original in reversed(self._undo):
            if isinstance(holder, dict):
                holder[name] = original
            else:
                setattr(holder, name, original)
        self._undo.clear()


def _unsolved_function(exc: BaseException) -> str | None:
    """The name of the function whose ``raise NotImplementedError`` this is."""
    frames = traceback.extract_tb(exc.__traceback__)
    return frames[-1].name if frames else None


def call(name: str, func: Callable, *args, references: Mapping[str, Any] | None = None,
         **kwargs) -> Any:
    """Call the student's ``func``; an unsolved TODO or a call to a reference becomes a CheckFailed.

    ``references`` maps a label (shown to the student) to the coursekit/gensim
    functions or classes that compute this problem's answer, or to a
    ``"module:qualname"`` string.
    """
    if not callable(func):
        fail(name, f"함수가 아니라 {type(func).__name__} 값이 들어왔습니다.")
    refs = {label: resolve(t) if isinstance(t, str) else t for label, t in (references or {}).items()}
    compiled = {label: spec for label, spec in (references or {}).items()
                if isinstance(spec, str) and ":" in spec and "." not in spec.partition(":")[2] and _compiled(refs[label])}
    guard = ReferenceGuard({label: t for label, t in refs.items() if label not in compiled})
    compiled_guard = CompiledGuard(compiled, func)
    try:
        with guard, compiled_guard:
            result = func(*args, **kwargs)
    except NotImplementedError as exc:
        where = _unsolved_function(exc)
        what = f"`{where}` 함수를" if where and where != "<module>" else "함수를"
        fail(name, f"{what} 아직 구현하지 않았습니다. 그 TODO 셀을 채우고 실행한 뒤 다시 확인하세요.")
    except CheckFailed:
        raise
    except Exception as exc:  # the student's code crashed: say where
        fail(name, f"실행 중 오류가 났습니다: {type(exc).__name__}: {exc}")
    if guard.called or compiled_guard.called:
        called = guard.called + compiled_guard.called
        fail(name, f"{REFERENCE_MARKER} 이 문제의 답을 계산하는 coursekit·라이브러리 함수({', '.join(called)})를 "
                   "불렀습니다. 직접 구현해야 점수를 받습니다.")
    return result


# --------------------------------------------------------------------------- comparisons


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _to_numpy(value: Any) -> Any:
    """A TensorFlow/Keras tensor or variable as a numpy array (anything else as it is)."""
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        try:
            return value.numpy()
        except Exception:  # e.g. a symbolic Keras tensor: compared (and refused) as it is
            return value
    return value


def _as_scalar(name: str, actual: Any, hint: str | None) -> float:
    actual = _to_numpy(actual)
    if isinstance(actual, (list, tuple)) or (hasattr(actual, "__array__") and not isinstance(actual, np.ndarray)):
        try:
            actual = np.asarray(actual)
        except Exception:
            fail(name, f"숫자가 나와야 하는데 {type(actual).__name__} 값이 나왔습니다.", hint)
    if isinstance(actual, np.ndarray):
        if actual.size != 1:
            fail(name, f"숫자 하나가 나와야 하는데 모양(shape)이 {actual.shape}인 배열이 나왔습니다.", hint)
        actual = actual.reshape(()).item()
    if not _is_number(actual):
        fail(name, f"숫자가 나와야 하는데 {type(actual).__name__} 값이 나왔습니다.", hint)
    return float(actual)


def compare_close(name: str, actual: Any, expected: float, *, tol: float = 1e-6,
                  rel: float = 0.0, hint: str | None = None) -> None:
    """Raise unless ``actual`` is a number within ``tol`` (+ ``rel`` × |expected|) of ``expected``."""
    value = _as_scalar(name, actual, hint)
    expected = float(np.asarray(_to_numpy(expected), dtype=np.float64).reshape(()))  # a check's own number
    if math.isnan(value):
        fail(name, "값이 NaN입니다. 0으로 나누거나 log(0)을 하지 않았는지 확인하세요.", hint)
    if math.isinf(expected) and value == expected:
        return
    if math.isinf(value) or abs(value - float(expected)) > tol + rel * abs(float(expected)):
        direction = "큽니다" if value > expected else "작습니다"
        fail(name, f"값 {value:.6g}이(가) 정답보다 {direction}.", hint)


def _equal(a: Any, b: Any) -> bool:
    """Exact equality that also looks inside lists, tuples and dicts holding numpy arrays
    (where ``==`` would raise numpy's "truth value of an array is ambiguous")."""
    if a is b:  # as Python's own containers do (a NaN equals itself)
        return True
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return a.shape == b.shape and bool(np.all(a == b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):  # a 0-d array may stand for its one value
        array, other = (a, b) if isinstance(a, np.ndarray) else (b, a)
        return array.ndim == 0 and not isinstance(other, (list, tuple, Mapping)) and _equal(array.item(), other)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def compare_equal(name: str, actual: Any, expected: Any, *, hint: str | None = None) -> None:
    """Raise unless ``actual == expected`` (ints, strings, tuples, lists, dicts), with a useful diff."""
    if _equal(actual, expected) and type(actual) is type(expected):
        return
    if _equal(actual, expected) and _is_number(actual) and _is_number(expected):
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
        wrong = [k for k in expected if not _equal(actual[k], expected[k])]
        if not wrong:  # same keys and values, but not the same kind of mapping
            fail(name, f"{type(expected).__name__} 값이 나와야 하는데 {type(actual).__name__} 값이 나왔습니다.", hint)
        fail(name, f"값이 틀린 키가 {len(wrong)}개 있습니다 (예: {wrong[0]!r}의 값 {actual[wrong[0]]!r}).", hint)
    if isinstance(expected, Sequence) and not isinstance(expected, str):
        if len(actual) != len(expected):
            fail(name, f"길이가 {len(actual)}입니다. 길이가 {len(expected)}이어야 합니다.", hint)
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            if not _equal(a, e):
                if isinstance(a, (np.ndarray, list, tuple)) and type(a) is not type(e):
                    fail(name, f"{i}번째 항목이 {type(e).__name__}이어야 하는데 {type(a).__name__}입니다"
                               + (" (numpy 배열은 .tolist()로 바꾸세요)." if isinstance(a, np.ndarray) else "."), hint)
                fail(name, f"{i}번째 항목 {a!r}이(가) 틀렸습니다.", hint)
    fail(name, f"값 {actual!r}이(가) 틀렸습니다.", hint)


def compare_array(name: str, actual: Any, expected: Any, *, atol: float = 1e-5, rtol: float = 0.0,
                  hint: str | None = None) -> np.ndarray:
    """Raise unless ``actual`` is an array of ``expected``'s shape within ``atol``; returns it."""
    expected = np.asarray(expected)
    if hasattr(actual, "numpy") and not isinstance(actual, np.ndarray):
        actual = actual.numpy()
    try:
        arr = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        fail(name, f"숫자 배열로 바꿀 수 없는 값입니다 ({type(actual).__name__}).", hint)
    if arr.shape != expected.shape:
        fail(name, f"모양(shape)이 {arr.shape}입니다. {expected.shape}이어야 합니다.", hint)
    if np.isnan(arr).any():
        fail(name, "NaN이 들어 있습니다.", hint)
    bad = ~np.isclose(arr, expected, atol=atol, rtol=rtol)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        fail(name, f"값이 틀린 원소가 {int(bad.sum())}개 있습니다 (처음 틀린 위치: {first}).", hint)
    return arr


def check_close(name: str, actual: Any, expected: float, *, tol: float = 1e-6, hint: str | None = None) -> None:
    """``actual`` must be a number within ``tol`` of ``expected``."""
    compare_close(name, actual, expected, tol=tol, hint=hint)
    passed(name)


def check_equal(name: str, actual: Any, expected: Any, *, hint: str | None = None) -> None:
    """Exact equality for ints, strings, tuples, lists and dicts, with a useful diff."""
    compare_equal(name, actual, expected, hint=hint)
    passed(name)


def check_array(name: str, actual: Any, expected: Any, *, atol: float = 1e-5, hint: str | None = None) -> None:
    """``actual`` must be an array of ``expected``'s shape with values within ``atol``."""
    arr = compare_array(name, actual, expected, atol=atol, hint=hint)
    passed(name, f"shape {arr.shape}")


def check_true(name: str, condition: bool, message: str, hint: str | None = None) -> None:
    """Pass when ``condition`` holds, else fail with ``message``."""
    if not condition:
        fail(name, message, hint)
    passed(name)


# --------------------------------------------------------------------------- one check, one line


class Check:
    """One check cell: any number of comparisons, then exactly one ✅ line.

    >>> with Check("CBOW 데이터셋", references={...}) as check:   # doctest: +SKIP
    ...     got = check.call(make_cbow_dataset, tokens, 2)
    ...     check.equal(got, expected, case="window=2", hint="...")

    A failed comparison raises CheckFailed named ``"<name> (<case>)"``; any
    other exception inside the block (e.g. the student's result has the wrong
    type for the next step) becomes a CheckFailed too.
    """

    def __init__(self, name: str, references: Mapping[str, Any] | None = None):
        self.name = name
        self.references = references or {}
        self.detail = ""

    def _label(self, case: str | None) -> str:
        return f"{self.name} ({case})" if case else self.name

    def __enter__(self) -> Check:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            passed(self.name, self.detail)
            return False
        if issubclass(exc_type, CheckFailed):
            return False
        if issubclass(exc_type, NotImplementedError):
            where = _unsolved_function(exc)
            what = f"`{where}` 함수를" if where and where != "<module>" else "함수를"
            raise CheckFailed(self.name, f"{what} 아직 구현하지 않았습니다.") from None
        if issubclass(exc_type, Exception):
            raise CheckFailed(self.name, f"결과를 검사하다가 오류가 났습니다: {exc_type.__name__}: {exc}. "
                                         "돌려준 값의 자료형과 모양을 확인하세요.") from None
        return False

    def call(self, func: Callable, *args, **kwargs) -> Any:
        return call(self.name, func, *args, references=self.references, **kwargs)

    def equal(self, actual, expected, *, case: str | None = None, hint: str | None = None) -> None:
        compare_equal(self._label(case), actual, expected, hint=hint)

    def close(self, actual, expected, *, tol: float = 1e-6, rel: float = 0.0, case: str | None = None,
              hint: str | None = None) -> None:
        compare_close(self._label(case), actual, expected, tol=tol, rel=rel, hint=hint)

    def array(self, actual, expected, *, atol: float = 1e-5, rtol: float = 0.0, case: str | None = None,
              hint: str | None = None) -> np.ndarray:
        return compare_array(self._label(case), actual, expected, atol=atol, rtol=rtol, hint=hint)

    def true(self, condition: bool, message: str, *, case: str | None = None, hint: str | None = None) -> None:
        if not condition:
            fail(self._label(case), message, hint)


# --------------------------------------------------------------------------- exercise modules


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central differences (f(x + eps e_i) - f(x - eps e_i)) / 2 eps for every element of ``x``."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def gradient_references() -> dict[str, Any]:
    """What gives a gradient without deriving it, for the "derive it by hand" problems.

    Finite differences (this module's :func:`numerical_gradient`, and a
    ``numerical_gradient`` the notebook defines itself, as exercises 03, 04 and
    06 do to let students compare) and automatic differentiation
    (``tf.GradientTape.gradient``). The notebook's own function is found in
    ``__main__``, the kernel's namespace, when the check runs.
    """
    refs: dict[str, Any] = {"checks.numerical_gradient (수치 미분)": numerical_gradient,
                            "tf.GradientTape.gradient (자동 미분)": "tensorflow:GradientTape.gradient"}
    own = getattr(sys.modules.get("__main__"), "numerical_gradient", None)
    if isinstance(own, FunctionType) and own is not numerical_gradient:
        refs["numerical_gradient (수치 미분)"] = own
    return refs


def __getattr__(name: str):
    if name in EXERCISES:
        module = importlib.import_module(f"coursekit.exercise_checks.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Reloading this module (the grader does before each check cell) reloads the
# exercise check modules too, so patching them in an earlier cell changes nothing.
for _name in EXERCISES:
    globals().pop(_name, None)
    _full = f"coursekit.exercise_checks.{_name}"
    if _full in sys.modules:
        globals()[_name] = importlib.reload(sys.modules[_full])
