"""A claim is a check: verify, on this run's model, what the lecture text says.

Where a lecture says what a trained model does ("monday's neighbours are days",
"king - man + woman lands near queen", "the ratio is much larger than 1 for
solid"), the next cell calls one of these functions. Each prints its evidence
in Korean (the numbers a student can read) and raises :class:`ClaimFailed`
when the claim does not hold, so nbval fails the notebook instead of showing
an output that contradicts the text.

Thresholds live in the notebooks, next to the claim, with a comment that says
over which seeds and corpora they were calibrated.

* :func:`claim` – the general form: a statement, a boolean, the evidence;
* :func:`rank` – where ``target`` is among ``query``'s neighbours (1 = nearest);
* :func:`analogy_rank` – where ``expected`` is among the answers of a : b = c : ?;
* :func:`check_neighbours` – at least ``at_least`` of ``expected`` in the top ``topn``;
* :func:`check_analogy` – ``expected`` within the top ``topn`` answers;
* :func:`check_order` – one number larger than another (with a margin).

Every one of them takes ``calibrated``. A threshold calibrated on one corpus
(the offline stand-in en8, say) is not a promise about another (text8, which
Colab downloads). Pass ``calibrated=False`` there: the check still prints its
evidence and its verdict (✔ or ✘), but a failure does not raise, and the text
before it must not assert the outcome. So one cell serves both corpora and the
verdict on the uncalibrated one is computed, never typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class ClaimFailed(AssertionError):
    """The model of this run does not do what the text says it does."""


def claim(statement: str, holds: bool, evidence: str, *, calibrated: bool = True) -> None:
    """Print ``statement`` with its ``evidence``; raise :class:`ClaimFailed` if it does not hold.

    With ``calibrated=False`` (the threshold was not calibrated on this run's
    corpus) the verdict (✔ or ✘) is printed instead of raised. Nothing is
    returned, so a notebook cell that ends with a claim shows only the print.
    """
    if not calibrated:
        verdict = "✔ 이번 실행에서는 맞습니다" if holds else "✘ 이번 실행에서는 맞지 않습니다"
        print(f"{verdict} (이 말뭉치로는 기준을 보정하지 않아 판정만 보여 줍니다): {statement}\n   근거: {evidence}")
        return
    if not holds:
        raise ClaimFailed(
            f"❌ 본문의 주장이 이번 실행 결과와 맞지 않습니다: {statement}\n   근거: {evidence}"
        )
    print(f"✔ 확인: {statement}\n   근거: {evidence}")


def _unit(kv) -> np.ndarray:
    vectors = np.asarray(kv.vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _vector(kv, word: str) -> np.ndarray:
    """``kv[word]``; words unknown to a plain KeyedVectors raise a clear KeyError."""
    try:
        return np.asarray(kv[word], dtype=np.float64)
    except KeyError:
        raise KeyError(f"'{word}'은(는) 이 모델의 단어 집합에 없습니다.") from None


def _rank_of(kv, query: np.ndarray, target: str, exclude: Iterable[str] = ()) -> int:
    """1-based rank of ``target`` among all words by cosine to ``query`` (excluded words skipped)."""
    if target not in kv.key_to_index:
        raise KeyError(f"'{target}'은(는) 이 모델의 단어 집합에 없습니다.")
    q = query / max(np.linalg.norm(query), 1e-12)
    sims = _unit(kv) @ q
    for word in exclude:
        if word in kv.key_to_index:
            sims[kv.key_to_index[word]] = -np.inf
    return int(np.sum(sims > sims[kv.key_to_index[target]])) + 1


def rank(kv, query: str, target: str) -> int:
    """Rank of ``target`` among ``query``'s nearest neighbours (1 = the nearest; query excluded)."""
    return _rank_of(kv, _vector(kv, query), target, exclude=[query])


