"""coursekit.validation: the shared checks behind every public entry point (issue 15)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from gensim.models import KeyedVectors

from coursekit import validation


def test_token_lists_refuses_strings_and_keeps_valid_input_as_it_is():
    corpus = [["the", "cat"], ["a", "dog"]]
    assert validation.token_lists(corpus) is corpus
    assert validation.token_lists(iter(corpus)) == corpus
    with pytest.raises(TypeError, match="문자열 하나"):
        validation.token_lists("the cat sat")
    with pytest.raises(TypeError, match="0번째 문장이 토큰 리스트가 아니라 문자열"):
        validation.token_lists(["the cat sat", "a dog"])
    with pytest.raises(TypeError, match="첫 토큰이 문자열이 아니라 list"):
        validation.token_lists([[["the", "cat"]]])
    with pytest.raises(TypeError, match="토큰 리스트가 아닙니다"):
        validation.token_lists([3])
    with pytest.raises(ValueError, match="문장이 하나도 없습니다"):
        validation.token_lists([])
    assert validation.token_lists([], allow_empty=True) == []


def test_tokens_numbers_and_nan():
    with pytest.raises(TypeError, match="토큰 리스트"):
        validation.tokens("the cat")
    with pytest.raises(TypeError, match="문장마다 따로"):
        validation.tokens([["the", "cat"]])
    with pytest.raises(ValueError, match="1 이상"):
        validation.at_least(0, "window")
    with pytest.raises(TypeError, match="정수"):
        validation.at_least(2.5, "window")
    with pytest.raises(ValueError, match="0 이상"):
        validation.non_negative(float("nan"), "sample")
    with pytest.raises(ValueError, match="NaN"):
        validation.finite_array([1.0, np.inf], "x")
    kv = KeyedVectors(2)
    kv.add_vectors(["a", "b"], np.array([[1, 0], [np.nan, 1]], np.float32))
    with pytest.raises(ValueError, match="'b'"):
        validation.finite_vectors(kv)
    validation.finite_vectors(kv, slice(0, 1))  # only the rows asked about


def test_nfc_composes_nfd_hangul_and_leaves_other_text_alone():
    nfd = unicodedata.normalize("NFD", "몰랐다")
    assert nfd != "몰랐다" and validation.nfc(nfd) == "몰랐다"
    text = "caf\u0065\u0301 \uf933"  # NFD Latin and a CJK compatibility ideograph: not Hangul, unchanged
    assert validation.nfc(text) is text
