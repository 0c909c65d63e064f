"""coursekit.tables: aligned text tables for notebook output."""

import pytest

from coursekit.tables import format_table, text_width


def test_format_table_aligns_hangul_and_checks_row_lengths():
    assert text_width("중심 단어") == 9 and text_width("cat") == 3
    text = format_table(["단어", "n"], [["cat", 1], ["고양이", 10]], align="<>")
    lines = text.splitlines()
    assert lines[0] == "단어   |  n"
    assert lines[1] == "-------+---"
    assert lines[3] == "고양이 | 10"
    assert len({text_width(line) for line in lines}) == 1
    with pytest.raises(ValueError):
        format_table(["a", "b"], [["only one"]])
