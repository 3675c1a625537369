"""jieba on our own dictionary, the one way every stage that cuts words builds its segmenter.

The default 350,000-word dictionary takes 0.7 s to load; ours (data/jieba_words.txt) loads in
milliseconds, and with the HMM off an unknown run falls apart into single characters the same way
every time. Each caller adds its own words to a fresh segmenter, so one stage's vocabulary never
changes how another stage cuts.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from importlib import resources

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources, which warns on import
    import jieba

WORD_FREQ = 5000


def new_segmenter(words: Iterable[str] = ()) -> jieba.Tokenizer:
    """A jieba tokenizer on data/jieba_words.txt plus `words`; cut it with `HMM=False`."""
    jieba.setLogLevel(logging.WARNING)
    with resources.as_file(resources.files("docscreen.extractors") / "data" / "jieba_words.txt") as path:
        segmenter = jieba.Tokenizer(dictionary=str(path))
        segmenter.initialize()
    for word in sorted(set(words)):
        segmenter.add_word(word, WORD_FREQ)
    return segmenter
