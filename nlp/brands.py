"""Finds brand mentions: names, aliases, @handles and #hashtags, case and accents folded; names glued into
hashtags (#LOrealParis, #teamiphone), written without their apostrophe (loreal), or misspelt by a letter or
two when written as a name is (AMAZONE, Décathlonn).

Also a spaCy component, `portevoix_brands`, so that any pipeline can add it:
`nlp.add_pipe("portevoix_brands", config={"brands": [{"id": ..., "names": [...]}]})`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.fold import fold, fold_with_offsets

NAME = "portevoix.brands.alias"
VERSION = "0.3.3"  # 0.3.3: a name in capitals run into the next word when a space was lost ("UBALDIMerci"); 0.3.2: misspellings are checked in context like doubtful names, "l'ego" is not Lego; 0.3.1: a name of several words in lower case is not doubtful; 0.3: names split by a space ("L oreal"); disambiguation masks the name everywhere (and in the description), a participle is never a brand


@dataclass(frozen=True)
class BrandSpec:
    """What the matcher needs of a brand (or talent): its id, display name, names and exclusions."""

    id: str
    name: str
    names: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    brand_id: str
    brand_name: str
    start: int
    end: int
    surface: str
    method: str  # "name", "alias", "handle", "hashtag", "fuzzy" (misspelt), "split" (by a space: "L oreal"), "glued" ("UBALDIMerci")
    confidence: float


class BrandMatcher:
    """One compiled regular expression over folded text for all the names of all the brands. With `people`, the
    names are people's (a watch's talents): a word a letter away from one of them, followed by another
    capitalised word, is someone else's full name ("Kathy Reichs" is not "Katty"), not a misspelling."""

    def __init__(self, brands: list[BrandSpec], people: bool = False):
        self.brands = {brand.id: brand for brand in brands}
        self.people = people
        self._owner: dict[str, tuple[str, str, str]] = {}  # folded name -> (brand id, written form, method)
        for brand in brands:
            for index, written in enumerate(brand.names):
                written = written.strip()
                if not written:
                    continue
                method = "handle" if written.startswith("@") else "hashtag" if written.startswith("#") else "name" if index == 0 else "alias"
                self._owner.setdefault(fold(written), (brand.id, written, method))
        self._by_canonical: dict[str, tuple[str, str, str]] = {}
        for folded_name, owner in self._owner.items():
            self._by_canonical.setdefault(_canonical(folded_name), owner)
        self._exclusions = {brand.id: tuple(fold(e) for e in brand.exclude if e.strip()) for brand in brands}
        # Names with spaces, hyphens and apostrophes squeezed out, for hashtags and variants.
        self._squashed = {}
        for folded_name, owner in self._owner.items():
            self._squashed.setdefault(_squash(folded_name), owner)
        self._glueable = [(name, owner) for name, owner in self._squashed.items() if len(name) >= GLUE_MIN]
        # Squashed names that were written with an apostrophe: "loreal" may be "l'oreal", "lego" is not "l'ego".
        self._apostrophed = {_squash(name) for name in self._owner if "'" in name}
        # Misspellings keep their first letter far more often than not: candidates are looked up by it.
        self._by_initial: dict[str, list[tuple[str, tuple[str, str, str]]]] = {}
        for name, owner in self._squashed.items():
            if len(name) >= FUZZY_MIN and name.isalpha():
                self._by_initial.setdefault(name[0], []).append((name, owner))
        self._near: dict[str, tuple[str, str, str] | None] = {}
        # Longest names first, so "L'Oréal Paris" wins over "L'Oréal" at the same place.
        names = sorted(self._owner, key=len, reverse=True)
        alternatives = "|".join(_flexible(name) for name in names)
        self._pattern = re.compile(rf"(?<![\w@#])(?:[#@](?=\w))?(?P<name>{alternatives})(?!\w)") if names else None

    def find(self, text: str) -> list[Match]:
        """Every mention in `text`, with character offsets into `text`."""
        if self._pattern is None or not text:
            return []
        folded = fold_with_offsets(text)
        excluded = {brand_id for brand_id, phrases in self._exclusions.items() if any(p in folded.text for p in phrases)}
        matches = []
        for found in self._pattern.finditer(folded.text):
            key = _canonical(found.group("name"))
            owner = self._by_canonical.get(key)
            if owner is None:
                continue
            brand_id, written, method = owner
            if brand_id in excluded:
                continue
            start, end = folded.span(found.start(), found.end())
            surface = text[start:end]
            if surface.startswith("#") and method not in {"hashtag"}:
                method = "hashtag"
            elif surface.startswith("@") and method not in {"handle"}:
                method = "handle"
            matches.append(Match(brand_id, self.brands[brand_id].name, start, end, surface, method, _confidence(surface, written, method)))
        return matches + self._variants(text, folded, matches, excluded)

    def _nearest(self, word: str) -> tuple[str, str, str] | None:
        """The owner of the name `word` misspells (memoised: the same words come back post after post)."""
        if word not in self._near:
            if len(self._near) > 100_000:
                self._near.clear()
            self._near[word] = _misspelling_of(word, self._by_initial.get(word[:1], ()))
        return self._near[word]

    def _variants(self, text: str, folded, found: list[Match], excluded: set[str]) -> list[Match]:
        """Names written otherwise: glued or split in hashtags (#LOrealParis, #teamiphone), without their
        apostrophe (loreal), split by a space (L oreal, Lorea l) or misspelt by a letter or two (AMAZONE,
        Loréall) when written as a name is, with a capital."""
        taken = [(m.start, m.end) for m in found]
        variants = []
        known, origin = self._squashed.get, folded.origin
        previous = None  # the last plain word: (its start, its end, squashed)
        for token in _TOKEN.finditer(folded.text):
            # Most words are none of what follows: the cheapest tests come first, and they are left before
            # being mapped back to the text.
            word = token.group()
            squashed = word if word.isalnum() else _squash(word)
            owner = known(squashed) if "'" not in word or squashed in self._apostrophed else None
            before, previous = previous, (token.start(), token.end(), squashed) if word[0] not in "#@" else None
            if owner is None and before is not None and before[1] + 1 == token.start() and folded.text[before[1]] == " ":
                # A name split by a space ("L oreal", "Lorea l"), written with a capital as names are, or a long
                # name's first letter apart ("c discount").
                joined = known(before[2] + squashed)
                if joined is not None and joined[0] not in excluded and len(before[2] + squashed) >= FUZZY_MIN and (
                    text[origin[before[0]]].isupper() or (len(before[2]) == 1 and len(squashed) + 1 >= SPLIT_LOWER_MIN)
                ):
                    split = self._match(text, folded, taken, joined, before[0], token.end(), "split", 0.7)
                    if split is not None:
                        if variants and variants[-1].start == split.start:
                            variants.pop()  # "Lorea" alone was taken for a misspelling: the whole name replaces it
                        variants.append(split)
                        continue
            if word[0] == "#":
                method, confidence = "hashtag", 0.9
                if owner is None:
                    owner, confidence = next((o for name, o in self._glueable if squashed.startswith(name) or squashed.endswith(name)), None), 0.8
            elif word[0] == "@" and owner is None:
                # A brand's accounts by country or service: "@Orange_France", "@AmazonFR", "@Apple_Support".
                method, confidence = "handle", 0.85
                owner = next((named for suffix in HANDLE_SUFFIXES if squashed.endswith(suffix) and (named := known(squashed[: -len(suffix)]))), None)
            else:
                method, confidence = "alias", 0.85
                if owner is None and text[origin[token.start()]].isupper() and (glued := self._glued(text, folded, taken, token.start(), excluded)):
                    variants.append(glued)
                    continue
                # Misspellings only in words written with a capital, as names are (checked before any edit distance).
                if owner is None and len(squashed) >= FUZZY_MIN and text[origin[token.start() + (word[0] == "@")]].isupper():
                    owner, method, confidence = self._nearest(squashed), "fuzzy", 0.7
            if owner is None or owner[0] in excluded:
                continue
            found = self._match(text, folded, taken, owner, token.start(), token.end(), method, confidence)
            if found and method == "fuzzy" and self.people and self._someone_else(text, found):
                continue
            variants += [found] if found else []
        return variants

    def _glued(self, text: str, folded, taken, start: int, excluded: set[str]) -> Match | None:
        """A name in capitals run into the next word when a space was lost ("chez UBALDIMerci encore"), at
        folded offset `start`."""
        head = _CAPITALS_BEFORE_A_WORD.match(text, folded.origin[start])
        owner = self._squashed.get(fold(head.group(1))) if head else None
        if owner is None or owner[0] in excluded:
            return None
        return self._match(text, folded, taken, owner, start, start + len(head.group(1)), "glued", 0.8)

    def _someone_else(self, text: str, match: Match) -> bool:
        """True for a misspelt first name followed by a surname that is not the person's ("Kathy Reichs" for
        Katty Perry; "Kitty Purpy" misspells all of Katy Perry)."""
        following = _ANOTHER_NAME_FOLLOWS.match(text, match.end)
        if following is None:
            return False
        surname = fold(following.group(1))
        words = {word for name in self.brands[match.brand_id].names for word in fold(name).split() if len(word) > 2}
        return not any(_distance(surname, word) <= 2 for word in words)

    def _match(self, text: str, folded, taken, owner, start: int, end: int, method: str, confidence: float) -> Match | None:
        """The match of folded text [start, end), or None where a name already found overlaps it."""
        start, end = folded.span(start, end)
        if any(s < end and start < e for s, e in taken):
            return None
        brand_id = owner[0]
        return Match(brand_id, self.brands[brand_id].name, start, end, text[start:end], method, confidence)


