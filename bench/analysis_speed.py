"""Analysis speed: the whole `analyze` (language, spaCy with the brand matcher, rules, sentence embeddings
and the heads, talents) over 20,000 real posts from ../shared/corpora, on both cores, against a naive
loop that calls a transformers `pipeline` once per post for the embeddings.

    python bench/analysis_speed.py                 # 20,000 posts; the naive loop on 500 of them
    python bench/analysis_speed.py --posts 5000 --naive 200

The last line is one JSON object: {"posts_per_s", "naive_posts_per_s", "speedup", "peak_rss_mb"}.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"


def real_posts(count: int, seed: int = 3) -> list[dict]:
    """`count` real posts, French and English: posts_sample.jsonl, then the datasets' own texts."""
    from nlp.training.corpora import promotional_examples, sentiment_examples

    if not CORPORA.exists():
        sys.exit(f"the posts are read from {CORPORA}, which is missing (../shared beside the checkout)")
    posts = [json.loads(line) for line in (CORPORA / "posts_sample.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = {p["text"] for p in posts}
    pool = [e for e in sentiment_examples(CORPORA) + promotional_examples(CORPORA) if e.text not in seen]
    random.Random(seed).shuffle(pool)
    for example in pool:
        if len(posts) >= count:
            break
        if example.text not in seen:
            seen.add(example.text)
            posts.append({"id": f"{example.source}:{len(posts)}", "text": example.text})
    return [{"id": p["id"], "text": p["text"]} for p in posts[:count]]


def whole_analyze(posts: list[dict], workers: int) -> float:
    """Posts per second through analyze_jsonl, the code behind `portevoix analyze --input`, with `workers`
    processes (the default setting: one per core)."""
    from nlp.encoder import SentenceEncoder
    from nlp.parallel import make_analyzer
    from nlp.run import analyze_jsonl
    from portevoix.watch import load_watch

    watch = load_watch(ROOT / "bench" / "data" / "eval_watch.toml")
    analyzer = make_analyzer(watch, encoder=SentenceEncoder(), workers=workers)
    lines = lambda chosen: io.StringIO("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in chosen))
    try:
        analyze_jsonl(lines(posts[:1024]), io.StringIO(), watch, analyzer=analyzer)  # models loaded, workers started: not timed
        started = time.perf_counter()
        written, problems = analyze_jsonl(lines(posts), io.StringIO(), watch, analyzer=analyzer)
        elapsed = time.perf_counter() - started
    finally:
        analyzer.close()
    assert written == len(posts) and not problems
    return written / elapsed


def naive_loop(posts: list[dict]) -> float:
    """Posts per second calling a transformers feature-extraction pipeline (torch) once per post, then the
    sentiment head on that post alone."""
    import numpy as np
    from transformers import pipeline

    from nlp.encoder import packaged_model
    from nlp.head import shipped_head

    extractor = pipeline("feature-extraction", model=packaged_model(), device="cpu")
    head = shipped_head("sentiment_en")
    extractor(posts[0]["text"][:500])
    started = time.perf_counter()
    for post in posts:
        np.asarray(extractor(post["text"], truncation=True, max_length=128)[0]).mean(axis=0)  # the post's embedding, the baseline's cost
        head.read([post["text"]])  # the head reads the post's n-grams (nlp/char_ngrams.py)
    return len(posts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=500, help="posts for the naive loop (it is slow)")
    parser.add_argument("--workers", type=int, default=0, help="analysis processes (0: one per core, as the analysis_workers setting)")
    args = parser.parse_args()
    csv.field_size_limit(10_000_000)
    posts = real_posts(args.posts)
    languages = {}
    from nlp.language import detect_language

    for post in posts[:2000]:
        lang = detect_language(post["text"], None, ("fr", "en"))
        languages[lang] = languages.get(lang, 0) + 1
    print(f"{len(posts):,} real posts, mean {sum(len(p['text']) for p in posts) / len(posts):.0f} characters; languages of the first 2,000: {languages}")
    from nlp.parallel import worker_count

    workers = worker_count(args.workers)
    speed = whole_analyze(posts, workers)
    print(f"whole analyze: {speed:.0f} posts/s ({workers} worker process{'es' if workers > 1 else ''})")
    naive = naive_loop(posts[: args.naive])
    print(f"naive loop (transformers pipeline per post, torch): {naive:.1f} posts/s on {args.naive} posts")
    figures = {
        "posts_per_s": round(speed, 1),
        "naive_posts_per_s": round(naive, 1),
        "speedup": round(speed / naive, 1),
        # This process, plus each worker counted at the largest one's peak (an upper bound: they run together).
        "peak_rss_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + (workers if workers > 1 else 0) * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 1),
    }
    print(f"speedup {figures['speedup']}x, peak memory {figures['peak_rss_mb']} MB (this process and {workers if workers > 1 else 0} workers)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
