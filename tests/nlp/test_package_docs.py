"""The technical prose the English promotion head learns as ordinary: paragraphs of the installed
distributions' descriptions, prose only, never a paragraph that promotes."""

import re

from nlp.signals import detect_signals
from nlp.training.package_docs import MAX_CHARS, MIN_CHARS, package_paragraphs


def test_paragraphs_are_english_prose_that_promotes_nothing():
    paragraphs = package_paragraphs()
    assert len(paragraphs) > 500  # the project's own requirements bring thousands
    assert len(set(paragraphs)) == len(paragraphs)
    assert all(MIN_CHARS <= len(p) <= MAX_CHARS for p in paragraphs)
    assert not [p for p in paragraphs if p.startswith(("```", ">>>", "[!["))]
    assert not [p for p in paragraphs if detect_signals(p, lang="en")["promotional"].score >= 0.3]
    # Words of the genre the datasets lack are there: releases, fixes, installs.
    assert sum(1 for p in paragraphs if re.search(r"\b(fix|fixed|install|release|deprecat)", p, re.IGNORECASE)) > 100
