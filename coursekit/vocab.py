"""A vocabulary: words <-> integer ids, and the rows of an embedding table as gensim vectors.

Every neural model of the course sees words as integer ids: the row numbers of
its lookup table. :class:`Vocab` keeps that mapping (in a fixed, reproducible
order) and :func:`to_keyed_vectors` turns a trained table back into gensim
``KeyedVectors``, so that ``most_similar`` and analogy arithmetic come from gensim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

UNK = "<unk>"
PAD = "<pad>"


class Vocab:
    """Words in a fixed order; ``vocab[word]`` is the word's id (its row in the table).

    ``Vocab(["what", "will", "the"])`` keeps the given order (the slides number
    words by first appearance); :meth:`build` counts a corpus and orders words
    by frequency. Unknown words map to ``unk`` when the vocabulary has one.
    """

    def __init__(self, words: Iterable[str], unk: str | None = None):
        self.words: list[str] = []
        self.index: dict[str, int] = {}
        for word in words:
            if word not in self.index:
                self.index[word] = len(self.words)
                self.words.append(word)
        if unk is not None and unk not in self.index:
            raise ValueError(f"unk 토큰 {unk!r}이(가) 단어 목록에 없습니다.")
        self.unk = unk
        self.counts: dict[str, int] = {}

    @classmethod
    def from_tokens(cls, tokens: Sequence[str]) -> Vocab:
        """Words numbered by first appearance, as on the slides (``what``=0, ``will``=1, ...)."""
        if isinstance(tokens, str):
            raise TypeError("문자열이 아니라 토큰 리스트를 넣으세요. 예: 'what will the'.split()")
        return cls(tokens)

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sequence[str]],
        min_count: int = 1,
        max_size: int | None = None,
        specials: Sequence[str] = (UNK,),
    ) -> Vocab:
        """Count ``sentences`` (token lists); keep words seen ``min_count`` times or more.

        ``specials`` come first (ids 0, 1, ...); then words by decreasing count,
        ties alphabetically. ``max_size`` caps the total size, specials included.
        If ``<unk>`` is among the specials, dropped words map to it.
        """
        counter: Counter[str] = Counter()
        for sentence in sentences:
            if isinstance(sentence, str):
                raise TypeError("sentences는 토큰 리스트들의 리스트여야 합니다 (문자열 리스트가 아님).")
            counter.update(sentence)
        kept = sorted((w for w, c in counter.items() if c >= min_count and w not in specials),
                      key=lambda w: (-counter[w], w))
        if max_size is not None:
            kept = kept[: max(0, max_size - len(specials))]
        vocab = cls([*specials, *kept], unk=UNK if UNK in specials else None)
        vocab.counts = {w: counter[w] for w in kept}
        return vocab

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __getitem__(self, word: str) -> int:
        if word in self.index:
            return self.index[word]
        if self.unk is not None:
            return self.index[self.unk]
        raise KeyError(f"단어 {word!r}이(가) 단어 집합에 없습니다.")

    def __iter__(self):
        return iter(self.words)

    def __repr__(self) -> str:
        head = ", ".join(self.words[:5])
        return f"Vocab({len(self)} words: {head}{', ...' if len(self) > 5 else ''})"

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """The ids of ``tokens`` (unknown words -> ``<unk>`` when there is one)."""
        return [self[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.words[int(i)] for i in ids]

    def normalize(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Sentences with every out-of-vocabulary word replaced by ``<unk>``.

        Count-based and neural models then predict exactly the same tokens,
        which makes their perplexities comparable.
        """
        if self.unk is None:
            raise ValueError("<unk>가 없는 단어 집합에서는 normalize를 쓸 수 없습니다.")
        return [[t if t in self.index else self.unk for t in s] for s in sentences]

    def one_hot(self, word: str) -> np.ndarray:
        """The one-hot vector of ``word``: length ``len(self)``, a single 1 at its id."""
        vec = np.zeros(len(self), dtype=np.int64)
        vec[self[word]] = 1
        return vec


def to_keyed_vectors(
    words: Sequence[str],
    vectors: np.ndarray,
    skip: Iterable[str] = (PAD,),
    counts: Sequence[int] | np.ndarray | None = None,
):
    """gensim ``KeyedVectors`` holding row ``i`` of ``vectors`` for ``words[i]``.

    Rows whose word is in ``skip`` (padding, by default) are left out.
    ``counts[i]`` (corpus frequency of ``words[i]``), when given, is stored as
    each key's ``count`` attribute, as gensim's own models do.
    """
    from gensim.models import KeyedVectors

    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(words):
        raise ValueError(f"행렬 모양 {vectors.shape}이(가) 단어 {len(words)}개와 맞지 않습니다.")
    skip = set(skip)
    keep = [i for i, w in enumerate(words) if w not in skip]
    kv = KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors([words[i] for i in keep], vectors[keep])
    if counts is not None:
        kv.allocate_vecattrs(attrs=["count"], types=[np.int64])
        kv.expandos["count"][:] = np.asarray(counts, dtype=np.int64)[keep]
    return kv
