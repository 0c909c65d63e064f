"""coursekit.wiki_sample: gensim's English Wikipedia sample in text8's format, and the switch to it."""

import re

from coursekit import datasets, wiki_sample


def test_text8_words_follow_wikifil_rules():
    markup = "'''Anarchism''' began in the 1840s.<ref>Smith</ref> See [[Pierre-Joseph Proudhon|Proudhon]]!"
    assert wiki_sample.text8_words(markup) == [
        "anarchism", "began", "in", "the", "one", "eight", "four", "zero", "s", "see", "proudhon"]


def test_the_sample_starts_like_text8_and_is_in_its_format():
    words = wiki_sample.words()
    assert len(words) > 400_000
    assert words[0] == "anarchism"  # text8's first article
    assert all(re.fullmatch("[a-z]+", w) for w in words[:50_000])
    assert {"zero", "one", "nine"} <= set(words[:50_000])  # digits spelled out


def test_the_environment_switches_the_english_corpus(monkeypatch, capsys):
    monkeypatch.setenv(wiki_sample.ENV, "wiki-sample")
    corpus = datasets.load_english_corpus(max_words=2_000, chunk=500)
    assert corpus.name == wiki_sample.NAME and not corpus.standin
    assert [len(s) for s in corpus] == [500] * 4 and corpus[0][0] == "anarchism"
    assert wiki_sample.NAME in capsys.readouterr().out
    monkeypatch.setenv(wiki_sample.ENV, "")
    assert not wiki_sample.requested()
