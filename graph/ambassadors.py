"""Ambassadors of a brand: who promotes it on their own, repeatedly and positively, and is heard.

For each author who named the brand, from their posts about it:
  advocacy      sum of confidence * max(recommendation, 0.6 * positive sentiment), best post first, the
                i-th counting 1 / (1 + 0.5 i): one prolific poster cannot win on volume alone
  consistency   log(1 + distinct weeks with a post about the brand)
  reach         mean of two percentiles within the author's platform: followers (among every author
                of the graph), and mean engagement on their brand posts (among the brand's authors)
  centrality    PageRank in the interaction graph, personalised on the brand's advocates
  negativity    sum of confidence * negative sentiment (complaints)
  authenticity  (1 - share of sponsored or promotional posts) * (1 - share of posts in bursts), where a
                post in a burst came less than BURST_SECONDS after the author's previous one
advocacy, consistency, centrality and negativity are scaled so the brand's best candidate has 1; then
  score = authenticity * (0.45 advocacy + 0.15 consistency + 0.15 reach + 0.25 centrality) - 0.2 negativity,
floored at 0. An author whose brand posts are mostly sponsored or promotional is a partner: listed and
flagged (`partner` = 1), so a team sees who is paid rather than who cares.
"""

from __future__ import annotations

import numpy as np

from graph.build import WatchGraph
from graph.centrality import PageRank
from graph.scored import Scored, best_rows, distinct_weeks, first_and_last, group_positions, percentile_within, scale_to_best

WEIGHTS = {"advocacy": 0.45, "consistency": 0.15, "reach": 0.15, "centrality": 0.25}
NEGATIVITY_WEIGHT = 0.2
SENTIMENT_AS_ADVOCACY = 0.6  # a positive post that recommends nothing is weaker advocacy
PARTNER_SHARE = 0.5
PROMOTED = 0.5  # a post whose sponsored or promotional score reaches this is promotion
BURST_SECONDS = 120
EVIDENCE_POSTS = 5


def rank_ambassadors(graph: WatchGraph, pagerank: PageRank, follower_percentile: np.ndarray) -> list[Scored]:
    """Scored ambassadors of every brand of the graph."""
    scored: list[Scored] = []
    for brand in range(len(graph.brand_ids)):
        scored.extend(_rank_brand(graph, brand, pagerank, follower_percentile))
    return scored


def follower_percentiles(graph: WatchGraph) -> np.ndarray:
    """Each author's followers as a percentile within their platform (unknown counts as none)."""
    return percentile_within(np.nan_to_num(graph.followers, nan=0.0), graph.author_platform)


def _rank_brand(graph: WatchGraph, brand: int, pagerank: PageRank, follower_percentile: np.ndarray) -> list[Scored]:
    m = graph.mentions
    rows = np.flatnonzero(m.subject == brand)
    if len(rows) == 0:
        return []
    authors, candidate = np.unique(m.author[rows], return_inverse=True)
    count = len(authors)
    times, posts = m.time[rows], m.post[rows]
    value = m.confidence[rows] * np.maximum(m.recommendation[rows], SENTIMENT_AS_ADVOCACY * m.positive[rows])

    order = np.lexsort((posts, -value, candidate))
    advocacy = np.bincount(candidate[order], value[order] / (1 + 0.5 * group_positions(candidate[order])), minlength=count)
    consistency = np.log1p(distinct_weeks(candidate, times, count))
    post_count = np.bincount(candidate, minlength=count)
    mean_engagement = np.bincount(candidate, m.engagement[rows], minlength=count) / post_count
    platform = graph.author_platform[authors]
    reach = 0.5 * follower_percentile[authors] + 0.5 * percentile_within(mean_engagement, platform)
    negativity = np.bincount(candidate, m.confidence[rows] * m.negative[rows], minlength=count)
    promoted_share = np.bincount(candidate, (m.promoted[rows] >= PROMOTED).astype(float), minlength=count) / post_count
    burst_share = _burst_posts(candidate, times, count) / post_count
    authenticity = (1 - promoted_share) * (1 - burst_share)

    advocates = np.zeros(graph.author_count)
    np.add.at(advocates, authors, advocacy)
    personalisation = advocates if advocates.sum() > 0 else np.bincount(authors, minlength=graph.author_count).astype(float)
    centrality = pagerank.scores(personalisation)[authors]

    parts = {
        "advocacy": scale_to_best(advocacy),
        "consistency": scale_to_best(consistency),
        "reach": reach,
        "centrality": scale_to_best(centrality),
        "negativity": scale_to_best(negativity),
    }
    score = authenticity * sum(weight * parts[name] for name, weight in WEIGHTS.items()) - NEGATIVITY_WEIGHT * parts["negativity"]
    score = np.maximum(score, 0.0)
    partner = promoted_share >= PARTNER_SHARE
    first, last = first_and_last(candidate, times, count)
    # Best evidence first: highest advocacy value, then the post id order of the store.
    evidence = best_rows(candidate, (posts, -value), EVIDENCE_POSTS)

    brand_id = graph.brand_ids[brand]
    scored = []
    for i in np.flatnonzero((advocacy > 0) | partner):
        scored.append(
            Scored(
                subject_id=brand_id,
                ranked_id=graph.author_ids[authors[i]],
                score=float(score[i]),
                parts={**{name: values[i] for name, values in parts.items()}, "authenticity": authenticity[i], "partner": float(partner[i])},
                evidence=[graph.post_ids[posts[row]] for row in evidence[i]],
                post_count=int(post_count[i]),
                first_seen=float(first[i]),
                last_seen=float(last[i]),
            )
        )
    return scored


def _burst_posts(candidate: np.ndarray, times: np.ndarray, count: int) -> np.ndarray:
    """Per candidate, how many dated posts came less than BURST_SECONDS after their previous one."""
    dated = np.flatnonzero(~np.isnan(times))
    order = dated[np.lexsort((times[dated], candidate[dated]))]
    same_author = candidate[order][1:] == candidate[order][:-1]
    quick = np.diff(times[order]) < BURST_SECONDS
    return np.bincount(candidate[order][1:][same_author & quick], minlength=count).astype(float)
