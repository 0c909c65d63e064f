"""FastText's subwords: character n-grams of ``<word>`` (lecture 05).

A word is wrapped in ``<`` and ``>`` so that the n-gram ``her`` inside
``<where>`` differs from the whole word ``<her>``. Each n-gram is hashed into
one of ``bucket`` rows (fastText's FNV-1a hash, as gensim); a word's vector is
the mean of its own row and its n-grams' rows. With ``jamo=True`` Korean
words are first decomposed into jamo (see :mod:`coursekit.hangul`), so that
모르다 / 몰라 / 몰랐다 share n-grams such as ``<ㅁㅗ``.

:class:`FastText` / :func:`train` is skip-gram with negative sampling on those
means, in fastText's order (a centre word's mean predicts each word of its
window, so its rows are read and updated once per window, not once per pair),
on the kernel that word2vec uses (:mod:`coursekit.sgns`: same vocabulary,
subsampling, windows, noise words and XLA-compiled SGD), and returns gensim's
``FastTextKeyedVectors`` (or :class:`JamoFastTextKeyedVectors`), so
``kv["oranges"]`` works for words never seen in training.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from gensim.models.fasttext import FastTextKeyedVectors, ft_ngram_hashes

from coursekit import validation
from coursekit.hangul import decompose
from coursekit.settings import TrainSettings, takes_settings
from coursekit.subsampling import keep_probability
from coursekit.vocab import Vocab

BOW, EOW = "<", ">"


def char_ngrams(word: str, min_n: int = 3, max_n: int = 6, *, jamo: bool = False) -> list[str]:
    """The character n-grams of ``<word>`` for n = min_n..max_n, shortest first.

    As in fastText (and gensim), a short word's whole ``<word>`` is one of its
    n-grams when it fits in ``max_n`` characters.

    >>> char_ngrams("eating", 3, 3)
    ['<ea', 'eat', 'ati', 'tin', 'ing', 'ng>']
    """
    if not isinstance(word, str) or not word:
        raise ValueError("단어(빈 문자열이 아닌 str)를 넣으세요.")
    if not 1 <= min_n <= max_n:
        raise ValueError(f"1 <= min_n <= max_n 이어야 합니다 (받은 값: min_n={min_n}, max_n={max_n}).")
    word = validation.nfc(word)  # NFD Hangul (e.g. from macOS) gets the same n-grams as NFC
    text = BOW + (decompose(word) if jamo else word) + EOW
    grams = []
    for n in range(min_n, max_n + 1):
        grams += [text[i : i + n] for i in range(len(text) - n + 1)]
    return grams


# ---------------------------------------------------------------------------
# Training: skip-gram negative sampling on sums of sub-word vectors
# ---------------------------------------------------------------------------


def subword_text(word: str, jamo: bool = False) -> str:
    """The string whose n-grams are a word's subwords: the word, or its jamo (``jamo=True``).

    Jamo are taken after NFC normalisation (:func:`coursekit.hangul.decompose`), so
    an NFD-written word shares its n-grams with the usual form. Without ``jamo``
    the word is hashed as it is, exactly as gensim hashes the keys it stores.
    """
    return decompose(word) if jamo else word


def ngram_buckets(word: str, min_n: int, max_n: int, bucket: int, *, jamo: bool = False) -> list[int]:
    """Bucket numbers of a word's n-grams, hashed exactly as fastText and gensim do.

    Each n-gram of ``<word>`` (see :func:`char_ngrams`) is hashed with
    fastText's FNV-1a hash of its UTF-8 bytes, modulo ``bucket``; two n-grams
    may share a bucket (a collision).
    """
    return list(ft_ngram_hashes(subword_text(word, jamo), min_n, max_n, bucket))


class JamoFastTextKeyedVectors(FastTextKeyedVectors):
    """``FastTextKeyedVectors`` whose n-grams are taken over jamo (``train(..., jamo=True)``).

    Keys stay the original words; only hashing sees ``decompose(word)``, for
    known words (their cached buckets) and unknown ones alike.
    """

    def get_vector(self, word, norm=False):
        if isinstance(word, str):
            word = validation.nfc(word)
        if word in self.key_to_index:
            return super().get_vector(word, norm=norm)
        return super().get_vector(subword_text(word, True), norm=norm)

    def recalc_char_ngram_buckets(self):
        self.buckets_word = [
            np.array(ngram_buckets(w, self.min_n, self.max_n, self.bucket, jamo=True), dtype=np.uint32)
            for w in self.index_to_key
        ]


def keyed_vectors(words, counts, word_vectors, ngram_vectors, min_n: int, max_n: int,
                  *, jamo: bool = False) -> FastTextKeyedVectors:
    """gensim ``FastTextKeyedVectors`` from trained word rows and n-gram bucket rows.

    ``kv[word]`` of a known word is the mean of its word row and its bucket
    rows; of an unknown word, the mean of its bucket rows (gensim computes it).
    With ``jamo=True`` the result is a :class:`JamoFastTextKeyedVectors`.
    """
    cls = JamoFastTextKeyedVectors if jamo else FastTextKeyedVectors
    word_vectors = np.ascontiguousarray(word_vectors, dtype=np.float32)
    ngram_vectors = np.ascontiguousarray(ngram_vectors, dtype=np.float32)
    kv = cls(word_vectors.shape[1], min_n, max_n, ngram_vectors.shape[0], count=0)
    kv.index_to_key = list(words)
    kv.key_to_index = {w: i for i, w in enumerate(kv.index_to_key)}
    kv.vectors_vocab = word_vectors
    kv.vectors_ngrams = ngram_vectors
    kv.vectors_vocab_lockf = np.ones(1, dtype=np.float32)
    kv.vectors_ngrams_lockf = np.ones(1, dtype=np.float32)
    kv.allocate_vecattrs(attrs=["count"], types=[np.int64])
    kv.expandos["count"][:] = np.asarray(counts, dtype=np.int64)
    kv.recalc_char_ngram_buckets()
    kv.vectors = _compose(word_vectors, ngram_vectors, *_padded(kv.buckets_word, 0))
    kv.norms = None
    return kv


def _padded(buckets_word, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """``[V, L]`` rows (column 0: the word's own row ``i``; then ``offset + bucket``) and a 0/1 mask."""
    width = 1 + max((len(b) for b in buckets_word), default=0)
    rows = np.zeros((len(buckets_word), width), np.int32)
    mask = np.zeros((len(buckets_word), width), np.float32)
    rows[:, 0] = np.arange(len(buckets_word))
    mask[:, 0] = 1
    for i, b in enumerate(buckets_word):
        rows[i, 1 : 1 + len(b)] = np.asarray(b, np.int64) + offset
        mask[i, 1 : 1 + len(b)] = 1
    return rows, mask


def _compose(word_vectors, ngram_vectors, rows, mask) -> np.ndarray:
    """gensim's ``adjust_vectors`` vectorised: each word's mean of its word row and bucket rows."""
    out = word_vectors.copy()
    for i in range(1, rows.shape[1]):  # column by column: memory stays [V, dim]
        take = mask[:, i] > 0
        out[take] += ngram_vectors[rows[take, i]]
    return out / mask.sum(axis=1, keepdims=True)


def initial_tables(rows: int, vocab_size: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """fastText's start: word and bucket rows uniform in ±1/dim, output rows zero."""
    rng = np.random.default_rng(seed)
    w_in = rng.random((rows, dim), dtype=np.float32)
    w_in *= 2.0
    w_in -= 1.0
    w_in /= dim
    return w_in, np.zeros((vocab_size, dim), np.float32)


class FastText:
    """FastText: skip-gram with negative sampling on the mean of a word's row and its n-gram rows.

    >>> model = FastText(dim=50, epochs=3, jamo=True).fit(sentences)   # doctest: +SKIP
    >>> model.wv["몰랐다"]                                             # doctest: +SKIP

    A word's input vector is the mean of its own vector and the vectors of the
    hash buckets of its character n-grams (``min_n..max_n`` characters of
    ``<word>``, or of its jamo with ``jamo=True``); each training pair updates
    all of those rows. Everything else (vocabulary, subsampling, windows,
    negative sampling, the XLA-compiled SGD kernel) is :mod:`coursekit.sgns`,
    with a :class:`coursekit.settings.TrainSettings`. After :meth:`fit`:
    ``.wv`` (gensim ``FastTextKeyedVectors``: ``wv[word]`` works for unseen
    words too), ``.vocab`` and ``.history["loss"]``.
    """

    def __init__(self, sg: bool = True, min_n: int = 3, max_n: int = 6, bucket: int = 2_000_000,
                 jamo: bool = False, *, settings: TrainSettings | None = None, **options):
        if not sg:
            raise NotImplementedError("coursekit의 FastText는 skip-gram(sg=True)만 지원합니다.")
        if bucket < 1:
            raise ValueError("bucket은 1 이상이어야 합니다.")
        if not 1 <= min_n <= max_n:
            raise ValueError(f"1 <= min_n <= max_n 이어야 합니다 (받은 값: min_n={min_n}, max_n={max_n}).")
        self.min_n, self.max_n, self.bucket, self.jamo = min_n, max_n, bucket, jamo
        self.settings = TrainSettings.of(settings, **options)
        self.vocab: Vocab | None = None
        self.wv = None
        self.history: dict[str, list[float]] = {"loss": []}

    def fit(self, sentences: Iterable[Sequence[str]], progress: bool = True) -> FastText:
        """Build the vocabulary of ``sentences`` (token lists) and train on them."""
        from coursekit import sgns

        s = self.settings
        sentences = validation.token_lists(sentences, "sentences")
        vocab = self.vocab = Vocab.build(sentences, s.min_count)
        ids, sentence_of = vocab.encode_corpus(sentences)
        v = len(vocab)
        buckets = [ngram_buckets(w, self.min_n, self.max_n, self.bucket, jamo=self.jamo) for w in vocab.words]
        # Only the buckets that some word uses are trained: the input table has the V word rows and
        # then one row per used bucket (en8: 142,475 of 2M buckets, a 12x smaller table, so it stays in
        # cache far more often). The other buckets keep their random start, as in gensim.
        used, position = np.unique(np.concatenate([np.asarray(b, np.int64) for b in buckets] + [np.zeros(0, np.int64)]),
                                   return_inverse=True)
        rows, start = [], 0
        for i, b in enumerate(buckets):
            rows.append([i, *(v + position[start : start + len(b)])])
            start += len(b)
        running = vocab.counts * keep_probability(vocab.counts, s.sample)
        full_in, w_out = initial_tables(v + self.bucket, v, s.dim, s.seed)
        w_in, _, history = sgns.fit_tables(
            vocab, ids, sentence_of, s, sg=True, progress=progress,
            initial=(np.concatenate([full_in[:v], full_in[v + used]]), w_out),
            input_rows=sgns.InputRows.from_lists(rows, running), centre_input=True,
        )
        full_in[:v] = w_in[:v]
        full_in[v + used] = w_in[v:]
        self.history["loss"].extend(history["loss"])
        self.wv = keyed_vectors(vocab.words, vocab.counts, full_in[:v], full_in[v:], self.min_n, self.max_n,
                                jamo=self.jamo)
        return self


@takes_settings
def train(sentences: Iterable[Sequence[str]], sg: bool = True, min_n: int = 3, max_n: int = 6,
          bucket: int = 2_000_000, jamo: bool = False, *, settings: TrainSettings | None = None,
          progress: bool = True, **options) -> FastTextKeyedVectors:
    """Train FastText (see :class:`FastText`) and return gensim ``FastTextKeyedVectors``.

    The other keywords are the fields of :class:`coursekit.settings.TrainSettings`
    (``dim=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=5, seed=0``, ...).
    ``kv[word]`` works for unseen words too.
    """
    model = FastText(sg, min_n, max_n, bucket, jamo, settings=settings, **options)
    return model.fit(sentences, progress=progress).wv
