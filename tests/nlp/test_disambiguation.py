"""Names that are also words, on the real models: the operator Free or the word free, Orange the telecom
or the fruit, Amazon the shop or the river."""

import pytest

from nlp.pipeline import Analyzer, TextInput
from portevoix.watch import parse_watch

pytestmark = pytest.mark.slow

WATCH = parse_watch(
    """
name = "ambiguous"
[[brands]]
name = "Free"
aliases = ["Freebox", "Free Mobile"]
description = "Opérateur télécom français : box internet Freebox, fibre, forfaits mobiles, réseau."
exclude = ["for free", "feel free"]
[[brands]]
name = "Orange"
description = "Opérateur télécom : forfaits mobiles, réseau, fibre, box internet Livebox."
exclude = ["jus d'orange"]
[[brands]]
name = "Amazon"
description = "Online shop and marketplace: orders, deliveries, Prime."
exclude = ["fleuve Amazone", "Amazonie", "Amazon rainforest"]
"""
)


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
        ("Documents here: drive.google.com/orange/file", set()),
    ],
)
def test_names_that_are_words(analyzer, text, brands):
    [result] = analyzer.analyze([TextInput("1", text)])
    assert {m.brand_id for m in result.mentions} == brands
