"""Committed outputs of lectures/ and solutions/: a cell that draws a plot shows its image.

A notebook executed with a non-inline matplotlib backend (``MPLBACKEND=Agg``)
keeps its text outputs but loses every figure; a student reading the committed
notebook then finds a sentence about a plot with nothing under it.
"""

import re

import nbformat
import pytest

from coursekit.instructor import notebooks

LECTURES = notebooks.notebooks("lectures")
SOLUTIONS = notebooks.notebooks("solutions")

# Calls that put a figure on the page. `.plot(`/`.bar(`/... are Axes methods;
# `bar_table(` is coursekit.viz's bar chart.
DRAW_CALL = re.compile(
    r"plt\.show\(|plt\.subplots?\(|plt\.figure\(|\.imshow\(|\.plot\(|\.scatter\(|\.bar[h]?\(|\.hist\("
    r"|\bbar_table\("
)
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")


def _code_lines(source: str) -> str:
    """The source without comments, so that '# plt.show()' in prose does not count."""
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def draw_cells_without_image(nb) -> list[int]:
    """Indices of code cells that call a plotting function but have no image output."""
    missing = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not DRAW_CALL.search(_code_lines(cell.source)):
            continue
        has_image = any(
            any(kind in out.get("data", {}) for kind in IMAGE_TYPES)
            for out in cell.get("outputs", [])
            if out.output_type in ("display_data", "execute_result")
        )
        if not has_image:
            missing.append(i)
    return missing


def test_detects_a_plot_without_its_image():
    nb = nbformat.v4.new_notebook()
    drawn = nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()")
    drawn.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    lost = nbformat.v4.new_code_cell("ax.plot([1, 2])\nplt.show()")
    lost.outputs = [nbformat.v4.new_output("stream", text="평가 퍼플렉서티 189.8\n")]
    text_only = nbformat.v4.new_code_cell("print('no figure here')  # plt.show() is only mentioned")
    nb.cells = [drawn, lost, text_only]
    assert draw_cells_without_image(nb) == [1]


@pytest.mark.parametrize("path", LECTURES + SOLUTIONS, ids=lambda p: notebooks.relpath(p))
def test_every_drawn_plot_has_its_image(path):
    missing = draw_cells_without_image(notebooks.read(path))
    assert missing == [], (
        f"code cells {missing} draw a plot but their committed output has no image; re-execute with "
        "'python -m coursekit notebooks execute' (it uses the inline backend, whatever MPLBACKEND says)"
    )


def cells_with_missing_glyphs(nb) -> list[int]:
    """Indices of code cells whose output reports a glyph that the plot's font lacks (drawn as a box)."""
    return [
        i for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and any(
            "does not have a glyph" in "".join(out.get("text", "")) or "missing from font" in "".join(out.get("text", ""))
            for out in cell.get("outputs", []) if out.output_type == "stream"
        )
    ]


def test_detects_a_missing_glyph_warning():
    nb = nbformat.v4.new_notebook()
    boxed = nbformat.v4.new_code_cell('ax.set_xlabel("다음 단어 $w_i$")')
    boxed.outputs = [nbformat.v4.new_output(
        "stream", name="stderr",
        text="Font 'default' does not have a glyph for '\\uc55e' [U+c55e], substituting with a dummy symbol.\n")]
    fine = nbformat.v4.new_code_cell('ax.set_xlabel("다음 단어 wᵢ")')
    fine.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok\n")]
    nb.cells = [fine, boxed]
    assert cells_with_missing_glyphs(nb) == [1]


@pytest.mark.parametrize("path", LECTURES + SOLUTIONS, ids=lambda p: notebooks.relpath(p))
def test_no_plot_draws_a_missing_glyph(path):
    # matplotlib draws a whole "$...$" label with mathtext's font, which has no Hangul: keep Korean out of math labels.
    boxed = cells_with_missing_glyphs(notebooks.read(path))
    assert boxed == [], f"code cells {boxed} drew characters their font lacks (empty boxes in the plot)"
