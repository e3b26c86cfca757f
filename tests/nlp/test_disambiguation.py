"""Names that are also words, on the real models: the operator Free or the word free, Orange the telecom
or the fruit, Amazon the shop or the river, and Apple, Total, Bic, Lu, Gap, Dove, Shell, Mango."""

from pathlib import Path

import pytest

from nlp.pipeline import Analyzer, TextInput
from portevoix.watch import load_watch

pytestmark = pytest.mark.slow

WATCH = load_watch(Path(__file__).resolve().parents[2] / "examples" / "ambiguous_names.toml")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(WATCH)


@pytest.mark.parametrize(
    "text, brands",
    [
        ("Get the app today, it's free and fun!", set()),
        ("What (hopefully free) apps should she download?", set()),
        ("free a encore coupé ma fibre, aucune connexion depuis hier soir", {"free"}),
        ("Ma Freebox plante encore, merci Free", {"free"}),
        ("J'ai mangé une orange et une pomme ce matin.", set()),
        ("orange a coupé mon réseau mobile, forfait hors service depuis deux jours", {"orange"}),
        ("Le fleuve Amazone traverse le Brésil.", set()),
        ("Commande Amazon reçue en 24h, livraison parfaite.", {"amazon"}),
        # In lower case, a name that is no word of the post's language is the name, whatever the description's language
        ("impossible de payer, ma carte a été refusée, amazon est plus sérieux, ça passe sans problème", {"amazon"}),
        ("Cinq étoiles sur amazon, c'est bien peu pour ce livre.", {"amazon"}),
        ("Documents here: drive.google.com/orange/file", set()),
        ("I just bought the new Apple Watch and the battery lasts two days.", {"apple"}),
        ("She baked an apple pie with apples from the orchard.", set()),  # the name masked everywhere, plurals too
        ("Mon iPhone et mon Mac, Apple a encore augmenté ses prix.", {"apple"}),
        ("Le plein chez Total m'a coûté 90 euros, le carburant est hors de prix.", {"total"}),
        ("The total cost of the trip was 300 dollars.", set()),
        ("Shell raised fuel prices again at every petrol station.", {"shell"}),
        ("We found a beautiful shell on the beach.", set()),
        ("Open a shell and run the script.", set()),
        ("I love Dove soap, my skin feels so soft.", {"dove"}),
        ("Le gel douche Dove sent bon.", {"dove"}),
        ("A white dove landed on the roof.", set()),
        ("He dove into the pool.", set()),
        ("New jeans from Gap, great fit.", {"gap"}),
        ("There is a gap between the door and the floor.", set()),
        ("Robe achetée chez Mango, la coupe est parfaite.", {"mango"}),
        ("I had a mango smoothie for breakfast.", set()),
        ("Mon stylo Bic quatre couleurs est toujours le meilleur.", {"bic"}),
        ("Les Petit Beurre LU au goûter, un classique.", {"lu"}),
        ("J'ai lu ce livre en deux jours.", set()),  # a participle after its auxiliary
        ("Tu as déjà lu le message ?", set()),
        ("Un livre qui mérite d'être lu.", set()),
        # A participle without its auxiliary too; the biscuits' own words make the brand
        ("Un livre magnifique, lu par hasard dans un Folio à la couverture abîmée.", set()),
        ("Roman lu avec ma fille de 9 ans pour l'école.", set()),
        ("les petits beurres lu sont les meilleurs biscuits du goûter", {"lu"}),
        # Plurals in the description ("forfaits mobiles") are words of the post in the singular
        ("orange a coupé mon réseau mobile, forfait hors service", {"orange"}),
        ("après un appel a free on m'a dit que la fibre revenait demain", {"free"}),  # "a" for "à": not an auxiliary
        ("j'ai free depuis dix ans et jamais une coupure de la fibre", {"free"}),  # owned, not a participle
        # A misspelling is read in context too: "AMAZONE" for the shop, "Amazin" for amazing
        ("Commande AMAZONE reçue en 24h, livraison parfaite, merci.", {"amazon"}),
        ("Colis Amazonn jamais livré, le service client ne répond pas.", {"amazon"}),
        ("Amazin album, reminds me of the Byrds.", set()),
        # The language's own noun after a determiner is the word; a modifier or the description's pair is the brand
        ("Au total, le livre fait 300 pages.", set()),
        ("Un total de 12 euros, c'est raisonnable.", set()),
        ("the apple #sxsw #popupstore is like a crack house for mac addicts", {"apple"}),
        ("my apple watch died after the update", {"apple"}),
        ("ma freebox ne marche plus depuis ce matin", {"free"}),
        # A brand's account by country or service
        ("@Orange_France toujours pas de fibre chez moi", {"orange"}),
        ("@freeman123 lol", set()),
        # In an English post the capital of a sentence's first word, or a hashtag in lower case, says nothing of a
        # French operator; in French, and for a brand described in English, the matcher's reading stands
        ("Free tickets for the first hundred fans at the gate!", set()),
        ("Free iTunes sampler: {link} #free #music #SXSW", set()),
        ("Free a encore coupé ma fibre ce matin, aucune connexion.", {"free"}),
        ("Merci #free pour la fibre, enfin !", {"free"}),
        ("Apple to open a pop-up store downtown for the iPad 2 launch.", {"apple"}),
    ],
)
def test_names_that_are_words(analyzer, text, brands):
    [result] = analyzer.analyze([TextInput("1", text)])
    assert {m.brand_id for m in result.mentions} == brands


def test_french_participles_come_from_the_model_lexicon():
    from nlp.disambiguation import french_participles

    participles = french_participles()
    assert {"lu", "vu", "pris", "fait", "lues"} <= participles
    assert not {"free", "orange", "bouygues", "engie", "total"} & participles  # names that follow "j'ai" as owned
