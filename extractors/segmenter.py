"""jieba on our own dictionary, the one way every stage that cuts words builds its segmenter.

The default 350,000-word dictionary takes far longer to load than ours (data/jieba_words.txt),
which loads in milliseconds, and with the HMM off an unknown run falls apart into single characters the same way
every time. Each caller adds its own words to a fresh segmenter, so one stage's vocabulary never
changes how another stage cuts.
"""

from __future__ import annotations

import importlib
import logging
import sys
import warnings
from collections.abc import Iterable
from importlib import resources
from types import ModuleType


def _import_jieba() -> ModuleType:
    """jieba imports pkg_resources (~0.2 s, and a deprecation warning) only to open its own data
    files, and opens them by path when that import fails; we load our own dictionary anyway."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment] - makes `import pkg_resources` fail
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module("jieba")
    finally:
        if blocked:
            del sys.modules["pkg_resources"]


jieba = _import_jieba()

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
