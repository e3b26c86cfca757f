"""Talent endorsements: a fan praising or recommending an artist or creator who is not the author.

The watch's talents are matched by name (as brands are). A post that names none of them can still endorse
someone: when it praises (a recommendation, or positive sentiment) in a creative context (album, song,
concert, band, novel, author, a link to a music platform...), the person or band that spaCy's entity
recogniser finds in it is the talent, identified by its name. The recogniser runs only on such posts,
so the other posts do not pay for it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

from nlp.brands import Match
from nlp.fold import fold
from nlp.lexicon import lexicon_cues
from nlp.sentences import sentence_end, sentence_start
from nlp.signals import POSITIVE_WORDS, Evidence, detect_sentiment, discloses_a_review_copy
from portevoix.models import slugify

PRAISE = 0.5  # the least recommendation or positive sentiment that counts as praise
# The recogniser reads the start of a long post: the talent is named early, later names are comparisons ("à
# l'image du dernier Korn"). On the 1,042 labelled posts (signals 0.5.15) French talents F1 0.746 at 300
# characters, 0.797 at 500, 0.779 at 600 (0.763 at 400, 0.775 at 800 before deliveries were told from books):
# reviews that open on the story name the writer later. English 0.810 at 300 and 400, 0.791 from 500 (a cast named
# in a fan's praise of a recording).
RECOGNISED_CHARS = 500
DISCOVERED = 0.85  # a talent found by the entity recogniser is less certain than one the watch names
CONTEXT = re.compile(
    r"\b(album|albums|chanson|chansons|titre|titres|morceau|morceaux|groupe|chanteur|chanteuse|concert|concerts|disque|cd|"
    r"rappeur|rappeuse|artiste|musicien|musicienne|compositeur|auteur|auteure|autrice|ecrivain|ecrivaine|romanciere?|"
    r"livre|livres|roman|romans|tome|saga|sagas|plume|chefs? d'oeuvre|chefs?-d'oeuvre|opus|single|clip|musique|voix|bouquin|bouquins|polar|polars|poete|poesie|ouvrage|ouvrages|litterature|biographie|dramaturge|theatre|ecriture|"
    r"song|songs|track|tracks|band|singer|record|records|artist|rapper|musician|composer|author|writer|novel|novels|"
    r"book|books|music|tune|tunes|voice|gig|tour|ep|lp|playlist|novelist|poet|poetry|manga|mangas|mangaka|bd|novella|novellas|recueil|recueils|nouvelliste|dessinateur|dessinatrice|illustrateur|illustratrice|scenariste|illustrator|"
    r"(pop|rock|r&b|rnb|rap|soul|funk|punk|metal|jazz|folk|country|indie|gospel|reggae|hip-hop) groups?|"  # "the premier R&B group of 1990"
    r"(cree|creee|ecrit|ecrite|compose|composee|dessine|dessinee|illustre|illustree|created|written|composed|drawn|illustrated) (par|by)|"
    r"(je |que je )l(e|a) (lis|relis|lisais)|l'ai lu|l'avais lu)\b"  # one reads an author: "à chaque fois que je le lis"
)
# Words that make a post about creative work, but too loose to make a name beside them an artist's ("Facile à
# lire", "le grand metal"): they only send the post to the recogniser.
LOOSE_CONTEXT = re.compile(r"\b(lire|relire|(j'ai|j'avais|avoir|deja) (lu|relu)|jazz|blues|funk|funky|soul|reggae|hip-hop|rap|rock|metal|punk|electro|groove|chante|chanter)\b")
# What only a story has: a post about one is about creative work, but a name beside these words is a character.
STORY = re.compile(r"\b(recit|lecture|lecteur|lectrice|personnages?|heros|heroine|intrigue|plot|characters?|protagonist)\b")
PLATFORMS = re.compile(r"(spotify\.com|deezer\.com|soundcloud\.com|bandcamp\.com|music\.apple\.com|youtu\.?be)")
PERSON_LABELS = ("PER", "PERSON")
GROUP_LABELS = ("ORG", "MISC", "WORK_OF_ART")
NOT_NAMES = {"wah", "wow", "lol", "omg", "bravo", "merci", "cd", "dvd", "amazon", "youtube", "ca", "cela"}
# Awards a work wins ("Ce coffret a obtenu un Diapason d'Or", "Grammy Award", "prix Goncourt"): not who made it.
# (Not "Oscar" nor "Emmy": first names too, Oscar Peterson.)
AWARDS = frozenset({"diapason", "grammy", "grammys", "goncourt", "renaudot", "billboard"})


# Fans campaigning for an artist's work: "we need 10 million views more for Firework", "let's get this to 1 billion",
# "vote for Eminem", "votez pour". (Read in the raw text, any case: every post is asked.)
CAMPAIGN = re.compile(
    r"\b(we need|we have to|let'?s (get|make|reach|help)|help (us |him |her |them )?(get|reach|to reach)|keep (streaming|watching|voting)|"
    r"vote (for|daily)|go vote|votez|streamez)\b[^.!?\n]{0,80}\b(views?|streams?|votes?|billions?|millions?|vues|milliards?|awards?|ema|vma|ytma)\b",
    re.IGNORECASE,
)
CAMPAIGN_GOALS = ("view", "stream", "vote", "billion", "million", "vues", "milliard", "award", "ema", "vma")  # one is in every match: a substring test first
CAMPAIGNING = 0.9  # an act, not a word: as sure as "je recommande vivement"


_HONORIFIC = r"(?:miss|mister|mr|mrs|ms|monsieur|madame|mademoiselle|mme|m)\.?"


class AddressedTalents:
    """The watch's talents addressed by surname, as fans do: "Thanks miss Perry!", "Merci Monsieur Goldman" (for
    names of two words or more; the title in any case, the surname with its capital)."""

    def __init__(self, talents: list[tuple[str, str, str]]):
        """`talents`: (id, name, surname) of each talent named in two words or more."""
        self._owner = {surname: (talent_id, name) for talent_id, name, surname in talents}
        names = "|".join(sorted((re.escape(s) for s in self._owner), key=len, reverse=True))
        self._pattern = re.compile(rf"\b(?i:{_HONORIFIC})\s+(?P<surname>{names})\b") if names else None

    @classmethod
    def of(cls, talents) -> "AddressedTalents":
        return cls([(t.id, t.name, t.name.split()[-1]) for t in talents if len(t.name.split()) > 1])

    def find(self, text: str) -> list[Match]:
        if self._pattern is None:
            return []
        return [Match(*self._owner[found.group("surname")], found.start(), found.end(), found.group(), "alias", 0.85) for found in self._pattern.finditer(text)]


def praise_of(signals: dict[str, Evidence], text: str, lang: str | None) -> float:
    """How much the post (`text`, with its `signals`) praises: its recommendation (not of something else instead),
    its positive or mixed sentiment (a fan who finds an album uneven still praises: see `praise_is_mixed`), or a
    fans' campaign for views or votes. A reader thanking whoever sent a review copy
    ("Je tiens à remercier X pour l'envoi de son SP") praises no one by the thanks: their sentiment is read again
    without them."""
    sentiment = signals["sentiment"]
    positive = sentiment.score if sentiment.label in ("positive", "mixed") else 0.0
    if positive and signals["sponsored"].score and discloses_a_review_copy(text):
        again = detect_sentiment(text, lang=lang, courtesy=False)
        positive = again.score if again.label == "positive" else 0.0
    lowered = text.lower()
    campaign = CAMPAIGNING if any(goal in lowered for goal in CAMPAIGN_GOALS) and CAMPAIGN.search(text) else 0.0
    # Advice to take another thing instead praises that thing, not whoever the post is about (see `advised`).
    recommendation = signals["recommendation"]
    own_advice = recommendation.score if recommendation.label != "alternative" else 0.0
    return max(own_advice, positive, campaign)


# Where advice to take something else ends: its sentence, or a turn back to what is reviewed ("..., mais fuyez cette daube").
_ADVICE_END = re.compile(r"[.!?\n]|\s(mais|but)\s", re.IGNORECASE)


def advised(signals: dict[str, Evidence], text: str) -> tuple[float, int, int] | None:
    """Advice to take something else instead ("si vous voulez de bons groupes, allez écouter Nirvana"): its score
    and the span of `text` it covers, from the advice to its clause's end, where the talents it endorses are
    named; None for a post with no such advice."""
    advice = signals["recommendation"]
    if advice.label != "alternative" or advice.score < PRAISE or advice.start is None:
        return None
    end = _ADVICE_END.search(text, advice.end)
    return advice.score, advice.start, end.start() if end else len(text)


# A verdict said of the name itself, right after it: "LMFAO IS THE BEST", "Eminem is a legend", "Shakira rocks",
# "Goldman est tout simplement le meilleur" (not "is not the best": the verb must meet the praise).
_VERDICT_ON_NAME = re.compile(
    r"^\W{0,3}\s*(('s|is|are|was|were)\s+(simply |just |truly |really |so |still |always )?(the best|the greatest|amazing|awesome|brilliant|incredible|"
    r"a legend|legendary|a genius|the goat|my favou?rite|the king|the queen|perfect|fantastic)|rocks|rules|slays|"
    r"(est|sont|etait|reste)\s+(vraiment |tout simplement |toujours |decidement |juste )?(le meilleur|la meilleure|les meilleurs|genial|geniale|geniaux|"
    r"une legende|un genie|incroyable|extraordinaire|formidable|au top))\b"
)
NAMED_VERDICT = 0.8  # praise said of the talent itself: as sure as "je recommande"


def praise_of_name(text: str, end: int, praise: float) -> float:
    """The post's `praise`, or NAMED_VERDICT where a verdict is said of the name ending at `end` (`_VERDICT_ON_NAME`)."""
    return max(praise, NAMED_VERDICT) if _VERDICT_ON_NAME.match(fold(text[end : end + 60])) else praise


