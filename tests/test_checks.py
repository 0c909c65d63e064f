import numpy as np
import pytest

from coursekit import checks


def test_close_passes_and_prints(capsys):
    checks.check_close("p", 0.6666667, 2 / 3, tol=1e-6)
    assert "통과" in capsys.readouterr().out


def test_close_fails_without_revealing_answer():
    with pytest.raises(checks.CheckFailed) as err:
        checks.check_close("p", 0.5, 2 / 3, hint="count(<s> I) / count(<s>)")
    msg = str(err.value)
    assert "0.5" in msg and "작습니다" in msg and "힌트" in msg
    assert "0.666" not in msg and "2/3" not in msg


def test_call_turns_not_implemented_into_feedback():
    def todo():
        raise NotImplementedError

    with pytest.raises(checks.CheckFailed, match="아직 구현하지 않았습니다"):
        checks.call("f", todo)
    with pytest.raises(checks.CheckFailed, match="ZeroDivisionError"):
        checks.call("f", lambda: 1 / 0)
    assert checks.call("f", lambda x: x + 1, 1) == 2


def test_array_reports_shape_and_position():
    with pytest.raises(checks.CheckFailed, match=r"\(2, 3\)"):
        checks.check_array("W", np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(checks.CheckFailed, match=r"\(1, 2\)"):
        checks.check_array("W", [[0, 0, 0], [0, 0, 1]], np.zeros((2, 3)))
    checks.check_array("W", [[1.0, 2.0]], np.array([[1.0, 2.0]]))


def test_equal_explains_sequences_and_dicts():
    with pytest.raises(checks.CheckFailed, match="길이"):
        checks.check_equal("pairs", [1, 2], [1, 2, 3])
    with pytest.raises(checks.CheckFailed, match="1번째"):
        checks.check_equal("pairs", [1, 5, 3], [1, 2, 3])
    with pytest.raises(checks.CheckFailed, match="빠졌습니다"):
        checks.check_equal("counts", {"a": 1}, {"a": 1, "b": 2})
    with pytest.raises(checks.CheckFailed, match="list"):
        checks.check_equal("x", (1, 2), [1, 2])
    checks.check_equal("x", {"a": [1]}, {"a": [1]})


def test_check_failed_is_assertion_error():
    assert issubclass(checks.CheckFailed, AssertionError)
