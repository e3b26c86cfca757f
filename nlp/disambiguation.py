"""Which matches of a brand name are the brand: "Free" the operator or "free" the word, "google" in a link.

A match inside a web address ("drive.google.com/...") is not a mention. A match the matcher found doubtful
(a capitalised brand written in lower case: "free", "orange", "apple") stays only when its post says
something of the brand: another of its names close by, two words of its description, a signature, or a
post whose sentence embedding, the name masked, is close to the description's (not for a name that French
knows as a past participle, "lu", in a French post: there the embedding cannot tell). A mention that fails is
not a mention.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from nlp.brands import Match
from nlp.fold import fold
from nlp.language import detect_language
from portevoix.errors import AnalysisError
from portevoix.watch import Brand

DOUBTFUL = 0.65  # below this confidence (a capitalised name written in lower case) a match needs support
SIMILAR = 0.2  # cosine between the post (the name masked) and the brand's description that supports a match
SIMILAR_ACROSS_LANGUAGES = 0.35  # a French description read against an English post: ask for more
MASK = "___"
CONTEXT_CHARS = 200
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
# Words too common to tell a brand from the word it is named after.
_COMMON = set(
    "avec dans pour plus sans tout tous toute toutes sont leur leurs mais aussi comme elle elles nous vous their there about with from that this have "
    "your they what when which were will would more than into only other some such them then these very also just like make made many most over "
    "online french american company site marque services service products product group groupe france".split()
)


def description_words(brand: Brand) -> set[str]:
    """The telling words of the brand's description, singular: not common words, not the brand's own names."""
    words = set(_WORD.findall(fold(brand.description or "")))
    own = {part for name in brand.names for part in _WORD.findall(fold(name))}
    return {_singular(w) for w in words if w not in _COMMON and w not in own}


def _singular(word: str) -> str:
    """The word without a plural's s or x ("forfaits", "biscuits", "beurres"): a post says "forfait" of "forfaits mobiles"."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


class Disambiguator:
    """Keeps the matches that are the brand; the brand descriptions are embedded once, on first need."""

    def __init__(self, brands: tuple[Brand, ...], encode=None):
        self.brands = {brand.id: brand for brand in brands}
        self.words = {brand.id: description_words(brand) for brand in brands}
        self.descriptions = {brand.id: fold(brand.description or "") for brand in brands}
        self.names = {brand.id: {fold(n).lstrip("#@") for n in brand.names} for brand in brands}
        self._encode = encode
        self._described: dict[str, np.ndarray] = {}
        self._languages = {brand.id: detect_language(brand.description, None, ("fr", "en")) if brand.description else None for brand in brands}

    def keep(self, matches: list[Match], text: str, lang: str | None = None) -> list[Match]:
        kept = []
        for match in matches:
            if _in_address(text, match):
                continue
            # A lower-case name may be a word; a misspelling may be another name ("Philip", "Lagos"): context decides.
            doubtful = (match.confidence < DOUBTFUL and match.method in {"name", "alias"} and a_word_of(match.surface, lang)) or match.method == "fuzzy" or _capital_tells_nothing(text, match, lang, self._languages.get(match.brand_id))
            if doubtful and (_participle(text, match) or not self._supported(match, text, lang)):
                continue
            kept.append(match)
        return kept

    def _supported(self, match: Match, text: str, lang: str | None) -> bool:
        if _signature(text, match):
            return True
        window = fold(text[max(0, match.start - CONTEXT_CHARS) : match.end + CONTEXT_CHARS])
        own = fold(match.surface).lstrip("#@")
        if any(name in window for name in self.names[match.brand_id] if name != own and len(name) > 3):
            return True
        if len(self.words[match.brand_id] & {_singular(w) for w in _WORD.findall(window)}) >= 2:  # one word is often chance
            return True
        if self._described_with_next_word(match, text):
            return True
        if self._common_noun(match, text, lang):
            return False
        if lang == "fr" and is_french_participle(match.surface):
            # "Un livre magnifique, lu par hasard", "Roman lu avec ma fille": MiniLM reads a French book review as
            # close to LU's description (0.23-0.37) as a French post about its biscuits (0.38): only the brand's
            # own words tell.
            return False
        described = self._description_vector(match.brand_id)
        if described is None:
            return True  # nothing to compare with: the benefit of the doubt (at the matcher's low confidence)
        # The name is masked, everywhere and in the plural: "une orange et une pomme", "an apple pie with
        # apples" must not look like Orange or Apple for sharing their name.
        masked = self._encode([_masked(text, [match.surface])])[0]
        same_language = lang is None or self._languages.get(match.brand_id) in (None, lang)
        return float(masked @ described) >= (SIMILAR if same_language else SIMILAR_ACROSS_LANGUAGES)

    def _common_noun(self, match: Match, text: str, lang: str | None) -> bool:
        """True for a name written as the language's own noun right after a determiner ("au total", "un total de 12
        euros", "une orange", "the gap between")."""
        if not _HEAD_NOUN_ENDS.match(fold(text[match.end : match.end + 12])):
            return False  # a modifier: "the apple store", "le forfait free mobile"
        before, name = fold(text[max(0, match.start - 12) : match.start]), fold(match.surface)
        languages = (lang,) if lang in DETERMINERS else tuple(DETERMINERS)
        return any(DETERMINERS[language].search(before) and name in dictionary_words(language) for language in languages)

    def _described_with_next_word(self, match: Match, text: str) -> bool:
        """True when the description names the brand with the word that follows the match ("my apple watch":
        "Apple Watch"; "amazon prime")."""
        following = re.match(r"\s+([\w-]+)", text[match.end :])
        return bool(following) and f"{fold(match.surface)} {fold(following.group(1))}" in self.descriptions[match.brand_id]

    def _description_vector(self, brand_id: str) -> np.ndarray | None:
        brand = self.brands[brand_id]
        if not brand.description or self._encode is None:
            return None
        if brand_id not in self._described:
            # The description's own names masked too: the post is compared with what is said of the brand.
            self._described[brand_id] = self._encode([_masked(brand.description, brand.names)])[0]
        return self._described[brand_id]


