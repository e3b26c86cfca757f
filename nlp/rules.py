"""Lists of weighted patterns over folded text, and the screen that skips the patterns a text cannot match.

Most texts match none of a list's patterns, and scanning a text once per pattern was most of the rules'
time. Each pattern is parsed once for its anchors: literal strings one of which every match contains
("recommand", "must", "giveaway"). A substring test (`in`, C speed) for them tells which patterns can match
at all; only those are run. A pattern without anchors is always run.
"""

from __future__ import annotations

import re
from re import _constants as sre, _parser as sre_parse  # the parser re compiles with (Python 3.11+)
from typing import Iterator

MIN_ANCHOR = 3  # shorter literals ("de", "a ") are in every text: they would screen nothing
SELECTIVE = 6


class Rules(list):
    """(pattern, weight) pairs over folded text, each with its anchors (None: always run)."""

    def __init__(self, pairs: list[tuple[re.Pattern, float]]):
        super().__init__(pairs)
        self._anchored = [(pattern, weight, anchors(pattern.pattern)) for pattern, weight in pairs]

    def hits(self, text: str) -> Iterator[tuple[int, int, float]]:
        """(start, end, weight) of every match of every pattern in `text`."""
        for pattern, weight, needed in self._anchored:
            if needed is not None and not any(anchor in text for anchor in needed):
                continue
            for found in pattern.finditer(text):
                yield found.start(), found.end(), weight


def rules(*pairs: tuple[str, float]) -> Rules:
    return Rules([(re.compile(pattern), weight) for pattern, weight in pairs])


def anchors(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` contains (each at least MIN_ANCHOR long), or
    None when the pattern has no such set (it may then match anything)."""
    return _required(sre_parse.parse(pattern))


def _required(items) -> frozenset[str] | None:
    # In a sequence every item must match. Consecutive items that match a few exact strings join into one
    # run ("co" then "de|upon": "code", "coupon"); a run, or the required set of another item, will do:
    # the set whose shortest string is longest screens best.
    candidates: list[frozenset[str]] = []
    run: frozenset[str] | None = None
    for item in items:
        exact = _exact([item])
        if exact is not None:
            joined = exact if run is None else _joined(run, exact)
            if joined is None:  # too many strings: the run so far stands, a new one starts here
                candidates.append(run)
                joined = exact
            run = joined
            continue
        if run is not None:
            candidates.append(run)
            run = None
        found = _required_of(item)
        if found is not None:
            candidates.append(found)
    if run is not None:
        candidates.append(run)
    candidates = [c for c in candidates if min(map(len, c)) >= MIN_ANCHOR]
    if not candidates:
        return None
    # Past SELECTIVE characters a literal is rare enough: then fewer strings to test is better.
    return max(candidates, key=lambda c: (min(min(map(len, c)), SELECTIVE), -len(c)))


def _required_of(item) -> frozenset[str] | None:
    op, argument = item
    if op is sre.SUBPATTERN:
        return _required(argument[3])
    if op is sre.BRANCH:
        # One branch or another matches: the union of their sets, if every branch has one.
        branches = [_required(branch) for branch in argument[1]]
        return None if any(branch is None for branch in branches) else frozenset().union(*branches)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and argument[0] >= 1:
        return _required(argument[2])
    return None  # optional repeats, classes, assertions, any character: nothing certain


MAX_EXACT = 8  # strings an exact set may hold: each is one substring test a text


def _exact(items) -> frozenset[str] | None:
    """Every string the sequence `items` matches, when they are a few literals (None otherwise)."""
    strings = frozenset([""])
    for op, argument in items:
        if op is sre.LITERAL:
            part = frozenset([chr(argument)])
        elif op is sre.SUBPATTERN and not argument[1] and not argument[2]:
            part = _exact(argument[3])
        elif op is sre.BRANCH:
            branches = [_exact(branch) for branch in argument[1]]
            part = None if any(branch is None for branch in branches) else frozenset().union(*branches)
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in argument):
            part = frozenset(chr(code) for _, code in argument)  # [eè]
        else:
            return None
        if part is None:
            return None
        strings = _joined(strings, part)
        if strings is None:
            return None
    return strings


def _joined(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > MAX_EXACT:
        return None
    return frozenset(a + b for a in left for b in right)
