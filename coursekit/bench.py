"""Benchmark: coursekit's trainer against gensim on the same corpus and settings.

``python -m coursekit bench sgns --corpus PATH [--epochs N]`` (or ``cbow``, or
``fasttext``: skip-gram FastText with n-grams of 3..6 characters in 2,000,000
buckets, :func:`coursekit.fasttext.train` vs gensim's ``FastText``) trains both with dim 100, window 5, negative 5, sample 1e-3, min_count 5 and
2 CPU threads each, evaluates both with :mod:`coursekit.evaluate`
(WordSim353, SimLex-999, Google analogies in the 30,000 most frequent words),
prints a table and, as its last line, one JSON object::

    {"corpus_tokens": N, "coursekit": {"seconds", "words_per_sec", "ws353",
     "simlex", "analogy"}, "gensim": {...same...}}

``seconds`` is the whole training call (vocabulary included, corpus reading
excluded) and ``words_per_sec`` is ``corpus_tokens * epochs / seconds``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import time
from pathlib import Path

from coursekit.settings import TrainSettings

SETTINGS = TrainSettings(dim=100, window=5, negative=5, sample=1e-3, min_count=5)
ALGORITHMS = {"sgns": True, "cbow": False, "fasttext": True}  # name -> sg flag
FASTTEXT = {"min_n": 3, "max_n": 6, "bucket": 2_000_000}
MAX_SENTENCE = 10_000  # gensim's longest sentence; text8-style files are cut into such chunks


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


def _set_threads(threads: int) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:  # TensorFlow already started (e.g. inside a test run)
        pass


def run_coursekit(sentences, sg: bool, epochs: int, seed: int, workers: int, progress: bool,
                  algo: str = "sgns", bucket: int = FASTTEXT["bucket"]):
    from coursekit import fasttext, word2vec

    settings = dataclasses.replace(SETTINGS, epochs=epochs, seed=seed, workers=workers)
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
    ck, gs = result["coursekit"], result["gensim"]
    lines = [f"{'':16}{'coursekit':>14}{'gensim':>14}{'vs gensim':>12}"]
    for key in ("seconds", "words_per_sec", "ws353", "simlex", "analogy"):
        a, b = ck[key], gs[key]
        if a is None or b is None:
            versus = "-"
        elif key in ("ws353", "simlex"):  # target: within 0.01
            versus = f"{a - b:+.4f}"
        else:  # seconds, speed and analogy: a ratio
            versus = f"{a / b:.2f}x" if b else "-"
        lines.append(f"{key:16}{_fmt(a):>14}{_fmt(b):>14}{versus:>12}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit bench",
        description="coursekit과 gensim을 같은 말뭉치, 같은 설정으로 학습해 속도와 품질을 비교합니다.",
    )
    parser.add_argument("algo", choices=sorted(ALGORITHMS), help="sgns (skip-gram), cbow 또는 fasttext")
    parser.add_argument("--corpus", required=True, help="텍스트 파일 (text8 형식 또는 한 줄에 한 문장)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="각 라이브러리가 쓸 CPU 스레드 수")
    parser.add_argument("--workers", type=int, default=1, help="coursekit이 동시에 학습할 조각 수")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-words", type=int, default=None, help="말뭉치 앞부분만 쓸 때 단어 수")
    parser.add_argument("--no-progress", action="store_true", help="진행 막대를 숨깁니다")
    parser.add_argument("--bucket", type=int, default=FASTTEXT["bucket"],
                        help="fasttext: n-gram 해시 칸(bucket) 수")
    args = parser.parse_args(argv)

    if not Path(args.corpus).is_file():
        parser.error(f"말뭉치 파일이 없습니다: {args.corpus}")
    _set_threads(args.threads)
    from coursekit import evaluate

    sentences = read_corpus(args.corpus, args.max_words)
    tokens = sum(len(s) for s in sentences)
    sg = ALGORITHMS[args.algo]
    load_before = os.getloadavg()
    print(f"== {args.algo}: {args.corpus}, {tokens:,} words, {args.epochs} epochs, "
          f"{args.threads} threads, load average {load_before[0]:.2f}", flush=True)

    kv, seconds = run_coursekit(sentences, sg, args.epochs, args.seed, args.workers,
                                not args.no_progress, args.algo, args.bucket)
    ours = _row(seconds, tokens, args.epochs, evaluate.benchmark(kv))
    print(f"coursekit: {seconds:.1f} s", flush=True)
    gkv, gseconds = run_gensim(sentences, sg, args.epochs, args.seed, args.threads, args.algo,
                                args.bucket)
    theirs = _row(gseconds, tokens, args.epochs, evaluate.benchmark(gkv))
    print(f"gensim: {gseconds:.1f} s", flush=True)

    result = {"corpus_tokens": tokens, "coursekit": ours, "gensim": theirs}
    load_after = os.getloadavg()
    print(table(result))
    print(f"(vocabulary {len(kv):,} words; load average before/after: "
          f"{load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} CPUs; "
          "timings are noisy on a shared machine)")
    print(json.dumps(result), flush=True)
    return 0
