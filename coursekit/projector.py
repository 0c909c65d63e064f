"""Looking at word vectors like TensorFlow's Embedding Projector does.

* :func:`nearest` – nearest words by cosine or by euclidean distance (the
  projector's "distance: COSINE / EUCLIDEAN" switch);
* :func:`pca_2d` – a 2-D picture of the vectors (principal components);
* :func:`export_tsv` – ``vectors.tsv`` + ``metadata.tsv`` for
  https://projector.tensorflow.org ("Load" → choose both files).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def nearest(kv, word: str, topn: int = 10, metric: str = "cosine") -> list[tuple[str, float]]:
    """The ``topn`` words closest to ``word`` with their distance (smaller is closer).

    ``metric="cosine"`` uses ``1 - cosine similarity`` (the angle only);
    ``metric="euclidean"`` uses the straight-line distance, so the vectors'
    lengths count too.
    """
    if word not in kv.key_to_index:
        raise KeyError(f"'{word}'은(는) 단어 집합에 없습니다.")
    vectors = np.asarray(kv.vectors, dtype=np.float64)
    query = vectors[kv.key_to_index[word]]
    if metric == "cosine":
        norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query)
        dist = 1.0 - vectors @ query / np.maximum(norms, 1e-12)
    elif metric == "euclidean":
        dist = np.linalg.norm(vectors - query, axis=1)
    else:
        raise ValueError("metric은 'cosine' 또는 'euclidean'이어야 합니다.")
    dist[kv.key_to_index[word]] = np.inf
    order = np.argsort(dist, kind="stable")[:topn]
    return [(kv.index_to_key[i], float(dist[i])) for i in order]


def pca_2d(vectors: np.ndarray) -> np.ndarray:
    """Coordinates of ``vectors`` on their first two principal components."""
    x = np.asarray(vectors, dtype=np.float64)
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    return x @ vt[:2].T


def export_tsv(kv, folder: str | os.PathLike, limit: int | None = 10_000,
               words: Sequence[str] | None = None) -> tuple[Path, Path]:
    """Write ``vectors.tsv`` (one tab-separated vector per line) and ``metadata.tsv`` (the words).

    Exports ``words`` if given, else the ``limit`` most frequent words. Returns both paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = list(words) if words is not None else kv.index_to_key[:limit]
    vectors_path, metadata_path = folder / "vectors.tsv", folder / "metadata.tsv"
    with open(vectors_path, "w", encoding="utf-8") as vec, open(metadata_path, "w", encoding="utf-8") as meta:
        for word in chosen:
            vec.write("\t".join(f"{x:.5f}" for x in kv[word]) + "\n")
            meta.write(word + "\n")
    return vectors_path, metadata_path
