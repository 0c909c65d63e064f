"""A fast word2vec trainer (skip-gram and CBOW with negative sampling) in TensorFlow.

It follows the original word2vec / gensim algorithm:

1. vocabulary with ``min_count`` (:mod:`coursekit.corpus_vocab`);
2. every epoch, frequent words are *subsampled* with word2vec's formula and
   dropped before windows are taken;
3. each centre word draws its own window size ``b`` uniformly from
   ``1..window`` (the "shrinking window"), never crossing a sentence end;
4. every (input, target) pair gets ``negative`` noise words drawn from
   ``count ** 0.75`` (:mod:`coursekit.negative_sampling`); a noise word equal to
   the target is skipped;
5. plain SGD on the two tables (``W`` for inputs, ``W'`` for outputs), with a
   learning rate that decays linearly from ``alpha`` to ``min_alpha``.

How it is made fast (no Python per word, per pair or per sentence):

* Steps 2-3 run as vectorised TensorFlow ops over a whole epoch
  (:func:`epoch_examples`); random numbers come from a counter-based integer
  hash (:func:`hash_uint32`), cheap and reproducible.
* The SGD loop runs inside one XLA-compiled function per chunk of examples
  (``jit_compile=True``): batches of about a thousand pairs, negatives drawn
  in the loop, only the touched rows updated (gather / scatter-add) with plain
  SGD, like word2vec's C code but a batch at a time.
* Optionally (``workers > 1``), several chunks are trained at the same time
  from the same starting tables in separate threads (one XLA computation uses
  one CPU core) and their changes are added up. The result depends only on the
  seed and on ``workers``, not on thread timing, so training stays
  reproducible; the default is one worker (see :func:`train`).

The update step itself (:func:`negative_sampling_update`) only sees input
vectors and target ids, so other models reuse it (FastText's input vector is a
sum of sub-word vectors).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from coursekit import config
from coursekit import vocab as vocab_tables
from coursekit.context_windows import cbow_examples, skipgram_pairs
from coursekit.corpus_vocab import CorpusVocab, keep_probability
from coursekit.negative_sampling import alias_table, noise_distribution

__all__ = [
    "cbow_examples",
    "skipgram_pairs",
    "train",
    "CorpusVocab",
    "keep_probability",
    "hash_uint32",
    "uniform_from_key",
    "epoch_examples",
    "negative_sampling_update",
    "noise_targets",
    "sample_noise",
    "stream_key",
    "fit_tables",
    "chunk_sg",
    "chunk_cbow",
    "to_keyed_vectors",
]

config._quiet_tensorflow()
import tensorflow as tf  # noqa: E402

# Distinct "streams" of random numbers, mixed into the hash key.
_SUBSAMPLE, _WINDOW, _NEGATIVE = 0x5B1, 0xA2D, 0xC3F


# ---------------------------------------------------------------------------
# Counter-based random numbers
# ---------------------------------------------------------------------------


def hash_uint32(x: tf.Tensor) -> tf.Tensor:
    """murmur3's 32-bit finaliser: a cheap, well-mixed hash of uint32 counters."""
    x = tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 16))
    x = x * tf.constant(0x85EBCA6B, tf.uint32)
    x = tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 13))
    x = x * tf.constant(0xC2B2AE35, tf.uint32)
    return tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 16))


def stream_key(seed: int, epoch, stream: int) -> tf.Tensor:
    """A uint32 key for (seed, epoch, stream); ``epoch`` may be a tensor."""
    s = tf.constant(((seed * 0x9E3779B1) ^ (stream * 0x85EBCA77)) & 0xFFFFFFFF, tf.uint32)
    e = tf.cast(epoch, tf.uint32)
    return hash_uint32(s ^ hash_uint32(e + tf.constant(0x27D4EB2F, tf.uint32)))


