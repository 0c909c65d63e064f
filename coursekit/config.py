"""Run-time configuration: quick/full mode, the device report and seeding.

``COURSEKIT_MODE=quick|full`` picks how much work the notebooks do. Without it,
the mode is ``full`` where TensorFlow sees a GPU (Colab) and ``quick`` elsewhere,
so that every notebook runs on a 2-core CPU in the tests.
"""

from __future__ import annotations

import os
import random
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MODES = ("quick", "full")


# XLA:CPU splits the loops of a compiled function into tasks for TensorFlow's
# intra-op thread pool. The trainers' kernels (sgns, FastText) run thousands of
# small SGD steps per call, and on a 2-core machine handing every step's small
# loops to two threads costs more than the work: en8 skip-gram trains about
# twice as fast without the pass (bench/README.md, "XLA's parallel tasks").
# Keras' layers are unaffected (their matrix products are Eigen calls). The
# flag only reaches XLA if it is set before XLA reads its flags, i.e. before
# the first compiled function runs; coursekit sets it when it is imported.
SERIAL_XLA_LOOPS = "--xla_disable_hlo_passes=cpu-parallel-task-assigner"


def _serial_xla_loops() -> None:
    """Add :data:`SERIAL_XLA_LOOPS` to ``XLA_FLAGS`` (``COURSEKIT_XLA_PARALLEL_TASKS=1`` keeps XLA's default)."""
    if os.environ.get("COURSEKIT_XLA_PARALLEL_TASKS", "").strip() in ("1", "true", "yes"):
        return
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_disable_hlo_passes" not in flags:  # never override a user's own list of disabled passes
        os.environ["XLA_FLAGS"] = f"{flags} {SERIAL_XLA_LOOPS}".strip()


_serial_xla_loops()


def _quiet_tensorflow() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    _serial_xla_loops()


def expected_retracing(function):
    """Mark a ``tf.function`` whose retracing is expected: no "triggered tf.function retracing" warning.

    The trainers' XLA kernels are traced again for every new model (a new
    vocabulary size, dimension or batch), and each trace then runs a whole
    training; TensorFlow's warning about frequent retracing would only alarm
    a student who trains several models in one session. Returns ``function``.
    """
    try:
        # tf.function's own switch; TensorFlow sets it on the functions of a restored SavedModel
        function._omit_frequent_tracing_warning = True
    except AttributeError:  # another TensorFlow version: the warning, harmless, stays
        pass
    return function


@contextmanager
def _no_native_stderr():
    """Silence what C++ libraries write to file descriptor 2 (TensorFlow's start-up logs,
    which TF_CPP_MIN_LOG_LEVEL does not catch), e.g. 'Could not find cuda drivers'."""
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some hosted kernels)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@lru_cache(maxsize=1)
def gpus() -> tuple[str, ...]:
    """Names of the GPUs TensorFlow can use (empty on a CPU-only machine)."""
    _quiet_tensorflow()
    with _no_native_stderr():
        import tensorflow as tf

        return tuple(d.name for d in tf.config.list_physical_devices("GPU"))


def mode() -> str:
    """Return ``"quick"`` or ``"full"``.

    ``COURSEKIT_MODE`` wins; otherwise ``full`` when a GPU is visible.
    """
    value = os.environ.get("COURSEKIT_MODE", "").strip().lower()
    if value:
        if value not in MODES:
            raise ValueError(
                f"COURSEKIT_MODE={value!r}는 알 수 없는 모드입니다. "
                "'quick' 또는 'full' 중 하나로 설정하세요."
            )
        return value
    return "full" if gpus() else "quick"


def is_quick() -> bool:
    """True in quick mode (small corpora, few steps)."""
    return mode() == "quick"


def pick(quick, full):
    """Return ``quick`` in quick mode and ``full`` in full mode."""
    return quick if is_quick() else full


def seed_everything(seed: int = 0) -> None:
    """Seed Python, numpy and TensorFlow (and Keras) random generators."""
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    _quiet_tensorflow()
    with _no_native_stderr():
        import keras

    keras.utils.set_random_seed(seed)


@dataclass(frozen=True)
class DeviceReport:
    mode: str
    device: str
    tensorflow: str
    keras: str
    gensim: str

    def line(self) -> str:
        return (
            f"모드: {self.mode} | 장치: {self.device} | TensorFlow {self.tensorflow}, "
            f"Keras {self.keras}, gensim {self.gensim}"
        )


def device_report() -> DeviceReport:
    """Describe the mode, the device TensorFlow will use and library versions."""
    _quiet_tensorflow()
    import gensim
    import keras
    import tensorflow as tf

    found = gpus()
    if found:
        details = tf.config.experimental.get_device_details(
            tf.config.list_physical_devices("GPU")[0]
        )
        name = details.get("device_name", found[0])
        device = f"GPU {len(found)}개 ({name})"
    else:
        device = f"CPU ({os.cpu_count()} 코어)"
    return DeviceReport(mode(), device, tf.__version__, keras.__version__, gensim.__version__)


def setup(seed: int = 0, korean_font: bool = True) -> None:
    """The call every notebook's setup cell ends with.

    Seeds the generators, makes matplotlib draw Hangul, and prints one line with
    the mode and the device (see :func:`device_report`).
    """
    seed_everything(seed)
    if korean_font:
        from coursekit import viz

        viz.use_korean_font()
    print(device_report().line())
