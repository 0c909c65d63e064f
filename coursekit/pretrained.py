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

from coursekit import validation
from coursekit.vocab import PAD, UNK, Vocab

# a classifier's vocabulary: Vocab.build(token_lists, specials=SPECIALS)
SPECIALS = (PAD, UNK)

TOKEN_RE = re.compile(r"[a-z]+|[0-9]+|[가-힣ㄱ-ㅎㅏ-ㅣ]+")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens: runs of Latin letters, digits or Hangul.

    Punctuation splits words as in text8 (``"it's"`` -> ``it``, ``s``), so
    English tokens match an English corpus in text8 format; Korean reviews are
    split at spaces and punctuation (``"재밌다!!"`` -> ``재밌다``). Hangul written
    in NFD form (e.g. text from macOS) is composed to NFC first.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize에는 문자열(글 하나)을 넣으세요 (받은 값의 타입: {type(text).__name__}). "
                        "여러 글이면 [tokenize(t) for t in texts]처럼 하나씩 넣으세요.")
    return TOKEN_RE.findall(validation.nfc(text).lower())


def encode_padded(vocab: Vocab, token_lists: Iterable[Sequence[str]], maxlen: int,
                  keep: str = "first") -> np.ndarray:
    """An ``(n, maxlen)`` int32 array of ids: long texts are cut, short ones padded with 0 at the end.

    ``keep="first"`` keeps a long text's first ``maxlen`` tokens, ``"last"`` its
    last ones (the end of a long review, where the verdict usually is, as
    Keras' ``pad_sequences`` does by default). A text without any token (e.g.
    only ``"?!"``) becomes a single ``<unk>``: a row of padding only would leave
    nothing to read.
    """
    if vocab[PAD] != 0:
        raise ValueError("패딩 토큰 <pad>의 번호가 0이어야 합니다. "
                         "Vocab.build(문장들, specials=pretrained.SPECIALS)로 단어 집합을 만드세요.")
    if keep not in ("first", "last"):
        raise ValueError("keep은 'first' 또는 'last'여야 합니다.")
    validation.at_least(maxlen, "maxlen")
    rows = validation.token_lists(token_lists, "token_lists", allow_empty=True)
    out = np.zeros((len(rows), maxlen), dtype=np.int32)
    for i, tokens in enumerate(rows):
        kept = tokens[:maxlen] if keep == "first" else tokens[-maxlen:]
        ids = vocab.encode(kept) or [vocab[UNK]]
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
    validation.tokens(words, "words(단어 목록)", check_all=False)
    validation.finite_vectors(kv, what="사전 학습 벡터")  # one NaN would make the spread, so every random row, NaN
    if oov_scale is not None:
        validation.non_negative(oov_scale, "oov_scale")
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
    bad = np.flatnonzero(~np.isfinite(matrix).all(axis=1))
    if len(bad):  # e.g. a FastText vector built from NaN n-gram rows
        raise ValueError(f"단어 {len(bad)}개의 벡터에 NaN 또는 무한대(inf)가 있습니다 "
                         f"(예: {[words[i] for i in bad[:5]]}). 사전 학습 벡터를 확인하세요.")
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


# ---------------------------------------------------------------------------
# Published vectors, test words outside the classifier's vocabulary
# ---------------------------------------------------------------------------


def load_glove_text(path, limit: int | None = None):
    """GloVe's text format (``word v1 v2 ...`` per line, no header) as gensim ``KeyedVectors``."""
    from gensim.models import KeyedVectors

    return KeyedVectors.load_word2vec_format(str(path), binary=False, no_header=True, limit=limit)


def new_words(vocab: Vocab, token_lists: Iterable[Sequence[str]]) -> list[str]:
    """Words of ``token_lists`` (validation/test texts) that ``vocab`` lacks, in order of first appearance."""
    seen: dict[str, None] = {}
    for tokens in validation.token_lists(token_lists, "token_lists", allow_empty=True):
        for t in tokens:
            if t not in vocab and t not in seen:
                seen[t] = None
    return list(seen)


