"""Where a sentence of a post starts and ends, read by its marks (".", "!", "?" or a line break), and whether
it asks: the rules need this much of a sentence, not spaCy's sentencizer."""

from __future__ import annotations

MARKS = ".!?\n"


def sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding `offset` starts: after the last mark before it."""
    return max(text.rfind(mark, 0, offset) for mark in MARKS) + 1


def sentence_end(text: str, offset: int) -> int:
    """Where the sentence holding `offset` ends: at the first mark from it, else the text's end."""
    ends = [i for i in (text.find(mark, offset) for mark in MARKS) if i != -1]
    return min(ends) if ends else len(text)


def in_question(text: str, offset: int) -> bool:
    """True when the sentence holding `offset` ends with a question mark."""
    end = sentence_end(text, offset)
    return end < len(text) and text[end] == "?"