GLUE_MIN = 5  # a name glued into a hashtag is found from this many letters ("#teamiphone")
# What brands add to their name for an account (a country, a service), not any handle that starts with one ("@freeman").
HANDLE_SUFFIXES = (
    "france", "fr", "uk", "us", "usa", "ca", "be", "ch", "de", "es", "it", "support", "help", "helps", "care", "service", "sav",
    "news", "officiel", "official", "store", "shop", "pro", "business", "app", "music", "mobile", "group", "groupe",
)
FUZZY_MIN = 5  # shorter names have too many neighbours one letter away
LOWER_CASE_NAMES = 0.8  # the confidence in a capitalised name of several words written in lower case ("katy perry")
# A long name split after its first letter counts in lower case too ("c discount"): a lone letter and a word
# that join into a brand's name of this length are rarely chance; two words are two words ("la deca thlon").
SPLIT_LOWER_MIN = 8
_CAPITALS_BEFORE_A_WORD = re.compile(r"([A-ZÀ-Ý]{3,})(?=[A-ZÀ-Ý][a-zà-ÿ]{2,})")  # "UBALDIMerci": "UBALDI", then "Merci"
_ANOTHER_NAME_FOLLOWS = re.compile(r"[ \t]+([A-ZÀ-Ý][a-zà-ÿ]+)")  # "Kathy Reichs": a surname after the first name
_TOKEN = re.compile(r"(?<![\w@#./])[#@]?\w[\w']*(?![\w@]|\.\w)")  # not inside addresses (email@x.com, x.fr)