def unk_without_vector(x: np.ndarray, vocab: Vocab, n_train: int, kv=None, subwords: bool = True) -> np.ndarray:
    """Ids of ``x`` that were added after the first ``n_train`` words and have no vector become ``<unk>``.

    The classifier's vocabulary is its training words (ids ``< n_train``)
    followed by :func:`new_words` of the evaluation texts. A new word keeps its
    own row only when ``kv`` has a vector for it (for FastText also one built
    from its n-grams, ``subwords``); with ``kv=None`` (a random Embedding) every
    new word is ``<unk>``, as it would be without the extension.
    """
    keep = np.ones(len(vocab), dtype=bool)
    for i in range(n_train, len(vocab)):
        keep[i] = kv is not None and lookup(kv, vocab.words[i], subwords) is not None
    ids = np.asarray(x)
    return np.where(keep[ids], ids, vocab[UNK]).astype(np.int32)


# ---------------------------------------------------------------------------
# The slide's model: Embedding -> GRU(128) -> Dense(1, sigmoid) (wikidocs 24586)
# ---------------------------------------------------------------------------


def build_gru_classifier(embedding, maxlen: int, units: int = 128, learning_rate: float = 1e-3,
                         jit_compile: bool | str = "auto"):
    """The IMDB classifier of wikidocs 24586: ``embedding`` -> GRU(``units``) -> Dense(1, sigmoid), RMSprop.

    Only the Embedding layer differs between the homework's variants; the GRU
    and the output layer are the same for all of them. ``jit_compile`` goes to
    ``Model.compile`` (``"auto"`` is Keras's default).
    """
    import keras

    inputs = keras.Input(shape=(maxlen,), dtype="int32")
    x = embedding(inputs)
    x = keras.layers.GRU(units)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy"], jit_compile=jit_compile)
    return model


@dataclass
class Splits:
    """Padded ids and 0/1 labels of the training, validation and test texts."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def __post_init__(self):
        for name in ("y_train", "y_val", "y_test"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.float32))
        for x, y in ((self.x_train, self.y_train), (self.x_val, self.y_val), (self.x_test, self.y_test)):
            if len(x) != len(y):
                raise ValueError(f"문장 수({len(x)})와 레이블 수({len(y)})가 다릅니다.")
        for part, x in (("훈련", self.x_train), ("검증", self.x_val), ("테스트", self.x_test)):
            if len(x) == 0:
                raise ValueError(f"{part} 데이터에 문장이 하나도 없습니다. 데이터를 나눈 결과를 확인하세요.")

    @property
    def majority_baseline(self) -> float:
        """Test accuracy of always answering the training set's more frequent label."""
        guess = float(np.mean(self.y_train) >= 0.5)
        return float(np.mean(self.y_test == guess))


@dataclass
class Variant:
    """One Embedding layer to try: ``matrix=None`` is a random (Keras-initialised) layer.

    ``x_val`` / ``x_test`` replace the shared evaluation ids when this variant
    keeps rows for new words (see :func:`unk_without_vector`).
    """

    name: str
    matrix: np.ndarray | None
    trainable: bool = True
    x_val: np.ndarray | None = None
    x_test: np.ndarray | None = None


@dataclass
class RunResult:
    """One training run: the epoch chosen on validation, test accuracy there, and the curves."""

    variant: str
    seed: int
    test_accuracy: float
    best_epoch: int
    history: dict[str, list[float]]
    row_change: np.ndarray  # per Embedding row: max |weight after - weight before|
    seconds: float


_compiled: dict[tuple, tuple] = {}


def _compiled_model(rows: int, dim: int, maxlen: int, units: int, trainable: bool, learning_rate: float):
    """One compiled model per shape and ``trainable``: later runs reuse its traced training step.

    On a CPU the step is compiled with XLA, which fuses the GRU's per-time-step
    work (about twice as fast per epoch on 2 cores, after a few seconds of
    compiling that every seed and variant of the same shape shares). On a GPU,
    Keras's default keeps the cuDNN GRU kernel.
    """
    import keras

    from coursekit.config import gpus

    key = (rows, dim, maxlen, units, trainable, learning_rate)
    if key not in _compiled:
        if len(_compiled) >= 8:
            _compiled.clear()
        layer = keras.layers.Embedding(rows, dim, mask_zero=True, trainable=trainable)
        model = build_gru_classifier(layer, maxlen, units, learning_rate,
                                     jit_compile="auto" if gpus() else True)
        model.optimizer.build(model.trainable_variables)
        _compiled[key] = (model, [v.numpy() for v in model.optimizer.variables])
    return _compiled[key]


