"""word2vec with negative sampling: skip-gram and CBOW, fast, in TensorFlow (lecture 04).

:func:`train` returns gensim ``KeyedVectors``; :class:`Word2Vec` is the same
training as a model object (``fit`` returns it, ``.wv`` the vectors,
``.history["loss"]`` each epoch's loss). The algorithm (vocabulary,
subsampling, shrinking windows, noise words, SGD) lives in
:mod:`coursekit.sgns`, shared with FastText; the settings are a
:class:`coursekit.settings.TrainSettings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coursekit import validation
from coursekit.settings import TrainSettings, takes_settings
from coursekit.vocab import Vocab


class Word2Vec:
    """Skip-gram (``sg=True``) or CBOW with negative sampling.

    >>> model = Word2Vec(sg=True, dim=50, epochs=3).fit(sentences)   # doctest: +SKIP
    >>> model.wv.most_similar("king")                                # doctest: +SKIP

    After :meth:`fit`: ``.wv`` (gensim ``KeyedVectors``, most frequent word
    first, with counts), ``.vocab``, ``.history["loss"]`` (mean loss per term,
    one value per epoch) and the two tables ``.W`` and ``.W_prime``.
    """

    def __init__(self, sg: bool = True, *, settings: TrainSettings | None = None, **options):
        self.sg = sg
        self.settings = TrainSettings.of(settings, **options)
        self.vocab: Vocab | None = None
        self.W = self.W_prime = None
        self.wv = None
        self.history: dict[str, list[float]] = {"loss": []}

    def fit(self, sentences: Iterable[Sequence[str]], progress: bool = True) -> Word2Vec:
        """Build the vocabulary of ``sentences`` (token lists) and train on them."""
        from coursekit import sgns

        sentences = validation.token_lists(sentences, "sentences")
        self.vocab = Vocab.build(sentences, self.settings.min_count)
        ids, sentence_of = self.vocab.encode_corpus(sentences)
        self.W, self.W_prime, history = sgns.fit_tables(
            self.vocab, ids, sentence_of, self.settings, sg=self.sg, progress=progress
        )
        self.history["loss"].extend(history["loss"])
        self.wv = self.vocab.keyed_vectors(self.W, skip=())
        return self


@takes_settings
def train(sentences: Iterable[Sequence[str]], sg: bool = True, *,
          settings: TrainSettings | None = None, progress: bool = True, **options):
    """Train word2vec (skip-gram if ``sg`` else CBOW) with negative sampling; return ``KeyedVectors``.

    ``sentences`` are token lists. The other keywords are the fields of
    :class:`coursekit.settings.TrainSettings` (``dim=100, window=5,
    negative=5, min_count=5, sample=1e-3, epochs=5, seed=0, alpha=0.025,
    min_alpha=0.0001, batch=None, workers=None, chunk=None``), or pass a whole
    ``settings`` object. The vectors are sorted by frequency and carry each
    word's ``count``.

    ``workers > 1`` trains in that many threads, each on its own copy of the
    tables, merged after every ``chunk`` examples per worker (frequent words'
    rows) and every 2**19 (all rows); see :mod:`coursekit.parallel_tables`.
    Still reproducible: the result depends on the seed and the number of
    workers. The default is 2 on a CPU (both cores of Colab's CPU runtime; on
    en8 as good as one worker, bench/README.md) and 1 on a GPU.
    """
    return Word2Vec(sg, settings=settings, **options).fit(sentences, progress=progress).wv
