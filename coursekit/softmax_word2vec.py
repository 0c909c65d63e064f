"""Word2Vec with the full softmax: CBOW and skip-gram as small Keras models (lecture 03).

Both models have exactly two weight matrices, as on the slides:

* ``W`` (V x M), the lookup table: row i is the vector of word i (what we keep);
* ``W'`` (M x V), the output matrix: a separate matrix, not ``W`` transposed.

CBOW looks up the context words in ``W``, *averages* their vectors (the
projection layer), multiplies by ``W'`` and applies a softmax over the whole
vocabulary to predict the centre word. Skip-gram looks up the centre word and
predicts each context word the same way. The loss is the cross-entropy with
the true word. There is no hidden layer and no bias.

The softmax touches all V output words for every example, which is why this
version is slow for real vocabularies (:func:`softmax_step_seconds` measures
it) and why lecture 04 replaces it with negative sampling.

Training data comes from :mod:`coursekit.context_windows` (the slides' tables).
Padding: CBOW contexts near the sentence edges are shorter, so they are padded
with id 0 (``<pad>``), which the Embedding layer masks and the average ignores.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from coursekit import validation
from coursekit.context_windows import cbow_examples, skipgram_pairs
from coursekit.vocab import PAD, Vocab

# id 0 is the padding of short CBOW contexts: Vocab.build(sentences, specials=SPECIALS)
SPECIALS = (PAD,)


def _known(sentences: Sequence[Sequence[str]], vocab: Vocab) -> list[list[str]]:
    """Sentences without the words that are not in the vocabulary (as gensim does)."""
    return [[t for t in s if t in vocab and t != PAD] for s in sentences]


def cbow_arrays(sentences: Sequence[Sequence[str]], vocab: Vocab, window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """CBOW training data: contexts (N, 2*window) padded with 0, centres (N,)."""
    contexts, centres = [], []
    for tokens in _known(sentences, vocab):
        for context, centre in cbow_examples(tokens, window):
            if context:
                ids = vocab.encode(context)
                contexts.append(ids + [0] * (2 * window - len(ids)))
                centres.append(vocab[centre])
    if not centres:
        raise ValueError("학습 예제가 없습니다. 문장이 너무 짧거나 min_count가 너무 큽니다.")
    return np.asarray(contexts, dtype=np.int32), np.asarray(centres, dtype=np.int32)


def skipgram_arrays(sentences: Sequence[Sequence[str]], vocab: Vocab, window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Skip-gram training data: input (centre) ids (N,), target (context) ids (N,)."""
    inputs, targets = [], []
    for tokens in _known(sentences, vocab):
        for centre, context in skipgram_pairs(tokens, window):
            inputs.append(vocab[centre])
            targets.append(vocab[context])
    if not inputs:
        raise ValueError("학습 예제가 없습니다. 문장이 너무 짧거나 min_count가 너무 큽니다.")
    return np.asarray(inputs, dtype=np.int32), np.asarray(targets, dtype=np.int32)


def build_cbow(vocab_size: int, dim: int = 100, window: int = 2):
    """CBOW: context ids (batch, 2*window) -> lookup in W -> average -> W' -> softmax (batch, V)."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=(2 * window,), dtype="int32", name="context")
    vectors = layers.Embedding(vocab_size, dim, mask_zero=True, name="W")(inputs)
    average = layers.GlobalAveragePooling1D(name="average")(vectors)  # ignores the masked padding
    scores = layers.Dense(vocab_size, use_bias=False, name="W_prime")(average)
    probs = layers.Softmax(name="softmax")(scores)
    return keras.Model(inputs, probs, name="cbow")


def build_skipgram(vocab_size: int, dim: int = 100):
    """Skip-gram: centre id (batch,) -> lookup in W -> W' -> softmax over V (batch, V)."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=(1,), dtype="int32", name="centre")
    vectors = layers.Embedding(vocab_size, dim, name="W")(inputs)
    projection = layers.Flatten(name="projection")(vectors)
    scores = layers.Dense(vocab_size, use_bias=False, name="W_prime")(projection)
    probs = layers.Softmax(name="softmax")(scores)
    return keras.Model(inputs, probs, name="skipgram")


