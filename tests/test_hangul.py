import pytest

from coursekit.hangul import compose, decompose, is_syllable, join_syllable, split_syllable

ALL_SYLLABLES = "".join(chr(c) for c in range(0xAC00, 0xD7A4))


def test_slide_example():
    assert decompose("모르다") == "ㅁㅗ-ㄹㅡ-ㄷㅏ-"
    assert decompose("몰랐다", empty_final="") == "ㅁㅗㄹㄹㅏㅆㄷㅏ"
    assert split_syllable("닭") == ("ㄷ", "ㅏ", "ㄺ")
    assert split_syllable("가") == ("ㄱ", "ㅏ", "")


def test_round_trip_every_syllable():
    assert len(ALL_SYLLABLES) == 11172
    assert compose(decompose(ALL_SYLLABLES)) == ALL_SYLLABLES
    for char in ALL_SYLLABLES[::97]:
        assert join_syllable(*split_syllable(char)) == char


def test_mixed_text_passes_through():
    text = "NLP 수업, 3강! ㅋㅋ"
    jamo = decompose(text)
    assert "NLP" in jamo and "3" in jamo and jamo.endswith("ㅋㅋ")
    assert compose(jamo) == text


@pytest.mark.parametrize("word", ["몰라", "몰랐다", "모르겠으나", "강아지", "읽어", "앉아서"])
def test_compose_without_marker_reads_naturally(word):
    assert compose(decompose(word, empty_final=""), empty_final="") == word


def test_errors():
    assert not is_syllable("a") and not is_syllable("ㄱ") and is_syllable("힣")
    with pytest.raises(ValueError, match="한글 음절"):
        split_syllable("a")
    with pytest.raises(ValueError, match="만들 수 없습니다"):
        join_syllable("ㅏ", "ㄱ")
    with pytest.raises(TypeError, match="문자열"):
        decompose(["모르다"])
