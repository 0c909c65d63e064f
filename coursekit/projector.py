"""Looking at word vectors like TensorFlow's Embedding Projector does.

* :func:`nearest` – nearest words by cosine or by euclidean distance (the
  projector's "distance: COSINE / EUCLIDEAN" switch);
* :func:`pca_2d` – a 2-D picture of the vectors (principal components);
* :func:`export_tsv` – ``vectors.tsv`` + ``metadata.tsv`` for
  https://projector.tensorflow.org ("Load" → choose both files).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coursekit import validation


def nearest(kv, word: str, topn: int = 10, metric: str = "cosine") -> list[tuple[str, float]]:
    """The ``topn`` words closest to ``word`` with their distance (smaller is closer).

    ``metric="cosine"`` uses ``1 - cosine similarity`` (the angle only);
    ``metric="euclidean"`` uses the straight-line distance, so the vectors'
    lengths count too.
    """
    if not isinstance(word, str):
        raise TypeError(f"word에는 단어 하나(문자열)를 넣으세요 (받은 값의 타입: {type(word).__name__}).")
    if word not in kv.key_to_index:
        raise KeyError(f"'{word}'은(는) 단어 집합에 없습니다.")
    validation.at_least(topn, "topn")
    if metric not in ("cosine", "euclidean"):
        raise ValueError("metric은 'cosine' 또는 'euclidean'이어야 합니다.")
    validation.finite_vectors(kv)
    vectors = np.asarray(kv.vectors, dtype=np.float64)
    query = vectors[kv.key_to_index[word]]
    if metric == "cosine":
        lengths = np.linalg.norm(vectors, axis=1)
        if not np.linalg.norm(query):
            raise ValueError(f"'{word}'의 벡터가 0이라 방향이 없어서 코사인 거리를 잴 수 없습니다. "
                             "metric='euclidean'을 쓰거나 벡터를 확인하세요.")
        norms = lengths * np.linalg.norm(query)
        dist = 1.0 - vectors @ query / np.maximum(norms, 1e-12)
        dist[lengths == 0] = np.inf  # a zero vector has no angle to anything: never a neighbour
    else:
        dist = np.linalg.norm(vectors - query, axis=1)
    dist[kv.key_to_index[word]] = np.inf
    order = np.argsort(dist, kind="stable")[:topn]
    return [(kv.index_to_key[i], float(dist[i])) for i in order if np.isfinite(dist[i])]


def pca_2d(vectors: np.ndarray) -> np.ndarray:
    """Coordinates of ``vectors`` on their first two principal components."""
    x = validation.finite_array(vectors, "vectors")
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError(f"2차원 그림에는 2개 이상의 벡터(행)와 2개 이상의 차원(열)이 필요합니다 "
                         f"(받은 모양: {x.shape}). 예: projector.pca_2d(kv[['king', 'queen', 'man']])")
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    return x @ vt[:2].T


def export_tsv(kv, folder: str | os.PathLike, limit: int | None = 10_000,
               words: Sequence[str] | None = None) -> tuple[Path, Path]:
    """Write ``vectors.tsv`` (one tab-separated vector per line) and ``metadata.tsv`` (the words).

    Exports ``words`` if given, else the ``limit`` most frequent words. Returns both paths.
    """
    if words is not None:
        chosen = list(validation.tokens(words, "words"))
        missing = [w for w in chosen if w not in kv]  # FastText vectors contain every word
        if missing:
            raise KeyError(f"단어 집합에 없는 단어 {len(missing)}개: {missing[:5]} — 내보내기 전에 빼세요 "
                           "(이전에 내보낸 파일은 그대로 둡니다).")
    else:
        if limit is not None:
            validation.at_least(limit, "limit")
        chosen = kv.index_to_key[:limit]
    if not chosen:
        raise ValueError("내보낼 단어가 없습니다.")
    if any("\n" in w or "\t" in w for w in chosen):
        raise ValueError("줄바꿈이나 탭이 들어 있는 단어는 TSV 파일로 내보낼 수 없습니다.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vectors_path, metadata_path = folder / "vectors.tsv", folder / "metadata.tsv"
    # write both files next to the targets and rename them only when both are complete:
    # a failure (a bad vector, a full disk) leaves the previous export as it was
    tag = f"{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp_paths = [folder / f".{target.name}.{tag}.part" for target in (vectors_path, metadata_path)]
    try:
        with open(tmp_paths[0], "w", encoding="utf-8") as vec, open(tmp_paths[1], "w", encoding="utf-8") as meta:
            for word in chosen:
                vec.write("\t".join(f"{x:.5f}" for x in kv[word]) + "\n")
                meta.write(word + "\n")
        os.replace(tmp_paths[0], vectors_path)
        os.replace(tmp_paths[1], metadata_path)
    finally:
        for tmp in tmp_paths:
            tmp.unlink(missing_ok=True)
    return vectors_path, metadata_path
