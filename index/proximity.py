"""Where query words occur in a text: NEAR verification and highlighting share this.

Positions are word positions as the index counts them, so a NEAR checked here agrees
with what the index would say if it could check it itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from index.analysis import ANALYZERS, PLAIN_FIELD, RAW_FIELD, analyzed_words, text_field_for, words
from index.query.ast import Near, Node, Or, Phrase, Raw, Term, Wildcard, positive_text

Interval = tuple[int, int]  # first and last word position, inclusive


@dataclass
class TextPositions:
    """A text's words, analysed three ways, computed once per text."""

    text: str
    lang: str | None
    spans: list[tuple[int, int, str]] = field(init=False)
    _forms: dict[str, list[str | None]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.spans = words(self.text)

    def forms(self, field_name: str) -> list[str | None]:
        if field_name not in self._forms:
            self._forms[field_name] = analyzed_words(self.text, field_name, self.spans)
        return self._forms[field_name]

    @property
    def language_field(self) -> str:
        return text_field_for(self.lang)


def _sequence(forms: list[str | None], wanted: list[str]) -> list[Interval]:
    if not wanted:
        return []
    last = len(forms) - len(wanted)
    return [(i, i + len(wanted) - 1) for i in range(last + 1) if forms[i : i + len(wanted)] == wanted]


def intervals(node: Node, text: TextPositions) -> list[Interval]:
    """The word intervals where a text node (or an OR of them) matches."""
    match node:
        case Term(value) | Phrase(value):
            return _sequence(text.forms(text.language_field), ANALYZERS[text.language_field].analyze(value))
        case Wildcard(pattern):
            regex = wildcard_regex(pattern)
            return [(i, i) for i, form in enumerate(text.forms(PLAIN_FIELD)) if form is not None and regex.fullmatch(form)]
        case Raw(value):
            return _sequence(text.forms(RAW_FIELD), ANALYZERS[RAW_FIELD].analyze(value))
        case Or(items):
            return sorted({interval for item in items for interval in intervals(item, text)})
    return []


def near_matches(near: Near, text: TextPositions) -> bool:
    """True when the two sides occur with at most `distance` words between them (left first if ordered)."""
    lefts, rights = intervals(near.left, text), intervals(near.right, text)
    for left in lefts:
        for right in rights:
            if left[1] < right[0] and right[0] - left[1] - 1 <= near.distance:
                return True
            if not near.ordered and right[1] < left[0] and left[0] - right[1] - 1 <= near.distance:
                return True
    return False


def wildcard_regex(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern))


def highlight(query: Node, text: str, lang: str | None, fragments: int = 2, width: int = 160) -> tuple[str, ...]:
    """Up to `fragments` HTML-escaped excerpts of `text` with the query's words in <mark>."""
    positions = TextPositions(text, lang)
    marked: set[int] = set()
    for node in positive_text(query):
        for first, last in intervals(node, positions):
            marked.update(range(first, last + 1))
    if not marked:
        return ()
    ordered = sorted(marked)
    excerpts, used_until = [], -1
    for position in ordered:
        start_char = positions.spans[position][0]
        if start_char < used_until:
            continue
        begin = max(0, start_char - width // 3)
        end = min(len(text), begin + width)
        begin = _word_boundary(text, begin, backwards=True)
        end = _word_boundary(text, end, backwards=False)
        excerpts.append(_mark(text, begin, end, positions, marked))
        used_until = end
        if len(excerpts) == fragments:
            break
    return tuple(excerpts)


def _word_boundary(text: str, index: int, backwards: bool) -> int:
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    step = -1 if backwards else 1
    while 0 < index < len(text) and not text[index].isspace():
        index += step
    return index


def _mark(text: str, begin: int, end: int, positions: TextPositions, marked: set[int]) -> str:
    out, cursor = [], begin
    for index, (start, stop, _) in enumerate(positions.spans):
        if index in marked and begin <= start and stop <= end:
            out.append(escape(text[cursor:start]))
            out.append(f"<mark>{escape(text[start:stop])}</mark>")
            cursor = stop
    out.append(escape(text[cursor:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).strip().replace("\n", " ") + suffix
