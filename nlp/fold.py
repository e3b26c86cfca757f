"""Case and accent folding that remembers where each folded character came from."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
# Ligatures that Unicode decomposition leaves alone, yet French writes both ways (cœur, coeur).
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"}
# HTML character references left in text that was escaped once too often (comments exported from a page's HTML:
# "I&#39;m a singer", "don&#39;t", "Rock &amp; Roll"): read as the character they stand for.
_REFERENCE = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|quot|apos|lt|gt|nbsp);")


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
    table = None if _has_references(text) else _one_to_one_table(text)
    if table is not None:
        # The usual case: every character folds to one, offsets do not move (20 times faster than below).
        return FoldedText(text.translate(table), range(len(text)), len(text))
    return _fold_each(text)


def fold(text: str) -> str:
    """`text` lower-cased, without accents, with straight apostrophes (`L’Oréal` -> `l'oreal`), HTML character
    references read (`L&#39;Oréal` -> `l'oreal`)."""
    table = None if _has_references(text) else _one_to_one_table(text)
    return text.translate(table) if table is not None else _fold_each(text).text


def _has_references(text: str) -> bool:
    return "&" in text and _REFERENCE.search(text) is not None


def _fold_each(text: str) -> FoldedText:
    """`fold_with_offsets` character by character, for a text where one folds to several (œ -> oe) or that holds
    HTML character references (each folds as the character it stands for, from the reference's "&")."""
    references = {found.start(): found for found in _REFERENCE.finditer(text)} if "&" in text else {}
    pieces, origin = [], []
    index = 0
    while index < len(text):
        reference = references.get(index)
        if reference is None:
            folded, following = _fold_char(text[index]), index + 1
        else:
            folded = "".join(_fold_char(char) for char in html.unescape(reference.group()).replace("\xa0", " "))
            following = reference.end()
        pieces.append(folded)
        origin.extend([index] * len(folded))
        index = following
    return FoldedText("".join(pieces), tuple(origin), len(text))


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