def praise_is_mixed(signals: dict[str, Evidence], praise: float) -> bool:
    """True when the post's praise (`praise_of`) is its mixed sentiment and nothing stronger: then only a sentence
    that praises endorses whom it names."""
    sentiment = signals["sentiment"]
    return sentiment.label == "mixed" and praise == sentiment.score


def praised(signals: dict[str, Evidence], text: str, lang: str | None) -> tuple[float, tuple[float, int, int] | None]:
    """The post's praise (`praise_of`) and, where that is none but the post advises something else instead, the
    advice (`advised`: its score and the span where the talents it endorses are named)."""
    praise = praise_of(signals, text, lang)
    return praise, advised(signals, text) if praise < PRAISE else None


# Folded, what was delivered ("livré", "livrés") would read as books ("livre", "livres"): marked apart first.
_DELIVERED = re.compile(r"\b([Ll]ivr)(?=[éÉ])")


def _context_folded(text: str) -> str:
    """`text` folded for the creative words (`CONTEXT`), a delivery no book."""
    return fold(_DELIVERED.sub(r"\1-", text))


def creative_context(text: str) -> bool:
    folded = _context_folded(text)
    return bool(CONTEXT.search(folded) or STORY.search(folded) or PLATFORMS.search(folded) or LOOSE_CONTEXT.search(folded))


