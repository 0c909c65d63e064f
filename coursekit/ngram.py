"""Count-based n-gram language models (lecture 01).

``NgramLM(n)`` estimates ``P(w_i | w_{i-n+1} .. w_{i-1})`` by counting, exactly
as in the slides::

    P(am | I) = count(I am) / count(I)

Sentences are token lists; the model pads each with ``n-1`` start symbols
``<s>`` and one end symbol ``</s>``. ``k > 0`` gives add-k (Laplace when
``k=1``) smoothing, so that unseen n-grams get a small probability instead of 0.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from coursekit import validation
from coursekit.vocab import BOS, EOS


def _as_tokens(sentence, what: str = "문장") -> list[str]:
    return list(validation.tokens(sentence, what, check_all=False))


def ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    """All consecutive n-token tuples of ``tokens``."""
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


class NgramLM:
    """An n-gram language model estimated by counting (maximum likelihood or add-k)."""

    def __init__(self, n: int = 2, k: float = 0.0):
        if n < 1:
            raise ValueError(f"n은 1 이상이어야 합니다 (받은 값: {n}).")
        if k < 0:
            raise ValueError(f"k(스무딩)는 0 이상이어야 합니다 (받은 값: {k}).")
        self.n = n
        self.k = k
        self.counts: Counter[tuple[str, ...]] = Counter()
        self.vocab: set[str] = set()
        self.num_sentences = 0

    # --- training -----------------------------------------------------------
    def pad(self, tokens: Sequence[str]) -> list[str]:
        """``tokens`` with ``n-1`` start symbols and one end symbol."""
        return [BOS] * (self.n - 1) + list(tokens) + [EOS]

    def fit(self, sentences: Iterable[Sequence[str]]) -> NgramLM:
        """Count every m-gram (m = 1..n) of the padded sentences."""
        if isinstance(sentences, str):
            validation.token_lists(sentences, "sentences")  # raises: one string is not a corpus
        for sentence in sentences:
            tokens = self.pad(_as_tokens(sentence))
            self.vocab.update(t for t in tokens if t != BOS)
            self.num_sentences += 1
            for m in range(1, self.n + 1):
                self.counts.update(ngrams(tokens, m))
        if not self.num_sentences:
            raise ValueError("학습할 문장이 없습니다. 토큰 리스트들의 리스트를 넣으세요.")
        return self

    def count(self, *words: str) -> int:
        """How often the word sequence occurred, e.g. ``count("I", "am")``."""
        if len(words) == 1 and not isinstance(words[0], str):
            words = tuple(words[0])
        return self.counts[tuple(words)]

    # --- probabilities ------------------------------------------------------
    def _context(self, context) -> tuple[str, ...]:
        if isinstance(context, str):
            context = context.split()
        context = tuple(context)
        if self.n == 1:
            return ()
        context = (BOS,) * max(0, self.n - 1 - len(context)) + context
        return context[-(self.n - 1) :]

    def prob(self, word: str, context: Sequence[str] | str = ()) -> float:
        """``P(word | context)``; only the last ``n-1`` context words matter.

        With ``k=0`` an unseen context gives 0.0 (the count-based estimate is
        undefined there: the sparsity problem).
        """
        if not self.num_sentences:
            raise RuntimeError("먼저 fit(문장들)로 모델을 학습하세요.")
        ctx = self._context(context)
        numerator = self.counts[ctx + (word,)] + self.k
        if ctx:
            denominator = self.counts[ctx]
        else:  # unigram: all tokens except <s>
            denominator = sum(c for g, c in self.counts.items() if len(g) == 1 and g != (BOS,))
        denominator += self.k * len(self.vocab)
        return numerator / denominator if denominator else 0.0

    def log_prob(self, tokens: Sequence[str]) -> float:
        """Natural log of :meth:`sentence_prob` (``-inf`` when it is 0)."""
        padded = self.pad(_as_tokens(tokens))
        total = 0.0
        for i in range(self.n - 1, len(padded)):
            p = self.prob(padded[i], padded[i - self.n + 1 : i] if self.n > 1 else ())
            if p == 0.0:
                return -math.inf
            total += math.log(p)
        return total

    def sentence_prob(self, tokens: Sequence[str]) -> float:
        """``P(<s> tokens </s>)`` as the product of the n-gram probabilities."""
        return math.exp(self.log_prob(tokens))

    def perplexity(self, sentences: Iterable[Sequence[str]]) -> float:
        """exp of the average negative log-probability per predicted token."""
        total, count = 0.0, 0
        for sentence in sentences:
            tokens = _as_tokens(sentence)
            total += self.log_prob(tokens)
            count += len(tokens) + 1  # the words and </s>
        return math.exp(-total / count) if count else math.nan

    def next_word_distribution(self, context: Sequence[str] | str = ()) -> dict[str, float]:
        """``{word: P(word | context)}`` over the words seen after this context."""
        ctx = self._context(context)
        if self.k == 0:
            words = [g[-1] for g in self.counts if len(g) == len(ctx) + 1 and g[:-1] == ctx]
        else:
            words = sorted(self.vocab)
        dist = {w: self.prob(w, ctx) for w in words}
        return dict(sorted(dist.items(), key=lambda kv: (-kv[1], kv[0])))

    # --- generation ---------------------------------------------------------
    def generate(
        self,
        max_len: int = 30,
        seed: int | None = None,
        context: Sequence[str] = (),
    ) -> list[str]:
        """Sample a sentence word by word until ``</s>`` (or ``max_len`` words)."""
        rng = random.Random(seed)
        history = [BOS] * (self.n - 1) + list(context)
        out: list[str] = list(context)
        while len(out) < max_len:
            dist = self.next_word_distribution(history[-(self.n - 1) :] if self.n > 1 else ())
            if not dist:
                break
            word = rng.choices(list(dist), weights=list(dist.values()))[0]
            if word == EOS:
                break
            out.append(word)
            history.append(word)
        return out


def unseen_rate(train: Iterable[Sequence[str]], test: Iterable[Sequence[str]], n: int) -> float:
    """Share of the test set's n-grams (padded as in NgramLM) that never occur in ``train``."""
    model = NgramLM(n).fit(train)
    seen = total = 0
    for sentence in test:
        for gram in ngrams(model.pad(_as_tokens(sentence)), n):
            total += 1
            seen += model.counts[gram] > 0
    return 1 - seen / total if total else math.nan
