"""Prescribers of emerging talent: fans who endorse an artist early, before the talent grows, and whose
circle follows them.

For each talent, each endorsing author's first endorsement is placed in time among the talent's
endorsers: `before` authors endorsed it earlier, `after` authors later. The endorsement earns
  earliness     exp(-before / EARLY_SCALE): the first fans get ~1, the 20th almost nothing, so a talent
                already famous when the author found it counts little
  growth        log(1 + after): the talent's growth in fans after the endorsement; a talent that never
                grew earns nothing
  trendsetting  log(1 + neighbours who endorsed the talent after the author), the neighbours being the
                authors who reply to, quote, repost or @mention the author (Saez-Trumper et al., KDD
                2012: early adopters whose neighbourhood adopts after them)
and the author's credit for the talent is  confidence * earliness * (growth + TREND_WEIGHT * trendsetting).
An author's score is the sum over talents (early on three talents that grew beats one lucky early
fan), scaled so the best prescriber has 1. Parts: early_growth and trendsetting (the two halves of that
sum, on the same scale), talents (how many talents the author was among the first EARLY_SCALE on).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from graph.build import WatchGraph
from graph.scored import Scored, best_rows, first_and_last, group_positions

ALL_TALENTS = "*"  # the subject of prescriber and talent rankings: they aggregate over talents
EARLY_SCALE = 5.0
TREND_WEIGHT = 0.5
EVIDENCE_POSTS = 5


def prescriber_credits(graph: WatchGraph, matrix: sparse.csr_matrix) -> dict[str, np.ndarray]:
    """Per first endorsement (one row per talent and author): talent, author, time, post, and the
    earliness, growth, trendsetting and credit it earns."""
    e = graph.endorsements
    if len(e.author) == 0:
        return {}
    # Each author's first endorsement of each talent; ties in time go by author index, for reproducibility.
    order = np.lexsort((e.author, e.time, e.talent))
    talent, author = e.talent[order], e.author[order]
    key = talent.astype(np.int64) * graph.author_count + author
    _, first = np.unique(key, return_index=True)
    first = np.sort(first)  # back in (talent, time) order
    rows = order[first]
    talent, author, time = e.talent[rows], e.author[rows], e.time[rows]

    before = group_positions(talent)
    sizes = np.bincount(talent, minlength=len(graph.talent_ids))
    after = sizes[talent] - before - 1
    earliness = np.exp(-before / EARLY_SCALE)
    growth = np.log1p(after)
    trendsetting = np.log1p(_neighbours_after(graph, matrix, talent, author, time))
    confidence = e.score[rows]
    return {
        "talent": talent, "author": author, "time": time, "post": e.post[rows], "before": before,
        "earliness": earliness, "growth": growth, "trendsetting": trendsetting,
        "early_growth": confidence * earliness * growth,
        "early_trend": confidence * earliness * TREND_WEIGHT * trendsetting,
    }


def rank_prescribers(graph: WatchGraph, credits: dict[str, np.ndarray]) -> tuple[list[Scored], np.ndarray]:
    """Scored prescribers (over all talents), and every author's prescriber score in [0, 1]."""
    scores = np.zeros(graph.author_count)
    if not credits:
        return [], scores
    author = credits["author"]
    n = graph.author_count
    early_growth = np.bincount(author, credits["early_growth"], minlength=n)
    trendsetting = np.bincount(author, credits["early_trend"], minlength=n)
    raw = early_growth + trendsetting
    highest = raw.max()
    if highest <= 0:
        return [], scores
    scores = raw / highest
    talents_early = np.bincount(author, (credits["before"] < EARLY_SCALE).astype(float), minlength=n)
    endorsements = np.bincount(author, minlength=n)
    first, last = first_and_last(author, credits["time"], n)
    credit = credits["early_growth"] + credits["early_trend"]
    best = best_rows(author, (credits["post"], -credit), EVIDENCE_POSTS)
    scored = [
        Scored(
            subject_id=ALL_TALENTS,
            ranked_id=graph.author_ids[i],
            score=float(scores[i]),
            parts={"early_growth": early_growth[i] / highest, "trendsetting": trendsetting[i] / highest, "talents": talents_early[i]},
            evidence=[graph.post_ids[credits["post"][row]] for row in best.get(int(i), ())],
            post_count=int(endorsements[i]),
            first_seen=float(first[i]),
            last_seen=float(last[i]),
        )
        for i in np.flatnonzero(raw > 0)
    ]
    return scored, scores


def _neighbours_after(graph: WatchGraph, matrix: sparse.csr_matrix, talent: np.ndarray, author: np.ndarray, time: np.ndarray) -> np.ndarray:
    """For each first endorsement, how many of the author's neighbours endorsed the same talent later."""
    # Column j of the interaction matrix lists who gave attention to j: its in-neighbours.
    incoming = matrix.T.tocsr()
    counts = np.diff(incoming.indptr)[author]
    if counts.sum() == 0:
        return np.zeros(len(author))
    row_of_pair = np.repeat(np.arange(len(author)), counts)
    starts = np.repeat(incoming.indptr[author], counts)
    neighbour = incoming.indices[starts + group_positions(row_of_pair)]
    # When (if ever) did each neighbour first endorse the same talent? Look the pair up among the rows.
    keys = talent.astype(np.int64) * graph.author_count + author
    sorted_keys = np.argsort(keys)
    wanted = talent[row_of_pair].astype(np.int64) * graph.author_count + neighbour
    found = np.searchsorted(keys, wanted, sorter=sorted_keys)
    found = np.minimum(found, len(keys) - 1)
    match = keys[sorted_keys[found]] == wanted
    later = np.zeros(len(wanted), dtype=bool)
    later[match] = time[sorted_keys[found[match]]] > time[row_of_pair[match]]
    return np.bincount(row_of_pair[later], minlength=len(author)).astype(float)