def needs_recogniser(praise: float, text: str) -> bool:
    """True for a post that praises (`praise`, from `praise_of`) creative work: where an unnamed talent may be endorsed."""
    return praise >= PRAISE and creative_context(text)


def discover_talent(doc, praise: float, excluded: set[str], post: str | None = None, mixed: bool = False, advice: bool = False) -> dict[str, Evidence]:
    """The talent a post about creative work endorses with its `praise`, among the named entities of `doc` (a
    doc the entity recogniser has run on; at most one talent). `post` is the whole text when `doc` holds only
    its start: the sentence naming a talent is read to its end there. In a `mixed` post (`praise_is_mixed`) only
    a name in a sentence that praises is endorsed. When `doc` is a clause of `advice` to take something else
    (`advised`), what it names is what it advises: no creative word need stand beside the name."""
    entities, text = doc.ents, doc.text  # spaCy rebuilds doc.text token by token: once a doc, not per entity
    post = post or text
    for labels in (PERSON_LABELS, GROUP_LABELS):
        candidates = [e for e in entities if e.label_ in labels or (labels is GROUP_LABELS and _fans_of(e)) or (labels is PERSON_LABELS and _credited(e, text))]
        names = [_clean(e, text) for e in candidates if _plausible(e, advice) and not _title(e) and not _character(e) and not _compared(e, text) and endorsing_sentence(post, e.start_char, e.end_char, e.doc.lang_, mixed)]
        names = [(name, start, end) for name, start, end in names if name and slugify(name) not in excluded]
        if names:
            # The name the post repeats most; on a tie the one said to have made the work ("un univers créé par
            # Akira Toriyama"), then a full name over a lone word (a first name, a word the recogniser took for
            # one: "Convoquer la figure du poète ... pour Antoine Wauters"), then the first (Counter keeps
            # first-seen order).
            counts = Counter(slugify(name) for name, _, _ in names)
            makers = {slugify(name) for name, start, _ in names if _MADE_BY.search(fold(post[max(0, start - 30) : start]))}
            full = {slugify(name) for name, _, _ in names if len(name.split()) > 1}
            best = max(counts, key=lambda name: (counts[name], name in makers, name in full))
            name, start, end = next(n for n in names if slugify(n[0]) == best)
            return {best: Evidence(round(praise_of_name(text, end, praise) * DISCOVERED, 4), start, end, name)}
    return {}


