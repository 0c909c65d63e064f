from coursekit.polite import SLURS, hide_slurs, is_slur


def test_a_slur_is_hidden_inside_a_longer_word_and_order_is_kept():
    assert hide_slurs(["재밌다", "병신같은", "도쿄", "찐따", "Fucking"]) == ["재밌다", "도쿄"]


def test_limit_counts_only_the_words_that_are_shown():
    words = ["찐따", "하나", "시발", "둘", "셋"]
    assert hide_slurs(words, limit=2) == ["하나", "둘"]


def test_ordinary_review_words_are_not_hidden():
    ordinary = ["영화", "재미있다", "미친듯이", "새로운", "배우", "연기", "일본", "시간"]
    assert [w for w in ordinary if is_slur(w)] == []


def test_every_listed_slur_is_caught():
    assert all(is_slur(s) for s in SLURS)
