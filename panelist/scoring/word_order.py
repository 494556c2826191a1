"""Word order: is this text in the order English puts words, or in any order at all?

A claim is words joined by grammar, and grammar is mostly order: a determiner before its
noun, a preposition between two phrases, a sentence end before a capital. This module
holds a small bigram model over word *classes* (the most frequent words of natural
answers as themselves, every other word by its shape: capitalised, a number, "-ing",
"-ed", "-s", "-ly", "-tion"; punctuation as its own class), fitted once on the answers
and references of the dev data (``benchmarks/build_word_order.py``; never on held-out
files) and shipped as ``models/word_order.json``.

:func:`order_test` asks two questions of a text, neither of which depends on its topic:

- **is its order better than a random order of the same words?** The text's mean
  pointwise mutual information of adjacent classes, against the same words shuffled 60
  times (a permutation test, seeded by the text's length so a score never varies): a
  natural answer stands several standard deviations above its own shuffles, a word salad
  is one of them;
- **how many of its transitions does English (almost) never make?** "of of", "the ." ,
  "the simulate", a sentence end before a lower-case word: transitions with a frequent
  left class seen less than once in a thousand times in natural answers.

A text is out of order when its order is no better than its shuffles' and, under twenty
words (where chance can make a shuffle look good), it makes rare transitions too
(:attr:`OrderTest.out_of_order`). Measured figures: docs/scoring.md.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MODEL_PATH = Path(__file__).parent / "models" / "word_order.json"
FREQUENT_WORDS = 120  # words modelled as themselves; the rest by their shape
SMOOTHING = 0.5
PERMUTATIONS = 60
MIN_WORDS = 12  # fewer words carry too little order to test: terse natural answers of
# 6-11 words ("A single Element on the Array.") look no better than their shuffles
MAX_WORDS = 400  # the first 400 words tell (a longer text costs more and tells no more)
RARE_PROBABILITY = 0.001  # a transition English makes less than once in a thousand
RARE_CONTEXT = 50  # ... after a class seen at least this often (else: unknown, not rare)
# How far above its own shuffles a natural answer stands grows with its length, and so does
# the test's certainty; a short text must also make rare transitions (measured on the dev
# answers, catalog references and graded answers and their shuffles: docs/scoring.md).
# (words from, at most this many deviations above its shuffles, at least this share rare)
BANDS: tuple[tuple[int, float, float], ...] = (
    (40, 2.5, 0.05),
    (20, 1.5, 0.05),
    (MIN_WORDS, 1.5, 0.1),
)
# A dash standing alone between words ("first - connection pool waits, DNS - then") sets
# off a list or an aside as a comma does: it is a COMMA, not nothing.
_TOKEN = re.compile(
    r"[A-Za-z0-9_][A-Za-z0-9_+#'’%/-]*|[.!?]+|[,;:]|[()\[\]{}]|(?<!\S)(?:--?|[–—])(?!\S)"
)
DASHES = frozenset({"-", "--", "–", "—"})
_SUFFIXES = ("ing", "ed", "ly", "tion", "s")
UNKNOWN = "w"
CLASS_CACHE_WORDS = 100_000  # distinct words whose classes are kept (a few MB at most)


def word_class(token: str, frequent: frozenset[str]) -> str:
    """The class of one token: a frequent word itself (``^`` marks a capital), else its shape."""
    if token[0] in ".!?":
        return "END"
    if token in {",", ";", ":"} or token in DASHES:
        return "COMMA"
    if token in {"(", "[", "{"}:
        return "OPEN"
    if token in {")", "]", "}"}:
        return "CLOSE"
    if any(c.isdigit() for c in token):
        return "NUM"
    lower = token.lower()
    capital = token[0].isupper() and not token.isupper()
    if lower in frequent:
        return ("^" if capital else "") + lower
    if token.isupper() and len(token) > 1:
        return "ACRONYM"
    base = "C" if capital else UNKNOWN
    suffix = next((s for s in _SUFFIXES if lower.endswith(s)), None)
    return f"{base}-{suffix}" if suffix else base


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class OrderTest:
    """What the model says about one text's order."""

    words: int
    z: float  # standard deviations above the mean of its own shuffles
    rare_share: float  # share of its transitions English (almost) never makes

    @property
    def no_better_than_shuffled(self) -> bool:
        """Its order is no better than a shuffle's (the bound grows with its length)."""
        band = self._band()
        return band is not None and self.z < band[1]

    @property
    def out_of_order(self) -> bool:
        """No better than a shuffle's, and making English's rare transitions: a salad."""
        band = self._band()
        return band is not None and self.z < band[1] and self.rare_share >= band[2]

    def _band(self) -> tuple[int, float, float] | None:
        return next((band for band in BANDS if self.words >= band[0]), None)


