import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from coursekit import viz  # noqa: E402


def render(label: str) -> list[str]:
    fig, ax = plt.subplots()
    ax.set_title(label)
    ax.set_xlabel(label)
    ax.plot([-1, 1], [-1, 1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def test_korean_label_renders_without_missing_glyphs():
    family = viz.use_korean_font()
    assert family
    assert render("한국어 라벨: 강아지 ≈ 고양이, 모르다 → ㅁㅗㄹㅡㄷㅏ") == []


def test_log_axis_minus_signs_render():
    viz.use_korean_font()
    import logging

    fig, ax = plt.subplots()
    ax.semilogy([1, 2, 3], [1e-3, 1e-2, 1e-1])
    ax.set_title("로그 축: 음수 지수 −3")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
        plt.close(fig)
    messages = [r.getMessage() for r in records] + [str(w.message) for w in caught]
    assert not [m for m in messages if "glyph" in m.lower()], messages


def test_default_font_would_miss_glyphs():
    # Guards the test above: with DejaVu Sans alone, Hangul is reported missing.
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert render("한국어") != []


def test_bar_table_labels():
    viz.use_korean_font()
    fig, ax = plt.subplots()
    viz.bar_table(ax, ["일", "이"], [0.5, 0.25], title="확률")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["일", "이"]
    plt.close(fig)


def test_missing_font_message(monkeypatch):
    monkeypatch.setattr(viz, "find_korean_font", lambda: None)
    with pytest.raises(RuntimeError, match="fonts-nanum"):
        viz.use_korean_font()
