"""Ranking at scale: a generated watch of 200,000 authors and 2,000,000 interactions, with planted
ambassadors and early prescribers among decoys, built into a graph and ranked (every role, communities
included). Prints the time and peak memory to build and rank, and precision@50 at finding the planted
ones; the last line is one JSON object.

    python bench/rank_scale.py                      # 200,000 authors, 2,000,000 edges
    python bench/rank_scale.py --authors 20000 --edges 200000

The generated world, per brand (5): 50 planted ambassadors (6-14 recommendations each, on distinct
days, moderate followers, replies from others) among 100,000 one-to-three-post authors (a third of them
recommending once), 20 famous accounts who mention the brand once or twice (and are the graph's hubs),
20 spammers (20-40 recommendations seconds apart), 20 partners (sponsored posts) and 20 complainers.
Talents (2,000): 300 that grow, each found first by one of 50 planted prescribers (6 talents each) and
then by some of the prescriber's followers and 20-80 others; 200 famous all year (200-800 fans spread
over the year); the rest small (1-4 fans). Generation is not timed: only feeding the graph builder the
events (as `build_graph` does from a store), building, and ranking.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.build import INTERACTIONS, GraphBuilder  # noqa: E402
from graph.rank import rank_graph  # noqa: E402

PLATFORMS = ("mastodon", "bluesky", "reddit", "youtube")
BRANDS = tuple(f"brand{b}" for b in range(5))
DAY = 86400.0
YEAR = 365 * DAY
PLANTED_PER_BRAND = 50
PLANTED_PRESCRIBERS = 50
TALENTS, GROWING, FAMOUS_TALENTS = 2000, 300, 200
TOP = 50


class World:
    """Generated events, as plain lists ready for the builder, and who was planted."""

    def __init__(self, authors: int, edges: int, seed: int = 7):
        self.rng = rng = np.random.default_rng(seed)
        self.n = authors
        self.ids = [f"{PLATFORMS[i % 4]}:a{i}" for i in range(authors)]
        self.followers = np.minimum(rng.lognormal(5, 2, authors), 5e6).astype(int)
        pool = rng.permutation(authors)
        taken = 0

        def take(count: int) -> np.ndarray:
            nonlocal taken
            chosen = pool[taken : taken + count]
            taken += count
            return chosen

        self.mentions: list[tuple] = []  # (post, author, brand, time, confidence, rec, pos, neg, promoted, engagement)
        self.planted_ambassadors: dict[str, set[str]] = {}
        hubs = take(20 * len(BRANDS))
        self.followers[hubs] = rng.integers(1_000_000, 10_000_000, len(hubs))
        for b, brand in enumerate(BRANDS):
            planted = take(PLANTED_PER_BRAND)
            self.planted_ambassadors[brand] = {self.ids[a] for a in planted}
            for a in planted:
                for day in rng.choice(365, rng.integers(6, 15), replace=False):
                    self._mention(a, brand, day * DAY + rng.random() * DAY, rec=rng.uniform(0.6, 0.95), pos=rng.uniform(0.5, 0.9))
            for a in hubs[b * 20 : (b + 1) * 20]:
                for _ in range(rng.integers(1, 3)):
                    self._mention(a, brand, rng.random() * YEAR, pos=0.9, engagement=rng.integers(500, 5000))
            for a in take(20):  # spammers
                start = rng.random() * YEAR
                for k in range(rng.integers(20, 41)):
                    self._mention(a, brand, start + k * rng.uniform(10, 60), rec=0.9, pos=0.9)
            for a in take(20):  # partners
                for _ in range(rng.integers(10, 21)):
                    self._mention(a, brand, rng.random() * YEAR, rec=0.7, pos=0.8, promoted=0.95)
            for a in take(20):  # complainers
                for _ in range(rng.integers(5, 11)):
                    self._mention(a, brand, rng.random() * YEAR, neg=0.9)
        ordinary = rng.choice(authors, authors // 2, replace=False)
        for a in ordinary:
            brand = BRANDS[rng.integers(len(BRANDS))]
            recommends = rng.random() < 1 / 3
            for _ in range(rng.integers(1, 4)):
                mood = rng.random()
                self._mention(a, brand, rng.random() * YEAR, rec=rng.uniform(0.5, 0.95) if recommends else 0.0,
                              pos=rng.uniform(0.5, 0.9) if mood < 0.4 else 0.0, neg=rng.uniform(0.5, 0.9) if mood > 0.8 else 0.0,
                              promoted=0.9 if rng.random() < 0.05 else 0.0)

        # Interactions: targets drawn with a heavy tail, the hubs first; the planted are heard a little.
        self.edges: list[tuple] = []
        popularity = np.concatenate([hubs, rng.permutation(np.setdiff1d(np.arange(authors), hubs))])
        self.planted_prescribers_idx = take(PLANTED_PRESCRIBERS)
        self.planted_prescribers = {self.ids[a] for a in self.planted_prescribers_idx}
        followers_of = {int(p): rng.choice(authors, 30, replace=False) for p in self.planted_prescribers_idx}
        extra = []
        for brand in BRANDS:
            for author_id in self.planted_ambassadors[brand]:
                extra.append((rng.choice(authors, rng.integers(20, 61)), int(author_id.split(":a")[1])))
        for p, fans in followers_of.items():
            extra.append((fans, p))
        reserved = sum(len(sources) for sources, _ in extra)
        count = max(edges - reserved, 0)
        sources = rng.integers(0, authors, count)
        targets = popularity[np.minimum(rng.zipf(1.6, count) - 1, authors - 1)]
        kinds = rng.choice(len(INTERACTIONS), count, p=[0.4, 0.1, 0.2, 0.3])
        times = rng.random(count) * YEAR
        self.edges = list(zip(sources.tolist(), targets.tolist(), kinds.tolist(), times.tolist()))
        for fans, target in extra:
            self.edges += [(int(s), target, 0, float(rng.random() * YEAR)) for s in fans]

        # Talent endorsements: (post, author, talent, time, score)
        self.endorsements: list[tuple] = []
        prescribers = np.repeat(self.planted_prescribers_idx, GROWING // PLANTED_PRESCRIBERS)
        for t in range(GROWING):
            first = int(prescribers[t])
            start = rng.uniform(0, 200) * DAY
            self._endorse(first, t, start)
            for fan in rng.choice(followers_of[first], rng.integers(3, 9), replace=False):
                self._endorse(int(fan), t, start + rng.uniform(1, 60) * DAY)
            for fan in rng.choice(authors, rng.integers(20, 81), replace=False):
                self._endorse(int(fan), t, start + rng.uniform(1, 150) * DAY)
        for t in range(GROWING, GROWING + FAMOUS_TALENTS):
            for fan in rng.choice(authors, rng.integers(200, 801), replace=False):
                self._endorse(int(fan), t, rng.random() * YEAR)
        for t in range(GROWING + FAMOUS_TALENTS, TALENTS):
            for fan in rng.choice(authors, rng.integers(1, 5), replace=False):
                self._endorse(int(fan), t, rng.random() * YEAR)

    def _mention(self, author, brand, at, rec=0.0, pos=0.0, neg=0.0, promoted=0.0, engagement=None) -> None:
        engagement = self.rng.poisson(10) if engagement is None else engagement
        self.mentions.append((f"p{len(self.mentions)}", int(author), brand, float(at), float(self.rng.uniform(0.8, 1.0)), float(rec), float(pos), float(neg), float(promoted), float(engagement)))

    def _endorse(self, author: int, talent: int, at: float) -> None:
        self.endorsements.append((f"e{len(self.endorsements)}", author, f"talent{talent}", float(at), float(self.rng.uniform(0.5, 1.0))))


def build(world: World):
    """Feed the builder every event one call at a time, as build_graph does from a store."""
    builder = GraphBuilder(list(BRANDS))
    ids = world.ids
    for i, author_id in enumerate(ids):
        builder.author(author_id, int(world.followers[i]))
    for source, target, kind, at in world.edges:
        builder.add_interaction(ids[source], ids[target], INTERACTIONS[kind], at)
    for post, author, brand, at, confidence, rec, pos, neg, promoted, engagement in world.mentions:
        builder.add_brand_mention(post, ids[author], brand, at, confidence, rec, pos, neg, promoted, 0.0, engagement)
    for post, author, talent, at, score in world.endorsements:
        builder.add_endorsement(post, ids[author], talent, at, score)
    return builder.build()


def precision_at(rankings, subject: str, planted: set[str], k: int = TOP) -> float:
    top = [r.author_id for r in rankings if r.subject_id == subject and r.rank <= k]
    return len(set(top) & planted) / k


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authors", type=int, default=200_000)
    parser.add_argument("--edges", type=int, default=2_000_000)
    args = parser.parse_args()

    started = time.perf_counter()
    world = World(args.authors, args.edges)
    print(f"generated {args.authors:,} authors, {len(world.edges):,} interactions, {len(world.mentions):,} brand posts, "
          f"{len(world.endorsements):,} endorsements in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    graph = build(world)
    built = time.perf_counter() - started
    started = time.perf_counter()
    rankings = rank_graph(graph, "bench", "bench-run")
    ranked = time.perf_counter() - started
    del world.edges

    ambassador = [r for r in rankings if r.role == "ambassador"]
    prescriber = [r for r in rankings if r.role == "prescriber"]
    ambassador_precision = float(np.mean([precision_at(ambassador, brand, world.planted_ambassadors[brand]) for brand in BRANDS]))
    prescriber_precision = precision_at(prescriber, "*", world.planted_prescribers)
    figures = {
        "seconds": round(built + ranked, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "ambassador_precision_at_50": round(ambassador_precision, 3),
        "prescriber_precision_at_50": round(prescriber_precision, 3),
    }
    print(f"build {built:.2f} s ({graph.author_count:,} authors, {graph.edge_count:,} edges), rank {ranked:.2f} s, {len(rankings):,} rankings")
    for role in ("ambassador", "prescriber", "talent", "creator", "contributor", "lead_user", "expert"):
        print(f"  {role:<12} {sum(r.role == role for r in rankings):>7,} ranked")
    print(f"precision@{TOP}: ambassadors {ambassador_precision:.3f} (mean over {len(BRANDS)} brands), prescribers {prescriber_precision:.3f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
