"""coursekit: the helper package of "TensorFlow로 배우는 딥러닝 자연어 처리 – 3강 워드 임베딩".

One module per concept, in lecture order:

* :mod:`coursekit.ngram` – count-based n-gram language models (lecture 01)
* :mod:`coursekit.vocab` – word <-> id tables, one-hot vectors (02, 03)
* :mod:`coursekit.nnlm` – Bengio's neural network language model in Keras (02)
* :mod:`coursekit.context_windows` – CBOW / skip-gram training examples (03)
* :mod:`coursekit.softmax_word2vec` – CBOW and skip-gram with a full softmax (03)
* :mod:`coursekit.corpus_vocab` – min_count vocabulary and word2vec's subsampling (04)
* :mod:`coursekit.negative_sampling` – the unigram^0.75 noise distribution and sampler (04)
* :mod:`coursekit.word2vec` – the fast negative-sampling trainer (04)
* :mod:`coursekit.evaluate` – word similarity and analogy benchmarks (04)
* :mod:`coursekit.projector` – nearest neighbours, PCA, projector.tensorflow.org export (04)
* :mod:`coursekit.hangul` – Hangul syllables <-> jamo (05)
* :mod:`coursekit.fasttext` – character n-grams of ``<word>`` (05)
* :mod:`coursekit.glove` – the co-occurrence matrix, f(X) and GloVe's loss (06)
* :mod:`coursekit.elmo` – the biLM and ELMo's weighted sum of its layers (07)

and the course machinery:

* :mod:`coursekit.datasets` – dataset registry, download cache, loaders
* :mod:`coursekit.config` – quick/full mode, device report, seeding
* :mod:`coursekit.colab` – the setup cell's Colab step (missing packages only, Java for konlpy)
* :mod:`coursekit.colab_sim` – the test command runs the notebooks as a fresh Colab runtime
* :mod:`coursekit.viz` – plots with Korean labels; :mod:`coursekit.tables` – text tables
* :mod:`coursekit.checks` – feedback for exercise check cells
* :mod:`coursekit.notebooks` – badges, setup cells, exercises from solutions
* :mod:`coursekit.grading`, :mod:`coursekit.submissions` – grading submitted notebooks
* :mod:`coursekit.bench` – ``python -m coursekit bench``: coursekit vs gensim
* :mod:`coursekit.course` – where the course is published
"""

from __future__ import annotations

__version__ = "0.1.0"

from coursekit.config import mode, setup

__all__ = ["__version__", "mode", "setup"]