# Determiners right before a noun; not the French "a", which tweets write for "à" ("un appel a orange").
DETERMINERS = {
    "fr": re.compile(r"(\b(le|la|les|un|une|des|du|au|aux|ce|cet|cette|ces|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|votre|leur)\s+|\bl')$"),
    "en": re.compile(r"\b(a|an|the|this|that|these|those|my|your|his|her|its|our|their|some)\s+$"),
}


# What follows a noun that heads its phrase: a punctuation mark, the end, or a small word ("au total, ...", "un total
# de 12 euros", "the gap between"); a noun after it makes the name a modifier ("the apple store").
_HEAD_NOUN_ENDS = re.compile(r"\s*($|[.,;:!?)]|(de|d'|du|des|et|ou|entre|est|etait|qui|que|of|between|and|or|is|was|in|on|with|avec|pour|for|a|au)\b)")


@lru_cache(maxsize=2)
def dictionary_words(lang: str) -> frozenset[str]:
    """The words the language's spaCy lemmatizer knows (its index of nouns, verbs, adjectives and adverbs:
    "total", "orange", "gap", not "freebox"), loaded on first need; empty without the model."""
    index = _lemmatizer_table(lang, "lemma_index")
    return frozenset(word for key in index.keys() for word in index[key]) if index is not None else frozenset()


@lru_cache(maxsize=2)
def _lemmatizer_lookups(lang: str):
    """The lookups of the language's spaCy lemmatizer (the model loaded once, with only its lemmatizer), or None
    without the model."""
    from nlp.pipeline import load_model  # the pipeline imports this module

    try:
        return load_model(lang, keep=("lemmatizer",)).get_pipe("lemmatizer").lookups
    except (AnalysisError, KeyError):
        return None


def _lemmatizer_table(lang: str, name: str):
    lookups = _lemmatizer_lookups(lang)
    return lookups.get_table(name) if lookups is not None and lookups.has_table(name) else None


# A French auxiliary (avoir, or être in a passive: "peut être lu", "a été lu"; not "c'est", which names
# things: "c'est free qui coupe"), then at most two adverbs. A bare "a" counts only after its subject: tweets
# write "à" as "a" ("un appel a free").
_AUXILIARY_BEFORE = re.compile(
    r"(\b(il|elle|on|qui|ca|cela|en)\s+a|\b[nlmts]'a|"
    r"\b(ai|as|avons|avez|ont|avais|avait|avions|aviez|avaient|aurai|auras|aura|aurons|aurez|auront|aurais|aurait|"
    r"aurions|auriez|auraient|ayant|avoir|eu|etre|ete|fut|sera|seront|serait|etait|etaient))"
    r"(\s+(tout|tous|toutes|deja|pas|jamais|bien|beaucoup|enfin|plus|rien|souvent|toujours|aussi|meme|encore|trop|peu|mal|juste|"
    r"presque|auparavant|ensuite|puis|d'abord|\w+ment)){0,2}\s+$"
)
# How French past participles end (lu, vu, pris, fait, ouvert, aimé, fini, peint): a cheap first test.
_PARTICIPLE_ENDING = re.compile(r"(ée?s?|ie?s?|ue?s?|ise?s?|ite?s?|ert|erte?s?|aite?s?|einte?s?|ainte?s?)$")


