"""coursekit.settings: one frozen object for the trainers' shared settings."""

import dataclasses
import inspect

import pytest

from coursekit import fasttext, word2vec
from coursekit.settings import TrainSettings


def test_defaults_are_gensims_and_the_object_is_frozen():
    s = TrainSettings()
    assert (s.dim, s.window, s.negative, s.min_count, s.sample, s.epochs) == (100, 5, 5, 5, 1e-3, 5)
    assert (s.alpha, s.min_alpha, s.seed, s.batch, s.workers) == (0.025, 0.0001, 0, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.dim = 3


def test_of_replaces_fields_and_names_unknown_ones():
    base = TrainSettings(dim=20)
    assert TrainSettings.of(base, epochs=2) == TrainSettings(dim=20, epochs=2)
    assert TrainSettings.of(None, window=2) == TrainSettings(window=2)
    with pytest.raises(TypeError, match="dimension"):
        TrainSettings.of(None, dimension=3)
    with pytest.raises(ValueError, match="1 이상"):
        TrainSettings(window=0)


@pytest.mark.parametrize("train", [word2vec.train, fasttext.train])
def test_trainers_show_every_setting_in_their_signature(train):
    params = inspect.signature(train).parameters
    for field in dataclasses.fields(TrainSettings):
        assert params[field.name].default == field.default
    assert list(params)[:2] == ["sentences", "sg"]
