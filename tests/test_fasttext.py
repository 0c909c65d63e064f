import pytest

from coursekit.fasttext import char_ngrams


def test_slide_table_for_eating():
    assert char_ngrams("eating", 3, 3) == ["<ea", "eat", "ati", "tin", "ing", "ng>"]
    assert char_ngrams("eating", 4, 4) == ["<eat", "eati", "atin", "ting", "ing>"]
    assert char_ngrams("eating", 5, 5) == ["<eati", "eatin", "ating", "ting>"]
    assert char_ngrams("eating", 6, 6) == ["<eatin", "eating", "ating>"]
    assert len(char_ngrams("eating", 3, 6)) == 6 + 5 + 4 + 3


def test_boundaries_separate_word_from_inner_ngram():
    assert "her" in char_ngrams("where", 3, 6) and "<her>" not in char_ngrams("where", 3, 6)
    assert char_ngrams("her", 3, 6) == ["<he", "her", "er>", "<her", "her>", "<her>"]


def test_matches_gensim_ngrams():
    from gensim.models.fasttext_inner import compute_ngrams

    for word in ("eating", "oranges", "모르겠으나", "a"):
        assert sorted(char_ngrams(word, 3, 6)) == sorted(compute_ngrams(word, 3, 6))


def test_jamo_ngrams_share_the_stem():
    forms = ["모르다", "몰라", "몰랐다", "모르겠니"]
    shared = set.intersection(*(set(char_ngrams(w, 2, 3, jamo=True)) for w in forms))
    assert "<ㅁㅗ" in shared
    syllable_shared = set.intersection(*(set(char_ngrams(w, 2, 3)) for w in forms))
    assert len(shared) > len(syllable_shared)


def test_bad_input():
    with pytest.raises(ValueError, match="min_n"):
        char_ngrams("eat", 4, 3)
    with pytest.raises(ValueError, match="단어"):
        char_ngrams("", 3, 6)
