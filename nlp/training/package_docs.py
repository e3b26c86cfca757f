"""Technical prose in English for the promotion head's ordinary class: the paragraphs of the installed
Python distributions' descriptions (their READMEs and change logs).

The datasets in ../shared/corpora hold tweets, reviews and YouTube comments and nothing like a forum or a
developer's post, so the head had never seen that genre and read it as spam (Reddit, GitHub and CRAN posts
at 0.9 and more). These paragraphs are release notes, how-tos, explanations; one that our own rules find
promotional or sponsored ("become a sponsor", "Tidelift subscription") is left out, and so are code, tables
and badges. (As neutral examples for the sentiment head they moved nothing on its held-out split.)
"""

from __future__ import annotations

import importlib.metadata
import re

from nlp.language import detect_language
from nlp.signals import detect_signals

MIN_CHARS, MAX_CHARS = 80, 600  # a post's length, not a heading's nor a manual's
LETTERS = 0.7  # the least share of letters: prose, not code or version tables
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NOT_PROSE = ("```", "    ", "|", "..", ":", "[![", "<", "$ ", ">>>")
OWN = "porte-voix"  # our README is full of made-up promotions and changes with every release


def package_paragraphs() -> list[str]:
    """Every prose paragraph of the installed distributions' descriptions, in the order of their names (the
    same set wherever the same versions are installed). Each distribution's metadata is read once: the property
    reads its file again on every access."""
    paragraphs: list[str] = []
    seen: set[str] = set()
    named = [((d.metadata["Name"] or "").lower(), d.metadata) for d in importlib.metadata.distributions()]
    named.sort(key=lambda pair: pair[0])
    for name, metadata in named:
        if name == OWN:
            continue
        description = metadata.get("Description") or metadata.get_payload() or ""
        for paragraph in _PARAGRAPH_BREAK.split(description):
            paragraph = paragraph.strip()
            if paragraph in seen or not _prose(paragraph):
                continue
            seen.add(paragraph)
            paragraphs.append(paragraph)
    return paragraphs


def _prose(paragraph: str) -> bool:
    if not MIN_CHARS <= len(paragraph) <= MAX_CHARS or paragraph.startswith(_NOT_PROSE):
        return False
    if sum(c.isalpha() for c in paragraph) / len(paragraph) < LETTERS or detect_language(paragraph) != "en":
        return False
    signals = detect_signals(paragraph, lang="en")
    return signals["promotional"].score < 0.3 and signals["sponsored"].score < 0.3