def fit_gru(variant: Variant, data: Splits, rows: int, dim: int, seed: int = 0, epochs: int = 10,
            patience: int = 2, batch_size: int = 64, units: int = 128,
            learning_rate: float = 1e-3) -> RunResult:
    """Train the slide's model with ``variant``'s Embedding; keep the epoch with the best validation accuracy.

    Training stops when validation accuracy has not improved for ``patience``
    epochs; the weights of the best epoch are restored and evaluated on the
    test split (wikidocs 24586 does the same with EarlyStopping and
    ModelCheckpoint). ``rows`` is the Embedding's number of rows (the
    vocabulary size), ``seed`` fixes the initial weights and the batch order.
    """
    import time

    import keras

    start = time.perf_counter()
    maxlen = data.x_train.shape[1]
    keras.utils.set_random_seed(seed)
    if variant.matrix is None:
        layer = random_embedding(rows, dim)
    else:
        if variant.matrix.shape != (rows, dim):
            raise ValueError(f"임베딩 행렬의 모양 {variant.matrix.shape}이 ({rows}, {dim})이어야 합니다.")
        layer = pretrained_embedding(variant.matrix, trainable=variant.trainable)
    fresh = build_gru_classifier(layer, maxlen, units, learning_rate)
    model, optimizer_start = _compiled_model(rows, dim, maxlen, units, variant.trainable, learning_rate)
    model.set_weights(fresh.get_weights())
    for var, value in zip(model.optimizer.variables, optimizer_start, strict=True):
        var.assign(value)
    before = fresh.get_weights()[0]
    x_val = data.x_val if variant.x_val is None else variant.x_val
    x_test = data.x_test if variant.x_test is None else variant.x_test
    history: dict[str, list[float]] = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    best, best_epoch, best_weights = -1.0, 0, None
    for epoch in range(1, epochs + 1):
        h = model.fit(data.x_train, data.y_train, epochs=1, batch_size=batch_size, verbose=0,
                      validation_data=(x_val, data.y_val), shuffle=True)
        for k in history:
            history[k].append(float(h.history[k][-1]))
        if history["val_accuracy"][-1] > best:
            best, best_epoch, best_weights = history["val_accuracy"][-1], epoch, model.get_weights()
        elif epoch - best_epoch >= patience:
            break
    model.set_weights(best_weights)
    _, acc = model.evaluate(x_test, data.y_test, batch_size=512, verbose=0)
    change = np.abs(model.get_weights()[0] - before).max(axis=1)
    return RunResult(variant.name, seed, float(acc), best_epoch, history, change,
                     time.perf_counter() - start)


def run_variants(variants: Sequence[Variant], data: Splits, rows: int, dim: int,
                 seeds: Sequence[int] = (0, 1, 2), verbose: bool = True,
                 **fit_kwargs) -> dict[str, list[RunResult]]:
    """:func:`fit_gru` for every variant and seed; prints mean ± std of the test accuracy per variant."""
    results: dict[str, list[RunResult]] = {}
    for variant in variants:
        runs = [fit_gru(variant, data, rows, dim, seed=s, **fit_kwargs) for s in seeds]
        results[variant.name] = runs
        if verbose:
            mean, std = mean_std(runs)
            epochs = ", ".join(str(r.best_epoch) for r in runs)
            print(f"{variant.name}: 테스트 정확도 {mean:.2%} ± {std:.2%} "
                  f"(시드 {len(runs)}개, 고른 에포크 {epochs}; {sum(r.seconds for r in runs):.0f}초)")
    return results


def mean_std(runs: Sequence[RunResult]) -> tuple[float, float]:
    """Mean and (sample) standard deviation of the runs' test accuracies."""
    accs = np.array([r.test_accuracy for r in runs], dtype=np.float64)
    return float(accs.mean()), float(accs.std(ddof=1)) if len(accs) > 1 else 0.0


