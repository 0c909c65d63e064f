"""coursekit: the helper package of "TensorFlow로 배우는 딥러닝 자연어 처리 – 3강 워드 임베딩".

What the notebooks import. One module per concept, in lecture order:

* :mod:`coursekit.ngram` – count-based n-gram language models (lecture 01)
* :mod:`coursekit.vocab` – the vocabulary of every model: word <-> id, counts, special tokens (02-08)
* :mod:`coursekit.nnlm` – Bengio's neural network language model in Keras (02)
* :mod:`coursekit.context_windows` – CBOW / skip-gram training examples (03)
* :mod:`coursekit.softmax_word2vec` – CBOW and skip-gram with a full softmax (03)
* :mod:`coursekit.subsampling` – word2vec's subsampling of frequent words (04)
* :mod:`coursekit.negative_sampling` – the unigram^0.75 noise distribution, sampler and SGD step (04)
* :mod:`coursekit.random_streams` – counter-based random numbers for the trainer (04)
* :mod:`coursekit.settings` – ``TrainSettings``, the trainers' shared settings (04, 05)
* :mod:`coursekit.sgns` – the fast negative-sampling trainer: one kernel for word2vec and FastText (04, 05)
* :mod:`coursekit.word2vec` – skip-gram and CBOW: ``Word2Vec`` and ``train`` (04)
* :mod:`coursekit.hangul` – Hangul syllables <-> jamo (05)
* :mod:`coursekit.fasttext` – character n-grams of ``<word>``, ``FastText`` and ``train`` (05)
* :mod:`coursekit.glove` – the co-occurrence matrix, f(X) and GloVe's loss (06)
* :mod:`coursekit.elmo` – the biLM and ELMo's weighted sum of its layers (07)
* :mod:`coursekit.pretrained` – pretrained word vectors inside a Keras classifier (08)

and the runtime helpers:

* :mod:`coursekit.config` – quick/full mode, device report, seeding
* :mod:`coursekit.datasets` – dataset registry, download cache, loaders
* :mod:`coursekit.colab` – the setup cell's Colab step (missing packages only, Java for konlpy)
* :mod:`coursekit.colab_sim` – the test command runs the notebooks as a fresh Colab runtime
* :mod:`coursekit.checks` – feedback for exercise check cells
* :mod:`coursekit.claims` – a claim is a check: verify the text on this run's model
* :mod:`coursekit.evaluate` – word similarity and analogy benchmarks (04)
* :mod:`coursekit.projector` – nearest neighbours, PCA, projector.tensorflow.org export (04)
* :mod:`coursekit.tables` – text tables; :mod:`coursekit.viz` – plots with Korean labels

The instructor's machinery (notebook tooling, grading, the benchmark against
gensim, course facts, ``python -m coursekit ...``) lives in
:mod:`coursekit.instructor`; it needs the ``instructor`` extra and no notebook
imports it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from coursekit.config import mode, setup

__all__ = ["__version__", "mode", "setup"]
