"""Counter-based random numbers in TensorFlow: cheap, reproducible, batch-independent.

The trainer (:mod:`coursekit.sgns`) needs millions of random numbers per
epoch (subsampling coins, window sizes, noise words). Instead of a stateful
generator it hashes counters: the ``i``-th number of a stream is a hash of
``(key, i)``, so it does not depend on how the work is cut into batches or
threads, and the same seed always gives the same vectors.
"""

from __future__ import annotations

from coursekit import config

config._quiet_tensorflow()
import tensorflow as tf  # noqa: E402

# Distinct "streams" of random numbers, mixed into the key.
SUBSAMPLE, WINDOW, NEGATIVE = 0x5B1, 0xA2D, 0xC3F


def hash_uint32(x: tf.Tensor) -> tf.Tensor:
    """murmur3's 32-bit finaliser: a cheap, well-mixed hash of uint32 counters."""
    x = tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 16))
    x = x * tf.constant(0x85EBCA6B, tf.uint32)
    x = tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 13))
    x = x * tf.constant(0xC2B2AE35, tf.uint32)
    return tf.bitwise.bitwise_xor(x, tf.bitwise.right_shift(x, 16))


def stream_key(seed: int, epoch, stream: int) -> tf.Tensor:
    """A uint32 key for (seed, epoch, stream); ``epoch`` may be a tensor."""
    s = tf.constant(((seed * 0x9E3779B1) ^ (stream * 0x85EBCA77)) & 0xFFFFFFFF, tf.uint32)
    e = tf.cast(epoch, tf.uint32)
    return hash_uint32(s ^ hash_uint32(e + tf.constant(0x27D4EB2F, tf.uint32)))


def uniform_from_key(key: tf.Tensor, counters: tf.Tensor) -> tf.Tensor:
    """Uniform floats in [0, 1), one per counter, from a uint32 stream key."""
    h = hash_uint32(tf.cast(counters, tf.uint32) ^ key)
    h = hash_uint32(h + key)
    return tf.cast(tf.bitwise.right_shift(h, 8), tf.float32) * (1.0 / (1 << 24))
