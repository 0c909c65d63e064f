"""How good are word vectors? Word similarity and analogy benchmarks.

* **Word similarity** (WordSim353, SimLex-999, Korean WordSim353): people rated
  how similar two words are; we compute the cosine similarity of their vectors
  and report the Spearman rank correlation between the two lists, plus the
  share of pairs we could not score because a word is missing (OOV rate).
  WordSim353 rewards *related* words (cup-coffee), SimLex-999 only truly
  *similar* ones (cup-mug).
* **Analogies** (Google's questions-words, the Korean analogy set):
  "a is to b as c is to ?" answered with 3CosAdd: the word whose unit vector is
  closest to ``b - a + c`` (unit vectors), excluding a, b and c, searched among
  the ``restrict_vocab`` most frequent words.

Both follow gensim's ``evaluate_word_pairs`` / ``evaluate_word_analogies``
exactly (case-insensitive matching, OOV questions skipped), but the analogies
are solved in batches with one matrix product, which is much faster; the
tests check that the numbers agree with gensim's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats

from coursekit import datasets, validation

SIMILARITY_SETS = {
    "ws353": datasets.wordsim353_path,
    "simlex": datasets.simlex999_path,
    "kor_ws353": datasets.kor_ws353_path,
}
ANALOGY_SETS = {
    "google": datasets.questions_words_path,
    "kor": lambda: datasets.kor_analogy_path("all"),
    "kor_semantic": lambda: datasets.kor_analogy_path("semantic"),
    "kor_syntactic": lambda: datasets.kor_analogy_path("syntactic"),
}


class NothingToScore(ValueError):
    """No pair or question of an evaluation set has all its words in the vocabulary."""


def _usable_vectors(kv, rows, what: str) -> None:
    """Refuse NaN/inf vectors and zero vectors (no direction, so no cosine) among ``rows``."""
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    validation.finite_vectors(kv, rows, what)
    zero = rows[~np.any(np.asarray(kv.vectors[rows]) != 0, axis=1)]
    if len(zero):
        words = ", ".join(repr(kv.index_to_key[int(i)]) for i in zero[:5])
        raise ValueError(f"{what} {len(zero)}개가 0 벡터라 코사인 유사도를 잴 수 없습니다 (예: {words}). "
                         "학습되지 않은 벡터가 아닌지 확인하세요.")


def _spearman(gold, model, pairs) -> tuple[float, float]:
    model = np.asarray(model)
    if len(gold) < 2:
        raise NothingToScore(f"{pairs}: 점수를 매길 수 있는 쌍이 {len(gold)}개뿐이라 순위 상관을 계산할 수 없습니다.")
    if np.all(model == model[0]):
        raise ValueError(f"{pairs}: 코사인 유사도가 {len(gold)}쌍 모두 같아 순위 상관을 계산할 수 없습니다. "
                         "벡터가 학습되었는지(모두 같거나 0이 아닌지) 확인하세요.")
    return float(stats.spearmanr(gold, model).statistic), float(stats.pearsonr(gold, model).statistic)


def _resolve(name_or_path: str | os.PathLike, known: dict) -> Path:
    if isinstance(name_or_path, str) and name_or_path in known:
        return Path(known[name_or_path]())
    path = Path(name_or_path)
    if not path.exists():
        raise FileNotFoundError(
            f"평가 데이터 '{name_or_path}'을(를) 찾을 수 없습니다. "
            f"이름({', '.join(known)}) 또는 파일 경로를 넣으세요."
        )
    return path


def _ok_vocab(kv, restrict_vocab: int, case_insensitive: bool) -> dict[str, int]:
    """Word -> row among the ``restrict_vocab`` most frequent words (as gensim builds it)."""
    keys = kv.index_to_key[:restrict_vocab]
    if case_insensitive:
        return {k.upper(): kv.get_index(k) for k in reversed(keys)}
    return {k: kv.get_index(k) for k in reversed(keys)}


def _unit_rows(kv, rows: np.ndarray | slice) -> np.ndarray:
    vectors = np.asarray(kv.vectors[rows], dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


# ---------------------------------------------------------------------------
# Word similarity
# ---------------------------------------------------------------------------


@dataclass
class SimilarityResult:
    """Spearman and Pearson correlation, OOV rate (0..1) and pairs scored."""

    spearman: float
    pearson: float
    oov_rate: float
    pairs: int
    oov_pairs: int


def read_pairs(path: str | os.PathLike, delimiter: str = "\t") -> list[tuple[str, str, float]]:
    """(word1, word2, score) rows of a gensim-style similarity file (``#`` lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split(delimiter)
            if len(parts) != 3:
                continue
            try:
                rows.append((parts[0], parts[1], float(parts[2])))
            except ValueError:
                continue
    return rows


def word_similarity(
    kv,
    pairs: str | os.PathLike = "ws353",
    restrict_vocab: int = 300_000,
    case_insensitive: bool = True,
) -> SimilarityResult:
    """Correlation between cosine similarities and human scores.

    ``pairs`` is ``"ws353"``, ``"simlex"``, ``"kor_ws353"`` or a tab-separated file.
    """
    ok = _ok_vocab(kv, restrict_vocab, case_insensitive)
    gold, left, right, oov = [], [], [], 0
    for a, b, score in read_pairs(_resolve(pairs, SIMILARITY_SETS)):
        if case_insensitive:
            a, b = a.upper(), b.upper()
        if a not in ok or b not in ok:
            oov += 1
            continue
        gold.append(score)
        left.append(ok[a])
        right.append(ok[b])
    if not gold:
        raise NothingToScore(f"{pairs}: 어휘 안에 있는 단어 쌍이 하나도 없습니다.")
    _usable_vectors(kv, left + right, "평가에 쓰인 단어 벡터")
    model = np.sum(_unit_rows(kv, np.array(left)) * _unit_rows(kv, np.array(right)), axis=1)
    spearman, pearson = _spearman(gold, model, pairs)
    return SimilarityResult(
        spearman=spearman,
        pearson=pearson,
        oov_rate=oov / (len(gold) + oov),
        pairs=len(gold),
        oov_pairs=oov,
    )


# ---------------------------------------------------------------------------
# Analogies
# ---------------------------------------------------------------------------


@dataclass
class AnalogyResult:
    """Accuracy over the questions whose four words are all known."""

    accuracy: float
    correct: int
    total: int
    oov_rate: float
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (correct, total)


def read_analogies(path: str | os.PathLike) -> list[tuple[str, list[str]]]:
    """``(section, [a, b, c, d])`` for every question of a questions-words style file."""
    out, section = [], None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(": "):
                section = line[2:].strip()
                continue
            words = line.split()
            if len(words) == 4 and section is not None:
                out.append((section, words))
    return out


def solve_analogies(kv, questions: np.ndarray, restrict_vocab: int, batch: int = 2048) -> np.ndarray:
    """3CosAdd answers (row numbers) for ``questions`` = rows ``[n, 3]`` of (a, b, c)."""
    unit = _unit_rows(kv, slice(0, restrict_vocab))
    answers = np.empty(len(questions), dtype=np.int64)
    for start in range(0, len(questions), batch):
        q = questions[start : start + batch]
        target = unit[q[:, 1]] + unit[q[:, 2]] - unit[q[:, 0]]
        scores = target @ unit.T
        np.put_along_axis(scores, q, -np.inf, axis=1)  # never answer a, b or c
        answers[start : start + batch] = np.argmax(scores, axis=1)
    return answers


def analogy(
    kv,
    questions: str | os.PathLike = "google",
    restrict_vocab: int = 30_000,
    case_insensitive: bool = True,
) -> AnalogyResult:
    """3CosAdd accuracy on an analogy set, searching the ``restrict_vocab`` most frequent words.

    ``questions`` is ``"google"``, ``"kor"``, ``"kor_semantic"``, ``"kor_syntactic"`` or a file.
    """
    ok = _ok_vocab(kv, restrict_vocab, case_insensitive)
    items = read_analogies(_resolve(questions, ANALOGY_SETS))
    rows, names, oov = [], [], 0
    for section, words in items:
        if case_insensitive:
            words = [w.upper() for w in words]
        if any(w not in ok for w in words):
            oov += 1
            continue
        rows.append([ok[w] for w in words])
        names.append(section)
    if not rows:
        raise NothingToScore(f"{questions}: 네 단어가 모두 어휘 안에 있는 문제가 하나도 없습니다.")
    grid = np.array(rows, dtype=np.int64)
    # one NaN row among the candidates would be every question's answer (argmax of NaN)
    validation.finite_vectors(kv, slice(0, restrict_vocab), "답을 찾는 단어 벡터")
    _usable_vectors(kv, grid.ravel(), "문제에 쓰인 단어 벡터")
    hit = solve_analogies(kv, grid[:, :3], restrict_vocab) == grid[:, 3]
    sections: dict[str, tuple[int, int]] = {}
    for section, ok_answer in zip(names, hit, strict=True):
        c, t = sections.get(section, (0, 0))
        sections[section] = (c + int(ok_answer), t + 1)
    return AnalogyResult(
        accuracy=float(hit.mean()),
        correct=int(hit.sum()),
        total=len(hit),
        oov_rate=oov / max(len(items), 1),
        sections=sections,
    )


# ---------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------


def benchmark(kv, language: str = "en", restrict_vocab: int = 30_000) -> dict[str, float]:
    """The usual numbers for one set of vectors.

    English: ``ws353``, ``simlex`` (Spearman) and ``analogy`` (Google, accuracy);
    Korean: ``kor_ws353`` and ``kor_analogy``.
    A set with no usable pair or question (tiny vocabulary) gives ``nan``.
    """
    if language == "en":
        sets = {"ws353": "ws353", "simlex": "simlex", "analogy": "google"}
    elif language == "ko":
        sets = {"kor_ws353": "kor_ws353", "kor_analogy": "kor"}
    else:
        raise ValueError("language는 'en' 또는 'ko'여야 합니다.")
    out = {}
    for name, data in sets.items():
        try:
            if name.endswith("analogy"):
                out[name] = analogy(kv, data, restrict_vocab).accuracy
            else:
                out[name] = word_similarity(kv, data).spearman
        except NothingToScore:
            out[name] = float("nan")
    return out


# --- added for lectures 04/05/07: benchmarks where unseen words get sub-word vectors -----------


def word_similarity_subwords(kv, pairs: str | os.PathLike = "kor_ws353") -> SimilarityResult:
    """Like :func:`word_similarity`, but every pair is scored: words the model never saw get
    their vector from ``kv[word]`` (FastText builds it from character or jamo n-grams).

    ``oov_rate`` is the share of pairs with at least one such word (scored, not skipped).
    """
    rows = read_pairs(_resolve(pairs, SIMILARITY_SETS))
    if not rows:
        raise NothingToScore(f"{pairs}: 단어 쌍이 없습니다.")
    gold, model, oov = [], [], 0
    for a, b, score in rows:
        va, vb = np.asarray(kv[a], dtype=np.float64), np.asarray(kv[b], dtype=np.float64)
        if not (np.isfinite(va).all() and np.isfinite(vb).all()):
            raise ValueError(f"'{a}' 또는 '{b}'의 벡터에 NaN 또는 무한대(inf)가 있습니다. "
                             "학습이 발산했는지 확인하고 학습률을 낮추어 다시 학습하세요.")
        oov += int(a not in kv.key_to_index or b not in kv.key_to_index)
        gold.append(score)
        model.append(float(va @ vb / max(np.linalg.norm(va) * np.linalg.norm(vb), 1e-12)))
    spearman, pearson = _spearman(gold, model, pairs)
    return SimilarityResult(
        spearman=spearman,
        pearson=pearson,
        oov_rate=oov / len(rows),
        pairs=len(rows),
        oov_pairs=oov,
    )


def analogy_subwords(kv, questions: str | os.PathLike = "kor", restrict_vocab: int = 30_000) -> AnalogyResult:
    """3CosAdd accuracy where every question counts: unseen words get sub-word vectors.

    The answer is searched among the ``restrict_vocab`` most frequent words plus
    every word of the question set (unseen ones built from their n-grams), so a
    question whose answer the corpus never had can still be solved. ``oov_rate``
    is the share of questions with at least one unseen word.
    """
    items = read_analogies(_resolve(questions, ANALOGY_SETS))
    if not items:
        raise NothingToScore(f"{questions}: 문제가 없습니다.")
    candidates = list(dict.fromkeys(kv.index_to_key[:restrict_vocab] + [w for _, q in items for w in q]))
    index = {w: i for i, w in enumerate(candidates)}
    unit = np.stack([np.asarray(kv[w], dtype=np.float32) for w in candidates])
    bad = [candidates[i] for i in np.flatnonzero(~np.isfinite(unit).all(axis=1))[:5]]
    if bad:
        raise ValueError(f"단어 벡터에 NaN 또는 무한대(inf)가 있습니다 (예: {bad}). "
                         "학습이 발산했는지 확인하고 학습률을 낮추어 다시 학습하세요.")
    unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
    grid = np.array([[index[w] for w in q] for _, q in items], dtype=np.int64)
    target = unit[grid[:, 1]] + unit[grid[:, 2]] - unit[grid[:, 0]]
    scores = target @ unit.T
    np.put_along_axis(scores, grid[:, :3], -np.inf, axis=1)
    hit = np.argmax(scores, axis=1) == grid[:, 3]
    sections: dict[str, tuple[int, int]] = {}
    for (section, _), ok_answer in zip(items, hit, strict=True):
        c, t = sections.get(section, (0, 0))
        sections[section] = (c + int(ok_answer), t + 1)
    unseen = sum(any(w not in kv.key_to_index for w in q) for _, q in items)
    return AnalogyResult(
        accuracy=float(hit.mean()), correct=int(hit.sum()), total=len(hit),
        oov_rate=unseen / len(items), sections=sections,
    )
