"""Submissions (coursekit.instructor.submissions): links, link tables, Colab files; offline."""

from __future__ import annotations

import json
import os

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


def test_forms_csv_link_column_is_the_one_holding_links(tmp_path):
    table = tmp_path / "forms.csv"
    table.write_text(
        "타임스탬프,이메일 주소,이름,학번,과제 링크 (Colab 공유 주소)\n"
        "2024. 3. 1 오후 2:03:04,kim@example.com,김민수,20231234,"
        "https://colab.research.google.com/drive/1AbCdEfGhIjKlMnOpQ\n"
        "2024. 3. 2 오전 9:00:00,kim2@example.com,김민수,,https://drive.google.com/open?id=1XyZ0123456789\n",
        encoding="utf-8-sig")
    first, second = submissions.collect(table)
    assert first.link == "https://colab.research.google.com/drive/1AbCdEfGhIjKlMnOpQ"
    assert (first.student, first.student_id, first.submitted) == (
        "김민수", "20231234", "2024-03-01T14:03:04")
    # No 학번 on that row: the name and the row keep the two apart.
    assert (second.student_id, second.submitted) == ("김민수 (행2)", "2024-03-02T09:00:00")


def test_email_is_the_key_when_there_is_no_student_number(tmp_path):
    table = tmp_path / "forms.csv"
    table.write_text("Timestamp,Email Address,Name,Link\n"
                     "3/1/2024 14:03:04,a@x.org,Kim,https://example.org/a.ipynb\n", encoding="utf-8")
    [sub] = submissions.collect(table)
    assert (sub.student, sub.student_id, sub.link, sub.submitted) == (
        "Kim", "a@x.org", "https://example.org/a.ipynb", "2024-03-01T14:03:04")


def test_a_folder_yields_every_file_copy_names_included(tmp_path):
    nb = nbformat.writes(exercise_nb_placeholder())
    for name in ("kim/01_language_model.ipynb의 사본", "lee (1).ipynb", "park/Untitled",
                 "park/.hidden.ipynb", "choi/notes.pdf", ".ipynb_checkpoints/a-checkpoint.ipynb"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nb if not name.endswith(".pdf") else "%PDF", encoding="utf-8")
    got = {s.source: (s.student, s.skipped) for s in submissions.collect(tmp_path)}
    assert got["kim/01_language_model.ipynb의 사본"] == ("kim", "")
    assert got["lee (1).ipynb"] == ("lee", "")
    assert got["park/Untitled"] == ("park", "")  # a notebook by its content
    assert "숨김" in got["park/.hidden.ipynb"][1]
    assert "노트북 파일이 아닙니다" in got["choi/notes.pdf"][1]
    assert "체크포인트" in got[".ipynb_checkpoints/a-checkpoint.ipynb"][1]


def test_size_limit_is_the_same_for_files_and_links(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_BYTES", 100)
    path = tmp_path / "big.ipynb"
    path.write_text("{" + " " * 200 + "}", encoding="utf-8")
    with pytest.raises(submissions.TooLarge, match="너무 큽니다"):
        submissions.load(submissions.Submission("big", "big.ipynb", path=path))


def exercise_nb_placeholder():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])


def test_a_copy_named_1_is_newer_than_the_original_on_a_tie(tmp_path):
    for name in ("kim/a.ipynb", "kim/a (1).ipynb"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("{}", encoding="utf-8")
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    subs = {s.source: s.order for s in submissions.collect(tmp_path)}
    assert subs["kim/a (1).ipynb"] > subs["kim/a.ipynb"]
