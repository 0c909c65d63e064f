"""FastText's subwords: character n-grams of ``<word>`` (lecture 05).

A word is wrapped in ``<`` and ``>`` so that the n-gram ``her`` inside
``<where>`` differs from the whole word ``<her>``. Each n-gram is hashed into
one of ``bucket`` rows (fastText's FNV-1a hash, as gensim); a word's vector is
the mean of its own row and its n-grams' rows. With ``jamo=True`` Korean
words are first decomposed into jamo (see :mod:`coursekit.hangul`), so that
모르다 / 몰라 / 몰랐다 share n-grams such as ``<ㅁㅗ``.

:func:`train` is skip-gram with negative sampling on those means, built on
:func:`coursekit.word2vec.fit_tables` (same vocabulary, subsampling, windows,
noise words and XLA-compiled SGD loop), and returns gensim's
``FastTextKeyedVectors`` (or :class:`JamoFastTextKeyedVectors`), so
``kv["oranges"]`` works for words never seen in training.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
from gensim.models.fasttext import FastTextKeyedVectors, ft_ngram_hashes

from coursekit.hangul import decompose

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
    text = BOW + (decompose(word) if jamo else word) + EOW
    grams = []
    for n in range(min_n, max_n + 1):
        grams += [text[i : i + n] for i in range(len(text) - n + 1)]
    return grams


# ---------------------------------------------------------------------------
# Training: skip-gram negative sampling on sums of sub-word vectors
# ---------------------------------------------------------------------------


def subword_text(word: str, jamo: bool = False) -> str:
    """The string whose n-grams are a word's subwords: the word, or its jamo (``jamo=True``)."""
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


def chunk_sg_subwords(w_in, w_out, inputs, targets, start, end, alpha0, alpha1, key, threshold,
                      alias, negative: int, batch: int, *, rows, mask, tail_rows, tail_mask,
                      has_tail: bool = True, group: int = 128):
    """FastText's skip-gram SGD over examples ``start..end`` (compile with ``jit_compile=True``).

    Like :func:`coursekit.word2vec.chunk_sg`, except that an input word's
    vector is the mean of its rows in ``w_in`` (its own row and its n-gram
    buckets), and every one of those rows gets the whole gradient, as in
    fastText and gensim.

    A word's rows are split in two padded tables: ``rows``/``mask`` ``[V, K]``
    hold the first ``K`` (enough for most running words) and
    ``tail_rows``/``tail_mask`` ``[V, T]`` the rest of the long words. The
    tail is gathered only for the long words of a batch, ``group`` of them at
    a time, so short words do not pay for the longest word's padding
    (``has_tail=False``: no word has more than ``K`` rows).
    """
    import tensorflow as tf

    from coursekit.word2vec import negative_sampling_update, noise_targets


    def tail_groups(inp):
        is_long = tf.reduce_sum(tf.gather(tail_mask, inp), axis=1) > 0
        order = tf.argsort(tf.cast(tf.logical_not(is_long), tf.int32), stable=True)
        order = tf.pad(order, [[0, group]])
        n_long = tf.reduce_sum(tf.cast(is_long, tf.int32))
        return order, n_long, (n_long + group - 1) // group

    def group_rows(inp, order, n_long, g):
        pos = tf.slice(order, [g * group], [group])
        ok = tf.cast(g * group + tf.range(group) < n_long, tf.float32)
        words = tf.gather(inp, pos)
        return pos, tf.gather(tail_rows, words), tf.gather(tail_mask, words) * ok[:, None]

    def body(first, w_in, w_out, loss):
        inp = tf.slice(inputs, [first], [batch])
        tgt = tf.slice(targets, [first], [batch])
        valid = tf.cast(first + tf.range(batch) < end, tf.float32)
        frac = tf.cast(first - start, tf.float32) / tf.cast(tf.maximum(end - start, 1), tf.float32)
        alpha = alpha0 + (alpha1 - alpha0) * frac
        all_targets, weights = noise_targets(tgt, first, negative, key, threshold, alias)
        sub = tf.gather(rows, inp)  # [B, K]
        m = tf.gather(mask, inp)  # [B, K]
        h_sum = tf.reduce_sum(tf.gather(w_in, sub) * m[..., None], axis=1)
        count = tf.reduce_sum(m, axis=1)
        if has_tail:
            order, n_long, n_groups = tail_groups(inp)

            def add_tail(g, h_sum, count):
                pos, trows, tm = group_rows(inp, order, n_long, g)
                part = tf.reduce_sum(tf.gather(w_in, trows) * tm[..., None], axis=1)
                h_sum = tf.tensor_scatter_nd_add(h_sum, pos[:, None], part)
                count = tf.tensor_scatter_nd_add(count, pos[:, None], tf.reduce_sum(tm, axis=1))
                return g + 1, h_sum, count

            _, h_sum, count = tf.while_loop(
                lambda g, *_: g < n_groups, add_tail, (tf.constant(0), h_sum, count)
            )
        h = h_sum / count[:, None]
        grad_h, w_out, step_loss = negative_sampling_update(
            h, all_targets, weights * valid[:, None], w_out, alpha
        )
        # every row of the mean is updated from the same h (computed above, before any change)
        w_in = tf.tensor_scatter_nd_add(w_in, sub[..., None], grad_h[:, None, :] * m[..., None])
        if has_tail:

            def update_tail(g, w_in):
                pos, trows, tm = group_rows(inp, order, n_long, g)
                change = tf.gather(grad_h, pos)[:, None, :] * tm[..., None]
                return g + 1, tf.tensor_scatter_nd_add(w_in, trows[..., None], change)

            _, w_in = tf.while_loop(lambda g, *_: g < n_groups, update_tail, (tf.constant(0), w_in))
        return first + batch, w_in, w_out, loss + step_loss

    _, w_in, w_out, loss = tf.while_loop(
        lambda first, *_: first < end, body, (start, w_in, w_out, tf.constant(0.0))
    )
    return w_in, w_out, loss


