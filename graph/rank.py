"""Every ranking of a watch from one graph: ambassadors, prescribers, emerging talents, consumer roles.

The interaction matrix and its PageRank transition are built once and shared; communities are found
around the shortlisted authors. Each role's rankings keep at most `keep` entries per subject.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from graph.ambassadors import follower_percentiles, rank_ambassadors
from graph.build import WatchGraph
from graph.centrality import PageRank
from graph.communities import detect_communities
from graph.prescribers import prescriber_credits, rank_prescribers
from graph.roles import ROLES as CONSUMER_ROLES, label_roles
from graph.scored import Scored, best_per_subject, to_rankings
from graph.talents import rank_talents
from portevoix.errors import PortevoixError
from portevoix.models import Ranking

ROLES = ("ambassador", "prescriber", "talent", *CONSUMER_ROLES)
KEEP = 5000  # per subject and role: a shortlist, not the whole population
COMMUNITY_FOCUS = 200  # the shortlisted authors per subject whose circles are found


def rank_graph(graph: WatchGraph, watch: str, run_id: str, roles: tuple[str, ...] = ROLES, keep: int = KEEP) -> list[Ranking]:
    """The rankings of `roles` over `graph`, all sharing `run_id`."""
    check_roles(roles)
    matrix = graph.interaction_matrix()
    scored = score_roles(graph, matrix, roles)
    focus = [s.ranked_id for role in ("ambassador", "prescriber") for best in best_per_subject(scored.get(role, []), COMMUNITY_FOCUS).values() for s in best]
    index = graph.author_index()
    communities = detect_communities(graph.author_ids, matrix, np.array([index[a] for a in focus], dtype=np.int64))
    rankings: list[Ranking] = []
    for role in roles:
        rankings.extend(to_rankings(scored[role], role, watch, run_id, communities, keep))
    return rankings


def check_roles(roles: tuple[str, ...]) -> None:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise PortevoixError(f"unknown role(s) {', '.join(sorted(unknown)) or '(none given)'} (known: {', '.join(ROLES)})")


def score_roles(graph: WatchGraph, matrix: sparse.csr_matrix, roles: tuple[str, ...] = ROLES) -> dict[str, list[Scored]]:
    """Each role's scored entries, unordered."""
    scored: dict[str, list[Scored]] = {}
    if "ambassador" in roles:
        scored["ambassador"] = rank_ambassadors(graph, PageRank(matrix), follower_percentiles(graph))
    if "prescriber" in roles or "talent" in roles:
        credits = prescriber_credits(graph, matrix)
        scored["prescriber"], prescriber_scores = rank_prescribers(graph, credits)
        scored["talent"] = rank_talents(graph, credits, prescriber_scores)
    if set(CONSUMER_ROLES) & set(roles):
        scored.update(label_roles(graph))
    return scored

