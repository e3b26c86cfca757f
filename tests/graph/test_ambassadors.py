"""Ambassador ranking on a small graph worked out by hand.

loyal:   4 posts in 4 weeks, recommendation 0.9, mention confidence 0.9, 100 followers, 10 likes a post,
         2 replies received (from fan-a and fan-b, who name no brand)
famous:  1 post, positive sentiment 0.8 (no recommendation), 1,000,000 followers, 50 likes
partner: 3 sponsored posts (0.95)
critic:  2 posts with negative sentiment 0.9

advocacy (sum of v_i / (1 + 0.5 i), best first): loyal 0.81 (1 + 1/1.5 + 1/2 + 1/2.5) = 2.079,
  famous 0.9 * 0.6 * 0.8 = 0.432; scaled: 1 and 0.432 / 2.079
consistency: ln 5 (loyal), ln 2 (famous); scaled by ln 5
reach: followers percentile among the 6 authors of the graph (4 unknown = 0 share ranks 1-4, loyal 5,
  famous 6; (rank - 1) / 5): loyal 0.8, famous 1.0; engagement percentile among the 4 candidates
  (partner and critic 0 share ranks 1-2, loyal 3, famous 4; (rank - 1) / 3): loyal 2/3, famous 1.
  reach = mean: loyal 0.7333, famous 1.0
centrality: PageRank personalised on advocacy; the fans get no teleport and nobody points at them, so
  loyal and famous keep their teleport shares: scaled 1 and 0.432 / 2.079
score: loyal = 0.45 + 0.15 + 0.15 * 0.7333 + 0.25 = 0.96
       famous = (0.45 + 0.25) * 0.432 / 2.079 + 0.15 * ln 2 / ln 5 + 0.15 * 1.0
"""

import math
from datetime import timedelta

import pytest

from graph.ambassadors import follower_percentiles, rank_ambassadors
from graph.build import build_graph
from graph.centrality import PageRank
from portevoix.models import Author
from portevoix.watch import parse_watch
from tests.graph.records import START, analysis, post

WATCH = parse_watch('name = "rank-test"\n[[brands]]\nname = "Nivea"\n')


def week(n: int) -> timedelta:
    return timedelta(weeks=n)


@pytest.fixture
def graph_store(store):
    posts = [post(i, "loyal", week(i), metrics={"likes": 10}) for i in range(1, 5)]
    posts += [post(10, "famous", week(2), metrics={"likes": 50}), post(20, "partner", week(1)), post(21, "partner", week(2)), post(22, "partner", week(3))]
    posts += [post(30, "critic", week(1)), post(31, "critic", week(2))]
    posts += [post(40, "fan-a", week(1), parent="web:1"), post(41, "fan-b", week(2), parent="web:2")]
    store.save_posts(posts)
    store.save_authors([Author(id="web:loyal", platform="web", handle="loyal", followers=100), Author(id="web:famous", platform="web", handle="famous", followers=1_000_000)])
    analyses = [analysis(WATCH.name, f"web:{i}", "nivea", recommendation=(0.9, None)) for i in range(1, 5)]
    analyses.append(analysis(WATCH.name, "web:10", "nivea", sentiment=(0.8, "positive")))
    analyses += [analysis(WATCH.name, f"web:{i}", "nivea", sponsored=(0.95, None)) for i in (20, 21, 22)]
    analyses += [analysis(WATCH.name, f"web:{i}", "nivea", sentiment=(0.9, "negative")) for i in (30, 31)]
    store.save_analyses(analyses)
    return store


def ambassadors(store) -> dict:
    graph = build_graph(store, WATCH)
    return {s.ranked_id: s for s in rank_ambassadors(graph, PageRank(graph.interaction_matrix()), follower_percentiles(graph))}


def test_loyal_small_account_beats_famous_one_time_mentioner(graph_store):
    scored = ambassadors(graph_store)
    loyal, famous = scored["web:loyal"], scored["web:famous"]
    ratio = 0.432 / (0.81 * (1 + 1 / 1.5 + 1 / 2 + 1 / 2.5))
    assert loyal.parts["advocacy"] == 1.0 and famous.parts["advocacy"] == pytest.approx(ratio)
    assert famous.parts["consistency"] == pytest.approx(math.log(2) / math.log(5))
    assert loyal.parts["reach"] == pytest.approx(0.5 * 0.8 + 0.5 * 2 / 3) and famous.parts["reach"] == 1.0
    assert loyal.parts["centrality"] == 1.0 and famous.parts["centrality"] == pytest.approx(ratio, abs=1e-4)
    assert loyal.score == pytest.approx(0.45 + 0.15 + 0.15 * (0.4 + 1 / 3) + 0.25)
    assert famous.score == pytest.approx(0.7 * ratio + 0.15 * math.log(2) / math.log(5) + 0.15, abs=1e-4)
    assert loyal.score > famous.score
    assert loyal.evidence[0] == "web:1" and len(loyal.evidence) == 4 and loyal.post_count == 4
    assert (loyal.first_seen, loyal.last_seen) == ((START + week(1)).timestamp(), (START + week(4)).timestamp())


def test_sponsored_only_account_is_flagged_as_partner_and_complaints_are_not_advocacy(graph_store):
    scored = ambassadors(graph_store)
    partner = scored["web:partner"]
    assert partner.parts["partner"] == 1.0 and partner.parts["authenticity"] == 0.0 and partner.score == 0.0
    assert scored["web:loyal"].parts["partner"] == 0.0
    assert "web:critic" not in scored  # complains, never advocates


def test_negativity_pulls_an_advocate_down(store):
    # Two advocates alike, except that one also complains twice: 0.2 * scaled negativity comes off.
    posts = [post(i, "happy", week(i)) for i in (1, 2)] + [post(i, "moody", week(i - 10)) for i in (11, 12)] + [post(13, "moody", week(3)), post(14, "moody", week(4))]
    store.save_posts(posts)
    analyses = [analysis(WATCH.name, f"web:{i}", "nivea", recommendation=(0.9, None)) for i in (1, 2, 11, 12)]
    analyses += [analysis(WATCH.name, f"web:{i}", "nivea", sentiment=(0.9, "negative")) for i in (13, 14)]
    store.save_analyses(analyses)
    scored = ambassadors(store)
    happy, moody = scored["web:happy"], scored["web:moody"]
    assert moody.parts["negativity"] == 1.0 and happy.parts["negativity"] == 0.0
    # moody posted in 4 weeks (happy 2), so consistency and engagement differ: compare with the parts.
    def positive(s):
        return s.parts["authenticity"] * (0.45 * s.parts["advocacy"] + 0.15 * s.parts["consistency"] + 0.15 * s.parts["reach"] + 0.25 * s.parts["centrality"])
    assert moody.score == pytest.approx(positive(moody) - 0.2)
    assert happy.score == pytest.approx(positive(happy))


def test_bursts_of_posts_look_automated(store):
    # bot: 4 recommendations 30 seconds apart; 3 of its 4 posts follow the previous one within 2 minutes.
    posts = [post(i, "bot", timedelta(seconds=30 * i)) for i in range(4)] + [post(10 + i, "human", week(i)) for i in range(4)]
    store.save_posts(posts)
    store.save_analyses([analysis(WATCH.name, p.id, "nivea", recommendation=(0.9, None)) for p in posts])
    scored = ambassadors(store)
    assert scored["web:bot"].parts["authenticity"] == pytest.approx(0.25)
    assert scored["web:human"].parts["authenticity"] == 1.0
    assert scored["web:human"].score > 2 * scored["web:bot"].score
