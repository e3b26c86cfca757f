"""Ambassador ranking: who promotes a brand on their own, repeatedly and positively, and is heard.

score = authenticity * (0.45 advocacy + 0.15 consistency + 0.15 reach + 0.25 centrality) - 0.2 negativity,
each part scaled to [0, 1] over the brand's candidates. Every part is kept on the Ranking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from graph import NAME, VERSION
from graph.build import WatchGraph
from portevoix.models import Ranking
from portevoix.watch import Watch

WEIGHTS = {"advocacy": 0.45, "consistency": 0.15, "reach": 0.15, "centrality": 0.25}
NEGATIVITY_WEIGHT = 0.2
PARTNER_SHARE = 0.5  # an author whose brand posts are mostly sponsored or promotional is a partner
EVIDENCE_POSTS = 5


@dataclass
class _Candidate:
    author_id: str
    post_values: list[tuple[float, str]]
    weeks: set[str]
    negativity: float
    promoted: int
    replies_received: int
    first_seen: object
    last_seen: object


def rank_ambassadors(data: WatchGraph, watch: Watch, run_id: str) -> list[Ranking]:
    """Rankings of ambassadors for every brand of the watch, best first within each brand."""
    centrality = _centrality(data)
    rankings: list[Ranking] = []
    for brand in watch.brands:
        candidates = _candidates(data, brand.id)
        raw = {}
        for candidate in candidates.values():
            author = data.authors.get(candidate.author_id)
            followers = (author.followers or 0) if author else 0
            values = sorted((v for v, _ in candidate.post_values), reverse=True)
            raw[candidate.author_id] = {
                # Each further post counts less, so one prolific poster cannot win on volume alone.
                "advocacy": sum(value / (1 + 0.5 * i) for i, value in enumerate(values)),
                "consistency": math.log1p(len(candidate.weeks)),
                "reach": math.log1p(followers) + math.log1p(candidate.replies_received),
                "centrality": centrality.get(candidate.author_id, 0.0),
                "negativity": candidate.negativity,
            }
        scaled = _scale(raw)
        brand_rankings = []
        for author_id, parts in scaled.items():
            candidate = candidates[author_id]
            promoted_share = candidate.promoted / len(candidate.post_values)
            # Listed: those who advocate, and partners (flagged, so a team sees who is paid, not who cares).
            if raw[author_id]["advocacy"] <= 0 and promoted_share < PARTNER_SHARE:
                continue
            authenticity = 1.0 - promoted_share
            score = authenticity * sum(WEIGHTS[name] * parts[name] for name in WEIGHTS) - NEGATIVITY_WEIGHT * parts["negativity"]
            evidence = [post_id for _, post_id in sorted(candidate.post_values, key=lambda vp: (-vp[0], vp[1]))[:EVIDENCE_POSTS]]
            all_parts = {**{name: round(parts[name], 4) for name in (*WEIGHTS, "negativity")}, "authenticity": round(authenticity, 4)}
            all_parts["partner"] = 1.0 if promoted_share >= PARTNER_SHARE else 0.0
            brand_rankings.append((round(max(score, 0.0), 6), author_id, all_parts, evidence, candidate))
        brand_rankings.sort(key=lambda r: (-r[0], r[1]))
        for position, (score, author_id, parts, evidence, candidate) in enumerate(brand_rankings, start=1):
            rankings.append(
                Ranking(
                    id=Ranking.make_id(run_id, "ambassador", brand.id, author_id),
                    run_id=run_id,
                    watch=watch.name,
                    role="ambassador",
                    subject_id=brand.id,
                    author_id=author_id,
                    rank=position,
                    score=score,
                    parts=parts,
                    evidence_post_ids=tuple(evidence),
                    post_count=len(candidate.post_values),
                    first_seen=candidate.first_seen,
                    last_seen=candidate.last_seen,
                    component=NAME,
                    version=VERSION,
                )
            )
    return rankings


def _candidates(data: WatchGraph, brand_id: str) -> dict[str, _Candidate]:
    candidates: dict[str, _Candidate] = {}
    for post_id, mentions in data.mentions_by_post.items():
        post = data.posts.get(post_id)
        brand_mentions = [m for m in mentions if m.brand_id == brand_id]
        if post is None or not post.author_id or not brand_mentions:
            continue
        signals = {s.kind: s for s in data.signals_by_post.get(post_id, ()) if s.subject_id == brand_id}
        confidence = max(m.confidence for m in brand_mentions)
        recommendation = signals["recommendation"].score if "recommendation" in signals else 0.0
        sentiment = signals.get("sentiment")
        positive = sentiment.score if sentiment and sentiment.label == "positive" else 0.0
        negative = sentiment.score if sentiment and sentiment.label == "negative" else 0.0
        value = confidence * max(recommendation, 0.6 * positive)
        promoted = max(signals[k].score if k in signals else 0.0 for k in ("sponsored", "promotional")) >= 0.5
        candidate = candidates.get(post.author_id)
        if candidate is None:
            candidate = candidates[post.author_id] = _Candidate(post.author_id, [], set(), 0.0, 0, 0, post.published_at, post.published_at)
        candidate.post_values.append((value, post.id))
        candidate.negativity += confidence * negative
        candidate.promoted += int(promoted)
        candidate.replies_received += len(data.replies_to_post.get(post.id, ()))
        if post.published_at:
            candidate.weeks.add(post.published_at.strftime("%G-%V"))
            candidate.first_seen = min(filter(None, (candidate.first_seen, post.published_at)))
            candidate.last_seen = max(filter(None, (candidate.last_seen, post.published_at)))
    return candidates


def _centrality(data: WatchGraph) -> dict[str, float]:
    authors = data.author_graph()
    if authors.number_of_edges() == 0:
        return {}
    return nx.pagerank(authors, weight="weight")


def _scale(raw: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    if not raw:
        return {}
    names = next(iter(raw.values())).keys()
    highest = {name: max(parts[name] for parts in raw.values()) for name in names}
    return {author: {name: (parts[name] / highest[name] if highest[name] > 0 else 0.0) for name in names} for author, parts in raw.items()}
