"""coursekit.claims: claims print their evidence and fail loudly when they do not hold."""

import pytest

from coursekit import claims


def test_claim_prints_and_raises(capsys):
    claims.claim("참인 주장", True, "근거 1")
    assert "근거 1" in capsys.readouterr().out
    with pytest.raises(claims.ClaimFailed, match="거짓인 주장"):
        claims.claim("거짓인 주장", False, "근거 2")


def test_rank_and_neighbours(kv):
    assert claims.rank(kv, "apple", "pear") == 1
    assert claims.rank(kv, "apple", "king") > 1
    claims.check_neighbours(kv, "apple", ["pear"], topn=1)
    with pytest.raises(claims.ClaimFailed):
        claims.check_neighbours(kv, "apple", ["queen"], topn=1)


def test_analogy_matches_gensim(kv):
    best = kv.most_similar(positive=["king", "woman"], negative=["man"], topn=1)[0][0]
    assert best == "queen"
    assert claims.analogy_rank(kv, "man", "king", "woman", "queen") == 1
    assert claims.check_analogy(kv, "man", "king", "woman", "queen", topn=1) == 1
    with pytest.raises(claims.ClaimFailed):
        claims.check_analogy(kv, "man", "king", "woman", "apple", topn=1)


def test_unknown_word_is_named(kv):
    with pytest.raises(KeyError, match="banana"):
        claims.rank(kv, "apple", "banana")


def test_check_order_margin_and_nan():
    claims.check_order("2가 1보다 크다", 2.0, 1.0)
    with pytest.raises(claims.ClaimFailed):
        claims.check_order("여유를 두고 크다", 2.0, 1.5, margin=1.0)
    with pytest.raises(claims.ClaimFailed):
        claims.check_order("NaN은 비교할 수 없다", float("nan"), 1.0)


def test_uncalibrated_claims_print_their_verdict_and_do_not_raise(kv, capsys):
    claims.claim("거짓인 주장", False, "근거 3", calibrated=False)
    out = capsys.readouterr().out
    assert "✘" in out and "거짓인 주장" in out and "근거 3" in out and "보정" in out
    claims.check_order("2가 1보다 크다", 2.0, 1.0, calibrated=False)
    assert "✔ 이번 실행에서는 맞습니다" in capsys.readouterr().out
    claims.check_order("1이 2보다 크다", 1.0, 2.0, calibrated=False)
    claims.check_neighbours(kv, "apple", ["queen"], topn=1, calibrated=False)
    assert claims.check_analogy(kv, "man", "king", "woman", "apple", topn=1, calibrated=False) > 1
    assert claims.check_rank(kv, "apple", "king", at_most=1, calibrated=False) > 1
    assert claims.check_share("사과가 있다", ["pear"], lambda w: w == "apple", at_least=1,
                              calibrated=False) == []
    assert capsys.readouterr().out.count("✘") == 5
    with pytest.raises(claims.ClaimFailed):  # calibrated (the default) still raises
        claims.check_rank(kv, "apple", "king", at_most=1)