def analogy_rank(kv, a: str, b: str, c: str, expected: str) -> int:
    """Rank of ``expected`` among the answers of a : b = c : ? (gensim's 3CosAdd on unit vectors).

    ``b - a + c`` is compared with every word except ``a``, ``b`` and ``c``,
    as ``KeyedVectors.most_similar(positive=[b, c], negative=[a])`` does.
    """
    unit = {w: _vector(kv, w) / max(np.linalg.norm(_vector(kv, w)), 1e-12) for w in (a, b, c)}
    query = unit[b] - unit[a] + unit[c]
    return _rank_of(kv, query, expected, exclude=[a, b, c])


def check_neighbours(kv, word: str, expected: Sequence[str], *, topn: int = 10,
                     at_least: int = 1, calibrated: bool = True) -> list[tuple[str, float]]:
    """Claim that at least ``at_least`` of ``expected`` are among ``word``'s ``topn`` neighbours."""
    neighbours = kv.most_similar(word, topn=topn)
    found = [w for w, _ in neighbours if w in set(expected)]
    shown = ", ".join(f"{w} {s:.2f}" for w, s in neighbours)
    claim(
        f"'{word}'의 가까운 단어 {topn}개 안에 {list(expected)} 중 {at_least}개 이상이 있다",
        len(found) >= at_least,
        f"찾은 단어 {found}; 이웃: {shown}",
        calibrated=calibrated,
    )
    return neighbours


def check_analogy(kv, a: str, b: str, c: str, expected: str, *, topn: int = 10,
                  calibrated: bool = True) -> int:
    """Claim that a : b = c : ``expected`` is solved within the top ``topn`` answers."""
    r = analogy_rank(kv, a, b, c, expected)
    answers = kv.most_similar(positive=[b, c], negative=[a], topn=5)
    claim(
        f"{a} : {b} = {c} : ? 의 답 '{expected}'이(가) {topn}위 안에 든다",
        r <= topn,
        f"'{expected}'의 순위 {r}위; 상위 답: " + ", ".join(f"{w} {s:.2f}" for w, s in answers),
        calibrated=calibrated,
    )
    return r


def check_order(statement: str, larger: float, smaller: float, *, margin: float = 0.0,
                labels: tuple[str, str] = ("앞의 값", "뒤의 값"), calibrated: bool = True) -> None:
    """Claim that ``larger`` exceeds ``smaller`` by more than ``margin``."""
    claim(
        statement,
        bool(np.isfinite(larger) and np.isfinite(smaller) and larger > smaller + margin),
        f"{labels[0]} {larger:.3f} > {labels[1]} {smaller:.3f}"
        + (f" + {margin:g}" if margin else ""),
        calibrated=calibrated,
    )


def check_rank(kv, query: str, target: str, *, at_most: int, calibrated: bool = True) -> int:
    """Claim that ``target`` is among the ``at_most`` nearest neighbours of ``query``.

    ``query`` may be a word the model has never seen when ``kv`` builds vectors
    from sub-words (FastText); ``target`` must be in the vocabulary. Prints the
    cosine similarity, the rank and the nearest words; returns the rank.
    """
    r = rank(kv, query, target)
    sim = float(np.dot(_vector(kv, query), _vector(kv, target))
                / max(np.linalg.norm(_vector(kv, query)) * np.linalg.norm(_vector(kv, target)), 1e-12))
    nearest = kv.most_similar(query, topn=3)
    claim(
        f"'{query}'의 가까운 단어 {at_most}위 안에 '{target}'이(가) 있다",
        r <= at_most,
        f"코사인 유사도 {sim:.3f}, {r}위; 가장 가까운 단어: "
        + ", ".join(f"{w} {s:.2f}" for w, s in nearest),
        calibrated=calibrated,
    )
    return r


def check_share(statement: str, items: Sequence[str], holds, *, at_least: int,
                calibrated: bool = True) -> list[str]:
    """Claim that at least ``at_least`` of ``items`` satisfy the predicate ``holds``.

    Prints which items do; returns them. For statements such as "most of the
    neighbours of 'tensorflow' share a piece of its spelling".
    """
    found = [item for item in items if holds(item)]
    claim(
        statement + f" ({len(items)}개 중 {at_least}개 이상)",
        len(found) >= at_least,
        f"{len(found)}개: {found}; 전체: {list(items)}",
        calibrated=calibrated,
    )
    return found
