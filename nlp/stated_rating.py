"""The rating a review states in its own words: "Deux étoiles et j'ai été généreuse", "6 étoiles sur 5",
"I'd give it 4/5", "one star is too much", "je mets 0 étoile".

A post crawled without its platform's rating field often carries the rating in its text; read on the
datasets' rated reviews, the stated rating falls on the side the writer rated. Not a rating: a category
("un hôtel 5 étoiles", "5 star hotel"), other people's ("des avis 5 étoiles", "fake 5 star reviews"), one
denied ("pas 5 étoiles") or asked about ("why only 3 stars?"), a date or a ratio ("24/7", "3/10 of the staff": a
fraction counts only after "note", "je mets", "I'd give it", or closing the text).
"""

from __future__ import annotations

import re

from nlp.sentences import in_question

FRENCH_NUMBERS = {"zero": 0, "demi": 0.5, "une seule": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "dix": 10}
ENGLISH_NUMBERS = {"zero": 0, "half a": 0.5, "a single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
NUMBERS = FRENCH_NUMBERS | ENGLISH_NUMBERS


def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_DIGITS = r"\d{1,2}(?:[.,]5)?"
_SCALE = r"(?:\s?(?:sur|/|out of)\s?(\d{1,2}|cinq|five|dix|ten))?"
# Folded text: "étoiles" is "etoiles". French numbers go with "étoiles", English ones with "stars": "une star" is
# someone famous. A minus sign ("-4 étoiles", "a -5 stars") is the least there is.
STARS = re.compile(
    r"(?<![\w/.,])(-)?(" + _DIGITS + "|" + _alternatives(FRENCH_NUMBERS) + r")[\s-]?etoiles?\b" + _SCALE + "|"
    r"(?<![\w/.,])(-)?(" + _DIGITS + "|" + _alternatives(ENGLISH_NUMBERS) + r")[\s-]?stars?\b" + _SCALE +
    r"|(?<![\w/.,])(-)?(" + _DIGITS + r")\s?⭐"
)
_CATEGORY_AFTER = re.compile(r"[\w-]*\s?(en moins|de moins|de plus|en plus|less|off|more|hotel|hotels|reviews?|reviewers?|avis|ratings?|restaurant|resort|palace|generale?s?|general|wars|sign|quarterback|player)\b")
_GIVEN = r"(?:\bnote|\bnote finale|\bverdict|\bscore|\brating|\brated|je (?:lui |leur )?(?:mets|donne|mettrais|donnerais)|i(?:'d| would)? (?:give|rate) (?:it|this|them)?)"
FRACTION = re.compile(_GIVEN + r"\W{0,3}(\d{1,2}(?:[.,]\d)?)\s?/\s?(5|10|20)\b|(?<![\w/.,])(\d{1,2}(?:[.,]\d)?)\s?/\s?(5|10|20)\s*[.!]*\s*$")
# Whose rating it is: others' ("des avis 5 étoiles", "une critique à 5 étoiles", "the 5 star reviews"), a category
# ("hôtel 5 étoiles"), a threshold ("more than 3 stars"), a star taken off ("je lui ai retiré une étoile").
_NOT_THE_WRITERS = re.compile(
    r"\b(avis|reviews?|reviewers?|critiques?|commentaires?|notes?|hotel|hotels|restaurant|resort|palace|tous les|toutes les|all the|their|leurs|les|des|ces|these|those|"
    r"more than|less than|plus de|moins de|over|under|retire|enleve|ote|removed|took off|take off|minus|moins)( (a|at|de|a plus de))?\s$"
)
# A rating denied ("ne mérite pas 5 étoiles", "I would not rate it as five stars") says nothing, unless it is
# the least ("ne mérite même pas une étoile", "not even one star": kept as 0); one wished for ("I would have
# given it 3 stars, but...") is no verdict either, unless the least ("j'aurais mis 0 étoile si je pouvais").
# Both within the rating's own clause: "Je n'ai pas été déçue, 5 étoiles !" states five.
_DENIED = re.compile(r"\b(pas|plus|not|n't|never|jamais)\b[^.!?,;:()]{0,24}$")
_WISHED = re.compile(r"\b(would have|would've|could have|aurais|aurait|j'aurai|aurions)\b[^.!?,;:()]{0,24}$")
BEST = 5.0


def stated_stars(folded_text: str) -> float | None:
    """The rating on five stars that the text states as its writer's (the last one stated), or None."""
    found = None
    # Most posts state no rating: substring tests (C speed) first, the patterns only where they may match.
    stars = STARS.finditer(folded_text) if "etoile" in folded_text or "star" in folded_text or "⭐" in folded_text else ()
    for match in stars:
        minus, number, scale = _parts(match)
        before = folded_text[max(0, match.start() - 40) : match.start()]
        if _NOT_THE_WRITERS.search(before) or _CATEGORY_AFTER.match(folded_text, match.end()) or in_question(folded_text, match.end()):
            continue
        value = 0.0 if minus else _number(number)
        if _DENIED.search(before) or _WISHED.search(before):
            if value > 1:
                continue
            value = 0.0  # "ne mérite même pas une étoile"
        found = _on_five(value, _number(scale) if scale else BEST)
    for match in FRACTION.finditer(folded_text) if "/" in folded_text else ():
        value, scale = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        found = _on_five(_number(value), _number(scale))
    return found


def _parts(match: re.Match) -> tuple[str | None, str, str | None]:
    """The minus sign, the number and the scale of a STARS match, from whichever of its three forms matched
    (French, English, the star emoji: groups 1-3, 4-6, 7-8)."""
    if match.group(2):
        return match.group(1), match.group(2), match.group(3)
    if match.group(5):
        return match.group(4), match.group(5), match.group(6)
    return match.group(7), match.group(8), None


def _number(word: str) -> float:
    word = word.strip()
    return float(NUMBERS[word]) if word in NUMBERS else float(word.replace(",", "."))


def _on_five(value: float, scale: float) -> float:
    return value / scale * BEST if scale else value