# A book's credits, as shops and reading sites print them: "de Zidrou (Auteur), et Godi (Illustrations)".
_CREDIT = re.compile(r"\s*\((auteure?|autrice|illustrations?|illustrateur|illustratrice|scenario|scenariste|dessins?|dessinateur|dessinatrice|author|illustrator|writer)\)")


def _credited(entity, text: str) -> bool:
    """True for a name followed in `text` (its doc's) by its part in the book's making, whatever the recogniser
    labelled it (it takes "Zidrou (Auteur)" for a place)."""
    return _CREDIT.match(fold(text[entity.end_char : entity.end_char + 20])) is not None


# Who made the work, named right after: "créé par", "écrit par", "written by", "composed by".
_MADE_BY = re.compile(r"\b(creee?s?|ecrite?s?|composee?s?|dessinee?s?|illustree?s?|realisee?s?|produite?s?|signee?s?|created|written|composed|drawn|illustrated|directed|produced) (par|by)\s+$")


WORKS = frozenset({
    "album", "albums", "single", "titre", "titres", "chanson", "chansons", "morceau", "morceaux", "roman", "romans", "livre",
    "livres", "tome", "opus", "ep", "lp", "cd", "disque", "song", "songs", "track", "tracks", "record", "novel", "book",
    "lps", "eps", "cds", "records", "novels", "books", "disques",
})
WORKS_NAMED = WORKS | {"film", "movie", "bd", "recueil", "ouvrage", "biographie", "essai", "poeme", "poem", "tune", "ballad", "ballade", "chef-d'oeuvre", "chef d'oeuvre", "chefs-d'oeuvre", "chefs d'oeuvre"}
CREATOR_MARKS = frozenset({"de", "d'", "du", "des", "par", "by", "from", "of", "avec", "with", "feat", "featuring"})
# Words a recogniser runs into before a name ("Merci Mme Grémillon", "Ce Cd de Coldplay", "Je ne connaissais").
NOT_A_NAME_START = NOT_NAMES | CREATOR_MARKS | {
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne", "n'", "i", "we", "you", "he", "she", "they",
    "thanks", "thank", "hey", "hi", "salut", "bonjour", "mon", "ma", "mes",
}
INTERJECTIONS = frozenset({"bon", "ben", "eh", "oh", "ah", "bah"})
OPENING_QUOTES = ('"', "«", "“", "„")


# "Steve McQueen est un album de Prefab Sprout", "Candles is a song from", "Immortal Memory qui est LE CHEF d'OEUVRE
# de Lisa Gerrard": the name is what the work is called.
_IS_A_WORK = re.compile(r"^\W{0,3}\s*(qui |which |that )?(est|etait|c'est|is|was)\s+(\w+ment\s+|\w+ly\s+)?(un|une|le|la|l'|a|an|the)\s*(\w+\s+){0,2}?(" + "|".join(sorted(WORKS_NAMED)) + r")\b(?!')")  # not "is the film's composer"


def _title(entity) -> bool:
    """True for a work's title rather than its maker: a name in quotes ("A Rush of Blood to the Head",
    « Victory »), right after a work's noun with no "de"/"by" between ("le roman L'Orpheline", "the
    song Fantasy Girl", but "l'album de Kiss", "a book by Marc Levy"), or said to be a work ("Steve McQueen
    est un album de Prefab Sprout")."""
    doc = entity.doc
    before = doc[max(0, entity.start - 3) : entity.start]
    if entity.text.startswith(OPENING_QUOTES) or (len(before) and before[-1].text in OPENING_QUOTES):
        return True
    made_by = len(before) and fold(before[-1].lower_) in CREATOR_MARKS  # "14 Years d'Izzy Stradlin est le morceau ultime"
    if not made_by and _IS_A_WORK.match(fold(doc.text[entity.end_char : entity.end_char + 60])):
        return True
    for token in reversed(before):
        lowered = fold(token.lower_)  # "roman d’Amin Maalouf": the apostrophe made straight
        if lowered in CREATOR_MARKS or token.is_punct:
            return False
        if lowered in WORKS:
            return True
    return False


