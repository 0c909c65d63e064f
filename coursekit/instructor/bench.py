"""Benchmark: coursekit's trainer against gensim on the same corpus and settings.

:func:`run` (``python -m coursekit bench sgns --corpus PATH [--epochs N]``, or
``cbow``, or ``fasttext``: skip-gram FastText with n-grams of 3..6 characters
in 2,000,000 buckets, :func:`coursekit.fasttext.train` vs gensim's
``FastText``) trains both with dim 100, window 5, negative 5, sample 1e-3,
min_count 5 and 2 CPU threads each, evaluates both with
:mod:`coursekit.evaluate` (WordSim353, SimLex-999, Google analogies in the
30,000 most frequent words), prints a table and, as its last line, one JSON
object::

    {"corpus_tokens": N, "coursekit": {"seconds", "words_per_sec", "ws353",
     "simlex", "analogy"}, "gensim": {...same...}}

``seconds`` is the whole training call (vocabulary included, corpus reading
excluded) and ``words_per_sec`` is ``corpus_tokens * epochs / seconds``.

``bench fasttext --reference fasttext`` also trains Facebook's original fastText
(the ``fasttext`` Python bindings, ``pip install fasttext``; optional, not a
course or CI dependency) with the same settings (:func:`run_fasttext_original`)
as a third column, and the JSON object gets a ``"fasttext_original"`` key with
the same fields.

``bench glove`` (:func:`run_glove`) trains :class:`coursekit.glove.GloVe` with
the GloVe demo's settings (:data:`GLOVE`) against gensim skip-gram with the
settings above, prints the co-occurrence matrix's size and memory and, next
to the results, Stanford GloVe's figures recorded on en8 (:data:`STANFORD_EN8`).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
import time

from coursekit.settings import TrainSettings

SETTINGS = TrainSettings(dim=100, window=5, negative=5, sample=1e-3, min_count=5)
ALGORITHMS = {"sgns": True, "cbow": False, "fasttext": True}  # name -> sg flag
FASTTEXT = {"min_n": 3, "max_n": 6, "bucket": 2_000_000}
GLOVE = {"dim": 100, "window": 10, "x_max": 10.0, "epochs": 15, "min_count": 5}  # the GloVe demo's
# Recorded, not computed here: Stanford's GloVe C code on en8 with GLOVE's settings (whole pipeline:
# vocab_count, cooccur, shuffle, glove), measured on this course's 2-core machine next to gensim SGNS.
STANFORD_EN8 = {"ws353": (0.355, 0.360), "simlex": (0.096, 0.099), "analogy": (0.081, 0.083),
                "seconds_vs_gensim_sgns": 5.8}
MAX_SENTENCE = 10_000  # gensim's longest sentence; text8-style files are cut into such chunks
REFERENCES = ("fasttext",)  # --reference: optional extra columns (bench fasttext only)
FASTTEXT_EOS = "</s>"  # the original fastText's end-of-line token, not a word of the corpus


class ReferenceUnavailable(RuntimeError):
    """``--reference fasttext`` without the ``fasttext`` Python package."""


def import_fasttext():
    """The ``fasttext`` module (Facebook's original fastText), or :class:`ReferenceUnavailable`."""
    try:
        import fasttext
    except ImportError as error:
        raise ReferenceUnavailable(
            "--reference fasttext needs the Python bindings of Facebook's original fastText, "
            "which are not installed: run `pip install fasttext` (in this project: "
            "`.venv/bin/pip install fasttext`) and try again."
        ) from error
    return fasttext


def read_corpus(path: str | os.PathLike, max_words: int | None = None) -> list[list[str]]:
    """Token lists from a text file: each line split on whitespace, cut into 10,000-word pieces.

    A text8-style file (one huge line) becomes 10,000-word "sentences", as with
    gensim's ``Text8Corpus`` / ``LineSentence``.
    """
    sentences: list[list[str]] = []
    left = max_words
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            words = line.split()
            if left is not None:
                words = words[:left]
                left -= len(words)
            sentences += [words[i : i + MAX_SENTENCE] for i in range(0, len(words), MAX_SENTENCE)]
            if left is not None and left <= 0:
                break
    return sentences


def _set_threads(threads: int, intra_op_threads: int | None = None) -> None:
    """TensorFlow's thread pools: ``threads`` each, or ``intra_op_threads`` for the intra-op pool."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(intra_op_threads or threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:  # TensorFlow already started (e.g. inside a test run)
        pass


def run_coursekit(sentences, sg: bool, epochs: int, seed: int, workers: int, progress: bool,
                  algo: str = "sgns", bucket: int = FASTTEXT["bucket"], batch: int | None = None):
    from coursekit import fasttext, word2vec

    settings = dataclasses.replace(SETTINGS, epochs=epochs, seed=seed, workers=workers, batch=batch)
    start = time.perf_counter()
    if algo == "fasttext":
        kv = fasttext.train(sentences, sg=True, settings=settings, progress=progress,
                            **{**FASTTEXT, "bucket": bucket})
    else:
        kv = word2vec.train(sentences, sg=sg, settings=settings, progress=progress)
    return kv, time.perf_counter() - start


def run_gensim(sentences, sg: bool, epochs: int, seed: int, threads: int, algo: str = "sgns",
               bucket: int = FASTTEXT["bucket"]):
    from gensim.models import FastText, Word2Vec

    start = time.perf_counter()
    extra = {**FASTTEXT, "bucket": bucket} if algo == "fasttext" else {}
    model = (FastText if algo == "fasttext" else Word2Vec)(
        sentences,
        sg=int(sg),
        vector_size=SETTINGS.dim,
        window=SETTINGS.window,
        negative=SETTINGS.negative,
        hs=0,
        sample=SETTINGS.sample,
        min_count=SETTINGS.min_count,
        workers=threads,
        epochs=epochs,
        seed=seed + 1,
        **extra,
    )
    return model.wv, time.perf_counter() - start


def run_fasttext_original(sentences, epochs: int, threads: int, bucket: int = FASTTEXT["bucket"]):
    """Facebook's fastText (``fasttext.train_unsupervised``) with :data:`SETTINGS` and :data:`FASTTEXT`.

    The sentences go to a temporary text file, one per line (writing it is not
    timed; the file is deleted afterwards, also on error). ``lr`` is 0.025, the
    ``alpha`` of gensim and coursekit (fastText's own default is 0.05). Returns
    gensim ``KeyedVectors`` of the model's words (``get_word_vector``, most
    frequent first, without fastText's ``</s>``) and the training seconds.
    """
    ft = import_fasttext()
    import numpy as np
    from gensim.models import KeyedVectors

    fd, path = tempfile.mkstemp(prefix="coursekit-bench-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for sentence in sentences:
                fh.write(" ".join(sentence) + "\n")
        start = time.perf_counter()
        model = ft.train_unsupervised(
            path, model="skipgram", dim=SETTINGS.dim, ws=SETTINGS.window, neg=SETTINGS.negative,
            minCount=SETTINGS.min_count, t=SETTINGS.sample, epoch=epochs, minn=FASTTEXT["min_n"],
            maxn=FASTTEXT["max_n"], bucket=bucket, thread=threads, lr=0.025, verbose=0,
        )
        seconds = time.perf_counter() - start
    finally:
        os.remove(path)
    words = [w for w in model.words if w != FASTTEXT_EOS]
    kv = KeyedVectors(SETTINGS.dim, dtype=np.float32)
    if words:
        kv.add_vectors(words, np.stack([np.asarray(model.get_word_vector(w), np.float32) for w in words]))
    return kv, seconds


def _row(seconds: float, tokens: int, epochs: int, scores: dict) -> dict:
    row = {"seconds": round(seconds, 3), "words_per_sec": round(tokens * epochs / seconds)}
    for key in ("ws353", "simlex", "analogy"):
        value = scores[key]
        row[key] = None if math.isnan(value) else round(value, 4)
    return row


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if isinstance(value, int) or value >= 100 else f"{value:.4f}"


def table(result: dict) -> str:
    """The human-readable part of the report."""
    ck, gs, ft = result["coursekit"], result["gensim"], result.get("fasttext_original")
    if ft is None:
        lines = [f"{'':16}{'coursekit':>14}{'gensim':>14}{'vs gensim':>12}"]
    else:  # --reference fasttext: a third column and coursekit against it too
        lines = [f"{'':16}{'coursekit':>14}{'gensim':>14}{'fastText':>14}{'vs gensim':>12}"
                 f"{'vs fastText':>13}"]
    for key in ("seconds", "words_per_sec", "ws353", "simlex", "analogy"):
        a, b = ck[key], gs[key]
        line = f"{key:16}{_fmt(a):>14}{_fmt(b):>14}"
        if ft is None:
            lines.append(f"{line}{_versus(key, a, b):>12}")
        else:
            lines.append(f"{line}{_fmt(ft[key]):>14}{_versus(key, a, b):>12}{_versus(key, a, ft[key]):>13}")
    return "\n".join(lines)


def _versus(key: str, a, b) -> str:
    if a is None or b is None:
        return "-"
    if key in ("ws353", "simlex"):  # target: within 0.01
        return f"{a - b:+.4f}"
    return f"{a / b:.2f}x" if b else "-"  # seconds, speed and analogy: a ratio


def run(algo: str, corpus: str | os.PathLike, *, epochs: int = 5, threads: int = 2,
        workers: int = 1, seed: int = 0, max_words: int | None = None, progress: bool = True,
        bucket: int = FASTTEXT["bucket"], intra_op_threads: int | None = None,
        batch: int | None = None, reference: str | None = None) -> dict:
    """Train and evaluate both, print the table and, as the last line, the JSON object.

    ``intra_op_threads`` sizes TensorFlow's intra-op pool (default: ``threads``) and
    ``batch`` coursekit's SGD batch (default: :func:`coursekit.sgns.default_batch`);
    see bench/README.md ("Serial XLA loops"). ``reference="fasttext"`` (``algo``
    ``"fasttext"`` only) adds Facebook's original fastText as a third column
    (:func:`run_fasttext_original`); without the ``fasttext`` package it raises
    :class:`ReferenceUnavailable` before anything is trained.
    """
    if reference is not None:
        if reference not in REFERENCES:
            raise ValueError(f"unknown reference {reference!r}; known: {', '.join(REFERENCES)}")
        if algo != "fasttext":
            raise ValueError("--reference fasttext only applies to `bench fasttext`")
        import_fasttext()
    _set_threads(threads, intra_op_threads)
    from coursekit import evaluate

    sentences = read_corpus(corpus, max_words)
    tokens = sum(len(s) for s in sentences)
    if algo == "glove":
        return run_glove(sentences, tokens, corpus=corpus, epochs=epochs, threads=threads, seed=seed, progress=progress)
    sg = ALGORITHMS[algo]
    load_before = os.getloadavg()
    print(f"== {algo}: {corpus}, {tokens:,} words, {epochs} epochs, "
          f"{threads} threads, coursekit workers {workers}"
          + (f", TensorFlow intra-op threads {intra_op_threads}" if intra_op_threads else "")
          + (f", batch {batch}" if batch else "")
          + f", load average {load_before[0]:.2f}", flush=True)

    kv, seconds = run_coursekit(sentences, sg, epochs, seed, workers, progress, algo, bucket, batch)
    ours = _row(seconds, tokens, epochs, evaluate.benchmark(kv))
    print(f"coursekit: {seconds:.1f} s", flush=True)
    gkv, gseconds = run_gensim(sentences, sg, epochs, seed, threads, algo, bucket)
    theirs = _row(gseconds, tokens, epochs, evaluate.benchmark(gkv))
    print(f"gensim: {gseconds:.1f} s", flush=True)

    result = {"corpus_tokens": tokens, "coursekit": ours, "gensim": theirs}
    also = ""
    if reference == "fasttext":
        fkv, fseconds = run_fasttext_original(sentences, epochs, threads, bucket)
        result["fasttext_original"] = _row(fseconds, tokens, epochs, evaluate.benchmark(fkv))
        print(f"fastText (original): {fseconds:.1f} s", flush=True)
        also = f", original fastText {len(fkv):,}"
    load_after = os.getloadavg()
    print(table(result))
    print(f"(vocabulary {len(kv):,} words{also}; load average before/after: "
          f"{load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} CPUs; "
          "timings are noisy on a shared machine)")
    print(json.dumps(result), flush=True)
    return result


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_glove(sentences, tokens: int, *, corpus: str | os.PathLike = "", epochs: int = 5,
              threads: int = 2, seed: int = 0, progress: bool = True) -> dict:
    """coursekit GloVe (:data:`GLOVE`, whole pipeline timed) vs gensim SGNS, with Stanford's
    recorded en8 figures beside them; prints the report and the JSON line."""
    from coursekit import evaluate, glove

    load_before = os.getloadavg()
    print(f"== glove: {corpus}, {tokens:,} words, GloVe {GLOVE}, gensim SGNS {epochs} epochs, "
          f"{threads} threads, load average {load_before[0]:.2f}", flush=True)
    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    cooc = glove.cooccurrence(sentences, GLOVE["window"], min_count=GLOVE["min_count"],
                              distance_weighting=True)
    count_seconds = time.perf_counter() - start
    memory = {"seconds": round(count_seconds, 1), "vocab": len(cooc.vocab), "nonzero": cooc.matrix.nnz,
              "matrix_mb": round(cooc.nbytes / 2**20, 1), "peak_rss_mb": round(_peak_rss_mb(), 1),
              "peak_rss_growth_mb": round(_peak_rss_mb() - rss_before, 1)}
    print(f"co-occurrence (window {GLOVE['window']}, 1/d): {memory['seconds']} s, vocabulary "
          f"{memory['vocab']:,}, {memory['nonzero']:,} non-zero entries, matrix {memory['matrix_mb']} MiB; "
          f"process peak RSS {memory['peak_rss_mb']} MiB (+{memory['peak_rss_growth_mb']} MiB while "
          "counting)", flush=True)
    model = glove.GloVe(**{k: GLOVE[k] for k in ("dim", "window", "x_max", "epochs", "min_count")},
                        seed=seed, progress=progress).fit(cooc=cooc)
    seconds = time.perf_counter() - start
    ours = _row(seconds, tokens, GLOVE["epochs"], evaluate.benchmark(model.wv))
    print(f"coursekit GloVe: {seconds:.1f} s (counting {count_seconds:.1f} s)", flush=True)
    gkv, gseconds = run_gensim(sentences, True, epochs, seed, threads)
    theirs = _row(gseconds, tokens, epochs, evaluate.benchmark(gkv))
    print(f"gensim SGNS: {gseconds:.1f} s", flush=True)
    result = {"corpus_tokens": tokens, "coursekit": ours, "gensim": theirs, "cooccurrence": memory,
              "stanford_en8_recorded": STANFORD_EN8}
    print(table(result))  # gensim = skip-gram with negative sampling
    low = {k: v[0] for k, v in STANFORD_EN8.items() if k != "seconds_vs_gensim_sgns"}
    print("Stanford GloVe on en8, RECORDED figures (not computed in this run): "
          f"WS353 {STANFORD_EN8['ws353'][0]}-{STANFORD_EN8['ws353'][1]}, SimLex {STANFORD_EN8['simlex'][0]}-"
          f"{STANFORD_EN8['simlex'][1]}, analogy {STANFORD_EN8['analogy'][0]}-{STANFORD_EN8['analogy'][1]}, "
          f"{STANFORD_EN8['seconds_vs_gensim_sgns']}x gensim SGNS's time")
    reached = [k for k in low if ours[k] is not None and ours[k] >= low[k]]
    print(f"coursekit GloVe: {seconds / gseconds:.2f}x gensim SGNS's time (goal <= 2x); at or above "
          f"Stanford's recorded low end on {reached or 'none'} of {list(low)}")
    load_after = os.getloadavg()
    print(f"(load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} CPUs; "
          "timings are noisy on a shared machine)")
    print(json.dumps(result), flush=True)
    return result
