"""The search analyzers (shared by the index, NEAR verification and highlighting), and words with offsets."""

from __future__ import annotations

import re
from functools import lru_cache

import tantivy
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

TEXT_FIELDS = {"fr": "text_fr", "en": "text_en"}
OTHER_TEXT_FIELD = "text_other"
PLAIN_FIELD = "text_plain"  # folded, not stemmed: wildcards match here
RAW_FIELD = "text_raw"  # as written: raw: matches here
MAX_TOKEN_BYTES = 64
# tantivy's simple tokenizer splits on every character that is not alphanumeric.
_WORD = re.compile(r"[^\W_]+")


def _analyzer(stemmer: str | None, fold: bool = True) -> tantivy.TextAnalyzer:
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(MAX_TOKEN_BYTES))
    if fold:
        builder = builder.filter(Filter.lowercase()).filter(Filter.ascii_fold())
    if stemmer:
        builder = builder.filter(Filter.stemmer(stemmer))
    return builder.build()


ANALYZERS = {
    "text_fr": _analyzer("french"),
    "text_en": _analyzer("english"),
    OTHER_TEXT_FIELD: _analyzer(None),
    PLAIN_FIELD: _analyzer(None),
    RAW_FIELD: _analyzer(None, fold=False),
}
LANGUAGE_FIELDS = (*TEXT_FIELDS.values(), OTHER_TEXT_FIELD)


def text_field_for(lang: str | None) -> str:
    return TEXT_FIELDS.get(lang or "", OTHER_TEXT_FIELD)


@lru_cache(maxsize=200_000)
def analyze_word(field: str, word: str) -> str | None:
    """The indexed form of one word in `field`, or None when the analyzer drops it."""
    tokens = ANALYZERS[field].analyze(word)
    return tokens[0] if tokens else None


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of `text` with their character offsets, in the order the index gives them positions."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def analyzed_words(text: str, field: str, spans: list[tuple[int, int, str]] | None = None) -> list[str | None]:
    """The indexed form of each word of `text` in `field` (None where the analyzer drops one)."""
    return [analyze_word(field, word) for _, _, word in (spans if spans is not None else words(text))]