CHARACTERS = frozenset({
    "personnage", "heros", "heroine", "narrateur", "narratrice", "protagoniste", "aventures", "enquete",
    "enquetes", "inspecteur", "inspectrice", "commissaire", "character", "hero", "narrator", "protagonist",
    "adventures", "detective", "vie", "biographie", "life", "biography",  # "la vie d'Alex": a biography's subject
})
_IS_A_CHARACTER = re.compile(r"^\W{0,3}\s*((est |etait |is |was )?(le |la |l'|un |une |the |a |an )|(comme |as )(le |la |l'|un |une |the |a |an )?)(\w+ )?(" + "|".join(sorted(CHARACTERS)) + r")\b")
# "découvrir Lanfeust de Troy dans le tome 9": someone met in a volume of a series is in the story.
_IN_A_VOLUME = re.compile(r"^\W{0,3}\s*(dans|in) (le|ce|cet|cette|les|ces|un|une|the|this|that|each|every) (\w+ )?(tome|tomes|volume|volumes|episode|episodes|saison|season)\b")


def _character(entity) -> bool:
    """True for a story's character rather than its maker: a name after "le personnage de", "les aventures de",
    "l'enquête de", "the adventures of" (in the same clause, at most four words before), or said to be one
    ("Victoria Appenzell est la narratrice", "Robin, le héros", "François d'Assise comme personnage central"), or
    met in a volume ("Lanfeust dans le tome 9")."""
    doc = entity.doc
    for token in reversed(doc[max(0, entity.start - 4) : entity.start]):
        if token.is_punct:
            break
        if fold(token.lower_) in CHARACTERS:
            return True
    after = fold(doc.text[entity.end_char : entity.end_char + 40])
    return bool(_IS_A_CHARACTER.match(after) or _IN_A_VOLUME.match(after))


def endorsing_sentence(text: str, start: int, end: int, lang: str | None, mixed: bool) -> bool:
    """Whether the sentence of `text` naming a talent at [start, end) can endorse them: not a negative one (a fan
    praises, a critic pans), and in a `mixed` post one that praises, if with a reservation ("Nina Berberova
    propose un très beau roman, peut-être un peu trop désespéré pour moi")."""
    label = sentence_sentiment(text, start, end, lang)
    return label in ("positive", "mixed") if mixed else label != "negative"


def sentence_sentiment(text: str, start: int, end: int, lang: str | None) -> str:
    """The rules' sentiment of the sentence of `text` holding the name at [start, end)."""
    return _sentiment_label(text[sentence_start(text, start) : sentence_end(text, end)], lang)


@lru_cache(maxsize=4096)
def _sentiment_label(sentence: str, lang: str | None) -> str:
    # The names of one sentence share its reading: read once.
    return detect_sentiment(sentence, lang=lang).label


# The reader's taste a review appeals to, not the talent it praises: "If you like good music like the Beatles,
# Kinks or Radiohead, then you will not be disappointed by this CD", "si vous aimez Brel, ...". The names between
# the condition and its main clause (", then", ", you", ", alors", ", vous") are comparisons.
_IF_YOU_LIKE = re.compile(r"\b(if you (like|love|enjoy|dig|are into|are a fan of|liked|loved|enjoyed)|si (vous aimez|tu aimes|vous appreciez|tu apprecies|vous etes fan|tu es fan|vous avez aime|tu as aime))\b")
_MAIN_CLAUSE = re.compile(r",\s*(then|you|you'll|alors|vous|tu|ce|cet|cette|this)\b")


