"""English Wikipedia in text8's format, offline: where the English claims can be tried on Wikipedia text.

In Colab the English corpus is text8 (the first 10^8 bytes of a 2006 English
Wikipedia dump, 17M words). Tests and CI cannot download it, so there the
notebooks train on en8, its declared stand-in (NLTK corpora: news, fiction,
movie reviews, speeches), and every English claim is calibrated on en8.
A claim can hold on en8 only because of en8's genre: ``good``'s neighbours
include ``bad`` in movie reviews, not in encyclopaedia articles.

gensim ships a shortened dump of the same first articles that text8 starts
with (page ids 10-30302: Anarchism, Autism, Albedo, ...). :func:`words` turns
it into text8's format with the rules of Matt Mahoney's ``wikifil.pl``
(markup removed, lower case, digits spelled out, only a-z): about 0.5M words.

``COURSEKIT_ENGLISH=wiki-sample`` makes :func:`coursekit.datasets.load_english_corpus`
return this sample instead of text8 or en8, so that, for example::

    COURSEKIT_ENGLISH=wiki-sample COURSEKIT_DATA=../shared/data \\
        .venv/bin/python -m pytest --nbval-lax lectures/03_word2vec.ipynb

shows which claims fail on Wikipedia text. It is a proxy, not text8: a claim
sized for millions of words can fail on 0.5M words for size, not genre.
"""

from __future__ import annotations

import bz2
import os
import re
from functools import lru_cache

ENV = "COURSEKIT_ENGLISH"
NAME = "wiki-sample"
SOURCE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"

_DIGITS = "zero one two three four five six seven eight nine".split()
_NOT_LETTER = re.compile(r"[^a-z]+")
_DIGIT = re.compile(r"[0-9]")


def requested() -> bool:
    """True where ``COURSEKIT_ENGLISH=wiki-sample`` asks for this sample as the English corpus."""
    return os.environ.get(ENV, "").strip().lower() == NAME


def text8_words(wiki_markup: str) -> list[str]:
    """The words of one article in text8's format: markup removed, lower case, digits spelled out, a-z only."""
    from gensim.corpora.wikicorpus import filter_wiki

    text = filter_wiki(wiki_markup).lower()
    text = _DIGIT.sub(lambda m: f" {_DIGITS[int(m.group())]} ", text)
    return _NOT_LETTER.sub(" ", text).split()


@lru_cache(maxsize=1)
def words() -> tuple[str, ...]:
    """The sample's words in text8's format, article after article (built once per process, about 5 s)."""
    from gensim.corpora.wikicorpus import extract_pages
    from gensim.test.utils import datapath

    found: list[str] = []
    with bz2.open(datapath(SOURCE)) as dump:
        for _title, markup, _pageid in extract_pages(dump, filter_namespaces=("0",)):
            if not markup.lstrip().lower().startswith("#redirect"):
                found += text8_words(markup)
    return tuple(found)
