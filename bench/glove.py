"""GloVe (coursekit, TensorFlow) vs gensim Word2Vec (SGNS) on the same English corpus.

    python bench/glove.py [--words 1000000] [--dim 50] [--epochs 15]

Trains on the first ``--words`` words of the course's English corpus (en8
offline, text8 otherwise) and prints one JSON line per model: seconds and
Spearman correlations on WordSim353 and SimLex-999 (gensim's copies). Timings
depend on the machine and on whatever else runs on it.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def evaluate(kv) -> dict:
    from coursekit import datasets

    out = {}
    for name, path in (("ws353", datasets.wordsim353_path()), ("simlex", datasets.simlex999_path())):
        pearson, spearman, oov = kv.evaluate_word_pairs(str(path))
        out[name] = round(float(spearman[0]), 3)
        out[f"{name}_oov_%"] = round(float(oov), 1)
    probes = [w for w in ("three", "water", "king", "computer") if w in kv]
    out["mean_top1_cos"] = round(float(np.mean([kv.most_similar(w, topn=1)[0][1] for w in probes])), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    from gensim.models import Word2Vec

    from coursekit import datasets, glove

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--words", type=int, default=1_000_000)
    p.add_argument("--dim", type=int, default=50)
    p.add_argument("--window", type=int, default=10)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--w2v-epochs", type=int, default=5)
    p.add_argument("--skip-adagrad", action="store_true")
    args = p.parse_args(argv)

    sentences = datasets.load_english_corpus(args.words)
    tokens = sum(map(len, sentences))
    start = time.perf_counter()
    cooc = glove.cooccurrence(sentences, args.window, min_count=5, distance_weighting=True)
    print(json.dumps({"corpus_tokens": tokens, "vocab": len(cooc.vocab), "nonzero": cooc.matrix.nnz,
                      "cooccurrence_seconds": round(time.perf_counter() - start, 1)}), flush=True)

    runs = [("glove adam x_max=10", dict(optimizer="adam", learning_rate=0.01, x_max=10)),
            ("glove adam x_max=100", dict(optimizer="adam", learning_rate=0.01, x_max=100))]
    if not args.skip_adagrad:
        runs.append(("glove adagrad lr=0.05 x_max=10 (reference optimiser)",
                     dict(optimizer="adagrad", learning_rate=0.05, x_max=10)))
    for name, kwargs in runs:
        start = time.perf_counter()
        model = glove.GloVe(dim=args.dim, window=args.window, epochs=args.epochs, **kwargs).fit(sentences, cooc)
        kv = model.wv
        seconds = time.perf_counter() - start
        print(json.dumps({"model": f"coursekit {name}", "epochs": args.epochs, "seconds": round(seconds, 1),
                          "final_loss": round(model.history["loss"][-1], 4), **evaluate(kv)}), flush=True)

    start = time.perf_counter()
    model = Word2Vec(sentences, vector_size=args.dim, window=args.window, min_count=5, sg=1, negative=5,
                     epochs=args.w2v_epochs, workers=2, seed=0)
    seconds = time.perf_counter() - start
    print(json.dumps({"model": "gensim Word2Vec sg=1 negative=5", "epochs": args.w2v_epochs,
                      "seconds": round(seconds, 1), **evaluate(model.wv)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
