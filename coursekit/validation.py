"""Checks of what students pass to coursekit's public functions, in one place.

Every public entry point that takes sentences, tokens, vectors or text calls
one of these helpers first, so that the same mistake gets the same clear
Korean message everywhere (what was wrong and what to do), and nothing is
trained on, encoded or exported silently wrong:

* :func:`token_lists` – a corpus must be token lists (``[['the', 'cat'], ...]``),
  not raw strings, which would otherwise be read one character at a time;
* :func:`tokens` – one sentence as a token list;
* :func:`at_least` / :func:`non_negative` – integer and float settings;
* :func:`finite_array` / :func:`finite_vectors` – no NaN or inf in numbers that
  every later result would inherit;
* :func:`nfc` – Hangul in NFD form (what macOS often writes: 한 = ᄒ + ᅡ + ᆫ)
  turned into the usual precomposed (NFC) form;
* :func:`no_training_pairs` – the error of a trainer that has nothing to learn from.

For valid input every helper returns its argument unchanged (the same object
where possible), so results stay bit-identical.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "token_lists",
    "tokens",
    "at_least",
    "non_negative",
    "finite_array",
    "finite_vectors",
    "nfc",
    "no_training_pairs",
]

SPLIT_HINT = "예: [문장.split() for 문장 in 문장들] 또는 pretrained.tokenize(문장)"


def _preview(text: str, width: int = 20) -> str:
    return repr(text if len(text) <= width else text[:width] + "…")


def token_lists(sentences: Iterable[Sequence[str]] | None, what: str = "sentences",
                allow_empty: bool = False) -> list:
    """``sentences`` as a list of token lists; a clear error for anything else.

    Raises ``TypeError`` for a single string, for a string among the sentences
    (untokenised text, which would be read character by character), for a
    sentence that is not a list of tokens and for tokens that are not strings;
    ``ValueError`` for no sentences at all (unless ``allow_empty``). A list is
    returned as it is (the same object); another iterable is read into a list.
    """
    if sentences is None:
        raise TypeError(f"{what}이(가) None입니다. 토큰 리스트들의 리스트를 넣으세요. {SPLIT_HINT}")
    if isinstance(sentences, (str, bytes)):
        raise TypeError(
            f"{what}에 문자열 하나({_preview(str(sentences))})가 들어왔습니다. 문자열을 그대로 넣으면 "
            f"글자 하나하나가 단어로 학습됩니다. 문장마다 토큰 리스트로 나눈 리스트를 넣으세요. {SPLIT_HINT}"
        )
    if not isinstance(sentences, list):
        try:
            sentences = list(sentences)
        except TypeError:
            raise TypeError(
                f"{what}은(는) 토큰 리스트들의 리스트여야 합니다 (받은 값의 타입: {type(sentences).__name__})."
            ) from None
    if not sentences and not allow_empty:
        raise ValueError(f"{what}에 문장이 하나도 없습니다. 토큰 리스트들의 리스트를 넣으세요.")
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, (str, bytes)):
            raise TypeError(
                f"{what}의 {i}번째 문장이 토큰 리스트가 아니라 문자열({_preview(str(sentence))})입니다. "
                f"그대로 두면 글자 하나하나가 단어가 됩니다. 문장을 단어로 나누어 넣으세요. {SPLIT_HINT}"
            )
        if not isinstance(sentence, Sequence):
            if isinstance(sentence, Iterable) and not isinstance(sentence, (dict, set, frozenset)):
                continue  # e.g. a numpy array or a generator of tokens: checked when read
            raise TypeError(
                f"{what}의 {i}번째 항목({type(sentence).__name__})이 토큰 리스트가 아닙니다. "
                f"문장마다 단어(문자열)의 리스트를 넣으세요. {SPLIT_HINT}"
            )
        if len(sentence) and not isinstance(sentence[0], str):
            raise TypeError(
                f"{what}의 {i}번째 문장의 첫 토큰이 문자열이 아니라 {type(sentence[0]).__name__}입니다. "
                "토큰은 단어 문자열이어야 합니다. 리스트를 한 겹 더 싸지 않았는지 확인하세요 "
                "(문장들 = [['the', 'cat'], ['a', 'dog']])."
            )
    return sentences


def tokens(values: Sequence[str], what: str = "tokens", check_all: bool = True) -> Sequence[str]:
    """One sentence as a token list (returned unchanged); a clear error for a string or nested lists.

    ``check_all=False`` checks only the first token (for calls made once per sentence of a corpus).
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{what}에는 문자열이 아니라 토큰 리스트를 넣으세요 (받은 값: {_preview(str(values))}). "
            f"문자열을 그대로 넣으면 글자 하나하나가 토큰이 됩니다. 예: 'the fat cat'.split()"
        )
    if not isinstance(values, Sequence) and not isinstance(values, np.ndarray):
        if isinstance(values, Iterable) and not isinstance(values, (dict, set, frozenset)):
            return values
        raise TypeError(f"{what}은(는) 토큰(문자열)의 리스트여야 합니다 (받은 값의 타입: {type(values).__name__}).")
    for token in values if check_all else values[:1]:
        if not isinstance(token, str):
            hint = (" 문장 여러 개를 넣었다면 문장마다 따로 부르세요 (for 문)."
                    if isinstance(token, (list, tuple)) else "")
            raise TypeError(
                f"{what}의 토큰은 문자열이어야 하는데 {type(token).__name__} 값({token!r})이 있습니다.{hint}"
            )
    return values


