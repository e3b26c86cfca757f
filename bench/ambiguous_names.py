"""Names that are also words, on real texts: how often a lower-case match is kept as the brand.

Each set is 300 texts at most from ../shared/corpora (none of posts_sample.jsonl) that hold the word,
analysed with examples/ambiguous_names.toml (brands named after words, described). Where the texts mean the brand
(tweets to the operator Free, SXSW tweets about Apple) a high share should be kept; where they mean the
word (book reviews: "j'ai lu", "au total"; airline tweets: "free wifi") a low share.

    python bench/ambiguous_names.py

The last line is one JSON object: {"<set>": share kept, ...}.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.pipeline import Analyzer, TextInput  # noqa: E402
from portevoix.watch import load_watch  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
PER_SET = 300
WATCH = load_watch(ROOT / "examples" / "ambiguous_names.toml")


def column(path: Path, name: str, encoding: str = "utf-8") -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        return [row[name] for row in csv.DictReader(handle) if row.get(name)]


def holding(texts: list[str], word: str, held_out: set[str], rng: random.Random) -> list[str]:
    found = sorted({t for t in texts if re.search(rf"\b{word}\b", t) and t not in held_out})
    rng.shuffle(found)
    return found[:PER_SET]


def main() -> None:
    if not CORPORA.is_dir():
        sys.exit(f"the texts are read from {CORPORA}, which is missing (../shared beside the checkout)")
    csv.field_size_limit(10_000_000)
    held_out = {json.loads(line)["text"] for line in (CORPORA / "posts_sample.jsonl").open(encoding="utf-8")}
    rng = random.Random(1)
    free_tweets = column(CORPORA / "free_mobile_tweets_fr" / "free_tweet_export.csv", "text")
    books = column(CORPORA / "french_book_reviews" / "french_books_reviews.csv", "reader_review")
    sxsw = column(next((CORPORA / "brands_product_emotions_sxsw").glob("*.csv")), "tweet_text", "latin-1")
    airline = column(CORPORA / "twitter_us_airline_sentiment" / "Tweets.csv", "text")
    sets = {  # name: (brand, texts, whether the texts mean the brand)
        "free_operator_tweets": ("free", holding(free_tweets, "free", held_out, rng), True),
        "apple_sxsw_tweets": ("apple", holding(sxsw, "apple", held_out, rng), True),
        "lu_book_reviews": ("lu", holding(books, "lu", held_out, rng), False),
        "total_book_reviews": ("total", holding(books, "total", held_out, rng), False),
        "free_airline_tweets": ("free", holding(airline, "free", held_out, rng), False),
    }
    analyzer = Analyzer(WATCH)
    figures = {}
    print(f"{'set':<24}{'texts':>6}{'kept':>7}   wanted")
    for name, (brand, texts, meant) in sets.items():
        results = analyzer.analyze([TextInput(str(i), text) for i, text in enumerate(texts)])
        kept = sum(any(m.brand_id == brand for m in result.mentions) for result in results) / max(len(texts), 1)
        figures[name] = round(kept, 3)
        print(f"{name:<24}{len(texts):>6}{kept:>7.2f}   {'high (the brand)' if meant else 'low (the word)'}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