class SoftmaxWord2Vec:
    """CBOW (``sg=False``) or skip-gram (``sg=True``) with a full softmax.

    After :meth:`fit`, ``.wv`` holds the rows of W as gensim ``KeyedVectors``,
    ``.history["loss"]`` the mean training loss of each epoch, ``.model`` the
    Keras model and ``.vocab`` the vocabulary.
    """

    def __init__(
        self,
        sg: bool = True,
        dim: int = 100,
        window: int = 2,
        min_count: int = 5,
        max_vocab: int | None = None,
        learning_rate: float = 3e-3,
        seed: int = 0,
    ):
        self.sg = sg
        self.dim = dim
        self.window = window
        self.min_count = min_count
        self.max_vocab = max_vocab
        self.learning_rate = learning_rate
        self.seed = seed
        self.vocab: Vocab | None = None
        self.model = None
        self.history: dict[str, list[float]] = {"loss": []}

    def dataset(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The (input ids, target ids) arrays this model trains on."""
        if self.vocab is None:
            raise RuntimeError("먼저 fit(...)을 호출하거나 vocab을 정하세요.")
        if self.sg:
            return skipgram_arrays(sentences, self.vocab, self.window)
        return cbow_arrays(sentences, self.vocab, self.window)

    def fit(
        self,
        sentences: Sequence[Sequence[str]],
        epochs: int = 5,
        batch_size: int = 512,
        verbose: int = 0,
    ) -> SoftmaxWord2Vec:
        import keras

        sentences = validation.token_lists(sentences, "sentences")
        keras.utils.set_random_seed(self.seed)
        if self.vocab is None:
            self.vocab = Vocab.build(sentences, self.min_count, self.max_vocab, specials=SPECIALS)
        x, y = self.dataset(sentences)
        if self.model is None:
            v = len(self.vocab)
            self.model = build_skipgram(v, self.dim) if self.sg else build_cbow(v, self.dim, self.window)
            self.model.compile(
                optimizer=keras.optimizers.Adam(self.learning_rate),
                loss="sparse_categorical_crossentropy",
            )
        for _ in range(epochs):
            hist = self.model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=True, verbose=verbose)
            self.history["loss"].append(float(hist.history["loss"][-1]))
        return self

    @property
    def W(self) -> np.ndarray:  # noqa: N802 - the slides' name
        """The input table W (V x M)."""
        return np.asarray(self.model.get_layer("W").embeddings)

    @property
    def W_prime(self) -> np.ndarray:  # noqa: N802 - the slides' name
        """The output matrix W' (M x V)."""
        return np.asarray(self.model.get_layer("W_prime").kernel)

    @property
    def wv(self):
        """The word vectors (rows of W) as gensim ``KeyedVectors``."""
        if self.model is None:
            raise RuntimeError("먼저 fit(...)으로 학습하세요.")
        return self.vocab.keyed_vectors(self.W)


def train(
    sentences: Sequence[Sequence[str]],
    sg: bool = True,
    dim: int = 100,
    window: int = 2,
    min_count: int = 5,
    epochs: int = 5,
    seed: int = 0,
    **kwargs,
):
    """Train a full-softmax CBOW/skip-gram and return its gensim ``KeyedVectors``."""
    batch_size = kwargs.pop("batch_size", 512)
    model = SoftmaxWord2Vec(sg=sg, dim=dim, window=window, min_count=min_count, seed=seed, **kwargs)
    return model.fit(sentences, epochs=epochs, batch_size=batch_size).wv


def softmax_step_seconds(
    vocab_size: int, dim: int = 100, batch_size: int = 512, steps: int = 5, seed: int = 0
) -> float:
    """Median wall time of one skip-gram training step (forward, backward, update) with a V-way softmax.

    Random ids stand in for data: the cost depends only on the shapes.
    """
    import keras

    keras.utils.set_random_seed(seed)
    model = build_skipgram(vocab_size, dim)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(seed)
    x = rng.integers(0, vocab_size, size=(batch_size, 1), dtype=np.int32)
    y = rng.integers(0, vocab_size, size=(batch_size,), dtype=np.int32)
    for _ in range(2):  # build and compile the step function first
        model.train_on_batch(x, y)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        model.train_on_batch(x, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times))
