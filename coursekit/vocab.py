"""The vocabulary: words <-> integer ids, word counts, and the special tokens.

Every model of the course sees words as integer ids: the row numbers of its
lookup table. :class:`Vocab` is that mapping for all of them (n-gram, NNLM,
softmax word2vec, the fast word2vec / FastText trainer, GloVe, ELMo and the
classifiers with pretrained vectors), and :func:`to_keyed_vectors` turns a
trained table back into gensim ``KeyedVectors``, so that ``most_similar`` and
analogy arithmetic come from gensim.

:meth:`Vocab.build` counts a corpus, keeps the words seen ``min_count`` times
or more and numbers them from the most frequent (id 0) to the rarest, in
exactly gensim 4's order: among words with the same count, the word that first
appeared *later* in the corpus comes first (``KeyedVectors.sort_by_descending_frequency``
sorts with ``np.lexsort((-first_seen, -count))``). A model that needs special
tokens (padding, unknown word, sentence start and end) asks for them with
``specials``; they take the first ids. They are defined here and only here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from coursekit import validation

UNK = "<unk>"  # a word outside the vocabulary
PAD = "<pad>"  # padding up to a fixed length (id 0 where a model masks it)
BOS = "<s>"  # start of a sentence
EOS = "</s>"  # end of a sentence


def count_words(sentences: Iterable[Sequence[str]]) -> Counter[str]:
    """Word counts of ``sentences`` (token lists); a Counter keeps first-appearance order."""
    counter: Counter[str] = Counter()
    for sentence in validation.token_lists(sentences, "문장들", allow_empty=True):
        counter.update(sentence)
    return counter


class Vocab:
    """Words in a fixed order; ``vocab[word]`` is the word's id (its row in the table).

    ``Vocab(["what", "will", "the"])`` keeps the given order (the slides number
    words by first appearance); :meth:`build` counts a corpus and orders words
    by frequency, as gensim does. Unknown words map to ``unk`` when the
    vocabulary has one. ``counts[i]`` is the corpus count of ``words[i]``
    (0 for special tokens and for words added without a count).
    """

    def __init__(self, words: Iterable[str], unk: str | None = None,
                 counts: Mapping[str, int] | None = None):
        self.words: list[str] = []
        self.index: dict[str, int] = {}
        for word in words:
            if word not in self.index:
                self.index[word] = len(self.words)
                self.words.append(word)
        if unk is not None and unk not in self.index:
            raise ValueError(f"unk 토큰 {unk!r}이(가) 단어 목록에 없습니다.")
        self.unk = unk
        counts = counts or {}
        self.counts = np.array([counts.get(w, 0) for w in self.words], dtype=np.int64)

    @classmethod
    def from_tokens(cls, tokens: Sequence[str]) -> Vocab:
        """Words numbered by first appearance, as on the slides (``what``=0, ``will``=1, ...)."""
        return cls(validation.tokens(tokens, "tokens"))

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sequence[str]],
        min_count: int = 1,
        max_size: int | None = None,
        specials: Sequence[str] = (),
    ) -> Vocab:
        """Count ``sentences`` (token lists); keep words seen ``min_count`` times or more.

        ``specials`` come first (ids 0, 1, ...); then words by decreasing count,
        ties in gensim's order (the word first seen later comes first).
        ``max_size`` caps the total size, specials included. If ``<unk>`` is
        among the specials, dropped words map to it.
        """
        counter = count_words(validation.token_lists(sentences, "문장들"))
        kept = [(w, c) for w, c in counter.items() if c >= min_count and w not in specials]
        if not kept:
            raise ValueError(
                f"min_count={min_count}번 이상 나온 단어가 하나도 없습니다. "
                "말뭉치가 너무 작거나 min_count가 너무 큽니다."
            )
        counts = np.array([c for _, c in kept], dtype=np.int64)
        order = np.lexsort((-np.arange(len(kept)), -counts))  # gensim 4's sort
        words = [kept[i][0] for i in order]
        if max_size is not None:
            words = words[: max(0, max_size - len(specials))]
        return cls([*specials, *words], unk=UNK if UNK in specials else None, counts=counter)

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

    @property
    def total(self) -> int:
        """Number of corpus tokens that belong to the vocabulary."""
        return int(self.counts.sum())

    def count(self, word: str) -> int:
        """The corpus count of ``word`` (0 for special tokens and unknown words)."""
        i = self.index.get(word)
        return 0 if i is None else int(self.counts[i])

    def extend(self, words: Iterable[str]) -> Vocab:
        """This vocabulary followed by the new ``words`` (count 0); ids of known words stay."""
        counts = dict(zip(self.words, self.counts.tolist(), strict=True))
        return Vocab([*self.words, *words], unk=self.unk, counts=counts)

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """The ids of ``tokens`` (unknown words -> ``<unk>`` when there is one).

        ``tokens`` is one token list; a plain string is refused (it would be
        encoded character by character).
        """
        validation.tokens(tokens, "encode에 넣은 tokens", check_all=False)
        return [self[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """The words of ``ids`` (each an integer ``0 <= id < len(self)``)."""
        if isinstance(ids, (str, bytes)):
            raise TypeError("decode에는 단어 번호(정수)의 리스트를 넣으세요. 단어를 번호로 바꾸려면 encode를 쓰세요.")
        out = []
        for i in np.asarray(ids).ravel().tolist() if isinstance(ids, np.ndarray) else ids:
            if isinstance(i, bool) or not isinstance(i, (int, np.integer)) and not (
                    isinstance(i, (float, np.floating)) and float(i).is_integer()):
                raise TypeError(f"단어 번호는 정수여야 하는데 {i!r}({type(i).__name__})이(가) 있습니다.")
            if not 0 <= int(i) < len(self.words):
                raise IndexError(
                    f"단어 번호 {int(i)}은(는) 이 단어 집합에 없습니다. 번호는 0부터 {len(self.words) - 1}까지입니다 "
                    "(음수 번호는 끝에서부터 세지 않습니다)."
                )
            out.append(self.words[int(i)])
        return out

    def encode_corpus(self, sentences: Iterable[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Word ids of all in-vocabulary tokens, and the sentence number of each.

        Out-of-vocabulary tokens are dropped *before* windows are taken, as in
        word2vec, so a rare word never separates two neighbours.
        """
        get = self.index.get
        ids: list[int] = []
        lengths: list[int] = []
        for sentence in sentences:
            before = len(ids)
            ids.extend(i for i in map(get, sentence) if i is not None)
            lengths.append(len(ids) - before)
        sentence_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        return np.asarray(ids, dtype=np.int32), sentence_of

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

    def keyed_vectors(self, vectors: np.ndarray, skip: Iterable[str] = (PAD, UNK, BOS, EOS)):
        """gensim ``KeyedVectors``: row ``i`` of ``vectors`` for ``words[i]``, with counts.

        Special tokens are left out by default.
        """
        return to_keyed_vectors(self.words, vectors, skip=skip, counts=self.counts)


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
