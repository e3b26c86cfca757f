"""Benchmark of the embedded pipeline: store, index, analyze, search and rank N generated posts.

Posts are made from the demo's French and English texts (brands, products, authors,
replies, dates), so the analysis has real work to do. Prints one figure a line, then
one JSON object as the last line.

    python bench/pipeline_speed.py --posts 20000
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

from graph.run import rank_watch  # noqa: E402
from index.embedded import EmbeddedStore  # noqa: E402
from index.store import SearchRequest  # noqa: E402
from nlp.run import analyze_store  # noqa: E402
from portevoix.demo.site import load_demo_data  # noqa: E402
from portevoix.models import Author, Post  # noqa: E402
from portevoix.watch import parse_watch  # noqa: E402

QUERIES = [
    "recommande", "recommend", '"must have"', "Nivea OR Bic", "tente -Quechua", "(IKEA OR Kallax) hack",
    "déçu", "broke", '"je recommande"', "cassette", "foncez", "NOT nivea",
]


def generate_posts(count: int, seed: int = 7) -> tuple[list[Post], list[Author]]:
    data = load_demo_data()
    rng = random.Random(seed)
    texts = []
    for kind in ("recommendation", "positive", "negative", "neutral", "sponsored"):
        for lang in ("fr", "en"):
            texts += [(lang, t) for t in data["texts"][kind].get(lang, [])]
    brands = list(data["brands"].values())
    authors = [Author(id=f"web:bench/{i}", platform="web", handle=f"bench/{i}", followers=rng.randint(0, 50_000)) for i in range(max(count // 20, 10))]
    posts = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(count):
        lang, template = rng.choice(texts)
        brand = rng.choice(brands)
        text = template.format(brand=brand["name"], product=rng.choice(brand["products"]), tag=brand["tag"], handle=brand["handle"])
        parent = f"web:{rng.randrange(number)}" if number and rng.random() < 0.2 else None
        posts.append(
            Post(
                id=f"web:{number}", platform="web", url=f"https://bench.example/{number}", kind="comment" if parent else "article",
                author_id=rng.choice(authors).id, published_at=start + timedelta(minutes=number * 7), lang=lang if rng.random() < 0.5 else None,
                text=text, parent_id=parent,
            )
        )
    return posts, authors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    data = load_demo_data()
    watch_text = 'name = "bench"\n' + "".join(
        f"[[brands]]\nname = {json.dumps(b['name'], ensure_ascii=False)}\naliases = {json.dumps(b['aliases'], ensure_ascii=False)}\n" for b in data["brands"].values()
    )
    watch = parse_watch(watch_text)
    posts, authors = generate_posts(args.posts)
    figures: dict[str, float] = {"posts": args.posts}
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder))
        began = time.perf_counter()
        store.save_authors(authors)
        for start in range(0, len(posts), 1000):
            store.save_posts(posts[start : start + 1000])
        figures["store_posts_per_s"] = args.posts / (time.perf_counter() - began)

        began = time.perf_counter()
        store.sync_index()
        figures["index_posts_per_s"] = args.posts / (time.perf_counter() - began)

        began = time.perf_counter()
        analyze_store(store, watch)
        figures["analyze_posts_per_s"] = args.posts / (time.perf_counter() - began)

        latencies: dict[str, list[float]] = {"text": [], "filtered": []}
        rng = random.Random(3)
        for number in range(args.queries):
            request = SearchRequest(rng.choice(QUERIES))
            kind = "text"
            if number % 2:
                request = SearchRequest(request.query, brands=(rng.choice([b.id for b in watch.brands]),), langs=(rng.choice(["fr", "en"]),), sort="date")
                kind = "filtered"
            began = time.perf_counter()
            store.search(request)
            latencies[kind].append((time.perf_counter() - began) * 1000)
        for kind, values in latencies.items():
            figures[f"search_{kind}_p50_ms"] = statistics.median(values)
            figures[f"search_{kind}_p95_ms"] = percentile(values, 0.95)
            figures[f"search_{kind}_p99_ms"] = percentile(values, 0.99)

        began = time.perf_counter()
        rank_watch(store, watch)
        figures["rank_seconds"] = time.perf_counter() - began
        store.close()
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, value in figures.items():
        print(f"{name:>24}: {value:,.2f}")
    print(json.dumps({name: round(value, 2) for name, value in figures.items()}))


if __name__ == "__main__":
    main()
