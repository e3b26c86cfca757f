"""Unexpected uses against ordinary ones: the object and the use compared by word stems and embeddings."""

import pytest

from nlp.deviance import is_ordinary, object_and_use
from nlp.pipeline import Analyzer, TextInput
from nlp.signals import detect_signals
from portevoix.watch import parse_watch


@pytest.mark.parametrize(
    "text, obj, use, ordinary",
    [
        ("J'utilise mon lisseur pour lisser mes cheveux.", "lisseur", "lisser mes cheveux", True),
        ("J'utilise mon lisseur pour repasser mes cols.", "lisseur", "repasser mes cols", False),
        ("I use my hair dryer to dry my hair.", "hair dryer", "dry my hair", True),
        ("I use my hair dryer to defrost the freezer.", "hair dryer", "defrost the freezer", False),
    ],
)
def test_object_and_use_by_word_stems(text, obj, use, ordinary):
    evidence = detect_signals(text)["deviant_use"]
    assert object_and_use(evidence) == (obj, use)
    assert is_ordinary(obj, use) is ordinary


@pytest.mark.slow
def test_the_analyzer_lowers_ordinary_uses():
    analyzer = Analyzer(parse_watch('name = "d"\n[[brands]]\nname = "X"\n'))
    ordinary, unexpected, browser = analyzer.analyze([
        TextInput("1", "I use the muffin tin to bake blueberry muffins every Sunday."),
        TextInput("2", "I use a muffin tin as a paint palette for the kids."),
        TextInput("3", "I use Chrome as my main browser at work."),  # no shared stem: the embeddings tell
    ])
    assert ordinary.signals["deviant_use"].score < 0.5 and browser.signals["deviant_use"].score < 0.5
    assert unexpected.signals["deviant_use"].score >= 0.5 and unexpected.signals["deviant_use"].label == "paint palette for the kids"
