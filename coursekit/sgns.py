"""The fast negative-sampling trainer that word2vec and FastText share (lectures 04, 05).

It follows the original word2vec / gensim algorithm:

1. a vocabulary with ``min_count`` (:class:`coursekit.vocab.Vocab`);
2. every epoch, frequent words are *subsampled* (:mod:`coursekit.subsampling`)
   and dropped before windows are taken;
3. each centre word draws its own window size ``b`` uniformly from
   ``1..window`` (the "shrinking window"), never crossing a sentence end;
4. every (input, target) pair gets ``negative`` noise words drawn from
   ``count ** 0.75`` (:mod:`coursekit.negative_sampling`); a noise word equal to
   the target is skipped;
5. plain SGD on the two tables (``W`` for inputs, ``W'`` for outputs), with a
   learning rate that decays linearly from ``alpha`` to ``min_alpha``.

One kernel, :func:`train_chunk`, does step 5 for every model, as fastText's
``src/model.cc`` does: an example's hidden vector is the *average of some rows
of* ``W``, and each of those rows receives the whole gradient. For skip-gram
word2vec that is one row (the input word's), for CBOW the rows of the context
words, for FastText the word's own row plus its n-gram buckets
(:class:`InputRows`). Speed work on the kernel lands in all of them.

How it is made fast (no Python per word, per pair or per sentence):

* Steps 2-3 run as vectorised TensorFlow ops over a whole epoch
  (:func:`epoch_examples`); random numbers come from a counter-based hash
  (:mod:`coursekit.random_streams`), cheap and reproducible.
* The SGD loop runs inside one XLA-compiled function per chunk of examples
  (``jit_compile=True``): batches of about a thousand examples, negatives drawn
  in the loop, only the touched rows updated (gather / scatter-add), like
  word2vec's C code but a batch at a time.
* Optionally (``workers > 1``), several threads train at the same time, each
  on its own copy of the tables, merged often enough that no copy goes stale
  (:mod:`coursekit.parallel_tables`). The result depends only on the seed and
  on ``workers``, not on thread timing, so training stays reproducible.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from coursekit import config, parallel_tables, validation
from coursekit.negative_sampling import alias_table, noise_distribution, noise_targets, sgd_update
from coursekit.random_streams import NEGATIVE, SUBSAMPLE, WINDOW, stream_key, uniform_from_key
from coursekit.settings import TrainSettings
from coursekit.subsampling import keep_probability
from coursekit.vocab import Vocab

config._quiet_tensorflow()
import tensorflow as tf  # noqa: E402

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
        stream_key(seed, epoch, SUBSAMPLE),
        stream_key(seed, epoch, WINDOW),
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
# Input rows: which rows of W a word's input vector averages
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class InputRows:
    """The rows of ``W`` that each word's input vector averages, when they are more than one.

    Without an ``InputRows`` a word ``i`` is row ``i`` (word2vec). FastText's
    word is its own row and the rows of its n-gram buckets. The lists are
    stored back to back (``flat``), word ``i``'s at ``flat[start[i]:start[i + 1]]``,
    so a batch gathers exactly the rows its words have, with no padding to the
    longest word. ``mean_rows`` is the average list length per running word
    (weighted by ``weights``, e.g. subsampled counts); it sizes the kernel's
    pieces (:func:`train_chunk`'s ``piece``).
    """

    start: np.ndarray
    flat: np.ndarray
    mean_rows: float

    @classmethod
    def from_lists(cls, rows_of_word: list[list[int]], weights: np.ndarray | None = None) -> InputRows:
        """Tables from each word's list of rows; ``weights`` (e.g. running-word counts) give ``mean_rows``."""
        lengths = np.array([len(r) for r in rows_of_word], np.int64)
        if len(lengths) == 0 or lengths.min() < 1:
            raise ValueError("every word needs at least one row")
        start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        flat = np.concatenate([np.asarray(r, np.int64) for r in rows_of_word]).astype(np.int32)
        w = np.ones(len(lengths)) if weights is None else np.asarray(weights, np.float64)
        mean = float((lengths * w).sum() / w.sum()) if w.sum() > 0 else float(lengths.mean())
        return cls(start, flat, mean)

    def tensors(self) -> dict[str, tf.Tensor]:
        """The tables as keyword arguments of :func:`train_chunk`."""
        return {"row_start": tf.constant(self.start), "row_flat": tf.constant(self.flat)}

    def piece(self, examples: int, width: int = 1) -> int:
        """Rows gathered at a time for ``examples`` examples of ``width`` words.

        1.3 times their expected rows, so one piece usually holds a whole batch
        (measured on en8: faster than smaller or larger pieces).
        """
        return max(64, int(np.ceil(examples * width * self.mean_rows * 1.3 / 64)) * 64)


# ---------------------------------------------------------------------------
# The kernel: SGD on averaged input rows
# ---------------------------------------------------------------------------


def _interpolate(alpha0, alpha1, first, start, end):
    frac = tf.cast(first - start, tf.float32) / tf.cast(tf.maximum(end - start, 1), tf.float32)
    return alpha0 + (alpha1 - alpha0) * frac


def train_chunk(w_in, w_out, inputs, input_mask, targets, start, end, alpha0, alpha1, key,
                threshold, alias, *, negative: int, batch: int, row_start=None, row_flat=None,
                piece: int = 1024, pair_start=None, pair_centre=None, pair_piece: int = 1024):
    """SGD with negative sampling over examples ``start..end`` (compile with ``jit_compile=True``).

    Example ``i`` has the input words ``inputs[i]`` (``[N, W]``; skip-gram
    ``W = 1``, CBOW the context slots, ``input_mask`` marking real ones or
    ``None`` when all are) and the target word ``targets[i]``. Its hidden
    vector ``h`` is the mean of the input words' rows of ``w_in``: row ``w``
    for word ``w``, or the rows of :class:`InputRows` (``row_start``/``row_flat``,
    gathered ``piece`` rows at a time, so no word is padded to the longest).
    ``h`` predicts the target against ``negative`` noise words
    (:func:`coursekit.negative_sampling.sgd_update`) and every averaged row
    gets the whole change, as in word2vec (CBOW, ``cbow_mean=1``), fastText
    and gensim. The learning rate goes linearly from ``alpha0`` to ``alpha1``
    over the chunk. Returns ``(w_in, w_out, loss_sum)``.

    With ``pair_start`` (``[N + 1]``), example ``i`` predicts several words:
    ``targets[pair_start[i]:pair_start[i + 1]]`` (fastText's skip-gram: a
    centre word's n-gram mean predicts each word of its window), and
    ``pair_centre[k]`` is the example of pair ``k``. The pairs of a batch are
    processed ``pair_piece`` at a time (``W'`` is updated after each piece),
    the changes that ``h`` receives from its targets are added up, and the
    input rows are gathered and updated once per example instead of once per
    pair: for FastText, whose word has about 15 rows, that is most of the work.
    Noise words are numbered by pair, so they do not depend on the batching.
    """
    width = inputs.shape[1]
    dim = w_in.shape[1]

    def rows_of_piece(p, words, lengths, ends, total):
        """Piece ``p`` of the batch's rows laid end to end: row ids, their example and validity."""
        j = p * piece + tf.range(piece)
        # slot of position j = how many slots end at or before j
        marks = tf.tensor_scatter_nd_add(
            tf.zeros([piece + 1], tf.int32), tf.clip_by_value(ends - p * piece, 0, piece)[:, None],
            tf.ones_like(ends))
        slot = tf.minimum(tf.cumsum(marks)[:piece], tf.shape(ends)[0] - 1)
        ok = j < total
        at = tf.gather(row_start, tf.gather(words, slot)) + j - (tf.gather(ends, slot) - tf.gather(lengths, slot))
        row = tf.gather(row_flat, tf.where(ok, at, 0))
        return row, slot // width, tf.cast(ok, tf.float32)

    def body(first, w_in, w_out, loss):
        words = tf.slice(inputs, [first, 0], [batch, width])
        valid = tf.cast(first + tf.range(batch) < end, tf.float32)
        alpha = _interpolate(alpha0, alpha1, first, start, end)
        if pair_start is None:
            tgt = tf.slice(targets, [first], [batch])
            all_targets, weights = noise_targets(tgt, first, negative, key, threshold, alias)
            weights = weights * valid[:, None]
        m = None
        if input_mask is not None:
            m = tf.cast(tf.slice(input_mask, [first, 0], [batch, width]), tf.float32)
        if row_start is None:  # each word is its own row
            vecs = tf.gather(w_in, words)  # [B, W, d]
            if m is None:
                h = tf.reduce_mean(vecs, axis=1)
            else:
                h = tf.reduce_sum(vecs * m[..., None], axis=1) / tf.maximum(tf.reduce_sum(m, axis=1), 1.0)[:, None]
        else:  # a word's rows come from row_flat, gathered `piece` rows at a time
            flat_words = tf.reshape(words, [-1])
            lengths = tf.gather(row_start, flat_words + 1) - tf.gather(row_start, flat_words)
            if m is not None:
                lengths = lengths * tf.cast(tf.reshape(m, [-1]) > 0, tf.int32)
            ends = tf.cumsum(lengths)
            total = ends[-1]
            n_pieces = (total + piece - 1) // piece

            def add_piece(p, h_sum):
                row, ex, ok = rows_of_piece(p, flat_words, lengths, ends, total)
                return p + 1, tf.tensor_scatter_nd_add(h_sum, ex[:, None], tf.gather(w_in, row) * ok[:, None])

            _, h_sum = tf.while_loop(lambda p, _: p < n_pieces, add_piece,
                                     (tf.constant(0), tf.zeros([batch, dim], w_in.dtype)))
            count = tf.reduce_sum(tf.reshape(lengths, [batch, width]), axis=1)
            h = h_sum / tf.maximum(tf.cast(count, tf.float32), 1.0)[:, None]
        if pair_start is None:
            grad_h, w_out, step_loss = sgd_update(h, all_targets, weights, w_out, alpha)
        else:  # the batch's pairs lie end to end; noise counters are global pair numbers
            p0 = tf.gather(pair_start, first)
            p1 = tf.gather(pair_start, tf.minimum(first + batch, end))

            def pair_piece_step(k, grad_h, w_out, step_loss):
                at = p0 + k * pair_piece
                ok = tf.cast(at + tf.range(pair_piece) < p1, tf.float32)
                ex = tf.clip_by_value(tf.slice(pair_centre, [at], [pair_piece]) - first, 0, batch - 1)
                tgt = tf.slice(targets, [at], [pair_piece])
                all_targets, weights = noise_targets(tgt, at, negative, key, threshold, alias)
                grad_p, w_out, piece_loss = sgd_update(tf.gather(h, ex), all_targets, weights * ok[:, None],
                                                       w_out, alpha)
                return k + 1, tf.tensor_scatter_nd_add(grad_h, ex[:, None], grad_p), w_out, step_loss + piece_loss

            _, grad_h, w_out, step_loss = tf.while_loop(
                lambda k, *_: p0 + k * pair_piece < p1, pair_piece_step,
                (tf.constant(0), tf.zeros_like(h), w_out, tf.constant(0.0)))
        # every averaged row gets the full change, computed from the same h
        if row_start is None:
            change = grad_h[:, None, :] if m is None else grad_h[:, None, :] * m[..., None]
            w_in = tf.tensor_scatter_nd_add(w_in, words[..., None], tf.broadcast_to(change, tf.shape(vecs)))
        else:

            def update_piece(p, w_in):
                row, ex, ok = rows_of_piece(p, flat_words, lengths, ends, total)
                return p + 1, tf.tensor_scatter_nd_add(w_in, row[:, None], tf.gather(grad_h, ex) * ok[:, None])

            _, w_in = tf.while_loop(lambda p, _: p < n_pieces, update_piece, (tf.constant(0), w_in))
        return first + batch, w_in, w_out, loss + step_loss

    _, w_in, w_out, loss = tf.while_loop(
        lambda first, *_: first < end, body, (start, w_in, w_out, tf.constant(0.0))
    )
    return w_in, w_out, loss


_compiled: dict[tuple, object] = {}


def _train_chunk_in_place(w_in, w_out, *args, **kwargs):
    """:func:`train_chunk` on two ``tf.Variable``\\ s, updated in place; returns the loss."""
    new_in, new_out, loss = train_chunk(w_in.read_value(), w_out.read_value(), *args, **kwargs)
    w_in.assign(new_in)
    w_out.assign(new_out)
    return loss


def compiled_chunk(width: int, tables: tuple[str, ...] = (), in_place: bool = False,
                   shapes: tuple = ()):
    """:func:`train_chunk` compiled with XLA, one function per input width and kind of rows table.

    (One function for all would generalise the width to "unknown" after a few
    traces, and the kernel needs it static.) ``in_place``: the tables are
    variables updated in place (the workers of :mod:`coursekit.parallel_tables`);
    pass their ``shapes`` too: a function generalised over variables of several
    shapes ran XLA code compiled for another shape (TensorFlow 2.21: "Must have
    updates.shape = ..." when a model of dim 8 followed one of dim 16).
    """
    key = (width, tables, in_place, shapes if in_place else ())
    if key not in _compiled:
        fn = _train_chunk_in_place if in_place else train_chunk
        _compiled[key] = config.expected_retracing(
            tf.function(fn, jit_compile=True, reduce_retracing=True))
    return _compiled[key]


# ---------------------------------------------------------------------------
# The epoch loop
# ---------------------------------------------------------------------------


def default_batch(counts: np.ndarray | None = None, negative: int = 5, workers: int = 1) -> int:
    """Examples per SGD step: 128 on a CPU, up to 16384 on a GPU.

    On a CPU a batch of 128 pairs (12.8K numbers per table at dim 100) stays
    in the caches: en8 skip-gram trains 1.7x faster than with 1024 and as
    well (bench/README.md). A GPU needs large batches to be busy.

    A batch adds up the updates of all its examples, computed from the same
    tables. That is harmless while no row takes part too often in one batch;
    beyond that, training degrades and then diverges (skip-gram on en8:
    batches of 4096 train as well as 1024, 8192 a little worse, 16384 diverge).
    So the batch is halved until the most frequent noise word is expected at
    most 400 times per batch and an average row at most 100 times (tiny
    vocabularies). With ``workers`` threads, whose batches start from the same
    values of the merged rows, the limits hold for all their batches together.
    """
    batch = 16384 if config.gpus() else 128
    if counts is not None:
        busiest = (negative + 1) * float(noise_distribution(counts).max())
        per_row = (negative + 1) / len(counts)
        while batch > 16 and (batch * workers * busiest > 400 or batch * workers * per_row > 100):
            batch //= 2
    return batch


def default_workers() -> int:
    """Training threads: 2 on a CPU with at least two cores, 1 on a GPU.

    Two workers keep both cores of Colab's CPU runtime busy (en8 skip-gram:
    0.85x the time of one, the same quality; bench/README.md). Not one per
    core: the result depends on the number of workers, and with two a bigger
    machine trains exactly the model that Colab and the tests train. A GPU
    runs one worker's large batches faster than two could share it.
    """
    return 1 if config.gpus() else min(2, os.cpu_count() or 1)


class _Progress:
    """Keras' progress bar, moved at most :attr:`STEPS` times (two workers report after every
    round of 2^15 pairs: a line per round would fill a notebook's output with thousands)."""

    STEPS = 50

    def __init__(self, total_words: int, enabled: bool):
        self.enabled = enabled
        self.start = time.perf_counter()
        self.bar = None
        self.total = total_words
        self.next = 0
        if enabled:
            import keras

            self.bar = keras.utils.Progbar(
                total_words, unit_name="word", stateful_metrics=["loss", "words/s"]
            )

    def update(self, words_done: int, loss: float) -> None:
        if self.bar is not None and (words_done >= self.next or words_done >= self.total):
            self.next = words_done + max(1, self.total // self.STEPS)
            rate = words_done / max(time.perf_counter() - self.start, 1e-9)
            self.bar.update(words_done, values=[("loss", loss), ("words/s", rate)])


def initial_tables(vocab_size: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's start: inputs uniform in ±0.5/dim, outputs all zero."""
    rng = np.random.default_rng(seed)
    w_in = rng.uniform(-0.5 / dim, 0.5 / dim, size=(vocab_size, dim)).astype(np.float32)
    return w_in, np.zeros((vocab_size, dim), np.float32)


def _alpha(alpha: float, min_alpha: float, progress: float) -> float:
    """word2vec's learning rate: linear from ``alpha`` to ``min_alpha`` over training."""
    return max(min_alpha, alpha - (alpha - min_alpha) * progress)


def fit_tables(
    vocab: Vocab,
    ids: np.ndarray,
    sentence_of: np.ndarray,
    settings: TrainSettings,
    *,
    sg: bool = True,
    initial: tuple[np.ndarray, np.ndarray] | None = None,
    input_rows: InputRows | None = None,
    centre_input: bool = False,
    progress: bool = True,
) -> tuple[np.ndarray, np.ndarray, dict[str, list[float]]]:
    """Train on an encoded corpus (:meth:`Vocab.encode_corpus`); return ``(W, W', history)``.

    ``history["loss"]`` is each epoch's mean loss per (true or noise) term.
    ``initial`` is the starting ``(W, W')`` (default :func:`initial_tables`);
    ``W`` may have more rows than the vocabulary, which ``input_rows`` then
    maps words to (FastText's n-gram buckets).

    ``centre_input=True`` (skip-gram only) is fastText's order: the centre
    word is the input and predicts each word of its window, so a centre's
    input rows are gathered and updated once for its whole window (see
    :func:`train_chunk`'s ``pair_start``); worth it when a word has many
    rows. ``batch`` and ``chunk`` still count (input, target) pairs: a step
    takes ``batch // (window + 1)`` centres, about ``batch`` pairs.
    """
    s = settings
    ids, sentence_of = np.asarray(ids), np.asarray(sentence_of)
    if len(ids) < 2 or not np.any(sentence_of[1:] == sentence_of[:-1]):
        raise validation.no_training_pairs(s.min_count)
    if centre_input and not sg:
        raise ValueError("centre_input은 skip-gram(sg=True)에서만 쓸 수 있습니다.")
    workers = s.workers or default_workers()
    batch = s.batch or default_batch(vocab.counts, s.negative, workers)
    chunk = s.chunk or (1 << 21 if workers == 1 else 1 << 15)
    all_rows_every = max(1, parallel_tables.ALL_ROWS_EVERY // chunk)  # rounds between full merges
    if centre_input:  # a centre has window + 1 pairs on average (2 E[b], b uniform in 1..window)
        batch, chunk = max(1, batch // (s.window + 1)), max(1, chunk // (s.window + 1))
    w_in_np, w_out_np = initial if initial is not None else initial_tables(len(vocab), s.dim, s.seed)
    w_in, w_out = tf.constant(w_in_np, tf.float32), tf.constant(w_out_np, tf.float32)
    threshold, alias = alias_table(noise_distribution(vocab.counts))
    noise = (tf.constant(threshold, tf.float32), tf.constant(alias, tf.int32))
    keep = tf.constant(keep_probability(vocab.counts, s.sample), tf.float32)
    ids_t, sent_t = tf.constant(ids), tf.constant(sentence_of)
    tables = input_rows.tensors() if input_rows is not None else {}
    width = 1 if sg else 2 * s.window
    if input_rows is not None:
        tables["piece"] = input_rows.piece(batch, width)
    if centre_input:  # filled per epoch; pieces of about one batch of pairs
        # (pieces of a quarter of a batch's expected pairs were fastest on en8)
        tables = {**tables, "pair_start": None, "pair_centre": None,
                  "pair_piece": max(64, batch * (s.window + 1) // 4)}
    run = compiled_chunk(width, tuple(sorted(tables)), in_place=workers > 1,
                         shapes=(tuple(w_in.shape), tuple(w_out.shape)))
    bar = _Progress(len(ids) * s.epochs, progress)
    pool, shared = None, None
    if workers > 1:
        pool = ThreadPoolExecutor(workers)
        shared = parallel_tables.WorkerTables(
            w_in, w_out, workers, parallel_tables.hot_rows(_row_updates(vocab.counts, len(w_in_np), input_rows)),
            parallel_tables.hot_rows(vocab.counts))
    history: dict[str, list[float]] = {"loss": []}
    loss_sum, loss_terms = 0.0, 0
    examples = 0
    try:
        for epoch in range(s.epochs):
            ex = epoch_examples(ids_t, sent_t, keep, window=s.window, sg=sg and not centre_input,
                                seed=s.seed, epoch=epoch)
            n = len(ex)
            # padded by one batch so that the last batch's slice stays inside the array
            if centre_input:  # CBOW's layout read the other way: the centre predicts its window
                inputs = tf.pad(ex.targets[:, None], [[0, batch], [0, 0]])
                pad = tables["pair_piece"]
                targets = tf.pad(tf.boolean_mask(ex.inputs, ex.mask), [[0, pad]])
                counts = tf.reduce_sum(tf.cast(ex.mask, tf.int32), axis=1)
                tables["pair_centre"] = tf.pad(tf.repeat(tf.range(n), counts), [[0, pad]])
                pairs_before = np.concatenate([[0], np.cumsum(counts.numpy())])
                tables["pair_start"] = tf.constant(np.pad(pairs_before, (0, batch), mode="edge"), tf.int32)
                mask = None
            else:
                inputs = ex.inputs[:, None] if sg else ex.inputs
                inputs = tf.pad(inputs, [[0, batch], [0, 0]])
                mask = None if sg else tf.pad(ex.mask, [[0, batch], [0, 0]])
                targets = tf.pad(ex.targets, [[0, batch]])
                pairs_before = None
            examples += n
            key = stream_key(s.seed, epoch, NEGATIVE)
            bounds = [*range(0, n, chunk), n]
            spans = list(zip(bounds[:-1], bounds[1:], strict=True))
            epoch_sum, epoch_terms = 0.0, 0
            for r in range(0, len(spans), workers):
                calls = [
                    (*((w_in, w_out) if shared is None else shared.copies[i]), inputs, mask, targets, tf.constant(a), tf.constant(b),
                     tf.constant(_alpha(s.alpha, s.min_alpha, (epoch + a / n) / s.epochs)),
                     tf.constant(_alpha(s.alpha, s.min_alpha, (epoch + b / n) / s.epochs)),
                     key, *noise)
                    for i, (a, b) in enumerate(spans[r : r + workers])
                ]

                def call(args):
                    return run(*args, negative=s.negative, batch=batch, **tables)

                if shared is None:
                    w_in, w_out, loss = call(calls[0])
                    losses = [loss]
                else:
                    losses = list(pool.map(call, calls))
                    last = r + workers >= len(spans)
                    if last or (r // workers + 1) % all_rows_every == 0:
                        shared.merge_all()
                    else:
                        shared.merge_hot()
                step_sum = sum(float(loss) for loss in losses)
                step_terms = sum(b - a if pairs_before is None else int(pairs_before[b] - pairs_before[a])
                                 for a, b in spans[r : r + workers]) * (s.negative + 1)
                epoch_sum, epoch_terms = epoch_sum + step_sum, epoch_terms + step_terms
                loss_sum, loss_terms = loss_sum + step_sum, loss_terms + step_terms
                done = spans[min(r + workers, len(spans)) - 1][1]
                bar.update(int(len(ids) * (epoch + done / n)), loss_sum / max(loss_terms, 1))
            history["loss"].append(epoch_sum / max(epoch_terms, 1))
    finally:
        if pool is not None:
            pool.shutdown()
    if examples == 0:  # every pair was subsampled away: the tables are still the random start
        raise validation.no_training_pairs(
            s.min_count, f" (sample={s.sample}의 서브샘플링이 모든 쌍을 지웠습니다. sample을 키우거나 0으로 하세요)")
    if shared is not None:
        return (*shared.numpy(), history)
    return w_in.numpy(), w_out.numpy(), history


def _row_updates(counts: np.ndarray, rows: int, input_rows: InputRows | None) -> np.ndarray:
    """How often each row of ``W`` is updated, relative: a word's count for each of its rows."""
    counts = np.asarray(counts, np.float64)
    if input_rows is None:
        return np.pad(counts, (0, rows - len(counts)))
    lengths = np.diff(input_rows.start)[: len(counts)]
    flat = input_rows.flat[: input_rows.start[len(counts)]]
    return np.bincount(flat, weights=np.repeat(counts, lengths), minlength=rows)