def _misspelling_of(word: str, candidates) -> tuple[str, str, str] | None:
    for name, owner in candidates:
        if abs(len(name) - len(word)) <= 2 and _distance(name, word) <= (1 if len(name) < 9 else 2):
            return owner
    return None


def _squash(folded: str) -> str:
    return folded if folded.isalnum() else _NOT_ALNUM.sub("", folded)


_NOT_ALNUM = re.compile(r"[\W_]+")


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _canonical(folded_name: str) -> str:
    return re.sub(r"[\s\-_]+", " ", folded_name.lstrip("#@")).strip()


def _flexible(folded_name: str) -> str:
    # "l'oreal paris" also matches "l'oreal-paris" and "l'oreal  paris"; handles and hashtags stay exact.
    if folded_name[:1] in {"@", "#"}:
        return re.escape(folded_name[1:])
    return r"[\s\-_]+".join(re.escape(part) for part in folded_name.split())


def _confidence(surface: str, written: str, method: str) -> float:
    if method in {"handle", "hashtag"}:
        return 0.95
    bare = surface.lstrip("#@")
    # A capitalised brand written in lower case ("bic", "orange", "free") is often a common word; a name of
    # several words in lower case ("katy perry", "free mobile") seldom is: people type names fast.
    if written[:1].isupper() and bare.islower():
        return LOWER_CASE_NAMES if len(bare.split()) > 1 else 0.6
    return 0.9


TEXT_KEY = "portevoix_text"


def keep_text(nlp) -> None:
    """Make `nlp`'s tokenizer keep each doc's text in `doc.user_data`, where the brand component reads it."""
    tokenizer = nlp.tokenizer

    def tokenize(text: str):
        doc = tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    nlp.tokenizer = tokenize


try:
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("brand_matches"):
        Doc.set_extension("brand_matches", default=None)

    @Language.factory("portevoix_brands", default_config={"brands": []})
    def make_brand_component(nlp: Language, name: str, brands: list[dict]):
        """spaCy component: sets `doc._.brand_matches` and `doc.spans["brands"]` (labels are brand ids)."""
        matcher = BrandMatcher([BrandSpec(b["id"], b.get("name", b["id"]), tuple(b["names"]), tuple(b.get("exclude", ()))) for b in brands])

        def annotate(doc: Doc) -> Doc:
            # doc.text rebuilds the text token by token; a pipeline that keeps it (see keep_text) saves that.
            matches = matcher.find(doc.user_data.get(TEXT_KEY) or doc.text)
            doc._.brand_matches = matches
            spans = [doc.char_span(m.start, m.end, label=m.brand_id, alignment_mode="expand") for m in matches]
            doc.spans["brands"] = [span for span in spans if span is not None]
            return doc

        return annotate
except ImportError:  # pragma: no cover - spaCy is a dependency; the matcher works without it
    pass
