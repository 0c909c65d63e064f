"""ELMo: contextual word vectors from a bidirectional language model (lecture 07).

A *forward* LSTM language model reads a sentence left to right and predicts the
next word; a *backward* one reads right to left and predicts the previous word.
They share the token embedding and the output softmax, and are trained
together (the biLM). ELMo then builds a vector for every token from all layers
of the biLM:

1. at each layer, concatenate the forward and backward states,
2. give each layer a weight (softmax-normalised ``s_j``),
3. add the weighted layers up,
4. scale the sum by a scalar ``gamma``.

:func:`build_bilm` makes the Keras model, :class:`BiLM` trains it and returns
the per-layer representations, and :class:`ScalarMix` is steps 2-4 as a Keras
layer whose weights a downstream task can learn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from coursekit import validation as _validation  # (fit has a parameter named validation)
from coursekit.vocab import EOS, PAD, UNK, Vocab

# the biLM's special tokens: padding 0, unknown word, end of sentence between sentences
SPECIALS = (PAD, UNK, EOS)


def _keras():
    from coursekit.config import _no_native_stderr

    with _no_native_stderr():
        import keras
    return keras


def build_bilm(vocab_size: int, dim: int = 64, layers: int = 2, name: str = "bilm"):
    """A Keras biLM: ids (batch, T) -> (forward logits, backward logits), each (batch, T-1, V).

    Forward position t predicts token t+1; backward position t predicts
    token t-1. The token embedding (``dim``) and the output layer are shared by
    both directions; each direction has ``layers`` LSTM layers of size ``dim``.
    """
    keras = _keras()
    from keras import layers as L
    from keras import ops

    ids = keras.Input(shape=(None,), dtype="int32", name="ids")
    embed = L.Embedding(vocab_size, dim, name="token_embedding")(ids)
    forward, backward = embed, ops.flip(embed, axis=1)
    for k in range(layers):
        forward = L.LSTM(dim, return_sequences=True, name=f"forward_lstm_{k + 1}")(forward)
        backward = L.LSTM(dim, return_sequences=True, name=f"backward_lstm_{k + 1}")(backward)
    backward = ops.flip(backward, axis=1)
    softmax = L.Dense(vocab_size, name="shared_softmax")
    next_logits = softmax(forward[:, :-1])
    prev_logits = softmax(backward[:, 1:])
    return keras.Model(ids, [next_logits, prev_logits], name=name)


def layer_model(bilm):
    """A model ids -> list of L+1 arrays (batch, T, 2*dim): the token layer and each biLSTM layer.

    The token layer is the embedding repeated twice (so every layer has the
    same width), each LSTM layer is [forward state ; backward state].
    """
    keras = _keras()
    from keras import ops

    ids = bilm.input
    embed = bilm.get_layer("token_embedding").output
    outputs = [ops.concatenate([embed, embed], axis=-1)]
    k = 1
    while True:
        try:
            fwd = bilm.get_layer(f"forward_lstm_{k}").output
            bwd = bilm.get_layer(f"backward_lstm_{k}").output
        except ValueError:
            break
        outputs.append(ops.concatenate([fwd, ops.flip(bwd, axis=1)], axis=-1))
        k += 1
    return keras.Model(ids, outputs, name="bilm_layers")


def scalar_mix(layers: Sequence[np.ndarray], s: Sequence[float], gamma: float = 1.0) -> np.ndarray:
    """ELMo's steps 2-4 in numpy: ``gamma * sum_j softmax(s)_j * layer_j``."""
    s = np.asarray(s, dtype=np.float64)
    if len(s) != len(layers):
        raise ValueError(f"층은 {len(layers)}개인데 가중치 s는 {len(s)}개입니다.")
    weights = np.exp(s - s.max())
    weights /= weights.sum()
    return gamma * sum(w * np.asarray(layer) for w, layer in zip(weights, layers, strict=True))


def ScalarMix(num_layers: int, name: str = "scalar_mix"):  # noqa: N802  (a Keras layer factory)
    """ELMo's weighting as a Keras layer: learns ``s_j`` (softmax-normalised) and ``gamma``."""
    keras = _keras()
    from keras import ops

    class _ScalarMix(keras.layers.Layer):
        def build(self, input_shape):
            self.s = self.add_weight(shape=(num_layers,), initializer="zeros", name="s")
            self.gamma = self.add_weight(shape=(), initializer="ones", name="gamma")

        def call(self, layers):
            weights = ops.softmax(self.s)
            mixed = sum(weights[j] * layers[j] for j in range(num_layers))
            return self.gamma * mixed

    return _ScalarMix(name=name)


def windows(sentences: Iterable[Sequence[str]], vocab: Vocab, length: int) -> np.ndarray:
    """Cut the concatenated id stream into rows of ``length`` ids (sentences separated by ``</s>``)."""
    sentences = _validation.token_lists(sentences, "sentences")
    _validation.at_least(length, "length", 2, hint="한 구간에 토큰이 2개는 있어야 다음/이전 토큰을 예측합니다.")
    stream: list[int] = []
    for s in sentences:
        stream.extend(vocab.encode(s))
        stream.append(vocab[EOS])
    rows = len(stream) // length
    if rows == 0:
        raise ValueError(f"말뭉치가 너무 짧습니다: 토큰 {len(stream)}개로 길이 {length}짜리 구간을 만들 수 없습니다.")
    return np.asarray(stream[: rows * length], dtype=np.int32).reshape(rows, length)


