"""coursekit: the helper package of "TensorFlow로 배우는 딥러닝 자연어 처리 – 3강 워드 임베딩".

One module per concept, in lecture order:

* :mod:`coursekit.ngram` – count-based n-gram language models (lecture 01)
* :mod:`coursekit.context_windows` – CBOW / skip-gram training examples (03)
* :mod:`coursekit.word2vec` – the fast skip-gram/CBOW negative-sampling trainer (04)
* :mod:`coursekit.evaluate` – word similarity and analogy benchmarks
* :mod:`coursekit.datasets` – dataset registry, download cache, loaders
* :mod:`coursekit.config` – quick/full mode, device report, seeding
* :mod:`coursekit.viz` – plots with Korean labels
* :mod:`coursekit.checks` – feedback for exercise check cells
* :mod:`coursekit.notebooks` – badges, setup cells, exercises from solutions
"""

from __future__ import annotations

__version__ = "0.1.0"

from coursekit.config import mode, setup

__all__ = ["__version__", "mode", "setup"]
