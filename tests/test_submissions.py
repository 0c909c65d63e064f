"""Submissions (coursekit.instructor.submissions): links, link tables, Colab files; offline."""

from __future__ import annotations

import json

import nbformat
import pytest
from demo_course import colab_style, exercise_nb

from coursekit.instructor import submissions


@pytest.mark.parametrize("link, url", [
    ("https://colab.research.google.com/drive/1AbCdEfGhIjKlMnOpQ?usp=sharing#scrollTo=abc",
     "https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOpQ"),
    ("https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQ/view?usp=drive_link",
     "https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOpQ"),
    ("https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQ",
     "https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOpQ"),
    ("https://github.com/kim/nlp-hw/blob/main/exercises/01_language_model.ipynb",
     "https://raw.githubusercontent.com/kim/nlp-hw/main/exercises/01_language_model.ipynb"),
    ("https://colab.research.google.com/github/kim/nlp-hw/blob/main/ex/01_language_model.ipynb",
     "https://raw.githubusercontent.com/kim/nlp-hw/main/ex/01_language_model.ipynb"),
    ("https://example.org/hw/01_language_model.ipynb",
     "https://example.org/hw/01_language_model.ipynb"),
])
def test_download_url(link, url):
    assert submissions.download_url(link) == url

@pytest.mark.parametrize("link", [
    "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQ", "not a link", "",
])
def test_download_url_refuses_what_is_not_a_file(link):
    with pytest.raises(submissions.FetchError):
        submissions.download_url(link)

@pytest.mark.parametrize("filename", [
    "01_language_model.ipynb", "Copy of 01_language_model.ipynb",
    "01_language_model.ipynb의 사본", "01_language_model.ipynb의 사본.ipynb",
    "01_language_model (1).ipynb", "홍길동_01_language_model.ipynb",
])
def test_exercise_from_colab_file_names(filename):
    known = ["01_language_model", "02_nnlm"]
    assert submissions.exercise_from_filename(filename, known) == "01_language_model"
    assert submissions.exercise_from_filename("untitled.ipynb", known) is None

def test_link_table_without_header(tmp_path):
    table = tmp_path / "links.csv"
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "p.ipynb").write_text("{}", encoding="utf-8")
    table.write_text("김철수,https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQ\n"
                     "\n이영희, https://example.org/a.ipynb \n"
                     "박,local/p.ipynb\n", encoding="utf-8")
    rows = submissions.collect(table)
    assert [(r.student, r.link, r.path) for r in rows] == [
        ("김철수", "https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQ", None),
        ("이영희", "https://example.org/a.ipynb", None),
        ("박", None, tmp_path / "local" / "p.ipynb")]

def test_colab_widgets_are_sanitized(course):
    raw = colab_style(exercise_nb(course))
    # nbconvert (like GitHub's notebook viewer) reads metadata.widgets[...]["state"],
    # which Colab leaves out.
    widget_filter = pytest.importorskip("nbconvert.filters.widgetsdatatypefilter")
    output = {"text/plain": "1"}
    with pytest.raises(KeyError, match="state"):
        widget_filter.WidgetsDataTypeFilter({"": raw["metadata"]})(output)
    nb = submissions.parse(json.dumps(raw).encode())
    assert widget_filter.WidgetsDataTypeFilter({"": nb.metadata})(output) == ["text/plain"]
    nbformat.validate(nb)
    assert nb.nbformat_minor == 5 and all(c.get("id") for c in nb.cells)

@pytest.mark.parametrize("data", [b'{"cells": [', b"\xff\xfe\x00", b"[1, 2]", b'{"a": 1}'])
def test_not_a_notebook_is_invalid(data):
    with pytest.raises(submissions.InvalidNotebook):
        submissions.parse(data)
