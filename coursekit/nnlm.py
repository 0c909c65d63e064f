"""A feed-forward neural network language model (Bengio et al., 2003) in Keras.

The model predicts the next word from the ``context_size`` previous words::

    ids of the context words        (batch, context_size)            integers
    -> lookup table W (V x M)       (batch, context_size, M)         Embedding, no bias
    -> concatenate                  (batch, context_size * M)
    -> hidden layer, tanh           (batch, H)
    -> output layer + softmax       (batch, V)                       P(next word | context)

On the slides ``"will the fat cat" -> "sit"`` uses ``context_size=4``: the
model conditions on 4 previous words, like a 5-gram model, but shares what it
learns between similar words through the table W instead of counting each
5-gram separately.

Sentences are token lists; like :class:`coursekit.ngram.NgramLM`, every
sentence gets ``<s>`` padding in front and ``</s>`` at its end, so both kinds of
model predict the same tokens (the words and ``</s>``) and their perplexities
can be compared on the same split.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

import numpy as np

from coursekit import validation
from coursekit.validation import at_least as _at_least  # fit() has a `validation` argument
from coursekit.vocab import BOS, EOS, UNK, Vocab

# the NNLM's special tokens, ids 0, 1, 2: Vocab.build(sentences, specials=nnlm.SPECIALS)
SPECIALS = (UNK, BOS, EOS)


# ---------------------------------------------------------------------------
# Data: (context, next word) windows
# ---------------------------------------------------------------------------


def next_word_examples(
    tokens: Sequence[str], context_size: int = 4, pad: bool = False
) -> list[tuple[list[str], str]]:
    """(``context_size`` previous words, next word) for each position of ``tokens``.

    Without ``pad`` only full windows are made (the slides' example);
    with ``pad`` the sentence gets ``<s>`` in front and ``</s>`` at the end, so
    every word and the end of the sentence are predicted.

    >>> next_word_examples("what will the fat cat sit".split(), 4)[1]
    (['will', 'the', 'fat', 'cat'], 'sit')
    """
    validation.tokens(tokens, "tokens")
    validation.at_least(context_size, "context_size")
    seq = [BOS] * context_size + list(tokens) + [EOS] if pad else list(tokens)
    return [(seq[i - context_size : i], seq[i]) for i in range(context_size, len(seq))]


def encode_windows(
    sentences: Iterable[Sequence[str]], vocab: Vocab, context_size: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """All padded windows of ``sentences`` as id arrays: ``X`` (N, context_size) and ``y`` (N,)."""
    bos, eos = vocab[BOS], vocab[EOS]
    xs, ys = [], []
    for sentence in validation.token_lists(sentences, "sentences", allow_empty=True):
        ids = np.asarray([bos] * context_size + vocab.encode(sentence) + [eos], dtype=np.int32)
        windows = np.lib.stride_tricks.sliding_window_view(ids, context_size + 1)
        xs.append(windows[:, :-1])
        ys.append(windows[:, -1])
    if not xs:
        raise ValueError("문장이 없습니다.")
    return np.concatenate(xs).astype(np.int32), np.concatenate(ys).astype(np.int32)


def split_sentences(
    sentences: Sequence[Sequence[str]], test_fraction: float = 0.1, seed: int = 0
) -> tuple[list[list[str]], list[list[str]]]:
    """A reproducible random train/held-out split of whole sentences."""
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction은 0과 1 사이여야 합니다.")
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    n_test = max(1, round(len(sentences) * test_fraction))
    test = sorted(order[:n_test])
    train = sorted(order[n_test:])
    return [list(sentences[i]) for i in train], [list(sentences[i]) for i in test]


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


def param_count(vocab_size: int, context_size: int, dim: int, hidden: int) -> dict[str, int]:
    """Parameters of each layer, from the matrix shapes (the slides' question).

    lookup ``V x M`` (no bias); hidden ``(context_size * M) x H`` weights + ``H``
    biases; output ``H x V`` weights + ``V`` biases.
    """
    counts = {
        "lookup": vocab_size * dim,
        "hidden": context_size * dim * hidden + hidden,
        "output": hidden * vocab_size + vocab_size,
    }
    counts["total"] = sum(counts.values())
    return counts


def build_model(vocab_size: int, context_size: int = 4, dim: int = 64, hidden: int = 128):
    """The NNLM as a Keras functional model: ids (batch, context_size) -> P(next word) (batch, V).

    Layer names follow the slides: ``lookup`` (the table W), ``concatenate``,
    ``hidden`` (tanh), ``output`` (scores) and ``softmax``.
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(context_size,), dtype="int32", name="context")
    vectors = layers.Embedding(vocab_size, dim, name="lookup")(inputs)
    joined = layers.Flatten(name="concatenate")(vectors)
    hidden_out = layers.Dense(hidden, activation="tanh", name="hidden")(joined)
    scores = layers.Dense(vocab_size, name="output")(hidden_out)
    probs = layers.Softmax(name="softmax")(scores)
    return keras.Model(inputs, probs, name="nnlm")


class NNLM:
    """A vocabulary plus the Keras NNLM: train on sentences, score held-out text.

    >>> lm = NNLM(vocab, context_size=4, dim=64, hidden=128)   # doctest: +SKIP
    >>> lm.fit(train_sentences, epochs=3)                      # doctest: +SKIP
    >>> lm.perplexity(test_sentences)                          # doctest: +SKIP
    """

    def __init__(
        self,
        vocab: Vocab,
        context_size: int = 4,
        dim: int = 64,
        hidden: int = 128,
        learning_rate: float = 2e-3,
    ):
        import keras

        for special in SPECIALS:
            if special not in vocab:
                raise ValueError(f"단어 집합에 {special}가 없습니다. "
                                 "Vocab.build(문장들, specials=nnlm.SPECIALS)로 만드세요.")
        self.vocab = vocab
        self.context_size = context_size
        self.model = build_model(len(vocab), context_size, dim, hidden)
        self.model.compile(
            optimizer=keras.optimizers.Adam(learning_rate),
            loss="sparse_categorical_crossentropy",
        )
        self._scores = keras.Model(self.model.input, self.model.get_layer("output").output)
        self.history: dict[str, list[float]] = {"loss": [], "val_perplexity": []}
        self.best_epoch: int | None = None  # set by fit(..., keep_best=True)

    def fit(
        self,
        sentences: Sequence[Sequence[str]],
        epochs: int = 3,
        batch_size: int = 256,
        validation: Sequence[Sequence[str]] | None = None,
        verbose: int = 0,
        keep_best: bool = False,
        patience: int | None = None,
    ) -> NNLM:
        """Train for ``epochs`` passes; after each, record in ``.history`` the mean
        training loss and, with ``validation`` sentences, their perplexity.

        With ``keep_best`` (needs ``validation``) the model ends with the weights of
        the epoch whose validation perplexity was lowest (early stopping without
        stopping: every epoch stays in ``.history``, so a plot shows where
        over-fitting starts); ``.best_epoch`` says which one (1-based). Choose that
        epoch on a validation split, not on the test sentences you report.

        With ``patience`` (needs ``validation``) training stops early once the
        validation perplexity has not improved for that many epochs in a row.
        """
        for name, used in (("keep_best=True", keep_best), ("patience", patience is not None)):
            if used and validation is None:
                raise ValueError(f"{name}는 검증 문장(validation=...)이 있어야 합니다. "
                                 "학습 문장의 일부를 검증용으로 떼어 넘겨 주세요.")
        if patience is not None:
            _at_least(patience, "patience")
        x, y = encode_windows(sentences, self.vocab, self.context_size)
        best, best_weights, since_best = math.inf, None, 0
        self.best_epoch = None
        for _ in range(epochs):
            hist = self.model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=True, verbose=verbose)
            self.history["loss"].append(float(hist.history["loss"][-1]))
            if validation is not None:
                ppl = self.perplexity(validation)
                self.history["val_perplexity"].append(ppl)
                if ppl < best:
                    best, since_best = ppl, 0
                    if keep_best:
                        best_weights = self.model.get_weights()
                        self.best_epoch = len(self.history["val_perplexity"])
                else:
                    since_best += 1
                    if patience is not None and since_best >= patience:
                        break
        if best_weights is not None:
            self.model.set_weights(best_weights)
        return self

    def log_probs(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """log P(word | context) over the whole vocabulary for each row of context ids ``x``."""
        from keras import ops

        out = []
        for start in range(0, len(x), batch_size):
            scores = self._scores(x[start : start + batch_size], training=False)
            out.append(np.asarray(scores - ops.logsumexp(scores, axis=1, keepdims=True), dtype=np.float64))
        return np.concatenate(out)

    def target_log_probs(self, x: np.ndarray, y: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """log P(y[i] | x[i]) for each window, without keeping whole distributions in memory."""
        from keras import ops

        out = []
        for start in range(0, len(x), batch_size):
            scores = self._scores(x[start : start + batch_size], training=False)
            targets = ops.convert_to_tensor(y[start : start + batch_size, None].astype(np.int32))
            picked = ops.take_along_axis(scores, targets, axis=1)[:, 0]
            out.append(np.asarray(picked - ops.logsumexp(scores, axis=1), dtype=np.float64))
        return np.concatenate(out)

    def perplexity(self, sentences: Sequence[Sequence[str]]) -> float:
        """exp of the mean negative log-probability of every word and ``</s>`` of ``sentences``."""
        x, y = encode_windows(sentences, self.vocab, self.context_size)
        return math.exp(-float(self.target_log_probs(x, y).mean()))

    def next_word(self, context: Sequence[str], topn: int = 5) -> list[tuple[str, float]]:
        """The ``topn`` most probable next words after ``context`` (padded with ``<s>``)."""
        if isinstance(context, str):
            context = context.split()
        ctx = ([BOS] * self.context_size + list(context))[-self.context_size :]
        probs = np.exp(self.log_probs(np.asarray([self.vocab.encode(ctx)], dtype=np.int32))[0])
        best = np.argsort(-probs)[:topn]
        return [(self.vocab.words[i], float(probs[i])) for i in best]

    @property
    def embeddings(self) -> np.ndarray:
        """The learned lookup table W (V x M): row i is the vector of word i."""
        return np.asarray(self.model.get_layer("lookup").embeddings)

    @property
    def wv(self):
        """The table as gensim ``KeyedVectors`` (special tokens left out)."""
        return self.vocab.keyed_vectors(self.embeddings)
