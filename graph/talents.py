"""Emerging talents: the radar a label's scout looks at.

The window is the RECENT_DAYS before the latest endorsement in the graph, compared with the
RECENT_DAYS before that. For each talent, counting authors' first endorsements:
  acceleration  log((1 + recent) / (1 + previous)), floored at 0: new fans arriving faster than before
  backing       sum of the prescriber scores of the authors who endorsed it in both windows: who finds
                it matters more than how many
both scaled so the best talent has 1, and  score = 0.6 acceleration + 0.4 backing.
A talent famous for long (as many fans before as now) has no acceleration; one discovered this month
by known prescribers tops the list.
"""

from __future__ import annotations

import numpy as np

from graph.build import WatchGraph
from graph.prescribers import ALL_TALENTS
from graph.scored import Scored, best_rows, first_and_last, scale_to_best

RECENT_DAYS = 30
WEIGHTS = {"acceleration": 0.6, "backing": 0.4}
EVIDENCE_POSTS = 5


def rank_talents(graph: WatchGraph, credits: dict[str, np.ndarray], prescriber_scores: np.ndarray) -> list[Scored]:
    """Scored talents (the ranked id is the talent's id), fastest-emerging first."""
    if not credits or np.isnan(credits["time"]).all():
        return []
    talent, author, time = credits["talent"], credits["author"], credits["time"]
    count = len(graph.talent_ids)
    now = np.nanmax(time)
    window = RECENT_DAYS * 86400.0
    recent = (time > now - window)
    previous = (time > now - 2 * window) & ~recent
    recent_count = np.bincount(talent, recent.astype(float), minlength=count)
    previous_count = np.bincount(talent, previous.astype(float), minlength=count)
    acceleration = np.maximum(np.log((1 + recent_count) / (1 + previous_count)), 0.0)
    backing = np.bincount(talent, prescriber_scores[author] * (recent | previous), minlength=count)
    parts = {"acceleration": scale_to_best(acceleration), "backing": scale_to_best(backing)}
    score = sum(weight * parts[name] for name, weight in WEIGHTS.items())
    total = np.bincount(talent, minlength=count)
    first, last = first_and_last(talent, time, count)
    # Evidence: the recent endorsements by the strongest prescribers.
    best = best_rows(talent, (credits["post"], -prescriber_scores[author], ~(recent | previous)), EVIDENCE_POSTS)
    return [
        Scored(
            subject_id=ALL_TALENTS,
            ranked_id=graph.talent_ids[i],
            score=float(score[i]),
            parts={**{name: values[i] for name, values in parts.items()}, "recent": recent_count[i], "previous": previous_count[i]},
            evidence=[graph.post_ids[credits["post"][row]] for row in best.get(int(i), ())],
            post_count=int(total[i]),
            first_seen=float(first[i]),
            last_seen=float(last[i]),
        )
        for i in np.flatnonzero(total > 0)
    ]