def uniform_from_key(key: tf.Tensor, counters: tf.Tensor) -> tf.Tensor:
    """Uniform floats in [0, 1), one per counter, from a uint32 stream key."""
    h = hash_uint32(tf.cast(counters, tf.uint32) ^ key)
    h = hash_uint32(h + key)
    return tf.cast(tf.bitwise.right_shift(h, 8), tf.float32) * (1.0 / (1 << 24))


# ---------------------------------------------------------------------------
# One epoch's training examples: subsampling and shrinking windows
# ---------------------------------------------------------------------------


_window_functions: dict[int, object] = {}


@dataclass
class EpochExamples:
    """Training examples of one epoch, in corpus order.

    Skip-gram: ``inputs[i]`` (a context word) predicts ``targets[i]`` (the
    centre word), as in word2vec's C code and gensim. CBOW: ``inputs`` is
    ``[n, 2*window]`` context ids with ``mask`` marking real neighbours, and
    ``targets`` the centre words.
    """

    inputs: tf.Tensor
    targets: tf.Tensor
    mask: tf.Tensor | None
    kept_words: int

    def __len__(self) -> int:
        return int(self.targets.shape[0])


def _windows(ids, sentence_of, keep_prob, window: int, subsample_key, window_key):
    positions = tf.range(tf.shape(ids)[0])
    u = uniform_from_key(subsample_key, positions)
    kept = tf.gather(keep_prob, ids) > u
    kid = tf.boolean_mask(ids, kept)
    ksent = tf.boolean_mask(sentence_of, kept)
    n = tf.shape(kid)[0]
    # random shrinking window: b in 1..window for every kept centre word
    span = 1 + tf.cast(
        tf.floor(uniform_from_key(window_key, tf.range(n)) * float(window)), tf.int32
    )
    span = tf.minimum(span, window)
    pad_id = tf.pad(kid, [[window, window]])
    pad_sent = tf.pad(ksent, [[window, window]], constant_values=-1)
    ctx, ok = [], []
    for offset in [*range(-window, 0), *range(1, window + 1)]:
        ctx.append(pad_id[window + offset : window + offset + n])
        same = tf.equal(pad_sent[window + offset : window + offset + n], ksent)
        ok.append(tf.logical_and(same, span >= abs(offset)))
    return kid, tf.stack(ctx, axis=1), tf.stack(ok, axis=1)


def epoch_examples(
    ids: tf.Tensor,
    sentence_of: tf.Tensor,
    keep_prob: tf.Tensor,
    *,
    window: int,
    sg: bool,
    seed: int,
    epoch: int,
) -> EpochExamples:
    """Subsample, draw every centre's window and list the epoch's examples."""
    if window not in _window_functions:  # one traced graph per window size
        vector = tf.TensorSpec([None], tf.int32)
        key = tf.TensorSpec([], tf.uint32)
        _window_functions[window] = tf.function(
            lambda i, s, k, a, b: _windows(i, s, k, window, a, b),
            input_signature=[vector, vector, tf.TensorSpec([None], tf.float32), key, key],
        )
    centre, ctx, ok = _window_functions[window](
        tf.cast(ids, tf.int32),
        tf.cast(sentence_of, tf.int32),
        tf.cast(keep_prob, tf.float32),
        stream_key(seed, epoch, _SUBSAMPLE),
        stream_key(seed, epoch, _WINDOW),
    )
    kept = int(centre.shape[0])
    if sg:
        inputs = tf.boolean_mask(ctx, ok)
        targets = tf.boolean_mask(tf.broadcast_to(centre[:, None], tf.shape(ctx)), ok)
        return EpochExamples(inputs, targets, None, kept)
    has = tf.reduce_any(ok, axis=1)
    return EpochExamples(
        tf.boolean_mask(ctx, has), tf.boolean_mask(centre, has), tf.boolean_mask(ok, has), kept
    )


# ---------------------------------------------------------------------------
# The SGD update (reusable by other models)
# ---------------------------------------------------------------------------


