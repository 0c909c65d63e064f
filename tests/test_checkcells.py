"""The check-cell format (coursekit.instructor.checkcells)."""

from __future__ import annotations

import nbformat

from coursekit.instructor.checkcells import CHECK_PREFIX, check_cells, check_name

v4 = nbformat.v4


def test_check_name_reads_the_first_line_of_a_code_cell():
    assert check_name(v4.new_code_cell("# CHECK: 더하기\nchecks.passed('더하기')")) == "더하기"
    assert check_name(v4.new_code_cell("\n  # CHECK:  두 배  \npass")) == "두 배"
    assert check_name({"cell_type": "code", "source": f"{CHECK_PREFIX} raw"}) == "raw"


def test_what_is_not_a_check_cell():
    assert check_name(v4.new_markdown_cell("# CHECK: 글")) is None
    assert check_name(v4.new_code_cell("x = 1\n# CHECK: 둘째 줄")) is None
    assert check_name(v4.new_code_cell("# CHECKS: 아님")) is None
    assert check_name(v4.new_code_cell("")) is None
    assert check_name({"cell_type": "raw"}) is None


def test_check_cells_in_order_first_of_a_name_wins():
    first, second = "# CHECK: 가\n1", "# CHECK: 가\n2"
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("# CHECK: 나\npass"), v4.new_code_cell(first),
        v4.new_markdown_cell("# CHECK: 다"), v4.new_code_cell(second),
    ])
    cells = check_cells(nb)
    assert list(cells) == ["나", "가"]
    assert cells["가"].source == first
    assert check_cells(v4.new_notebook()) == {}