class BiLM:
    """A biLM with its vocabulary: train it, then get ELMo layers for any sentence."""

    def __init__(self, vocab: Vocab, dim: int = 64, layers: int = 2, seed: int = 0):
        from coursekit.config import seed_everything

        seed_everything(seed)
        self.vocab = vocab
        self.model = build_bilm(len(vocab), dim, layers)
        self.layers = layer_model(self.model)
        self.history: dict[str, list[float]] = {"loss": [], "forward_ppl": [], "backward_ppl": []}

    @classmethod
    def build(cls, sentences: Sequence[Sequence[str]], min_count: int = 3, **kwargs) -> BiLM:
        """A biLM with the vocabulary of ``sentences`` (:data:`SPECIALS` first)."""
        sentences = _validation.token_lists(sentences, "sentences")
        return cls(Vocab.build(sentences, min_count=min_count, specials=SPECIALS), **kwargs)

    def fit(
        self,
        sentences: Sequence[Sequence[str]],
        epochs: int = 3,
        length: int = 24,
        batch_size: int = 32,
        learning_rate: float = 1e-2,
        clipnorm: float | None = 1.0,
        verbose: int = 1,
        validation: Sequence[Sequence[str]] | None = None,
    ) -> BiLM:
        """Train both directions with Adam; ``.history`` gets each epoch's loss (and held-out perplexities).

        ``clipnorm`` rescales each gradient whose norm exceeds it, the usual guard for
        LSTM language models that lets a large learning rate leave the unigram plateau
        (perplexity about V/8 in the first epoch) without diverging.
        """
        sentences = _validation.token_lists(sentences, "sentences")
        if validation is not None:
            validation = _validation.token_lists(validation, "validation")
        _validation.at_least(epochs, "epochs")
        _validation.at_least(length, "length", 2, hint="한 구간에 토큰이 2개는 있어야 다음/이전 토큰을 예측합니다.")
        _validation.at_least(batch_size, "batch_size")
        _validation.non_negative(learning_rate, "learning_rate", positive=True)
        if clipnorm is not None:
            _validation.non_negative(clipnorm, "clipnorm", positive=True)
        keras = _keras()
        x = windows(sentences, self.vocab, length)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.model.compile(optimizer=keras.optimizers.Adam(learning_rate, clipnorm=clipnorm), loss=[loss, loss])
        for _ in range(epochs):
            hist = self.model.fit(x, [x[:, 1:], x[:, :-1]], batch_size=batch_size, epochs=1, verbose=verbose)
            self.history["loss"].append(float(hist.history["loss"][-1]))
            if validation is not None:
                for key, value in self.perplexity(validation, length).items():
                    self.history[key].append(value)
        return self

    @property
    def wv(self):
        """The token embedding (ELMo's layer 0, the same for every context) as gensim ``KeyedVectors``."""
        return self.vocab.keyed_vectors(np.asarray(self.model.get_layer("token_embedding").embeddings))

    def perplexity(self, sentences: Sequence[Sequence[str]], length: int = 24) -> dict[str, float]:
        """Held-out perplexity of the forward and the backward language model."""
        sentences = _validation.token_lists(sentences, "sentences")
        keras = _keras()
        x = windows(sentences, self.vocab, length)
        next_logits, prev_logits = self.model.predict(x, batch_size=128, verbose=0)
        ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        return {
            "forward_ppl": float(np.exp(ce(x[:, 1:], next_logits))),
            "backward_ppl": float(np.exp(ce(x[:, :-1], prev_logits))),
        }

    def layer_outputs(self, tokens: Sequence[str]) -> np.ndarray:
        """ELMo's raw material for one sentence: array (L+1, len(tokens), 2*dim)."""
        if isinstance(tokens, str):
            raise TypeError("문장은 토큰 리스트로 넣으세요. 예: 'he plays the piano'.split()")
        _validation.tokens(tokens, "tokens")
        if len(tokens) == 0:
            raise ValueError("빈 문장입니다. 토큰이 하나 이상인 리스트를 넣으세요. 예: 'he plays the piano'.split()")
        ids = np.asarray([self.vocab.encode(tokens)], dtype=np.int32)
        return np.stack([out[0] for out in self.layers.predict(ids, verbose=0)])

    def embed(self, tokens: Sequence[str], s: Sequence[float] | None = None, gamma: float = 1.0) -> np.ndarray:
        """ELMo vectors (len(tokens), 2*dim) of a sentence: :func:`scalar_mix` of its layers."""
        layers = self.layer_outputs(tokens)
        s = np.zeros(len(layers)) if s is None else s
        return scalar_mix(list(layers), s, gamma)
