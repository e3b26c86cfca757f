"""Sentiment lexicons that ship in packages: Pattern's French adjectives (in `textblob-fr`, PDDL) and VADER's
English social-media words (in `vaderSentiment`, MIT), each word folded with its polarity in [-1, 1].

They widen the rules' own short cue lists (nlp/signals.py) to thousands of words a reader rates the same way
anywhere: "ennuyeux", "brillant", "lame", "superb", "crappy"."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata
from xml.etree import ElementTree

from nlp.fold import fold
from portevoix.errors import AnalysisError

# Pattern rates mild words too ("grand" 0.2, "seul" -0.1): only clear opinions count.
MIN_POLARITY = 0.3
# A word is rated over every sense; those most often no opinion in posts, or already weighed by our own
# lists, are left out.
IGNORED = frozenset({
    # French: everyday words whose usual sense is neutral ("une grande partie", "le premier tome", "seul").
    "grand", "grande", "grands", "grandes", "premier", "premiere", "premiers", "premieres", "seul", "seule", "seuls", "seules",
    "petit", "petite", "petits", "petites", "long", "longue", "longs", "longues", "vrai", "vraie", "vrais", "vraies",
    "plein", "pleine", "pleins", "pleines", "nouveau", "nouvel", "nouvelle", "nouveaux", "nouvelles", "gros", "grosse", "fort", "forte", "forts", "fortes",
    "libre", "libres", "dernier", "derniere", "derniers", "dernieres", "propre", "propres", "sur", "sure", "surs", "sures", "juste", "justes",
    "creux", "creuse", "creuses", "vieux", "vieille", "vieilles", "jeune", "jeunes", "ouvert", "ouverte", "ouverts", "ouvertes",
    "froid", "froide", "froids", "froides", "connu", "connue", "connus", "connues",  # "un auteur connu en Inde": a fact
    # English: VADER rates words that are mostly something else in posts ("like", "please", "free", "pretty").
    "like", "likes", "liked", "please", "free", "pretty", "yes", "no", "ok", "okay", "well", "share", "shared", "sharing",
    "want", "wants", "wanted", "care", "cares", "cared", "help", "helps", "party", "play", "playing", "playful", "kind", "fun",
    "god", "lord", "jesus", "united", "chance", "chances", "hope", "hopes", "hoped", "huge", "easy", "win", "wins", "winner", "winning",
    "honor", "vote", "votes", "joke", "jokes", "sweet", "thanks", "thank", "thx", "top", "support", "supported", "supports", "wish", "wishes",
    # "friend" is mostly the person ("my friend's flight"): on the datasets' 326 English texts with it, leaving it out
    # moves 60 towards their own label and 26 away (the French "ami" left in: 12 towards, 52 away, as French
    # reviews that mention a friend mostly praise: "offert à une amie qui a adoré").
    "friend", "friends",
})
# Opinion words of French reviews and posts that Pattern's adjectives lack (folded; every form written), not
# words with an everyday sense ("plat", a dish; "heures creuses"; "Freebox Pro"; a "bijou" in a jeweller's).
FRENCH_ADDITIONS = {
    **dict.fromkeys(("bacle", "baclee", "bacles", "baclees", "insipide", "insipides", "pitoyable", "pitoyables", "navrant", "navrante",
                     "affligeant", "affligeante", "consternant", "consternante", "lamentable", "lamentables", "catastrophique", "catastrophiques",
                     "inadmissible", "inadmissibles", "indigne", "minable", "minables", "nullissime", "soporifique", "indigeste", "laborieux",
                     "laborieuse", "poussif", "poussive", "ennuye", "ennuyee", "ennui", "flop",
                     "longueurs", "decevant", "decevants", "ras-le-bol", "marre", "scandale", "inexistant", "inexistante", "inutilisable",
                     "defectueux", "defectueuse", "abime", "abimee", "abimes", "abimees", "remboursez", "previsible", "previsibles",
                     "longuet", "longuette", "superficiel", "superficielle", "superficiels", "superficielles",
                     "inefficace", "inefficaces", "incompetent", "incompetente", "incompetents", "incompetentes", "deplorable", "deplorables",
                     "degoute", "degoutee", "degoutes", "degoutees", "ennuyant", "ennuyante", "ennuyants", "ennuyantes",
                     "redondant", "redondante", "redondants", "redondantes", "perplexe", "perplexes"), -0.7),
    **dict.fromkeys(("palpitant", "palpitante", "palpitants", "palpitantes", "haletant", "haletante", "bouleversant", "bouleversante",
                     "poignant", "poignante", "poignants", "poignantes", "envoutant", "envoutante", "prenant", "prenante", "hilarant", "hilarante",
                     "bluffant", "bluffante", "epoustouflant", "epoustouflante", "savoureux", "savoureuse", "delicieux", "delicieuse", "regal",
                     "pepite", "devore", "devoree", "conquis", "conquise", "seduit", "seduite", "enchante", "enchantee", "nickel",
                     "impec", "kiffe", "kif", "jubilatoire", "emouvant", "emouvante", "touchant", "touchante", "lumineux",
                     "lumineuse", "fluide", "reactif", "reactive", "serviable", "serviables", "soignee", "genialissime", "talentueux", "talentueuse",
                     "talentueuses", "magistral", "magistrale", "magistraux", "magistrales", "magistralement", "impressionne", "impressionnee",
                     "rejouissant", "rejouissante", "rejouissants", "rejouissantes", "bluffee"), 0.7),
}
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=2)
def lexicon(lang: str) -> dict[str, float]:
    """Folded word -> polarity in [-1, 1] for `lang` ("fr", "en"); empty for other languages."""
    if lang == "fr":
        root = ElementTree.fromstring(_package_file("textblob-fr", "textblob_fr/fr-sentiment.xml"))
        ratings: dict[str, list[float]] = {}
        for word in root.iter("word"):
            ratings.setdefault(fold(word.get("form", "")), []).append(float(word.get("polarity", 0)))
        words = {form: sum(values) / len(values) for form, values in ratings.items()} | FRENCH_ADDITIONS
    elif lang == "en":
        words = {}
        for line in _package_file("vaderSentiment", "vaderSentiment/vader_lexicon.txt").decode("utf-8").splitlines():
            token, mean, *_ = line.split("\t")
            if _WORD.fullmatch(token):
                words[token] = float(mean) / 4
    else:
        return {}
    return {word: polarity for word, polarity in words.items() if abs(polarity) >= MIN_POLARITY and word not in IGNORED and " " not in word}


def lexicon_cues(folded_text: str, lang: str | None) -> list[tuple[int, int, float]]:
    """(start, end, polarity) of every lexicon word in an already folded text."""
    words = lexicon(lang) if lang else {}
    if not words:
        return []
    return [(found.start(), found.end(), words[found.group()]) for found in _WORD.finditer(folded_text) if found.group() in words]


def _package_file(package: str, path: str) -> bytes:
    # Found through the package's metadata, not imported: textblob_fr's __init__ needs textblob, which we
    # leave out (requirements/models.txt installs the lexicons without their dependencies).
    try:
        return metadata.distribution(package).locate_file(path).read_bytes()
    except (metadata.PackageNotFoundError, FileNotFoundError):
        raise AnalysisError(f"the sentiment lexicon package {package} is not installed (or lacks {path}); run `make setup`") from None
