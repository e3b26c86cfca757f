"""What every ranking produces before it becomes records, and the column arithmetic they share."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from scipy.stats import rankdata

from graph import NAME, VERSION
from graph.build import from_epoch
from portevoix.models import Ranking

WEEK_SECONDS = 7 * 24 * 3600
# 1970-01-01 was a Thursday: shifting by three days makes weeks start on Mondays, as ISO weeks do.
_MONDAY_SHIFT = 3 * 24 * 3600


@dataclass
class Scored:
    """One ranked thing (an author, or a talent for the talent radar) for one subject, with its evidence."""

    subject_id: str
    ranked_id: str
    score: float
    parts: dict[str, float]
    evidence: list[str]  # post ids, best first
    post_count: int
    first_seen: float = math.nan
    last_seen: float = math.nan


def to_rankings(scored: list[Scored], role: str, watch: str, run_id: str, communities: dict[str, int] | None = None, limit: int | None = None) -> list[Ranking]:
    """Rankings, best first within each subject (ties broken by id, so the same input gives the same order)."""
    # To the microsecond: the latest run is the one whose rankings were made last, even within a second.
    created = datetime.now(UTC)
    rankings = []
    for subject_id, ordered in best_per_subject(scored, limit).items():
        for position, item in enumerate(ordered, start=1):
            rankings.append(
                Ranking(
                    id=Ranking.make_id(run_id, role, subject_id, item.ranked_id),
                    run_id=run_id,
                    watch=watch,
                    role=role,
                    subject_id=subject_id,
                    author_id=item.ranked_id,
                    rank=position,
                    score=round(item.score, 6),
                    parts={name: round(float(value), 4) for name, value in item.parts.items()},
                    evidence_post_ids=tuple(item.evidence),
                    post_count=item.post_count,
                    first_seen=from_epoch(item.first_seen),
                    last_seen=from_epoch(item.last_seen),
                    community=(communities or {}).get(item.ranked_id),
                    component=NAME,
                    version=VERSION,
                    created_at=created,
                )
            )
    return rankings


def best_per_subject(scored: list[Scored], limit: int | None = None) -> dict[str, list[Scored]]:
    """Each subject's entries, best first (ties broken by id: the same input gives the same order), at most `limit`."""
    by_subject: dict[str, list[Scored]] = {}
    for item in scored:
        by_subject.setdefault(item.subject_id, []).append(item)
    return {subject: sorted(items, key=lambda s: (-s.score, s.ranked_id))[:limit] for subject, items in sorted(by_subject.items())}


def scale_to_best(values: np.ndarray) -> np.ndarray:
    """`values` divided by the largest, so the best candidate has 1 (all zeros stay zeros)."""
    highest = values.max() if len(values) else 0.0
    return values / highest if highest > 0 else np.zeros_like(values, dtype=float)


def percentile_within(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each value's place among the values of its group, 0 for the lowest to 1 for the highest (ties share)."""
    result = np.full(len(values), 0.5)
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        if len(members) > 1:
            result[members] = (rankdata(values[members], method="average") - 1) / (len(members) - 1)
    return result


def group_positions(groups: np.ndarray) -> np.ndarray:
    """For rows sorted by group: each row's position within its group (0, 1, 2, ... per group)."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, sizes)


def distinct_weeks(groups: np.ndarray, times: np.ndarray, group_count: int) -> np.ndarray:
    """How many distinct Monday-to-Sunday weeks each group has a dated row in."""
    dated = ~np.isnan(times)
    weeks = np.floor((times[dated] + _MONDAY_SHIFT) / WEEK_SECONDS).astype(np.int64)
    pairs = np.unique(np.stack([groups[dated].astype(np.int64), weeks]), axis=1)
    return np.bincount(pairs[0], minlength=group_count) if pairs.size else np.zeros(group_count, dtype=np.int64)


def first_and_last(groups: np.ndarray, times: np.ndarray, group_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each group's earliest and latest time (NaN when it has no dated row)."""
    first = np.full(group_count, np.inf)
    last = np.full(group_count, -np.inf)
    dated = ~np.isnan(times)
    np.minimum.at(first, groups[dated], times[dated])
    np.maximum.at(last, groups[dated], times[dated])
    first[np.isinf(first)] = np.nan
    last[np.isinf(last)] = np.nan
    return first, last


def best_rows(groups: np.ndarray, order_keys: tuple[np.ndarray, ...], per_group: int) -> dict[int, np.ndarray]:
    """The indices of each group's `per_group` best rows; `order_keys` are np.lexsort keys (last = primary
    after the group), smallest first."""
    order = np.lexsort((*order_keys, groups))
    positions = group_positions(groups[order])
    chosen = order[positions < per_group]
    result: dict[int, list[int]] = {}
    for row in chosen:
        result.setdefault(int(groups[row]), []).append(int(row))
    return {group: np.array(rows) for group, rows in result.items()}
