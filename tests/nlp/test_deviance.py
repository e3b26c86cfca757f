"""Unexpected uses against ordinary ones: the object and the use compared by word stems and embeddings."""

import pytest

from nlp.deviance import check_use, is_ordinary, object_and_use
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


@pytest.mark.parametrize(
    "text",
    [
        "Both bother me a lot, and I use them as motivation to search even harder.",
        "La question de sa fille sert de fil conducteur à ce roman très personnel.",
        "Il ne sert à rien de mettre du grandiose sans un thème original.",
        "Ici, en guise de décollage, on assiste plutôt à un crash.",
        "Ajoutons en guise de codicille que Marcel Carné tira un film de cet ouvrage.",
        "Radioshack giving away portable iPhone chargers on the first floor #sxsw",
        "Watch someone hack Times Square TV screens with an iPhone",
        "She turned around and started yelling into the forest.",
        "@united I want to use my miles, what do I have to do??",
        "Can I use points to book a rental car?",  # a currency spent, an app, a site: what they are for
        "Use the CNN app to upload from your iPhone.",
        "Flight delayed 2 hours, could use a free drink to make up for it",
        "I'll use an iPad 2 if someone gives it to me.",
        "Michael Mann nous sert de la House et de la musique cubaine.",  # serves some
        "Cette phrase lui sert à chaque fois que la situation s'y prête.",
        "Des thèmes détournés pour ne pas l'être.",
        # Someone told to use a thing for what it does; a gesture; "en guise de" as "by way of" in a review
        "Geek out at the panels with this app. Use your iPad to display messages to others.",
        "Just because you need to use a dictionary to decipher his lyrics doesn't make them clever.",
        "Lorsqu'elle leva le bras en guise de salut fasciste.",
        "La pianiste n'offre qu'une percussion sèche en guise de puissance.",
        "@united Guitar was damaged in December. I use my guitar to earn a living.",  # a tool of one's trade
    ],
)
def test_figures_of_speech_and_other_senses_are_not_deviant_uses(text):
    assert check_use(detect_signals(text)["deviant_use"], None).score < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "J'utilise une vieille palette comme cadre photo dans le salon.",
        "I use a dinner plate as a template to cut perfect circles.",
        "Une palette en guise de tête de lit, c'est joli.",
        "Best #ikeahack: a Lack table as a printer enclosure",
        "This kitchen hack: freeze grapes to chill wine",
        "We turned an old ladder into a bookshelf.",
        "Le pot de Nutella vide nous sert de pot à crayons.",
        "Mon sèche-cheveux me sert à dégivrer le congélateur.",
        "La tente Quechua détournée en serre pour mes semis.",
        "I use my old toothbrush to scrub the grout in the shower.",
        "Pro tip: use your dishwasher to steam salmon. Sounds crazy, works.",
    ],
)
def test_real_repurposing_stays(text):
    assert check_use(detect_signals(text)["deviant_use"], None).score >= 0.5
