"""Language detection (py3langid), trusting the source's own language when it gives one."""

from __future__ import annotations

from functools import lru_cache

import py3langid.langid as langid

NAME = "portevoix.language.py3langid"
CONFIDENT = 0.6
READ_CHARS = 1000  # the language of a long text is clear from its start


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...] | None):
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str, hint: str | None = None, expected: tuple[str, ...] = ("fr", "en")) -> str | None:
    """The two-letter language of `text`: `hint` when given, else the detected one, else None.

    Short texts often fool a detector; when it is unsure we choose among the languages
    the watch expects, and give up (None) when even that is a guess.
    """
    if hint:
        return hint.lower()[:2]
    if len(text.strip()) < 3:
        return None
    text = text[:READ_CHARS]
    language, confidence = _identifier(None).classify(text)
    if confidence >= CONFIDENT:
        return language
    if expected:
        language, confidence = _identifier(tuple(sorted(expected))).classify(text)
        if confidence >= CONFIDENT:
            return language
    return None
