import pytest

from nlp.brands import BrandMatcher, BrandSpec
from nlp.fold import fold, fold_with_offsets

MATCHER = BrandMatcher(
    [
        BrandSpec("loreal", "L'Oréal", ("L'Oréal", "loreal", "L'Oréal Paris", "@lorealparis", "#lorealparis")),
        BrandSpec("decathlon", "Décathlon", ("Décathlon", "Quechua")),
        BrandSpec("bic", "Bic", ("Bic", "Bic Cristal")),
        BrandSpec("orange", "Orange", ("Orange", "@orange"), exclude=("jus d'orange", "couleur orange")),
        BrandSpec("cdiscount", "Cdiscount", ("Cdiscount",)),
    ]
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("J'adore L'Oréal", [("L'Oréal", "loreal", "name")]),
        ("J’adore l’oréal", [("l’oréal", "loreal", "name")]),  # curly apostrophe, lower case
        ("Merci LOREAL !", [("LOREAL", "loreal", "alias")]),
        ("Le nouveau L'Oréal Paris", [("L'Oréal Paris", "loreal", "alias")]),  # longest name wins
        ("#LorealParis et @lorealparis", [("#LorealParis", "loreal", "hashtag"), ("@lorealparis", "loreal", "handle")]),
        ("chez Decathlon et DÉCATHLON", [("Decathlon", "decathlon", "name"), ("DÉCATHLON", "decathlon", "name")]),
        ("ma tente Quechua", [("Quechua", "decathlon", "alias")]),
        ("I love my Bic Cristal", [("Bic Cristal", "bic", "alias")]),
        ("lorealx and xloreal are not names", []),
        ("email@loreal.com", []),
    ],
)
def test_mentions(text, expected):
    found = MATCHER.find(text)
    assert [(m.surface, m.brand_id, m.method) for m in found] == expected
    for match in found:
        assert text[match.start : match.end] == match.surface


def test_an_elided_word_is_not_a_name_without_apostrophe():
    matcher = BrandMatcher([BrandSpec("lego", "Lego", ("Lego", "Lego's"))])
    assert matcher.find("Un roman qui flatte l'ego du lecteur") == []  # "l'ego" squashed is "lego"
    assert [m.surface for m in matcher.find("Le nouveau set Lego's, génial")] == ["Lego's"]
    assert [m.surface for m in MATCHER.find("J'adore loreal")] == ["loreal"]  # an apostrophe dropped from L'Oréal


def test_exclusions_and_confidence():
    assert MATCHER.find("un grand jus d'orange le matin") == []
    [telecom] = MATCHER.find("Panne chez Orange depuis ce matin")
    assert telecom.confidence >= 0.9
    [lowercase] = MATCHER.find("un stylo bic")
    assert lowercase.confidence < 0.65  # a capitalised brand in lower case is weaker evidence: doubtful
    [several_words] = MATCHER.find("mon stylo bic cristal fuit")
    assert 0.65 <= several_words.confidence < 0.9  # several words in lower case are seldom common words


def test_folding_keeps_offsets():
    folded = fold_with_offsets("Œuvre d’Élodie")
    assert folded.text == "oeuvre d'elodie"
    assert folded.span(7, 15) == (6, 14)
    assert fold("L’ORÉAL") == "l'oreal"
    assert fold("Cœur") == "coeur"


def test_folding_reads_html_character_references():
    # Text escaped once too often (comments exported from a page's HTML) reads as what it stands for.
    folded = fold_with_offsets("I&#39;m fan de L&#x27;Oréal &amp; co")
    assert folded.text == "i'm fan de l'oreal & co"
    start = folded.text.index("l'oreal")
    assert folded.span(start, start + len("l'oreal")) == (15, 27)  # "L&#x27;Oréal" in the original
    assert fold("don&#39;t&nbsp;buy") == "don't buy"


def test_spacy_component_in_any_pipeline():
    import spacy

    import nlp.brands  # noqa: F401

    pipeline = spacy.blank("fr")
    pipeline.add_pipe("portevoix_brands", config={"brands": [{"id": "loreal", "name": "L'Oréal", "names": ["L'Oréal", "#lorealparis"]}]})
    doc = pipeline("Vive L'Oréal #lorealparis")
    assert [(span.text, span.label_) for span in doc.spans["brands"]] == [("L'Oréal", "loreal"), ("#lorealparis", "loreal")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vive #LOrealParis !", [("#LOrealParis", "loreal", "hashtag")]),
        ("#teamquechua pour toujours", [("#teamquechua", "decathlon", "hashtag")]),
        ("Très déçu par DECATLON, service nul", [("DECATLON", "decathlon", "fuzzy")]),
        ("Merci Décathlonn pour le conseil", [("Décathlonn", "decathlon", "fuzzy")]),
        ("je décathlonne pas", []),  # a lower-case word one letter away is a word, not a misspelling
        ("a magic trick, quite basic", []),  # short names have too many neighbours to be guessed
        ("écrivez à contact@decathlon.com", []),
        ("Le mascara L oreal tient bien", [("L oreal", "loreal", "split")]),  # a name split by a space
        ("Lorea l, toujours au top", [("Lorea l", "loreal", "split")]),
        ("Deca thlon ouvre à Lyon", [("Deca thlon", "decathlon", "split")]),
        ("la deca thlon de Lyon", []),  # in lower case, two words are two words
        ("je remercie l'équipe de c discount", [("c discount", "cdiscount", "split")]),  # but a long name's first letter apart
        ("ce qui n'est pas le cas chez DECATHLONMerci encore.", [("DECATHLON", "decathlon", "glued")]),  # a space lost after a name in capitals
        ("DECATHLONIENS en colère", []),  # no word after the capitals
    ],
)
def test_variants_glued_hashtags_and_misspellings(text, expected):
    assert [(m.surface, m.brand_id, m.method) for m in MATCHER.find(text)] == expected


def test_doubtful_mentions_need_their_brand_around_them():
    from nlp.brands import Match
    from nlp.disambiguation import Disambiguator
    from portevoix.watch import parse_watch

    from nlp.encoder import SentenceEncoder

    watch = parse_watch('name = "d"\n[[brands]]\nname = "Free"\naliases = ["Freebox"]\ndescription = "Opérateur télécom : box internet, fibre, forfaits mobiles, réseau."\n[[brands]]\nname = "Google"\n')
    keep = Disambiguator(watch.brands, SentenceEncoder().encode).keep

    def doubtful(text: str, word: str, brand: str = "free", lang: str = "fr") -> list:
        start = text.index(word)
        return keep([Match(brand, brand.title(), start, start + len(word), word, "name", 0.6)], text, lang)

    assert doubtful("What (hopefully free) iPhone apps should she get?", "free", lang="en") == []
    assert doubtful("plus de fibre ni de réseau depuis hier, free ne répond pas", "free")  # two words of its description
    assert doubtful("ma freebox plante encore, merci free", "free")  # another of its names
    assert doubtful("retrouvez-nous sur messenger – free", "free")  # a brand account's signature
    start = "read drive.google.com/file/d/1".index("google")
    assert keep([Match("google", "Google", start, start + 6, "google", "name", 0.9)], "read drive.google.com/file/d/1") == []
    assert keep([Match("google", "Google", 4, 10, "Google", "name", 0.9)], "NPR/Google party")  # not an address
