"""The training settings that word2vec and FastText share, in one frozen object.

:class:`TrainSettings` holds every knob of the negative-sampling trainer
(:mod:`coursekit.sgns`) with gensim's defaults. ``word2vec.train``,
``fasttext.train`` and ``python -m coursekit bench`` all take their settings
from it, so a default is written down once::

    TrainSettings(dim=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=5, ...)

``word2vec.train(sentences, dim=50, epochs=3)`` is the same as
``word2vec.train(sentences, settings=TrainSettings(dim=50, epochs=3))``.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainSettings:
    """Settings of skip-gram / CBOW / FastText training with negative sampling.

    ``dim``: vector size; ``window``: largest distance of a context word (each
    centre draws its own window 1..window); ``negative``: noise words per real
    pair; ``min_count``: rarer words are dropped; ``sample``: subsampling
    threshold (0 turns it off); ``epochs``: passes over the corpus; ``alpha``
    to ``min_alpha``: the learning rate, decaying linearly; ``seed``: all
    random numbers; ``batch``: examples per SGD step (``None``: 128 on a CPU,
    see :func:`coursekit.sgns.default_batch`); ``workers``/``chunk``: threads
    training side by side, each ``chunk`` examples between merges (see
    :mod:`coursekit.parallel_tables`; ``workers=None``: 2 on a CPU, 1 on a
    GPU, see :func:`coursekit.sgns.default_workers`).
    """

    dim: int = 100
    window: int = 5
    negative: int = 5
    min_count: int = 5
    sample: float = 1e-3
    epochs: int = 5
    alpha: float = 0.025
    min_alpha: float = 0.0001
    seed: int = 0
    batch: int | None = None
    workers: int | None = None
    chunk: int | None = None

    def __post_init__(self):
        small = [f.name for f in dataclasses.fields(self)
                 if f.name in ("dim", "window", "negative", "epochs", "workers")
                 and getattr(self, f.name) is not None and getattr(self, f.name) < 1]
        if small:
            raise ValueError(f"{', '.join(small)}은(는) 1 이상이어야 합니다.")
        if self.batch is not None and self.batch < 1:
            raise ValueError("batch는 1 이상이어야 합니다.")
        from coursekit import validation

        for name in ("dim", "window", "negative", "epochs"):
            validation.at_least(getattr(self, name), name)
        validation.at_least(self.min_count, "min_count", 0)
        validation.at_least(self.seed, "seed", 0)
        for name in ("batch", "chunk", "workers"):
            if getattr(self, name) is not None:
                validation.at_least(getattr(self, name), name)
        validation.non_negative(self.sample, "sample", hint="0이면 서브샘플링을 하지 않고, 보통 1e-3~1e-5를 씁니다.")
        validation.non_negative(self.alpha, "alpha", positive=True)
        validation.non_negative(self.min_alpha, "min_alpha")

    @classmethod
    def of(cls, settings: TrainSettings | None = None, **options) -> TrainSettings:
        """``settings`` (default: the defaults) with ``options`` replacing some fields."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - names)
        if unknown:
            raise TypeError(f"알 수 없는 학습 설정: {', '.join(unknown)} "
                            f"(쓸 수 있는 설정: {', '.join(sorted(names))})")
        return dataclasses.replace(settings or cls(), **options)


def takes_settings(func: Callable) -> Callable:
    """Show :class:`TrainSettings`' fields as keyword arguments in ``help(func)``.

    ``func`` takes ``settings=None`` and ``**options``; its displayed signature
    lists every field with its default, so students see the whole knob list.
    """
    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    shown = {p.name for p in params}
    fields = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default,
                          annotation=f.type)
        for f in dataclasses.fields(TrainSettings) if f.name not in shown
    ]
    positional = [p for p in params if p.kind is not p.KEYWORD_ONLY]
    keyword = [p for p in params if p.kind is p.KEYWORD_ONLY]

    func.__signature__ = signature.replace(parameters=[*positional, *fields, *keyword])
    return func
