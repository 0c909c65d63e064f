"""Pretrained word vectors inside a Keras model.

A text classifier sees words as integer ids, and its ``Embedding`` layer is a
table with one row per id. That table can start random (and be learnt from the
labelled data alone) or start from vectors trained on a large unlabelled corpus
(Word2Vec, FastText, ...). This module builds that table from gensim
``KeyedVectors`` for a given vocabulary, says how much of the vocabulary the
vectors cover, and puts the table into a Keras ``Embedding`` that is either
frozen (``trainable=False``) or fine-tuned with the classifier.

Texts are turned into ids with :class:`coursekit.vocab.Vocab` built with
``specials=SPECIALS`` (id 0 is the padding ``<pad>``, id 1 the unknown word
``<unk>``); this works the same in
Keras 3, where ``keras.preprocessing.text.Tokenizer`` no longer exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from coursekit.vocab import PAD, UNK, Vocab

# a classifier's vocabulary: Vocab.build(token_lists, specials=SPECIALS)
SPECIALS = (PAD, UNK)

TOKEN_RE = re.compile(r"[a-z]+|[0-9]+|[가-힣ㄱ-ㅎㅏ-ㅣ]+")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens: runs of Latin letters, digits or Hangul.

    Punctuation splits words as in text8 (``"it's"`` -> ``it``, ``s``), so
    English tokens match an English corpus in text8 format; Korean reviews are
    split at spaces and punctuation (``"재밌다!!"`` -> ``재밌다``).
    """
    return TOKEN_RE.findall(text.lower())


def encode_padded(vocab: Vocab, token_lists: Iterable[Sequence[str]], maxlen: int) -> np.ndarray:
    """An ``(n, maxlen)`` int32 array of ids: long texts are cut, short ones padded with 0 at the end.

    A text without any token (e.g. only ``"?!"``) becomes a single ``<unk>``: a row
    of padding only would leave nothing to average over.
    """
    if vocab[PAD] != 0:
        raise ValueError("패딩 토큰 <pad>의 번호가 0이어야 합니다. "
                         "Vocab.build(문장들, specials=pretrained.SPECIALS)로 단어 집합을 만드세요.")
    rows = list(token_lists)
    out = np.zeros((len(rows), maxlen), dtype=np.int32)
    for i, tokens in enumerate(rows):
        ids = vocab.encode(tokens[:maxlen]) or [vocab[UNK]]
        out[i, : len(ids)] = ids
    return out


def _has_subwords(kv) -> bool:
    """True for FastText vectors, which compose a vector for any word from its n-grams."""
    return getattr(kv, "bucket", 0) > 0 and hasattr(kv, "vectors_ngrams")


def lookup(kv, word: str, subwords: bool = True) -> np.ndarray | None:
    """The vector of ``word``, or None when ``kv`` has none for it.

    Words in ``kv``'s vocabulary are looked up directly; with ``subwords`` a
    FastText model also builds vectors for unseen words from their n-grams.
    """
    if word in kv.key_to_index:
        return kv[word]
    if subwords and _has_subwords(kv):
        vec = kv.get_vector(word)
        return vec if np.any(vec) else None  # no known n-gram: gensim returns zeros
    return None


def embedding_matrix(words: Sequence[str], kv, seed: int = 0, subwords: bool = True,
                     oov_scale: float | None = None) -> np.ndarray:
    """The ``(len(words), kv.vector_size)`` table for a vocabulary: row ``i`` is the vector of ``words[i]``.

    ``<pad>`` gets a row of zeros; words without a vector (``<unk>`` too) get small
    random values, drawn with ``seed`` from a normal distribution whose spread is
    ``oov_scale`` (default: the standard deviation of ``kv``'s vectors), so that
    they look like the other rows and can be learnt when the layer is fine-tuned.
    """
    dim = kv.vector_size
    scale = float(np.std(kv.vectors)) if oov_scale is None else oov_scale
    rng = np.random.default_rng(seed)
    matrix = rng.normal(0.0, scale, size=(len(words), dim)).astype(np.float32)
    for i, word in enumerate(words):
        if word == PAD:
            matrix[i] = 0.0
            continue
        vec = lookup(kv, word, subwords)
        if vec is not None:
            matrix[i] = vec
    return matrix


