"""coursekit.negative_sampling: the noise distribution, its samplers and the SGD step."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import negative_sampling

tf = pytest.importorskip("tensorflow")


def test_noise_distribution_is_count_to_the_075():
    counts = np.array([1000, 100, 10, 1])
    p = negative_sampling.noise_distribution(counts)
    assert p.sum() == pytest.approx(1.0)
    # ratios follow count ratios ** 0.75: 10x the count -> 10**0.75 (about 5.6x) the probability
    np.testing.assert_allclose(p[:-1] / p[1:], 10**0.75)
    raw = negative_sampling.noise_distribution(counts, power=1.0)
    assert p[0] < raw[0] and p[-1] > raw[-1]


def test_alias_table_reproduces_the_distribution_exactly():
    p = negative_sampling.noise_distribution(np.array([500, 120, 33, 7, 7, 1, 1]))
    threshold, alias = negative_sampling.alias_table(p)
    n = len(p)
    implied = threshold / n
    for j in range(n):
        implied[alias[j]] += (1 - threshold[j]) / n
    np.testing.assert_allclose(implied, p, atol=1e-12)


def test_unigram_table_slots_follow_the_distribution():
    counts = np.array([81, 16, 1])
    table = negative_sampling.unigram_table(counts, size=100_000)
    share = np.bincount(table, minlength=3) / len(table)
    np.testing.assert_allclose(share, negative_sampling.noise_distribution(counts), atol=1e-4)


def test_tensorflow_sampler_draws_in_proportion_to_count_075():
    counts = np.array([5000, 800, 300, 50, 10, 5])
    p = negative_sampling.noise_distribution(counts)
    threshold, alias = negative_sampling.alias_table(p)
    keys = tf.cast(tf.range(200_000), tf.uint32) * tf.constant(7919, tf.uint32)
    draws = negative_sampling.sample_noise(
        keys, tf.constant(threshold, tf.float32), tf.constant(alias, tf.int32)
    ).numpy()
    share = np.bincount(draws, minlength=len(counts)) / len(draws)
    np.testing.assert_allclose(share, p, atol=0.004)
    raw = counts / counts.sum()
    assert abs(share[0] - raw[0]) > 0.05  # clearly not the raw unigram


def test_sgd_update_matches_a_numpy_step():
    rng = np.random.default_rng(0)
    h = rng.normal(size=(2, 3)).astype(np.float32)
    out = rng.normal(size=(5, 3)).astype(np.float32)
    targets = np.array([[1, 3, 4], [2, 3, 0]])
    weights = np.array([[1, 1, 1], [1, 1, 0]], np.float32)
    grad_h, new_out, loss = negative_sampling.sgd_update(
        tf.constant(h), tf.constant(targets), tf.constant(weights), tf.constant(out), 0.1
    )
    want_out, want_grad, want_loss = out.copy(), np.zeros_like(h), 0.0
    for b in range(2):
        for k in range(3):
            if not weights[b, k]:
                continue
            label = 1.0 if k == 0 else 0.0
            score = 1 / (1 + np.exp(-h[b] @ out[targets[b, k]]))
            g = (label - score) * 0.1
            want_grad[b] += g * out[targets[b, k]]
            want_out[targets[b, k]] += g * h[b]
            want_loss -= np.log(score if label else 1 - score)
    np.testing.assert_allclose(grad_h.numpy(), want_grad, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_out.numpy(), want_out, rtol=1e-5, atol=1e-6)
    assert float(loss) == pytest.approx(want_loss, rel=1e-5)