def sample_noise(keys: tf.Tensor, threshold: tf.Tensor, alias: tf.Tensor) -> tf.Tensor:
    """Alias-method draws from the noise distribution, one per uint32 key."""
    h = hash_uint32(keys)
    size = tf.cast(tf.shape(threshold)[0], tf.uint32)
    slot = tf.cast(h % size, tf.int32)
    coin = tf.cast(tf.bitwise.right_shift(hash_uint32(h ^ 0x68E31DA4), 8), tf.float32) * (
        1.0 / (1 << 24)
    )
    return tf.where(coin < tf.gather(threshold, slot), slot, tf.gather(alias, slot))


def negative_sampling_update(h, targets, weights, out_table, alpha):
    """One SGD step of the negative-sampling loss for a batch of input vectors.

    ``h`` [B, d] are input vectors, ``targets`` [B, 1+K] output-word ids (column
    0 the true word, label 1; the rest noise words, label 0), ``weights``
    [B, 1+K] 1 for terms that count and 0 for padding. Returns
    ``(grad_h, new_out_table, loss)`` where ``grad_h`` is the change to add to
    the input vectors (already scaled by ``alpha``), as in word2vec's ``neu1e``.
    """
    out = tf.gather(out_table, targets)  # [B, 1+K, d]
    logits = tf.einsum("bd,bkd->bk", h, out)
    labels = tf.concat(
        [tf.ones_like(logits[:, :1]), tf.zeros_like(logits[:, 1:])], axis=1
    )
    g = (labels - tf.sigmoid(logits)) * weights * alpha
    signed = tf.where(labels > 0, logits, -logits)
    loss = -tf.reduce_sum(tf.math.log_sigmoid(signed) * weights)
    grad_h = tf.einsum("bk,bkd->bd", g, out)
    new_out = tf.tensor_scatter_nd_add(out_table, targets[..., None], g[..., None] * h[:, None, :])
    return grad_h, new_out, loss


def noise_targets(targets, first, negative, key, threshold, alias):
    """``[B, 1+K]`` targets and weights: the true word and K noise words per example.

    ``first`` is the number of the batch's first example in the epoch: noise
    word ``k`` of example ``i`` is a hash of ``(key, first + i, k)``, so the
    draws do not depend on how the epoch is cut into batches or chunks. A
    noise word equal to the true word gets weight 0 (word2vec skips it).
    """
    b = tf.shape(targets)[0]
    counters = tf.cast(first + tf.range(b), tf.uint32)[:, None] * tf.constant(
        negative, tf.uint32
    ) + tf.cast(tf.range(negative), tf.uint32)[None, :]
    noise = sample_noise(hash_uint32(counters ^ key) + key, threshold, alias)
    return tf.concat([targets[:, None], noise], axis=1), tf.concat(
        [tf.ones_like(targets[:, None], tf.float32), tf.cast(noise != targets[:, None], tf.float32)],
        axis=1,
    )


def chunk_sg(w_in, w_out, inputs, targets, start, end, alpha0, alpha1, key, threshold, alias,
             negative: int, batch: int):
    """Skip-gram SGD over examples ``start..end`` of an epoch (compile with ``jit_compile=True``).

    ``inputs[i]`` is a context word, ``targets[i]`` its centre word; the
    learning rate goes linearly from ``alpha0`` to ``alpha1`` over the chunk.
    """
    def body(first, w_in, w_out, loss):
        inp = tf.slice(inputs, [first], [batch])
        tgt = tf.slice(targets, [first], [batch])
        valid = tf.cast(first + tf.range(batch) < end, tf.float32)
        alpha = _interpolate(alpha0, alpha1, first, start, end)
        all_targets, weights = noise_targets(tgt, first, negative, key, threshold, alias)
        h = tf.gather(w_in, inp)
        grad_h, w_out, step_loss = negative_sampling_update(
            h, all_targets, weights * valid[:, None], w_out, alpha
        )
        w_in = tf.tensor_scatter_nd_add(w_in, inp[:, None], grad_h)
        return first + batch, w_in, w_out, loss + step_loss

    _, w_in, w_out, loss = tf.while_loop(
        lambda first, *_: first < end, body, (start, w_in, w_out, tf.constant(0.0))
    )
    return w_in, w_out, loss