def at_least(value: Any, name: str, minimum: int = 1, hint: str = "") -> int:
    """An integer setting that must be ``>= minimum`` (bools and floats are refused)."""
    hint = f" {hint}" if hint else ""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name}은(는) 정수여야 합니다 (받은 값: {value!r}).{hint}")
    if value < minimum:
        raise ValueError(f"{name}은(는) {minimum} 이상이어야 합니다 (받은 값: {value}).{hint}")
    return int(value)


def non_negative(value: Any, name: str, positive: bool = False, hint: str = "") -> float:
    """A finite float setting that must be ``>= 0`` (``> 0`` with ``positive``)."""
    hint = f" {hint}" if hint else ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name}은(는) 숫자여야 합니다 (받은 값: {value!r}).{hint}") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        bound = "0보다 커야" if positive else "0 이상이어야"
        raise ValueError(f"{name}은(는) {bound} 합니다 (받은 값: {value!r}).{hint}")
    return number


def finite_array(values: Any, what: str) -> np.ndarray:
    """``values`` as a float array; ``ValueError`` when it holds NaN or inf."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{what}은(는) 숫자 배열이어야 합니다.") from None
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(
            f"{what}에 NaN 또는 무한대(inf) 값이 {int(bad.sum())}개 있습니다. 그 값을 만든 계산"
            "(0으로 나누기, log(0), 발산한 학습)을 확인하세요."
        )
    return array


def finite_vectors(kv, rows: Iterable[int] | slice | None = None, what: str = "단어 벡터") -> None:
    """Raise ``ValueError`` naming the words whose vectors (among ``rows``) hold NaN or inf.

    One NaN vector would make every similarity, analogy or random row computed
    from it NaN, so it is refused instead of carried along.
    """
    vectors = np.asarray(kv.vectors if rows is None else kv.vectors[rows])
    bad_rows = np.flatnonzero(~np.isfinite(vectors).all(axis=1))
    if len(bad_rows):
        ids = np.arange(len(kv.vectors))[rows] if rows is not None else np.arange(len(kv.vectors))
        words = [kv.index_to_key[int(ids[i])] for i in bad_rows[:5]]
        raise ValueError(
            f"{what} {len(bad_rows)}개에 NaN 또는 무한대(inf)가 있습니다 (예: {', '.join(map(repr, words))}). "
            "학습이 발산했거나 벡터를 잘못 만들었습니다. 학습률을 낮추어 다시 학습하거나 그 벡터를 고치세요."
        )


# Conjoining jamo (what NFD Hangul is made of): choseong, jungseong, jongseong and their extensions.
_CONJOINING = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")


def nfc(text: str) -> str:
    """``text`` with NFD Hangul (conjoining jamo, e.g. from macOS file names) composed to NFC.

    Text without conjoining jamo is returned as it is (the same object), so
    nothing else about it changes.
    """
    if _CONJOINING.search(text):
        return unicodedata.normalize("NFC", text)
    return text


def no_training_pairs(min_count: int | None = None, detail: str = "") -> ValueError:
    """The error of a trainer left with no (word, context) pair to learn from."""
    where = f"min_count={min_count}로 드문 단어를 뺀 뒤 " if min_count is not None else ""
    return ValueError(
        f"학습할 (단어, 주변 단어) 쌍이 하나도 없습니다: {where}단어가 2개 이상 남은 문장이 없습니다{detail}. "
        "이대로면 벡터가 처음의 무작위 값 그대로 남습니다. 문장을 토큰 리스트로 넣었는지, "
        "말뭉치가 충분히 큰지 확인하고 min_count를 낮추세요."
    )
