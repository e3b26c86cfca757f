"""Prescribers and the talent radar on a timeline worked out by hand (days from START).

scout:  first fan of t1, t2 and t3 (day 45); each then gets 4 more fans (days 50, 55, 60, 65);
        two of t1's later fans reply to scout (trendsetting)
lucky:  first fan of t4 (day 45), which then gets 4 more fans the same way
late:   fan of the famous F at day 20, after 20 fans (days 0-19), before 2 more (days 68, 70)

credit per talent = confidence * exp(-before / 5) * (ln(1 + after) + 0.5 ln(1 + neighbours after)):
  scout  3 * ln 5 + 0.5 ln 3 = 5.3775 (the best: scaled to 1)
  lucky  ln 5 = 1.6094                 -> 0.2993
  late   exp(-4) * ln 3 = 0.0201       -> 0.0037
Radar (now = day 70; recent = days 40-70, previous = days 10-40): t1-t4 have 5 recent fans and none
before, acceleration ln 6; F has 2 recent and 10 previous (days 11-20), so none. Backing is the sum
of the prescriber scores of recent fans: scout's talents beat lucky's t4.
"""

import math
from datetime import timedelta

import pytest

from graph.build import build_graph
from graph.prescribers import prescriber_credits, rank_prescribers
from graph.talents import rank_talents
from portevoix.watch import parse_watch
from tests.graph.records import analysis, post

WATCH = parse_watch('name = "talent-test"\n[[brands]]\nname = "Deezer"\n[[talents]]\nname = "T1"\n[[talents]]\nname = "F"\n')


def day(n: float) -> timedelta:
    return timedelta(days=n)


@pytest.fixture
def talent_store(store):
    posts, analyses = [], []

    def endorse(author: str, talent: str, at: float) -> None:
        number = f"{author}-{talent}"
        posts.append(post(number, author, day(at)))
        analyses.append(analysis(WATCH.name, f"web:{number}", talents={talent: 1.0}))

    for talent, first in (("t1", "scout"), ("t2", "scout"), ("t3", "scout"), ("t4", "lucky")):
        endorse(first, talent, 45)
        for i, at in enumerate((50, 55, 60, 65)):
            endorse(f"{talent}-fan{i}", talent, at)
    for i in range(20):
        endorse(f"f-early{i}", "f", i)
    endorse("late", "f", 20)
    endorse("f-after0", "f", 68)
    endorse("f-after1", "f", 70)
    # Two of t1's later fans follow scout: they reply to scout's post.
    posts += [post("r0", "t1-fan0", day(66), parent="web:scout-t1"), post("r1", "t1-fan1", day(66), parent="web:scout-t1")]
    store.save_posts(posts)
    store.save_analyses(analyses)
    return store


def test_early_fan_of_three_growing_talents_beats_lucky_and_late_fans(talent_store):
    graph = build_graph(talent_store, WATCH)
    credits = prescriber_credits(graph, graph.interaction_matrix())
    scored, scores = rank_prescribers(graph, credits)
    by_author = {s.ranked_id: s for s in scored}
    best = 3 * math.log(5) + 0.5 * math.log(3)
    scout, lucky, late = by_author["web:scout"], by_author["web:lucky"], by_author["web:late"]
    assert scout.score == 1.0 and max(s.score for s in scored) == 1.0
    assert scout.parts["early_growth"] == pytest.approx(3 * math.log(5) / best)
    assert scout.parts["trendsetting"] == pytest.approx(0.5 * math.log(3) / best)
    assert scout.parts["talents"] == 3 and scout.post_count == 3
    assert lucky.score == pytest.approx(math.log(5) / best)
    assert late.score == pytest.approx(math.exp(-4) * math.log(3) / best)
    assert scout.score > lucky.score > late.score
    # A later fan of t1 earns less than the first one: before = 1, after = 3.
    assert by_author["web:t1-fan0"].score == pytest.approx(math.exp(-1 / 5) * math.log(4) / best)
    assert "web:f-after1" not in by_author  # the last fan of a talent saw no growth after them
    assert set(scout.evidence) == {"web:scout-t1", "web:scout-t2", "web:scout-t3"}
    assert scout.evidence[0] == "web:scout-t1"  # the talent where the circle followed


def test_radar_puts_accelerating_talents_found_by_prescribers_first(talent_store):
    graph = build_graph(talent_store, WATCH)
    credits = prescriber_credits(graph, graph.interaction_matrix())
    _, scores = rank_prescribers(graph, credits)
    radar = sorted(rank_talents(graph, credits, scores), key=lambda s: (-s.score, s.ranked_id))
    order = [s.ranked_id for s in radar]
    assert set(order[:3]) == {"t1", "t2", "t3"} and order[3:] == ["t4", "f"]
    by_id = {s.ranked_id: s for s in radar}
    assert by_id["t1"].parts["acceleration"] == 1.0 and by_id["t4"].parts["acceleration"] == 1.0
    assert (by_id["f"].parts["recent"], by_id["f"].parts["previous"], by_id["f"].parts["acceleration"]) == (2, 10, 0.0)
    # Backing: the first fan's score plus the four later fans' (before 1..4, after 3..0).
    best = 3 * math.log(5) + 0.5 * math.log(3)
    crowd = sum(math.exp(-b / 5) * math.log(1 + 4 - b) for b in range(1, 5)) / best
    assert by_id["t1"].parts["backing"] == 1.0
    assert by_id["t4"].parts["backing"] == pytest.approx((math.log(5) / best + crowd) / (1 + crowd))
    assert by_id["t1"].evidence[0] == "web:scout-t1"  # the strongest prescriber's endorsement first
    assert by_id["f"].post_count == 23