def _interpolate(alpha0, alpha1, first, start, end):
    frac = tf.cast(first - start, tf.float32) / tf.cast(tf.maximum(end - start, 1), tf.float32)
    return alpha0 + (alpha1 - alpha0) * frac


def chunk_cbow(w_in, w_out, inputs, targets, mask, start, end, alpha0, alpha1, key, threshold,
               alias, negative: int, batch: int):
    """CBOW SGD over examples ``start..end``: the mean of the masked context rows predicts the centre."""
    width = inputs.shape[1]

    def body(first, w_in, w_out, loss):
        ctx = tf.slice(inputs, [first, 0], [batch, width])
        m = tf.cast(tf.slice(mask, [first, 0], [batch, width]), tf.float32)
        tgt = tf.slice(targets, [first], [batch])
        valid = tf.cast(first + tf.range(batch) < end, tf.float32)
        alpha = _interpolate(alpha0, alpha1, first, start, end)
        all_targets, weights = noise_targets(tgt, first, negative, key, threshold, alias)
        vecs = tf.gather(w_in, ctx)  # [B, 2w, d]
        count = tf.maximum(tf.reduce_sum(m, axis=1, keepdims=True), 1.0)
        h = tf.reduce_sum(vecs * m[..., None], axis=1) / count  # cbow_mean=1
        grad_h, w_out, step_loss = negative_sampling_update(
            h, all_targets, weights * valid[:, None], w_out, alpha
        )
        # as in word2vec/gensim with cbow_mean=1: every context word gets the full neu1e
        w_in = tf.tensor_scatter_nd_add(
            w_in, ctx[..., None], grad_h[:, None, :] * (m * valid[:, None])[..., None]
        )
        return first + batch, w_in, w_out, loss + step_loss

    _, w_in, w_out, loss = tf.while_loop(
        lambda first, *_: first < end, body, (start, w_in, w_out, tf.constant(0.0))
    )
    return w_in, w_out, loss


_compiled: dict[str, object] = {}


def _compiled_chunk(sg: bool):
    name = "sg" if sg else "cbow"
    if name not in _compiled:
        _compiled[name] = tf.function(
            chunk_sg if sg else chunk_cbow, jit_compile=True, reduce_retracing=True
        )
    return _compiled[name]


@tf.function(jit_compile=True)
def _merge(base, results):
    """``base`` plus every worker's change, summed in a fixed order."""
    total = results[0]
    for other in results[1:]:
        total = total + (other - base)
    return total


# ---------------------------------------------------------------------------
# The trainer
# ---------------------------------------------------------------------------


def default_workers() -> int:
    """Chunks trained side by side: 1 (see ``train``'s ``workers``)."""
    return 1


def default_batch(counts: np.ndarray | None = None, negative: int = 5) -> int:
    """Examples per SGD step: 1024 on a CPU, up to 16384 on a GPU.

    A batch adds up the updates of all its examples, computed from the same
    tables. That is harmless while no row takes part too often in one batch;
    beyond that, training degrades and then diverges (skip-gram on en8:
    batches of 4096 train as well as 1024, 8192 a little worse, 16384 diverge).
    So the batch is halved until the most frequent noise word is expected at
    most 400 times per batch and an average row at most 100 times (tiny
    vocabularies).
    """
    batch = 16384 if config.gpus() else 1024
    if counts is not None:
        busiest = (negative + 1) * float(noise_distribution(counts).max())
        per_row = (negative + 1) / len(counts)
        while batch > 16 and (batch * busiest > 400 or batch * per_row > 100):
            batch //= 2
    return batch


