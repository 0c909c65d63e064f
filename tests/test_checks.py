import re
import sys

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


# --------------------------------------------------------------------------- input validation


def test_equal_on_numpy_arrays_gives_feedback_not_ambiguity_errors():
    checks.check_equal("a", np.array([1, 2]), np.array([1, 2]))
    with pytest.raises(checks.CheckFailed, match="틀렸습니다"):
        checks.check_equal("a", np.array([1, 3]), np.array([1, 2]))
    with pytest.raises(checks.CheckFailed, match="1번째"):
        checks.check_equal("pairs", [np.array([1]), np.array([2])], [np.array([1]), np.array([3])])


def test_close_on_an_array_of_two_numbers_says_so():
    with pytest.raises(checks.CheckFailed, match=r"\(2,\)"):
        checks.check_close("p", np.array([0.5, 0.5]), 0.5)
    tf = pytest.importorskip("tensorflow")
    with pytest.raises(checks.CheckFailed, match=r"\(2,\)"):
        checks.check_close("p", tf.constant([0.5, 0.5]), 0.5)
    checks.check_close("p", tf.constant(0.5), 0.5)


# --------------------------------------------------------------------------- one line per check


def test_a_check_prints_one_line_however_many_comparisons(capsys):
    with checks.Check("여러 경우") as check:
        for i in range(6):
            check.equal(i, i, case=f"i={i}")
            check.close(i / 3, i / 3)
            check.array([i], [i])
    assert capsys.readouterr().out == "✅ 여러 경우: 통과\n"


def test_a_failing_case_is_one_line_with_its_case_and_no_pass(capsys):
    with pytest.raises(checks.CheckFailed) as err:
        with checks.Check("여러 경우") as check:
            check.equal(1, 1, case="첫째")
            check.equal([1, 2], [1, 3], case="둘째", hint="두 번째 값을 보세요.")
    assert str(err.value).splitlines()[0] == "❌ 여러 경우 (둘째): 1번째 항목 2이(가) 틀렸습니다."
    assert err.value._render_traceback_() == str(err.value).splitlines()
    assert "통과" not in capsys.readouterr().out


def test_other_errors_inside_a_check_become_feedback():
    with pytest.raises(checks.CheckFailed, match="TypeError"):
        with checks.Check("모양") as check:
            result = check.call(lambda: None)
            result[0]  # the student's result had the wrong type


def test_unsolved_earlier_function_is_named():
    def count_ngrams(sentences):
        raise NotImplementedError

    def bigram_prob(sentences):
        return count_ngrams(sentences)

    with pytest.raises(checks.CheckFailed, match="`count_ngrams` 함수를 아직 구현하지 않았습니다"):
        with checks.Check("확률") as check:
            check.call(bigram_prob, [])


# --------------------------------------------------------------------------- reference calls


def test_a_call_to_the_reference_fails_however_it_was_imported():
    import coursekit.context_windows as cw
    from coursekit import context_windows

    refs = {"cbow_examples": "coursekit.context_windows:cbow_examples"}
    tokens = "the fat cat".split()

    def direct(tokens, window):
        return cw.cbow_examples(tokens, window)

    def re_exported(tokens, window):
        return context_windows.cbow_examples(tokens, window)

    def deeper(tokens, window):
        return [(list(c), w) for c, w in re_exported(tokens, window)]

    for cheat in (direct, re_exported, deeper, cw.cbow_examples):
        with pytest.raises(checks.CheckFailed) as err:
            checks.call("CBOW", cheat, tokens, 1, references=refs)
        assert checks.REFERENCE_MARKER in str(err.value) and "cbow_examples" in str(err.value)

    def own(tokens, window):
        return [(tokens[max(0, i - window):i] + tokens[i + 1:i + 1 + window], w) for i, w in enumerate(tokens)]

    assert checks.call("CBOW", own, tokens, 1, references=refs) == cw.cbow_examples(tokens, 1)
    assert sys.getprofile() is None  # the guard is gone afterwards


def test_methods_of_a_reference_class_count_and_calls_outside_the_student_function_do_not():
    from coursekit.ngram import NgramLM

    refs = {"NgramLM": NgramLM}
    sentences = [["a", "b"]]
    expected = NgramLM(2).fit(sentences).prob("b", ["a"])  # the checker may use it

    def cheat():
        return NgramLM(2).fit(sentences).prob("b", ["a"])

    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        checks.call("P", cheat, references=refs)
    assert checks.call("P", lambda: 1.0, references=refs) == expected


def test_exercise_check_modules_reject_the_library_answer():
    from coursekit import glove

    def cheat_weight(x, x_max=100.0, alpha=0.75):
        return glove.weighting(x, x_max, alpha)

    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        checks.ex06.weight(cheat_weight)

    def own_weight(x, x_max=100.0, alpha=0.75):
        x = np.asarray(x, dtype=float)
        return np.where(x < x_max, (x / x_max) ** alpha, 1.0)

    checks.ex06.weight(own_weight)