# An influence, a reference or a likeness, not the talent reviewed: "grosse influence de James Brown et d'Hendrix",
# "les références à Bram Stocker, Sherlock Holmes", "la comparaison avec Arcade Fire", "ça fait penser à du Arcade Fire", "reminiscent of".
_LIKENESS = re.compile(
    r"\b(influences? (de|d'|du|des)|influence par|references? (a|au|aux)|clin d'oeil (a|au|aux)|hommage (a|au|aux)|dans la (droite |pure |grande |digne )?lignee (de|d'|du|des)|"
    r"a la maniere (de|d'|du|des)|comparaisons? (avec|a)|compare (a|au|aux|avec)|fait penser (a|au|aux)|rappelle|"
    r"influenced by|reminiscent of|in the vein of|compared (to|with)|comparisons? (to|with)|sounds like|reminds me of)"
    r"\s+([^.!?;:()\n]{0,40}?(,|\bet\b|\band\b|\bou\b|\bor\b)\s*)?((du|de la|de l'|des|le|la|les|l'|d'|the)\s*)?$"  # and the names listed after the first
)


def _compared(entity, text: str) -> bool:
    """True when the entity is named in the condition of "if you like X, ..." (in `text`, its doc's text), or as an
    influence or likeness (`_LIKENESS`)."""
    before = fold(text[sentence_start(text, entity.start_char) : entity.start_char])
    if _LIKENESS.search(before[-60:]):
        return True
    conditions = list(_IF_YOU_LIKE.finditer(before))
    return bool(conditions) and not _MAIN_CLAUSE.search(before, conditions[-1].end())


LATEST = frozenset({"nouveau", "nouvel", "dernier", "premier", "latest"})
DETERMINERS = frozenset({"le", "ce", "un", "the", "their", "his", "her"})  # not "du": "à l'image du dernier Korn" compares
FANS = frozenset({"fan", "fans", "fanatique", "fanatiques"})
OF = frozenset({"de", "d'", "d’", "of"})


def _after(entity, first: frozenset[str], second: frozenset[str]) -> bool:
    """True when the two words right before the entity are one of `first` then one of `second`."""
    doc, start = entity.doc, entity.start
    return start >= 2 and doc[start - 2].lower_ in first and doc[start - 1].lower_ in second


def _fans_of(entity) -> bool:
    """True for a name right after "fans de", "fan d'", "fans of": a band, whatever label the recogniser gave it
    ("les fans de Garbage" is read as a place)."""
    return _after(entity, FANS, OF)


_HYPHENATED = re.compile(r"[^\W\d_]+(-[^\W\d_]+)+")
READ = frozenset({"lire", "relire", "lu", "relu", "lisez", "ecouter", "reecouter", "ecoutez", "read", "reread"})


def _read(entity) -> bool:
    """True for a person read or heard, right after the verb: "qui a envie de lire Racine", "écoutez Brel"."""
    return entity.start >= 1 and fold(entity.doc[entity.start - 1].lower_) in READ


def _plausible(entity, advised: bool = False) -> bool:
    """A person named in two words or more or read (`_read`), an artist's record ("le dernier Korn"), a name with
    fans, a name in a clause `advised` instead of the work reviewed ("go for something like The Faint, The Bravery,
    or Le Tigre"), or any name with a creative word close by ("l'album de X", "X's new song"); not a lone
    capitalised word opening a sentence ("Livraison rapide")."""
    words = [t for t in entity if t.is_alpha or _HYPHENATED.fullmatch(t.text)]  # "Jean-Claude Carrière": two words
    if entity.label_ in PERSON_LABELS and (len(words) >= 2 or _read(entity)):
        return True
    if len(words) == 1 and entity[0].is_sent_start and entity.label_ not in PERSON_LABELS:
        return False
    if advised or _after(entity, DETERMINERS, LATEST) or _fans_of(entity):
        return True  # "le dernier Korn", "ce nouveau Coldplay": the artist's record; "les fans de Garbage"
    doc = entity.doc
    window = doc[max(0, entity.start - 6) : min(len(doc), entity.end + 6)].text
    return bool(CONTEXT.search(_context_folded(window)))


# A bracket inside a name is a tokeniser's seam, no name: "studio(il fallait le faire)".
_BRACKET = re.compile(r"[()\[\]{}]")


