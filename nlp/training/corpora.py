"""Labelled examples for training the analysis heads, read from the datasets in ../shared/corpora with
their own labels. Never the texts of posts_sample.jsonl: it measures the analysis, so every text that
appears in it is left out here (matched on the folded text)."""

from __future__ import annotations

import csv
import itertools
import json
import random
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from portevoix.errors import PortevoixError

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    label: str
    source: str


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def held_out_keys(corpora: Path) -> set[str]:
    sample = corpora / "posts_sample.jsonl"
    if not sample.exists():
        return set()
    return {_key(json.loads(line)["text"]) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()}


def _collector(examples: list[Example]):
    """An `add(text, lang, label, source)` that keeps the examples with a text and a label."""

    def add(text: str | None, lang: str, label: str | None, source: str) -> None:
        text = (text or "").strip()
        if text and label:
            examples.append(Example(text, lang, label, source))

    return add


def _rating_label(stars: float, best: float = 5.0) -> str:
    stars = stars / best * 5
    return "positive" if stars >= 4 else "negative" if stars <= 2 else "mixed"


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        header = handle.readline()
        while header and not header.strip():  # some exports start with a blank line
            header = handle.readline()
        yield from csv.DictReader(itertools.chain([header], handle), delimiter=delimiter)


def _reviews_xml(path: Path) -> Iterator[tuple[str, float]]:
    for item in ElementTree.parse(path).getroot().iter("item"):
        text = " ".join(filter(None, (item.findtext("summary"), item.findtext("text"))))
        rating = item.findtext("rating")
        if text and rating:
            yield text, float(rating)


def sentiment_examples(corpora: Path) -> list[Example]:
    """Every sentiment-labelled text of the corpora (positive, negative, neutral, mixed), held-out texts excluded."""
    if not corpora.is_dir():
        raise PortevoixError(f"no corpora at {corpora}: training reads ../shared/corpora (give --corpora)")
    examples: list[Example] = []
    add = _collector(examples)

    for row in _rows(corpora / "twitter_us_airline_sentiment" / "Tweets.csv"):
        add(row["text"], "en", row["airline_sentiment"], "airline")
    emotions = {"Positive emotion": "positive", "Negative emotion": "negative", "No emotion toward brand or product": "neutral"}
    for path in (corpora / "brands_product_emotions_sxsw").glob("*.csv"):
        for row in _rows(path):
            add(row.get("tweet_text"), "en", emotions.get(row.get("is_there_an_emotion_directed_at_a_brand_or_product", "")), "sxsw")
    deft = corpora / "umsab_deft2017_fr_tweets"
    for split in ("train", "val", "test"):
        texts = (deft / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (deft / f"{split}_labels.txt").read_text(encoding="utf-8").splitlines()
        for text, label in zip(texts, labels):
            add(text, "fr", {"0": "negative", "1": "neutral", "2": "positive"}.get(label.strip()), "deft2017")
    for row in _rows(corpora / "french_book_reviews" / "french_books_reviews.csv"):
        add(row["reader_review"], "fr", _rating_label(float(row["rating"])), "french_books")
    for row in csv.reader((corpora / "cls_books_fr_and_pattern_tweets" / "books-fr.test-aligned.csv").open(encoding="utf-8")):
        if len(row) == 2 and row[1] in {"True", "False"}:
            add(row[0], "fr", "positive" if row[1] == "True" else "negative", "cls_books_fr")
    for lang in ("fr", "en"):
        for split in ("train", "test"):
            for text, rating in _reviews_xml(corpora / f"webis_cls10_{lang}_music" / f"{split}.review"):
                add(text, lang, _rating_label(rating), f"music_{lang}")
        for row in _rows(corpora / "amazon_reviews_pds_samples" / f"sample_{'fr' if lang == 'fr' else 'us'}.tsv", "\t"):
            add(f"{row['review_headline']}. {row['review_body']}", lang, _rating_label(float(row["star_rating"])), f"amazon_{lang}")
    for row in _rows(corpora / "trustpilot_fr_ecommerce" / "src" / "data" / "external" / "scrapped_comments.csv", ";"):
        if (row.get("note") or "").strip().isdigit():
            add(row["commentaire"], "fr", _rating_label(float(row["note"])), "trustpilot")
    held_out = held_out_keys(corpora)
    return [e for e in examples if _key(e.text) not in held_out]


def balanced(examples: list[Example], per_source_label: int, seed: int = 13) -> list[Example]:
    """At most `per_source_label` examples of each (source, label): the long book-review sets do not drown the tweets."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[Example]] = {}
    for example in examples:
        groups.setdefault((example.source, example.label), []).append(example)
    chosen: list[Example] = []
    for key in sorted(groups):
        group = groups[key]
        chosen.extend(rng.sample(group, min(per_source_label, len(group))))
    return chosen


REVIEW_SOURCES = frozenset({"french_books", "music_fr", "cls_books_fr", "amazon_fr", "trustpilot", "music_en", "amazon_en"})


def polarity_examples(sentiment: list[Example]) -> list[Example]:
    """Of the sentiment examples (`sentiment_examples`, held-out texts already excluded), the reviews their writers
    rated, negative (two stars or fewer) against positive (four or more): which side a review comes down on,
    whatever it concedes on the way."""
    return [e for e in sentiment if e.source in REVIEW_SOURCES and e.label in ("positive", "negative")]


BRAND_ACCOUNTS = {"freebox", "free", "free_1337", "groupeiliad", "freemobile"}


def promotional_examples(corpora: Path) -> list[Example]:
    """Promotion ("promotional") against everything else ("other"): YouTube comment spam (self-promotion by
    aspiring artists, link spam) and the posts of Free's own accounts, against ordinary comments, customer
    tweets and reviews. Held-out texts excluded."""
    examples: list[Example] = []
    add = _collector(examples)

    for path in sorted((corpora / "youtube_spam_collection" / "data").glob("*.csv")):
        for row in _rows(path):
            add(row["CONTENT"], "en", "promotional" if row["CLASS"].strip() == "1" else "other", "youtube_spam")
    for row in _rows(corpora / "free_mobile_tweets_fr" / "free_tweet_export.csv"):
        add(row["text"], "fr", "promotional" if row["author"].lower() in BRAND_ACCOUNTS else "other", "free_tweets")
    for example in sentiment_examples(corpora):
        if example.source in {"airline", "deft2017", "french_books", "music_en", "music_fr"}:
            examples.append(Example(example.text, example.lang, "other", example.source))
    held_out = held_out_keys(corpora)
    return [e for e in examples if _key(e.text) not in held_out]