def _participle(text: str, match: Match) -> bool:
    """True for a name that French knows as a past participle, right after an auxiliary: "j'ai lu ce livre"
    is the verb, never LU. A name that is no participle there is owned: "j'ai free depuis dix ans"."""
    return bool(_AUXILIARY_BEFORE.search(fold(text[max(0, match.start - 40) : match.start]))) and is_french_participle(match.surface)


def is_french_participle(name: str) -> bool:
    """Whether French knows `name`, lower-cased, as a past participle ("lu", "vu"); the lexicon is loaded only
    for names shaped like one."""
    word = name.lower()
    return bool(_PARTICIPLE_ENDING.search(word)) and word in french_participles()


@lru_cache(maxsize=1)
def french_participles() -> frozenset[str]:
    """The past participles among the verb forms of the French model's lemmatizer (32,000: lu, vu, pris...),
    loaded on first need (a few seconds): only a participle-shaped name after an auxiliary asks."""
    exceptions = _lemmatizer_table("fr", "lemma_exc")
    if exceptions is None or "verb" not in exceptions:
        return frozenset()  # without the model's tables, no name is taken for a verb
    return frozenset(form for form in exceptions["verb"] if _PARTICIPLE_ENDING.search(form))


# What may come between a sentence's start and its first word: spaces, quotes, brackets, emoji, "RT @user:".
_SENTENCE_OPENS = re.compile(r"(^|[.!?\n]|\bRT @\w+:?)[\W_]*$")


def _capital_tells_nothing(text: str, match: Match, lang: str | None, described_in: str | None) -> bool:
    """True for a one-word name that is a word of the post's language `lang` ("Free" in English) while the brand
    is described in another (`described_in`: a French operator), where the name's case says nothing of the
    brand: capitalised because it opens a sentence ("Free Wi-Fi at the gate"), or a hashtag in lower case
    ("#free #music"). In its own market a capital opening a sentence is left to the matcher: there "Orange" or
    "Google" opening a tweet is the brand far more often than not."""
    bare = match.surface.lstrip("#@")
    if lang not in DETERMINERS or described_in in (None, lang) or " " in bare or match.method == "handle":
        return False
    if match.method == "hashtag":
        if not bare.islower():
            return False
    elif not (bare[:1].isupper() and bare[1:].islower() and _SENTENCE_OPENS.search(text[: match.start])):
        return False
    return bare.lower() in dictionary_words(lang)


def a_word_of(name: str, lang: str | None) -> bool:
    """Whether a name written in lower case may be a word of the post's language `lang` rather than the name: one
    its lemmatizer knows ("orange", "total"; in English "apple", "free") or a French participle ("lu"), or any
    name of several words, or in a language without a lemmatizer. "amazon" in a French post, "free" in a French
    one, are the names."""
    bare = name.lstrip("#@").lower()
    if lang not in DETERMINERS or not re.fullmatch(r"\w+", bare) or not dictionary_words(lang):
        return True
    return bare in dictionary_words(lang) or (lang == "fr" and is_french_participle(bare))


def _masked(text: str, names) -> str:
    """`text` with every occurrence of these names (any case, also with a plural s) replaced by MASK."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(e?s)?(?!\w)", MASK, text, flags=re.IGNORECASE)
    return text


def _signature(text: str, match: Match) -> bool:
    """A post signed with the name ("... via d'autres canaux – free", "^Free"): a brand's own account."""
    before = text[: match.start].rstrip()
    return not text[match.end :].strip(" .!\n") and before[-1:] in {"-", "–", "—", "^", "~"}


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[\w-]+\.)+[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)


def _in_address(text: str, match: Match) -> bool:
    """True for a name inside a web address or a domain ("drive.google.com/...", "www.free.fr"), not for
    "NPR/Google" or an alias that is itself a domain ("amazon.fr")."""
    if "." in match.surface or match.method in {"handle", "hashtag"}:
        return False
    start = match.start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = match.end
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end].strip("()[]<>\"'.,;:!?")
    return bool(_ADDRESS.match(token)) and "." in token
