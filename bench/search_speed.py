"""Search benchmark: N generated posts in French and English, indexed, then 500 mixed queries.

Posts carry brands, authors (with followers), platforms, dates over a year, ratings,
hashtags, analysis facets (brands, signals, sentiment) and Zipf-distributed words, so
terms have the spread of frequencies real text has. Figures: indexing rate (stored
posts made searchable), p50/p95/p99 latency per query kind, index size, peak memory.
The last line is one JSON object.

    python bench/search_speed.py --posts 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.embedded import EmbeddedStore  # noqa: E402
from index.store import PostAnalysis, SearchRequest  # noqa: E402
from portevoix.demo.site import load_demo_data  # noqa: E402
from portevoix.models import Author, Mention, Post, Signal  # noqa: E402

BATCH = 5000
SYLLABLES = ["ba", "ro", "li", "ne", "ta", "mo", "ka", "vi", "su", "de", "pa", "lu", "chi", "an", "on", "er"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def templates() -> list[tuple[str, str, str]]:
    data = load_demo_data()
    found = []
    for kind in ("recommendation", "positive", "negative", "neutral", "sponsored"):
        for lang in ("fr", "en"):
            found += [(lang, kind, text) for text in data["texts"][kind].get(lang, [])]
    return found


def generate(count: int, seed: int = 11):
    """Batches of (posts, analyses), and the authors; deterministic for a seed."""
    rng = random.Random(seed)
    data = load_demo_data()
    brands = list(data["brands"].items())
    words = vocabulary(20_000, rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    cumulative = list(__import__("itertools").accumulate(weights))
    texts = templates()
    author_count = max(count // 20, 50)
    authors = [Author(id=f"mastodon:user{i}@example.social", platform="mastodon", handle=f"user{i}@example.social", followers=int(rng.paretovariate(1.2) * 20)) for i in range(author_count)]
    start = datetime(2025, 11, 1, tzinfo=UTC)
    platforms = ["mastodon", "web", "reddit", "bluesky"]
    sentiments = {"recommendation": "positive", "positive": "positive", "negative": "negative", "neutral": "neutral", "sponsored": "neutral"}

    def batches():
        posts, analyses = [], []
        for number in range(count):
            lang, kind, template = rng.choice(texts)
            brand_id, brand = rng.choice(brands)
            filler = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(4, 16)))
            text = template.format(brand=brand["name"], product=rng.choice(brand["products"]), tag=brand["tag"], handle=brand["handle"]) + " " + filler
            post_id = f"bench:{number}"
            posts.append(
                Post(
                    id=post_id, platform=rng.choice(platforms), url=f"https://{rng.choice(['a', 'b', 'c'])}.example.org/{number}",
                    author_id=authors[int(rng.paretovariate(1.1)) % author_count].id, published_at=start + timedelta(seconds=rng.randint(0, 365 * 86400)),
                    lang=lang, text=text, rating=float(rng.randint(1, 5)) if rng.random() < 0.2 else None, rating_max=5.0,
                    hashtags=(brand["tag"],) if "#" in text else (), metrics={"likes": int(rng.paretovariate(1.5)) - 1},
                )
            )
            signals = [Signal(id=f"{post_id}-s", watch="bench", post_id=post_id, subject_id=None, kind="sentiment", score=0.8, label=sentiments[kind], detector="bench", version="1")]
            if kind in {"recommendation", "sponsored"}:
                signals.append(Signal(id=f"{post_id}-k", watch="bench", post_id=post_id, subject_id=None, kind=kind, score=0.9, detector="bench", version="1"))
            mention = Mention(id=f"{post_id}-m", watch="bench", post_id=post_id, brand_id=brand_id, surface=brand["name"], start=0, end=1, method="name", confidence=0.9, component="bench", version="1")
            analyses.append(PostAnalysis(post_id, "bench", lang, (mention,), tuple(signals), "bench", "1"))
            if len(posts) == BATCH:
                yield posts, analyses
                posts, analyses = [], []
        if posts:
            yield posts, analyses

    return authors, batches(), words


def queries(words: list[str], rng: random.Random, count: int) -> list[tuple[str, SearchRequest]]:
    common, middle = words[:50], words[200:2000]
    brand_ids = ["loreal", "decathlon", "nivea", "bic", "ikea"]
    made = []
    for number in range(count):
        kind = ("boolean", "filters", "near", "aggregations")[number % 4]
        if kind == "boolean":
            query = rng.choice([
                f"{rng.choice(middle)} {rng.choice(common)}", f"({rng.choice(middle)} OR {rng.choice(middle)}) -{rng.choice(common)}",
                '"must have"', "recommande foncez", f"{rng.choice(middle)[:3]}*", "raw:Nivea", "#lorealparis", f'"{rng.choice(common)} {rng.choice(common)}"~3',
                "(loreal OR nivea) NOT déçu", "highly recommend",
            ])
            made.append((kind, SearchRequest(query, aggregations=False)))
        elif kind == "filters":
            query = rng.choice([
                f"brand:{rng.choice(brand_ids)} lang:fr rating:>=4", f"platform:mastodon date:[2026-03-01 TO 2026-03-31] {rng.choice(common)}",
                "followers:>1000 sentiment:negative", f"signal:recommendation brand:{rng.choice(brand_ids)}", f"site:a.example.org {rng.choice(middle)}",
            ])
            made.append((kind, SearchRequest(query, aggregations=False, sort=rng.choice(["relevance", "date"]))))
        elif kind == "near":
            query = rng.choice([
                f"{rng.choice(middle)} NEAR/5 {rng.choice(middle)}", f"({rng.choice(middle)} OR {rng.choice(middle)}) NEAR/3 ({rng.choice(common)} OR {rng.choice(middle)})",
                f"recommande NEAR/3f {rng.choice(middle)}", f"brand:{rng.choice(brand_ids)} lang:en recommend NEAR/4 {rng.choice(common)}",
            ])
            made.append((kind, SearchRequest(query, aggregations=False)))
        else:
            query = rng.choice(["", f"brand:{rng.choice(brand_ids)}", f"{rng.choice(middle)} OR {rng.choice(middle)}", "recommande OR recommend", f"lang:fr {rng.choice(common)}"])
            interval = rng.choice(["hour", "day", "week"])
            if interval == "hour":  # hourly timelines are for short windows, as in listening dashboards
                day = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 300))
                query += f" date:[{day.date()} TO {(day + timedelta(days=6)).date()}]"
            made.append((kind, SearchRequest(query, interval=interval)))
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--data-dir", type=Path, help="Keep the data here (default: a temporary folder)")
    args = parser.parse_args()
    if args.data_dir:
        run(args, args.data_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="portevoix-bench-") as folder:  # removed after: a million posts take 1.2 GB
            run(args, Path(folder))


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run(args: argparse.Namespace, folder: Path) -> None:
    store = EmbeddedStore(folder)
    authors, batches, words = generate(args.posts)
    store.save_authors(authors)
    began = time.perf_counter()
    for posts, analyses in batches:
        store.save_posts(posts)
        store.save_analyses(analyses)
    store_seconds = time.perf_counter() - began
    print(f"stored {args.posts:,} posts with their analyses in {store_seconds:.1f} s (peak {peak_mb(resource.RUSAGE_SELF):,.0f} MB)", flush=True)

    began = time.perf_counter()
    indexed = store.sync_index()
    index_seconds = time.perf_counter() - began
    print(f"indexed {indexed:,} posts in {index_seconds:.1f} s (peak {peak_mb(resource.RUSAGE_SELF):,.0f} MB, its reader process {store.feed_peak_mb or 0:,.0f} MB)", flush=True)

    rng = random.Random(5)
    latencies: dict[str, list[float]] = {"boolean": [], "filters": [], "near": [], "aggregations": [], "aggregations_uncached": []}
    refused = 0
    for kind, request in queries(words, rng, args.queries):
        if kind == "aggregations":
            # The same request cold (no aggregation cache), then as a dashboard gets it (cache on).
            store.search_index.cache_aggregations = False
            began = time.perf_counter()
            store.search(request)
            latencies["aggregations_uncached"].append((time.perf_counter() - began) * 1000)
            store.search_index.cache_aggregations = True
        began = time.perf_counter()
        try:
            store.search(request)
        except Exception as error:  # a NEAR too broad is refused by design: count it, do not time it
            refused += 1
            print(f"  refused {request.query!r}: {error}")
            continue
        latencies[kind].append((time.perf_counter() - began) * 1000)
    store.close()

    figures = {
        "posts": args.posts,
        "store_posts_per_s": round(args.posts / store_seconds),
        "index_posts_per_s": round(indexed / index_seconds),
    }
    for kind, values in latencies.items():
        if values:
            figures[f"p50_ms_{kind}"] = round(statistics.median(values), 2)
            figures[f"p95_ms_{kind}"] = round(percentile(values, 0.95), 2)
            figures[f"p99_ms_{kind}"] = round(percentile(values, 0.99), 2)
    figures["queries_refused"] = refused
    figures["index_mb"] = round(folder_mb(folder / "search-index"), 1)
    figures["store_mb"] = round((folder / "store.sqlite").stat().st_size / 1024 / 1024, 1)
    # This process, plus the index feed's process (a big sync reads posts in one) at its peak: they run together.
    # (Not RUSAGE_CHILDREN: a child counts its parent's pages from its fork to its exec.)
    figures["peak_rss_mb"] = round(peak_mb(resource.RUSAGE_SELF) + (store.feed_peak_mb or 0), 1)
    for name, value in figures.items():
        print(f"{name:>22}: {value:,}")
    keys = ("index_posts_per_s", "p95_ms_boolean", "p95_ms_filters", "p95_ms_near", "p95_ms_aggregations", "p95_ms_aggregations_uncached", "index_mb", "peak_rss_mb")
    print(json.dumps({key: figures.get(key) for key in keys}))


if __name__ == "__main__":
    main()
