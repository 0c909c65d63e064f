"""Facts about the course itself: where it is published and where its files are.

``REPOSITORY`` is the one place the public URL lives; the Colab badges and the
setup cells of every notebook are generated from it
(``python -m coursekit notebooks sync``).
"""

from __future__ import annotations

from pathlib import Path

REPOSITORY = "nlp-course-kr/word-embedding-workbook"
BRANCH = "main"

#: The repository root (lectures/, solutions/, exercises/).
ROOT = Path(__file__).resolve().parents[2]


def colab_url(relpath: str) -> str:
    """The Colab address of a notebook, e.g. ``lectures/01_language_model.ipynb``."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{relpath}"


def pip_spec() -> str:
    """What Colab's setup cell installs."""
    return f"coursekit @ git+https://github.com/{REPOSITORY}@{BRANCH}"