def split_width(rows_per_word: np.ndarray, weights: np.ndarray, share: float = 0.9) -> int:
    """The smallest row count ``K`` that covers whole words for ``share`` of the (weighted) tokens."""
    order = np.argsort(rows_per_word, kind="stable")
    cumulative = np.cumsum(weights[order]) / max(float(weights.sum()), 1e-12)
    return int(rows_per_word[order][min(np.searchsorted(cumulative, share), len(order) - 1)])


# share of (subsampled) running words whose rows all fit in the first table
HEAD_SHARE = 0.9

_COMPILED: list = []


def _compiled_chunk():
    if not _COMPILED:
        import tensorflow as tf

        _COMPILED.append(tf.function(chunk_sg_subwords, jit_compile=True, reduce_retracing=True))
    return _COMPILED[0]


def initial_tables(rows: int, vocab_size: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """fastText's start: word and bucket rows uniform in ±1/dim, output rows zero."""
    rng = np.random.default_rng(seed)
    w_in = rng.random((rows, dim), dtype=np.float32)
    w_in *= 2.0
    w_in -= 1.0
    w_in /= dim
    return w_in, np.zeros((vocab_size, dim), np.float32)


def train(
    sentences: Iterable[Sequence[str]],
    sg: bool = True,
    dim: int = 100,
    window: int = 5,
    negative: int = 5,
    min_count: int = 5,
    sample: float = 1e-3,
    epochs: int = 5,
    min_n: int = 3,
    max_n: int = 6,
    bucket: int = 2_000_000,
    jamo: bool = False,
    seed: int = 0,
    alpha: float = 0.025,
    min_alpha: float = 0.0001,
    batch_words: int | None = None,
    progress: bool = True,
) -> FastTextKeyedVectors:
    """Train FastText (skip-gram with negative sampling on sub-word sums).

    A word's input vector is the mean of its own vector and the vectors of the
    hash buckets of its character n-grams (``min_n..max_n`` characters of
    ``<word>``, or of its jamo with ``jamo=True``); each training pair updates
    all of those rows. Everything else (vocabulary, subsampling, windows,
    negative sampling, the XLA-compiled SGD loop) is
    :func:`coursekit.word2vec.fit_tables`. Returns gensim
    ``FastTextKeyedVectors``: ``kv[word]`` works for unseen words too.
    """
    if not sg:
        raise NotImplementedError("coursekit의 FastText는 skip-gram(sg=True)만 지원합니다.")
    if bucket < 1:
        raise ValueError("bucket은 1 이상이어야 합니다.")
    if not 1 <= min_n <= max_n:
        raise ValueError(f"1 <= min_n <= max_n 이어야 합니다 (받은 값: min_n={min_n}, max_n={max_n}).")
    import tensorflow as tf

    from coursekit.word2vec import CorpusVocab, fit_tables, keep_probability

    sentences = sentences if isinstance(sentences, list) else list(sentences)
    vocab = CorpusVocab.build(sentences, min_count)
    ids, sentence_of = vocab.encode(sentences)
    v = len(vocab)
    buckets_word = [ngram_buckets(w, min_n, max_n, bucket, jamo=jamo) for w in vocab.words]
    rows, mask = _padded(buckets_word, v)
    # the first K rows of every word in one table, the rest of the long words in another
    weights = vocab.counts * keep_probability(vocab.counts, sample)
    k = split_width(mask.sum(axis=1).astype(np.int64), weights, HEAD_SHARE)
    chunk_fn = functools.partial(
        _compiled_chunk(), rows=tf.constant(rows[:, :k]), mask=tf.constant(mask[:, :k]),
        tail_rows=tf.constant(rows[:, k - 1 :]), has_tail=k < rows.shape[1],
        tail_mask=tf.constant(np.where(np.arange(rows.shape[1] - k + 1) > 0, mask[:, k - 1 :], 0)),
    )
    w_in, _ = fit_tables(
        vocab, ids, sentence_of, sg=True, dim=dim, window=window, negative=negative,
        sample=sample, epochs=epochs, seed=seed, alpha=alpha, min_alpha=min_alpha,
        batch_words=batch_words, progress=progress,
        initial=initial_tables(v + bucket, v, dim, seed), chunk_fn=chunk_fn,
    )
    return keyed_vectors(vocab.words, vocab.counts, w_in[:v], w_in[v:], min_n, max_n, jamo=jamo)