@dataclass
class Coverage:
    """How much of a vocabulary (and of the text's tokens) the pretrained vectors cover."""

    words: int
    found: int
    from_subwords: int
    tokens: int = 0
    tokens_found: int = 0
    missing_examples: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of vocabulary words that get a vector (directly or from n-grams)."""
        return (self.found + self.from_subwords) / self.words if self.words else 0.0

    @property
    def oov_rate(self) -> float:
        return 1.0 - self.rate

    @property
    def token_rate(self) -> float:
        """Share of running tokens (word counts) whose word gets a vector."""
        return self.tokens_found / self.tokens if self.tokens else 0.0

    def __str__(self) -> str:
        text = (f"단어 {self.words:,}개 중 {self.found + self.from_subwords:,}개에 벡터 있음 "
                f"({self.rate:.1%}, OOV {self.oov_rate:.1%})")
        if self.from_subwords:
            text += f", 그중 {self.from_subwords:,}개는 n-gram으로 합성"
        if self.tokens:
            text += f"; 토큰 기준 {self.token_rate:.1%}"
        return text


def coverage(vocab: Vocab | Sequence[str], kv, subwords: bool = True, examples: int = 10) -> Coverage:
    """Count the vocabulary words (``<pad>``/``<unk>`` excluded) that ``kv`` has vectors for.

    When ``vocab`` is a :class:`Vocab` built from texts, its word counts also give
    the token-level coverage (frequent words weigh more).
    """
    words = [w for w in vocab if w not in (PAD, UNK)]
    count = vocab.count if isinstance(vocab, Vocab) else (lambda word: 0)
    found = from_sub = tokens = tokens_found = 0
    missing: list[str] = []
    for word in words:
        n = count(word)
        tokens += n
        if word in kv.key_to_index:
            found += 1
        elif lookup(kv, word, subwords) is not None:
            from_sub += 1
        else:
            if len(missing) < examples:
                missing.append(word)
            continue
        tokens_found += n
    return Coverage(len(words), found, from_sub, tokens, tokens_found, missing)


def pretrained_embedding(matrix: np.ndarray, trainable: bool = False, mask_zero: bool = True,
                         name: str | None = None):
    """A Keras ``Embedding`` that starts from ``matrix``: frozen or fine-tuned (``trainable``)."""
    import keras

    matrix = np.asarray(matrix, dtype=np.float32)
    layer = keras.layers.Embedding(matrix.shape[0], matrix.shape[1], mask_zero=mask_zero,
                                   trainable=trainable, name=name)
    layer.build((None,))
    layer.set_weights([matrix])
    return layer


def random_embedding(vocab_size: int, dim: int, mask_zero: bool = True, name: str | None = None):
    """A Keras ``Embedding`` with random starting values, learnt from the labelled data only."""
    import keras

    return keras.layers.Embedding(vocab_size, dim, mask_zero=mask_zero, name=name)


def build_classifier(embedding, maxlen: int, hidden: int = 64, dropout: float = 0.3,
                     learning_rate: float = 1e-3):
    """Embedding -> average over the words (padding masked) -> Dense(relu) -> Dense(1, sigmoid).

    A bag-of-vectors classifier: the slides' homework swaps only the Embedding
    layer, so everything after it stays the same for every variant.
    """
    import keras

    inputs = keras.Input(shape=(maxlen,), dtype="int32")
    x = embedding(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    if hidden:
        x = keras.layers.Dense(hidden, activation="relu")(x)
    if dropout:
        x = keras.layers.Dropout(dropout)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def train_and_evaluate(embedding, x_train: np.ndarray, y_train: Sequence[int], x_test: np.ndarray,
                       y_test: Sequence[int], epochs: int = 5, batch_size: int = 64,
                       seed: int = 0, **classifier_kwargs) -> float:
    """Build the classifier around ``embedding``, fit it and return its test accuracy."""
    import keras

    keras.utils.set_random_seed(seed)
    model = build_classifier(embedding, x_train.shape[1], **classifier_kwargs)
    model.fit(x_train, np.asarray(y_train, dtype=np.float32), epochs=epochs,
              batch_size=batch_size, verbose=0)
    _, acc = model.evaluate(x_test, np.asarray(y_test, dtype=np.float32), verbose=0)
    return float(acc)


def train_test_split(texts: Sequence, labels: Sequence[int], test_size: float = 0.2,
                     seed: int = 0) -> tuple[list, list, list[int], list[int]]:
    """Shuffle with ``seed`` and split into (train texts, test texts, train labels, test labels)."""
    if len(texts) != len(labels):
        raise ValueError(f"문장 수({len(texts)})와 레이블 수({len(labels)})가 다릅니다.")
    order = np.random.default_rng(seed).permutation(len(texts))
    n_test = int(round(len(texts) * test_size))
    test, train = order[:n_test], order[n_test:]
    return ([texts[i] for i in train], [texts[i] for i in test],
            [int(labels[i]) for i in train], [int(labels[i]) for i in test])
