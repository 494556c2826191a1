"""BERT's uncased WordPiece tokenizer in plain Python, for the bundled MiniLM model.

It reproduces what the ``tokenizers`` package does with all-MiniLM-L6-v2's tokenizer.json
(BertNormalizer: clean text, space out CJK characters, lowercase, strip accents;
BertPreTokenizer: split on whitespace and punctuation; WordPiece with ``##`` continuations,
100 characters at most per word) — tests/test_scoring_semantic.py checks the ids are the same
on every answer and reference we have. Plain Python keeps the default install free of the
``tokenizers`` wheel and of the Hugging Face hub client it depends on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

CLS, SEP, PAD, UNK = "[CLS]", "[SEP]", "[PAD]", "[UNK]"
MAX_CHARS_PER_WORD = 100


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


# ASCII text (nearly every answer) takes one table and one regex instead of a loop over
# characters: its control characters go, tab and line ends become spaces, nothing is CJK or
# accented, and its punctuation is exactly the four ranges of _is_punctuation.
_ASCII_CLEAN = {c: None for c in [*range(32), 127] if chr(c) not in "\t\n\r"} | {
    ord(c): " " for c in "\t\n\r"
}
_ASCII_PUNCTUATION = "!-/:-@\\[-`{-~"
_ASCII_WORD = re.compile(rf"[^\s{_ASCII_PUNCTUATION}]+|[{_ASCII_PUNCTUATION}]")


def normalise(text: str) -> str:
    """BertNormalizer: drop control characters, whitespace to spaces, CJK spaced out,
    lowercase, accents stripped."""
    if text.isascii():
        return text.translate(_ASCII_CLEAN).lower()
    out: list[str] = []
    for char in text:
        if char in "\x00\ufffd" or _is_control(char):
            continue
        if char.isspace():
            out.append(" ")
        elif _is_cjk(ord(char)):
            out.append(f" {char} ")
        else:
            out.append(char)
    lowered = "".join(out).lower()
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def pre_tokenise(text: str) -> list[str]:
    """BertPreTokenizer: whitespace-separated words, each punctuation character on its own."""
    if text.isascii():
        return _ASCII_WORD.findall(text)
    words: list[str] = []
    for chunk in text.split():
        current: list[str] = []
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(char)
            else:
                current.append(char)
        if current:
            words.append("".join(current))
    return words


class WordPiece:
    """Text → token ids with [CLS] … [SEP], truncated to ``max_length`` ids in all."""

    def __init__(self, vocab: dict[str, int], max_length: int = 256) -> None:
        self.vocab = vocab
        self.max_length = max_length
        self.cls_id, self.sep_id = vocab[CLS], vocab[SEP]
        self.pad_id, self.unk_id = vocab[PAD], vocab[UNK]
        self._word = lru_cache(maxsize=65536)(self._word_uncached)

    @classmethod
    def from_file(cls, path: Path, max_length: int = 256) -> WordPiece:
        """One token a line; the line number is its id (BERT's vocab.txt)."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls({token: index for index, token in enumerate(lines)}, max_length)

    def _word_uncached(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_CHARS_PER_WORD:
            return (self.unk_id,)
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found: int | None = None
            while start < end:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk_id,)
            pieces.append(found)
            start = end
        return tuple(pieces)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = [self.cls_id]
        room = self.max_length - 2
        for word in pre_tokenise(normalise(text)):
            ids.extend(self._word(word))
            if len(ids) - 1 >= room:
                del ids[room + 1 :]
                break
        ids.append(self.sep_id)
        return ids