def test_reloading_checks_restores_patched_exercise_checks(capsys):
    import importlib

    checks.ex07.concat = lambda f: print("✅ 두 방향 연결: 통과")
    reloaded = importlib.reload(checks)
    with pytest.raises(checks.CheckFailed):
        reloaded.ex07.concat(lambda f, b: f)


def test_every_check_cell_calls_an_existing_exercise_check():
    from coursekit.instructor import checkcells, notebooks

    pattern = re.compile(r"checks\.(ex\d\d)\.(\w+)\(")
    for path in notebooks.notebooks("solutions"):
        for name, cell in checkcells.check_cells(notebooks.read(path)).items():
            source = cell.source
            for module, func in pattern.findall(source):
                assert callable(getattr(getattr(checks, module), func)), f"{path.name}: {name}"


def test_numerical_gradient_matches_an_analytic_one():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    grad = checks.numerical_gradient(lambda z: float(np.sum(z**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, atol=1e-6)


def test_equal_containers_of_numpy_arrays_are_equal_and_unequal_ones_explained(capsys):
    """Issue 15: a list, tuple or dict holding numpy arrays made ``==`` ambiguous: equal answers
    failed ("값 ... 틀렸습니다") and an equal dict crashed with an IndexError."""
    checks.check_equal("list", [np.array([1, 2])], [np.array([1, 2])])
    checks.check_equal("tuple", (np.array([1, 2]), 1), (np.array([1, 2]), 1))
    checks.check_equal("dict", {"a": np.array([1, 2])}, {"a": np.array([1, 2])})
    checks.check_equal("0-d", [np.int64(3), np.array(4)], [3, 4])
    assert capsys.readouterr().out.count("통과") == 4
    with pytest.raises(checks.CheckFailed, match="'a'의 값"):
        checks.check_equal("dict", {"a": np.array([1, 3])}, {"a": np.array([1, 2])})
    with pytest.raises(checks.CheckFailed, match=r"0번째 항목이 list이어야 하는데 ndarray.*tolist"):
        checks.check_equal("rows", [np.array([1, 2])], [[1, 2]])


def test_close_takes_any_array_like_and_never_raises_a_bare_error():
    import tensorflow as tf

    for value in (tf.constant([1.0, 2.0]), tf.Variable([1.0, 2.0]), [1.0, 2.0], np.ones((1, 2))):
        with pytest.raises(checks.CheckFailed, match="숫자 하나"):
            checks.check_close("p", value, 1.0)
    checks.check_close("p", tf.constant([[0.5]]), 0.5)
    checks.check_close("p", 0.5, np.float32(0.5))


def test_exercise_01_best_k_wants_the_students_own_held_out_perplexity(monkeypatch):
    from coursekit.exercise_checks import ex01
    from coursekit.ngram import NgramLM

    train = [s.split() for s in ["a b c", "a c", "b c a", "c b"] * 3]
    held_out = [s.split() for s in ["a b", "c c a", "b a c"]]
    monkeypatch.setattr(ex01, "_mr_split", lambda: (train, held_out))

    def library(train, held_out, k):
        return NgramLM(2, k=k).fit(train).perplexity(held_out)

    expected = {k: library(train, held_out, k) for k in ex01.K_GRID}
    best = min(expected, key=expected.get)
    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex01.best_k(library, best)

    def own(train, held_out, k):  # the same numbers, computed without coursekit
        from collections import Counter

        uni, bi = Counter(), Counter()
        for s in train:
            padded = ["<s>", *s, "</s>"]
            uni.update(padded)
            bi.update(zip(padded, padded[1:], strict=False))
        logs = []
        for s in held_out:
            padded = ["<s>", *s, "</s>"]
            for prev, word in zip(padded, padded[1:], strict=False):
                p = (bi[prev, word] + k) / (uni[prev] + k * (len(uni) - 1))
                if p == 0:
                    return float("inf")
                logs.append(np.log(p))
        return float(np.exp(-np.mean(logs)))

    ex01.best_k(own, best)
    with pytest.raises(checks.CheckFailed, match="best_k"):
        ex01.best_k(own, max(expected, key=expected.get))


def test_exercise_02_rejects_keras_answers_and_a_lookup_without_a_product():
    import keras

    from coursekit.exercise_checks import ex02

    def keras_one_hot(index, size):
        return keras.utils.to_categorical(index, size)

    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex02.one_hot(keras_one_hot)

    def row(index, table):
        return table[index]

    with pytest.raises(checks.CheckFailed, match="행렬 곱"):
        ex02.lookup_by_matmul(row)
    ex02.lookup_by_matmul(lambda index, table: np.eye(len(table))[index] @ table)

    def keras_loss(contexts, targets, *weights):
        table, w_h, b_h, w_o, b_o = weights
        z = np.tanh(table[contexts].reshape(len(contexts), -1) @ w_h + b_h) @ w_o + b_o
        probs = np.exp(z - z.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        return float(np.mean(keras.losses.sparse_categorical_crossentropy(targets, probs)))

    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex02.loss(keras_loss)


def test_gradient_problems_reject_numerical_and_automatic_gradients(monkeypatch):
    from coursekit.exercise_checks import ex07

    def mixed(layers, s, gamma):
        a = np.exp(np.asarray(s) - np.max(s))
        a /= a.sum()
        return gamma * np.tensordot(a, layers, axes=1)

    def by_finite_differences(layers, s, gamma, upstream):
        return checks.numerical_gradient(lambda v: float(np.sum(mixed(layers, v, gamma) * upstream)), np.asarray(s))

    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex07.mix_gradient(by_finite_differences)

    # The notebook's own finite-difference helper (found in __main__ when the check runs) counts too.
    def numerical_gradient(f, x, eps=1e-6):
        x = np.array(x, dtype=float)
        out = np.zeros_like(x)
        for i in range(len(x)):
            step = np.zeros_like(x)
            step[i] = eps
            out[i] = (f(x + step) - f(x - step)) / (2 * eps)
        return out

    monkeypatch.setattr(sys.modules["__main__"], "numerical_gradient", numerical_gradient, raising=False)

    def by_own_helper(layers, s, gamma, upstream):
        return numerical_gradient(lambda v: float(np.sum(mixed(layers, v, gamma) * upstream)), s)

    with pytest.raises(checks.CheckFailed, match="numerical_gradient"):
        ex07.mix_gradient(by_own_helper)

    def derived(layers, s, gamma, upstream):
        a = np.exp(np.asarray(s) - np.max(s))
        a /= a.sum()
        dots = np.array([np.sum(h * upstream) for h in layers])
        return gamma * a * (dots - a @ dots)

    ex07.mix_gradient(derived)


def test_a_compiled_library_answer_is_caught_however_it_was_imported():
    import gensim.models.fasttext_inner as inner

    from coursekit.exercise_checks import ex05

    original = inner.compute_ngrams
    notebook: dict = {}  # the globals of a notebook whose cells import gensim's Cython function
    exec(
        "import gensim.models.fasttext_inner as inner\n"
        "from gensim.models.fasttext_inner import compute_ngrams\n"
        "def imported_name(word, min_n, max_n):\n    return compute_ngrams(word, min_n, max_n)\n"
        "def module_attribute(word, min_n, max_n):\n    return inner.compute_ngrams(word, min_n, max_n)\n",
        notebook,
    )
    for cheat in ("imported_name", "module_attribute"):
        with pytest.raises(checks.CheckFailed, match="compute_ngrams"):
            ex05.ngrams(notebook[cheat])
    assert inner.compute_ngrams is original and notebook["compute_ngrams"] is original  # put back after the check

    def own(word, min_n, max_n):
        text = f"<{word}>"
        return [text[i:i + n] for n in range(min_n, max_n + 1) for i in range(len(text) - n + 1)]

    ex05.ngrams(own)


def test_exercise_08_model_check_accepts_the_slides_sequential_model_and_rejects_coursekits():
    import keras

    from coursekit import pretrained
    from coursekit.exercise_checks import ex08

    def sequential(embedding, maxlen, units=128):  # how wikidocs 24586 writes it
        model = keras.Sequential([keras.Input(shape=(maxlen,), dtype="int32"), embedding, keras.layers.GRU(units),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
        return model

    ex08.model(sequential)
    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex08.model(lambda embedding, maxlen, units=128: pretrained.build_gru_classifier(embedding, maxlen, units=units))
    with pytest.raises(checks.CheckFailed, match=re.escape(checks.REFERENCE_MARKER)):
        ex08.embedding_matrix(lambda words, kv, seed=0, scale=0.1: pretrained.embedding_matrix(words, kv, seed=seed))


def test_exercise_05_in_vocabulary_vector_is_not_read_from_gensims_finished_averages():
    from coursekit import fasttext
    from coursekit.exercise_checks import ex05

    rng = np.random.default_rng(0)
    words = [f"w{i}x" for i in range(1_200)]
    sentences = [list(rng.choice(words, size=20)) for _ in range(400)]
    kv = fasttext.train(sentences, dim=8, epochs=1, min_count=1, bucket=2_000, seed=0, progress=False)

    def finished(kv, word, jamo=False):
        return kv.vectors[kv.key_to_index[word]]

    with pytest.raises(checks.CheckFailed):
        ex05.in_vocab(finished, kv)

    def averaged(kv, word, jamo=False):
        rows = kv.vectors_ngrams[fasttext.ngram_buckets(word, kv.min_n, kv.max_n, kv.bucket, jamo=jamo)]
        if word in kv.key_to_index:
            rows = np.vstack([kv.vectors_vocab[kv.key_to_index[word]], rows])
        return rows.mean(axis=0)

    ex05.in_vocab(averaged, kv)
