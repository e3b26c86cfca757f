"""The rules' screen: anchors parsed from each pattern, and never a match lost for them."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from nlp import signals
from nlp.rules import anchors, rules

ALL_LISTS = [signals.RECOMMEND, signals.ANTI_RECOMMEND, signals.DAMPENERS, signals.SPONSORED, signals.FOR_REVIEW, signals.PROMOTIONAL, signals.SELF_PROMOTION, signals.DEVIANT]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bfoncez\b", {"foncez"}),
        (r"\bje (te |vous )?(le |la |les )?(recommande|conseille)\b", {"recommande", "conseille"}),
        # sre factors "code|coupon" into "co(?:de|upon)": the run joins them back.
        (r"\b(code|coupon)( promo)?\s*:?\s*\d+", {"code", "coupon"}),
        (r"\b(je )?(le |la |les )?rach[eè]terai\b", {"rachèterai", "racheterai"}),
        (r"\bmust[- ]have\b", {"must-have", "must have"}),
        (r"(?<!\w)#(ad|ads|pub)\b", {"#ad", "#ads", "#pub"}),
        (r"(?<!\w)#(ad|ads|pub|spon|sponsored|sponsorise|partner|partenaire|collab|gifted)\b", None),  # too many strings
        (r"\d+\s?%", None),
    ],
)
def test_anchors_are_what_every_match_contains(pattern, expected):
    found = anchors(pattern)
    assert (None if found is None else set(found)) == expected


def _brute_force(patterns, text):
    return sorted((m.start(), m.end(), weight) for pattern, weight in patterns for m in pattern.finditer(text))


PIECES = st.sampled_from([
    "je ", "vous ", "le ", "recommande", "conseille", "foncez", "must-have", "must have been", "code promo 12", "coupon",
    "#ad", "#sponsorise", "en partenariat avec", "giveaway", "check out my ", "channel", "hack", "j'utilise mon ",
    "lisseur", " pour ", "repasser", "a tester absolument", "rachèterai", "racheterai", "-20%", "rt to win", ". ", "!", "\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_screen_never_loses_a_match(text):
    for patterns in ALL_LISTS:
        assert sorted(patterns.hits(text)) == _brute_force(patterns, text)


def test_a_pattern_without_anchors_always_runs():
    listed = rules((r"\d+\s?%", 0.6), (r"\bsoldes\b", 0.5))
    assert list(listed.hits("moins 30 % sur tout")) == [(6, 10, 0.6)]
    assert list(listed.hits("les soldes")) == [(4, 10, 0.5)]
    assert list(listed.hits("rien ici")) == []


def test_every_shipped_pattern_parses_for_anchors():
    for patterns in ALL_LISTS:
        for pattern, _ in patterns:
            found = anchors(pattern.pattern)
            assert found is None or all(len(anchor) >= 3 for anchor in found)
            assert re.compile(pattern.pattern)  # the screen never changes a pattern