def _clean(entity, text: str) -> tuple[str, int, int]:
    """The entity's words, at most three (recognisers run on past a name: "Katy Perry You Are Looking"), without
    the words they run into before it ("Merci", "Je ne") nor a work's noun after it ("Zeppelin LPs")."""
    tokens = [t for t in entity if not t.is_punct][:3]
    opening = len(tokens)
    while tokens and _ran_into(tokens):
        tokens.pop(0)
    while tokens and (_stop_word(tokens[-1]) or tokens[-1].like_num or fold(tokens[-1].text) in WORKS):
        tokens.pop()
    if not tokens or (len(tokens) < opening and all(t.is_lower or t.is_stop for t in tokens)):
        return "", 0, 0  # what is left of "Je ne connaissais", "Un bon album" is no name
    if entity.label_ not in PERSON_LABELS and _lower_before_capital(tokens):
        return "", 0, 0  # "concentré de Pop": a recogniser running from an ordinary word into a capitalised one
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    name = text[start:end]
    if fold(name) in NOT_NAMES or AWARDS & set(fold(name).split()) or _BRACKET.search(name) or len(name) < 2 or not any(c.isalpha() for c in name) or _common_words(name, entity.doc.lang_):
        return "", 0, 0
    if name.islower() and ("'" in fold(name) or _common_words(name, entity.doc.lang_, every=False)):
        return "", 0, 0  # a name nobody capitalised, holding an elision or an ordinary word: "s'avère", "bonne livraison"
    return name, start, end


# Of either language, accents folded: French reviews quote English titles ("Down To The Waterline"), and write
# "Trés" for "très".
STOP_WORDS = frozenset(fold(word) for word in ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS)


def _stop_word(token) -> bool:
    """True for a word of no name's end, in the post's language or the other one ("Down To The", "Trés")."""
    return token.is_stop or fold(token.lower_) in STOP_WORDS


def _ran_into(tokens) -> bool:
    """True when the first of a name's tokens is a word the recogniser ran into before it: the article or pronoun
    ("les Beatles", "a Jonny Lang", "qu'Etienne Pichault"), an interjection, or the rank of the artist's work read
    ("Premier Lévy que je lis", as "le dernier Korn")."""
    first = tokens[0]
    return (
        (len(tokens) > 1 and fold(first.lower_) in LATEST)
        or fold(first.text) in NOT_A_NAME_START
        or (first.is_stop and _lower_before_capital(tokens))
        or _interjection(tokens)
    )


def _interjection(tokens) -> bool:
    """True for "bon", "ben", "eh"... before a lower-case word or alone ("Bon ben décidément"), not "Bon Scott";
    drawn out ("Aaah", "Ohhh") always."""
    word = tokens[0].lower_
    drawn_out = re.sub(r"(\w)\1+", r"\1", word)
    if drawn_out != word and drawn_out in INTERJECTIONS:
        return True
    return word in INTERJECTIONS and (len(tokens) == 1 or not tokens[1].text[:1].isupper())


def _lower_before_capital(tokens) -> bool:
    """True when the first token is in lower case and a later one capitalised ("les Beatles", "concentré de Pop");
    "the" belongs to a band's name ("the Beatles")."""
    first = tokens[0]
    return first.is_lower and first.lower_ != "the" and any(t.text[:1].isupper() for t in tokens[1:])


CALENDAR = frozenset({"noel", "christmas", "xmas", "paques", "easter", "halloween", "toussaint", "saint-valentin", "valentine"})
GENRES = frozenset({
    "pop", "rock", "roll", "n", "rock'n'roll", "jazz", "blues", "soul", "funk", "punk", "metal", "rap", "hip", "hop", "r&b", "rnb", "country",
    "folk", "reggae", "zouk", "disco", "techno", "electro", "classique", "classical", "opera", "gospel", "swing", "grunge",
    "indie", "variete", "baroque", "hard", "heavy", "progressive", "progressif", "psychedelic", "psychedelique",
})


def _common_words(name: str, lang: str, every: bool = True) -> bool:
    """True for a name made only of the language's ordinary words: a creative word, an opinion, a holiday or a
    genre that a recogniser took for a name ("Roman", "Superbe", "Good Music", "Noël", "Punk-Rock", "R&B"); with
    `every` false, for a name holding one of them."""
    folded = fold(name)
    opinions = {folded[start:end] for start, end, _ in lexicon_cues(folded, lang)}
    words = [w for w in re.findall(r"\w+(?:[&']\w+)*", folded) if len(w) > 1]  # "rock & roll" is rock and roll, "r&b" one word; "L autrice" an elision
    common = (CONTEXT.fullmatch(word) or word in opinions or word in CALENDAR or word in GENRES or POSITIVE_WORDS.fullmatch(word) for word in words)
    return all(common) if every else any(common)