def result_rows(results: dict[str, list[RunResult]]) -> list[list[str]]:
    """Table rows: variant, mean ± std, each seed's accuracy, the chosen epochs."""
    rows = []
    for name, runs in results.items():
        mean, std = mean_std(runs)
        rows.append([name, f"{mean:.2%} ± {std:.2%}", " ".join(f"{r.test_accuracy:.1%}" for r in runs),
                     ",".join(str(r.best_epoch) for r in runs)])
    return rows


def plot_curves(results: dict[str, list[RunResult]], ax=None, metric: str = "val_accuracy",
                title: str = ""):
    """Every run's ``metric`` per epoch, one colour per variant (seeds as separate lines)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    for i, (name, runs) in enumerate(results.items()):
        color = f"C{i % 10}"
        for j, run in enumerate(runs):
            values = run.history[metric]
            ax.plot(range(1, len(values) + 1), values, color=color, alpha=0.8 if j == 0 else 0.35,
                    marker="o", markersize=3, label=name if j == 0 else None)
            ax.plot([run.best_epoch], [values[run.best_epoch - 1]], color=color, marker="*", markersize=10)
    ax.set_xlabel("에포크")
    ax.set_ylabel({"val_accuracy": "검증 정확도", "accuracy": "훈련 정확도", "loss": "훈련 손실",
                   "val_loss": "검증 손실"}.get(metric, metric))
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


# ---------------------------------------------------------------------------
# Korean tokens: eojeol (split at spaces) or morphemes (Okt)
# ---------------------------------------------------------------------------

_WORDLIKE = re.compile(r"[0-9A-Za-z가-힣ㄱ-ㅎㅏ-ㅣ]")


def _texts(texts: Iterable[str]) -> list[str]:
    """A list of texts (strings); a single string would be read one character at a time."""
    if isinstance(texts, str):
        raise TypeError("texts에는 글(문자열)들의 리스트를 넣으세요. 글 하나라면 [글]처럼 리스트로 싸세요.")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts의 {i}번째 항목이 문자열이 아니라 {type(text).__name__}입니다.")
    return [validation.nfc(t) for t in texts]


def morphemes(texts: Iterable[str]) -> list[list[str]]:
    """Okt (konlpy) morphemes of each text, without normalising or stemming; punctuation dropped.

    ``"재밌었다"`` stays one surface form, but particles and endings are split
    off (``"영화가"`` -> ``영화``, ``가``), so the same stem shares one id.
    Okt needs Java (konlpy starts a JVM on first use).
    """
    from konlpy.tag import Okt

    texts = _texts(texts)
    okt = Okt()
    return [[m for m in okt.morphs(text, norm=False, stem=False) if _WORDLIKE.search(m)] for text in texts]


def korean_tokens(texts: Iterable[str], unit: str = "eojeol") -> list[list[str]]:
    """Eojeol (``unit="eojeol"``: :func:`tokenize`, split at spaces and punctuation) or Okt ``"morpheme"`` tokens."""
    texts = _texts(texts)
    if unit == "eojeol":
        return [tokenize(t) for t in texts]
    if unit == "morpheme":
        return morphemes(texts)
    raise ValueError("unit은 'eojeol'(어절) 또는 'morpheme'(형태소)이어야 합니다.")


def differences(results: dict[str, list[RunResult]], base: str = "랜덤") -> list[tuple[str, float, float]]:
    """``(variant, mean - base mean, std + base std)`` for every variant but ``base``.

    A difference smaller than the summed seed standard deviations is within
    the seed-to-seed noise of this run and should not be read as a ranking.
    """
    base_mean, base_std = mean_std(results[base])
    out = []
    for name, runs in results.items():
        if name != base:
            mean, std = mean_std(runs)
            out.append((name, mean - base_mean, std + base_std))
    return out


def verdict(diff: float, noise: float) -> str:
    """Korean verdict on a difference against its noise: higher, lower, or the same within the noise."""
    if diff > noise:
        return "높다"
    if diff < -noise:
        return "낮다"
    return "시드 편차 안에서 구별되지 않는다"