class _Progress:
    def __init__(self, total_words: int, enabled: bool):
        self.enabled = enabled
        self.start = time.perf_counter()
        self.bar = None
        if enabled:
            import keras

            self.bar = keras.utils.Progbar(
                total_words, unit_name="word", stateful_metrics=["loss", "words/s"]
            )

    def update(self, words_done: int, loss: float) -> None:
        if self.bar is not None:
            rate = words_done / max(time.perf_counter() - self.start, 1e-9)
            self.bar.update(words_done, values=[("loss", loss), ("words/s", rate)])


def train(
    sentences: Iterable[Sequence[str]],
    sg: bool = True,
    dim: int = 100,
    window: int = 5,
    negative: int = 5,
    min_count: int = 5,
    sample: float = 1e-3,
    epochs: int = 5,
    seed: int = 0,
    alpha: float = 0.025,
    min_alpha: float = 0.0001,
    batch_words: int | None = None,
    progress: bool = True,
    workers: int | None = None,
    chunk: int | None = None,
):
    """Train word2vec (skip-gram if ``sg`` else CBOW) with negative sampling.

    ``sentences`` are token lists. ``batch_words`` is the number of examples
    (skip-gram pairs or CBOW centre words) per SGD step (default:
    :func:`default_batch`, 1024 on a CPU, where the summed updates of a batch
    behave like word2vec's one-by-one updates). Returns gensim ``KeyedVectors``
    whose vocabulary is sorted by frequency and carries each word's ``count``.

    ``workers > 1`` trains that many chunks of ``chunk`` examples at the same
    time in threads, from the same starting tables, and adds up their changes
    (still reproducible). On an idle multi-core CPU it is faster, but the
    workers do not see each other's updates during a chunk, which cost about
    0.02 SimLex-999 on en8 in our measurements, so the default is 1.
    """
    sentences = sentences if isinstance(sentences, list) else list(sentences)
    vocab = CorpusVocab.build(sentences, min_count)
    ids, sentence_of = vocab.encode(sentences)
    w_in, _ = fit_tables(
        vocab, ids, sentence_of, sg=sg, dim=dim, window=window, negative=negative,
        sample=sample, epochs=epochs, seed=seed, alpha=alpha, min_alpha=min_alpha,
        batch_words=batch_words, progress=progress, workers=workers, chunk=chunk,
    )
    return to_keyed_vectors(vocab, w_in)


