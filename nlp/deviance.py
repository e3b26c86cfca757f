"""Is a use that the rules found ("I use my X to Y") an unexpected one, or the product's ordinary use?

"I use my hair dryer to dry my hair" and "j'utilise mon lisseur pour lisser mes cheveux" say what the
product is for. The object and the use are compared: a shared word stem ("lisseur" / "lisser", "dryer" /
"dry"), a service or currency as the object ("use my miles to book"), or sentence embeddings closer than
ORDINARY, make it the ordinary use, and the signal falls. So does a use that is a figure of speech ("I use
them as motivation", "sert de fil conducteur") or a gesture ("le bras en guise de salut").
"""

from __future__ import annotations

import re

from nlp.fold import fold
from nlp.signals import Evidence

ORDINARY = 0.45  # cosine between the object and the use from which the use is what the object is for
DAMPED = 0.3
_CUE_WORDS = set(
    "j utilise utilisons on nous je me sers sert se de du des d i use using used mon ma mes le la les l un une notre nos my a an the your old "
    "pour comme to as for into en guise turned repurposed upcycled detourne detournee detournes".split()
)


def object_and_use(evidence: Evidence) -> tuple[str, str] | None:
    """The object ("hair dryer") and the use ("dry my hair") of a deviant-use evidence, or None."""
    if not evidence.text or not evidence.label or evidence.label not in evidence.text:
        return None
    before = evidence.text[: evidence.text.index(evidence.label)]
    words = [w for w in re.findall(r"[^\W\d_]+", fold(before)) if w not in _CUE_WORDS]
    return (" ".join(words), evidence.label) if words else None


def is_ordinary(obj: str, use: str, similarity: float | None = None) -> bool:
    """The use is what the object is for: a shared stem, a service or currency spent ("my miles"), or
    embeddings at least ORDINARY alike."""
    return _share_a_stem(obj, use) or bool(SERVICES.search(fold(obj))) or (similarity is not None and similarity >= ORDINARY)


def _share_a_stem(obj: str, use: str) -> bool:
    uses = re.findall(r"[^\W\d_]{3,}", fold(use))
    for a in re.findall(r"[^\W\d_]{3,}", fold(obj)):
        for b in uses:
            shorter = min(len(a), len(b))
            if a[: min(4, shorter)] == b[: min(4, shorter)]:
                return True
    return False


# Uses that are figures of speech, not a thing put to work: "I use them as motivation", "sert de fil
# conducteur", "ne sert à rien", "en guise de conclusion". Folded, as the use starts (after its article).
# Not the words a real repurposing also takes ("as a template", "as decor", "comme cadre photo", "as a guide").
FIGURATIVE = re.compile(
    r"(motivation|inspiration|excuses?|exemple|example|reference|modele|model|reminder|rappel|proof|preuve|evidence|"
    r"pretexte?|fil conducteur|fil rouge|toile de fond|point de depart|starting point|lecons?|lessons?|leverage|"
    r"opportunit\w*|chance|moyen|way|introduction|conclusion|transition|prelude|preface|codicille|"
    r"metaphore?|symbole?|alibi|exutoire|therapie|therapy|distraction|tremplin|springboard|rien|postulat|socle|"
    r"positive|negative|success|succes|nightmare|cauchemar|disaster|desastre|joke|blague|reality|realite|habit|habitude|"
    r"salut|reponse|remerciements?|bienvenue|adieu|punition|recompense|consolation|compensation|puissance|"
    r"(earn|make) (a|my|our|their) living|pay (the|my|our) bills|gagner (ma|sa|notre|leur) vie)\b"
)
# One's body put to a use is a gesture, not a product's: "lever le bras en guise de salut", "use my hands as a cup".
BODY = re.compile(r"^(bras|main|mains|tete|doigts?|poings?|pieds?|jambes?|yeux|bouche|hands?|arms?|fingers?|feet|foot|head|mouth)$")
# What one spends or signs in with, not a thing put to work: "use my miles to book", "use the app to check in".
SERVICES = re.compile(
    r"\b(miles|points|vouchers?|credits?|coupons?|gift cards?|card|cards|apps?|application|site|website|internet|web|"
    r"account|password|code|codes|time|money|cash|budget|bons?|avoirs?|compte|appli|telephone)\b"
)
_ARTICLE = re.compile(r"^(a|an|the|my|our|some|un|une|le|la|les|l'|de|d'|des|du|mon|ma|mes|notre|nos)\s*")
_PRONOUN = re.compile(r"(me|him|her|us|them|you|it|moi|toi|lui|eux)\W*$")  # "use an iPad if someone gives it to me"


def figurative(use: str) -> bool:
    """True when the use is a figure of speech ("motivation to search harder", "fil conducteur à ce roman"),
    or no use at all but a pronoun ("to me")."""
    use = _ARTICLE.sub("", fold(use).strip())
    return bool(FIGURATIVE.match(use) or _PRONOUN.fullmatch(use))


def check_use(evidence: Evidence, encode) -> Evidence:
    """The deviant-use evidence, its score lowered when the use is the object's ordinary one or a figure of speech."""
    if evidence.score < 0.5:
        return evidence
    if not (evidence.label and figurative(evidence.label)):
        parts = object_and_use(evidence)
        if parts is None:
            return evidence
        obj, use = parts
        # The embeddings only where the words do not already tell.
        if not BODY.match(obj) and not is_ordinary(obj, use) and (encode is None or _similarity(encode, obj, use) < ORDINARY):
            return evidence
    return Evidence(round(evidence.score * DAMPED, 4), evidence.start, evidence.end, evidence.text, evidence.label)


def _similarity(encode, obj: str, use: str) -> float:
    vectors = encode([obj, use])
    return float(vectors[0] @ vectors[1])