class WordOrderModel:
    """Class bigram counts of natural answers, and the tests above."""

    def __init__(self, frequent: Iterable[str], counts: dict[str, dict[str, int]]) -> None:
        self.frequent = frozenset(frequent)
        # the classes of each whitespace-separated word, kept: an answer is tested whole
        # and again in each view and cut of it
        self._classes: dict[str, tuple[int, ...]] = {}
        names = sorted({a for a in counts} | {b for row in counts.values() for b in row})
        if UNKNOWN not in names:
            names.append(UNKNOWN)
        self.index = {name: i for i, name in enumerate(names)}
        size = len(names)
        matrix = np.zeros((size, size))
        for a, row in counts.items():
            for b, count in row.items():
                matrix[self.index[a], self.index[b]] = count
        self.context: NDArray[np.float64] = matrix.sum(axis=1)
        self.seen: NDArray[np.bool_] = matrix > 0
        probability = (matrix + SMOOTHING) / (self.context[:, None] + SMOOTHING * size)
        unigram = matrix.sum(axis=0) + SMOOTHING
        unigram = unigram / unigram.sum()
        self.probability: NDArray[np.float64] = probability
        self.pmi: NDArray[np.float64] = np.log(probability) - np.log(unigram)[None, :]

    def classes(self, word: str) -> list[int]:
        return list(self._word_classes(word))

    def _word_classes(self, word: str) -> tuple[int, ...]:
        known = self._classes.get(word)
        if known is None:
            unknown = self.index[UNKNOWN]
            known = tuple(
                self.index.get(word_class(t, self.frequent), unknown) for t in _tokens(word)
            )
            if len(self._classes) < CLASS_CACHE_WORDS:
                self._classes[word] = known
        return known

    def order_test(self, text: str, min_words: int = MIN_WORDS) -> OrderTest:
        """The permutation test and the rare transitions of ``text`` (see the module doc);
        a text under ``min_words`` words is not tested (z infinite)."""
        words = text.split()[:MAX_WORDS]
        groups: list[tuple[int, ...]] = []  # kept tuples, not copies
        for word, group in zip(words, map(self._word_classes, words), strict=True):
            if word in DASHES and groups:
                groups[-1] += group  # a dash between words is the last word's comma
            elif group:
                groups.append(group)
        lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        ids = np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64)
        if len(groups) < min_words or len(ids) < 3:
            return OrderTest(len(groups), float("inf"), 0.0)
        left, right = ids[:-1], ids[1:]
        pmi = self.pmi[left, right]
        rare = ~self.seen[left, right] | (self.probability[left, right] < RARE_PROBABILITY)
        rare &= self.context[left] >= RARE_CONTEXT
        # A shuffle moves whole words: the transitions inside a word ("p99", "sum(rate") stay,
        # and the others join one word's last class to the next one's first.
        word_of = np.repeat(np.arange(len(groups)), lengths)
        inside = float(pmi[word_of[:-1] == word_of[1:]].sum())
        ends = np.cumsum(lengths) - 1
        firsts, lasts = ids[ends - lengths + 1], ids[ends]
        order = _shuffles(len(groups))
        between = self.pmi[lasts[order[:, :-1]], firsts[order[:, 1:]]].sum(axis=1)
        means = (inside + between) / (len(ids) - 1)
        spread = float(means.std()) or 1e-9
        z = (float(pmi.mean()) - float(means.mean())) / spread
        return OrderTest(len(groups), z, float(rare.mean()))


@cache
def _shuffles(words: int) -> NDArray[np.int64]:
    """:data:`PERMUTATIONS` orders of ``words`` words, seeded by their number: the same words
    always get the same shuffles, so a score never varies (and a name swap changes nothing)."""
    rng = np.random.default_rng(words)
    order: NDArray[np.int64] = np.argsort(rng.random((PERMUTATIONS, words)), axis=1)
    return order


def order_test(text: str, min_words: int = MIN_WORDS) -> OrderTest:
    """:meth:`WordOrderModel.order_test` with the shipped model."""
    return load_model().order_test(text, min_words)


@cache
def load_model(path: Path = MODEL_PATH) -> WordOrderModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return WordOrderModel(data["frequent"], data["counts"])


def fit(texts: Iterable[str], frequent_words: int = FREQUENT_WORDS) -> dict[str, object]:
    """The model file's content, from natural answers (``benchmarks/build_word_order.py``)."""
    texts = list(texts)
    frequency = Counter(t.lower() for text in texts for t in _tokens(text) if t[0].isalpha())
    frequent = frozenset(w for w, _ in frequency.most_common(frequent_words))
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        classes = [word_class(t, frequent) for t in _tokens(text)]
        for a, b in itertools.pairwise(classes):
            counts.setdefault(a, Counter())[b] += 1
    return {
        "about": "Class bigram counts of natural answers: panelist/scoring/word_order.py.",
        "frequent": sorted(frequent),
        "counts": {a: dict(sorted(row.items())) for a, row in sorted(counts.items())},
    }