def initial_tables(vocab_size: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's start: inputs uniform in ±0.5/dim, outputs all zero."""
    rng = np.random.default_rng(seed)
    w_in = rng.uniform(-0.5 / dim, 0.5 / dim, size=(vocab_size, dim)).astype(np.float32)
    return w_in, np.zeros((vocab_size, dim), np.float32)


def fit_tables(
    vocab: CorpusVocab,
    ids: np.ndarray,
    sentence_of: np.ndarray,
    *,
    sg: bool = True,
    dim: int = 100,
    window: int = 5,
    negative: int = 5,
    sample: float = 1e-3,
    epochs: int = 5,
    seed: int = 0,
    alpha: float = 0.025,
    min_alpha: float = 0.0001,
    batch_words: int | None = None,
    progress: bool = True,
    workers: int | None = None,
    chunk: int | None = None,
    initial: tuple[np.ndarray, np.ndarray] | None = None,
    chunk_fn=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Train on an encoded corpus (:meth:`CorpusVocab.encode`); return ``(W, W')`` as numpy arrays.

    Hooks for models built on this trainer (FastText):

    * ``initial``: the starting ``(W, W')``; ``W`` may have more rows than the
      vocabulary (e.g. sub-word buckets). Default: :func:`initial_tables`.
    * ``chunk_fn``: the compiled SGD loop, called as
      ``chunk_fn(W, W', inputs, targets[, mask], start, end, alpha0, alpha1,
      key, threshold, alias, negative, batch)`` and returning
      ``(W, W', loss_sum)``; see :func:`chunk_sg` / :func:`chunk_cbow`.
      A FastText loop turns each input word id into its sub-word rows and
      otherwise reuses :func:`noise_targets` and :func:`negative_sampling_update`.
    """
    if min(window, negative, epochs, dim) < 1:
        raise ValueError("window, negative, epochs, dim은 모두 1 이상이어야 합니다.")
    batch = batch_words or default_batch(vocab.counts, negative)
    workers = workers or default_workers()
    chunk = chunk or (1 << 21 if workers == 1 else 1 << 19)
    w_in_np, w_out_np = initial if initial is not None else initial_tables(len(vocab), dim, seed)
    w_in, w_out = tf.constant(w_in_np, tf.float32), tf.constant(w_out_np, tf.float32)
    threshold, alias = alias_table(noise_distribution(vocab.counts))
    noise = (tf.constant(threshold, tf.float32), tf.constant(alias, tf.int32))
    keep = tf.constant(keep_probability(vocab.counts, sample), tf.float32)
    ids_t, sent_t = tf.constant(ids), tf.constant(sentence_of)
    run = chunk_fn or _compiled_chunk(sg)
    bar = _Progress(len(ids) * epochs, progress)
    pool = ThreadPoolExecutor(workers) if workers > 1 else None
    loss_sum, loss_terms = 0.0, 0
    try:
        for epoch in range(epochs):
            ex = epoch_examples(ids_t, sent_t, keep, window=window, sg=sg, seed=seed, epoch=epoch)
            n = len(ex)
            # padded by one batch so that the last batch's slice stays inside the array
            data = [tf.pad(ex.inputs, [[0, batch]] + ([] if sg else [[0, 0]])),
                    tf.pad(ex.targets, [[0, batch]])]
            if not sg:
                data.append(tf.pad(ex.mask, [[0, batch], [0, 0]]))
            key = stream_key(seed, epoch, _NEGATIVE)
            bounds = [*range(0, n, chunk), n]
            spans = list(zip(bounds[:-1], bounds[1:], strict=True))
            for r in range(0, len(spans), workers):
                calls = [
                    (w_in, w_out, *data, tf.constant(s), tf.constant(e),
                     tf.constant(_alpha(alpha, min_alpha, (epoch + s / n) / epochs)),
                     tf.constant(_alpha(alpha, min_alpha, (epoch + e / n) / epochs)),
                     key, *noise, negative, batch)
                    for s, e in spans[r : r + workers]
                ]
                if len(calls) == 1:
                    results = [run(*calls[0])]
                    w_in, w_out = results[0][0], results[0][1]
                else:
                    results = list(pool.map(lambda args: run(*args), calls))
                    w_in = _merge(w_in, [res[0] for res in results])
                    w_out = _merge(w_out, [res[1] for res in results])
                loss_sum += sum(float(res[2]) for res in results)
                done = spans[min(r + workers, len(spans)) - 1][1]
                loss_terms += sum(e - s for s, e in spans[r : r + workers]) * (negative + 1)
                bar.update(int(len(ids) * (epoch + done / n)), loss_sum / max(loss_terms, 1))
    finally:
        if pool is not None:
            pool.shutdown()
    return w_in.numpy(), w_out.numpy()


def _alpha(alpha: float, min_alpha: float, progress: float) -> float:
    """word2vec's learning rate: linear from ``alpha`` to ``min_alpha`` over training."""
    return max(min_alpha, alpha - (alpha - min_alpha) * progress)


def to_keyed_vectors(vocab: CorpusVocab, vectors: np.ndarray):
    """gensim ``KeyedVectors`` with ``vocab``'s order and counts."""
    return vocab_tables.to_keyed_vectors(list(vocab.words), vectors, skip=(), counts=vocab.counts)


