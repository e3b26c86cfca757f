"""Ambassador ranking on a small graph worked out by hand.

loyal:   4 posts in 4 weeks, recommendation 0.9, mention confidence 0.9, 100 followers, 2 replies received
famous:  1 post, positive sentiment 0.8 (no recommendation), 1,000,000 followers
partner: 3 sponsored posts (0.95)
critic:  2 posts with negative sentiment

Raw parts (advocacy sums values v_i / (1 + 0.5 i), best first):
  loyal   advocacy 0.81 (1 + 1/1.5 + 1/2 + 1/2.5) = 2.079, consistency ln 5, reach ln 101 + ln 3, centrality: all of PageRank
  famous  advocacy 0.9 * 0.6 * 0.8 = 0.432, consistency ln 2, reach ln 1,000,001, centrality 0
Scaled to the best candidate and weighted (0.45, 0.15, 0.15, 0.25):
  loyal  = 0.45 + 0.15 + 0.15 * (ln 101 + ln 3) / ln 1,000,001 + 0.25 = 0.9120
  famous = 0.45 * 0.432 / 2.079 + 0.15 * ln 2 / ln 5 + 0.15 = 0.3081
"""

import math
from datetime import UTC, datetime, timedelta

import pytest

from graph.build import build_graph
from graph.export import build_shortlist, export_shortlist
from graph.rank import rank_ambassadors
from graph.run import rank_watch
from index.store import PostAnalysis
from portevoix.models import Author, Mention, Post, Signal
from portevoix.watch import parse_watch

WATCH = parse_watch('name = "rank-test"\n[[brands]]\nname = "Nivea"\n')
START = datetime(2026, 1, 5, tzinfo=UTC)


def make_post(number: int, author: str, week: int, parent: str | None = None) -> Post:
    return Post(id=f"web:{number}", platform="web", url=f"https://ex.org/{number}", text=f"post {number}", author_id=f"web:{author}", published_at=START + timedelta(weeks=week), parent_id=parent)


def brand_analysis(post_id: str, **signals: tuple[float, str | None]) -> PostAnalysis:
    mention = Mention(id=f"m{post_id}", watch=WATCH.name, post_id=post_id, brand_id="nivea", surface="Nivea", start=0, end=5, method="name", confidence=0.9, component="t", version="1")
    records = tuple(
        Signal(id=f"s{post_id}{kind}", watch=WATCH.name, post_id=post_id, subject_id="nivea", kind=kind, score=score, label=label, detector="t", version="1")
        for kind, (score, label) in signals.items()
    )
    return PostAnalysis(post_id, WATCH.name, "fr", (mention,), records, "t", "1")


@pytest.fixture
def graph_store(store):
    posts = [make_post(i, "loyal", i) for i in range(1, 5)]
    posts += [make_post(10, "famous", 2), make_post(20, "partner", 1), make_post(21, "partner", 2), make_post(22, "partner", 3)]
    posts += [make_post(30, "critic", 1), make_post(31, "critic", 2)]
    posts += [make_post(40, "fan-a", 1, parent="web:1"), make_post(41, "fan-b", 2, parent="web:2")]  # replies, no brand named
    store.save_posts(posts)
    store.save_authors([Author(id="web:loyal", platform="web", handle="loyal", followers=100), Author(id="web:famous", platform="web", handle="famous", followers=1_000_000)])
    analyses = [brand_analysis(f"web:{i}", recommendation=(0.9, None)) for i in range(1, 5)]
    analyses.append(brand_analysis("web:10", sentiment=(0.8, "positive")))
    analyses += [brand_analysis(f"web:{i}", sponsored=(0.95, None)) for i in (20, 21, 22)]
    analyses += [brand_analysis(f"web:{i}", sentiment=(0.9, "negative")) for i in (30, 31)]
    store.save_analyses(analyses)
    return store


def test_loyal_small_account_beats_famous_one_time_mentioner(graph_store):
    rankings = {r.author_id: r for r in rank_ambassadors(build_graph(graph_store, WATCH), WATCH, "run-1")}
    loyal, famous = rankings["web:loyal"], rankings["web:famous"]
    assert loyal.rank == 1 and famous.rank == 2
    reach = (math.log(101) + math.log(3)) / math.log(1_000_001)
    assert loyal.score == pytest.approx(0.45 + 0.15 + 0.15 * reach + 0.25, abs=1e-4)
    assert famous.score == pytest.approx(0.45 * 0.432 / (0.81 * (1 + 1 / 1.5 + 1 / 2 + 1 / 2.5)) + 0.15 * math.log(2) / math.log(5) + 0.15, abs=1e-4)
    assert loyal.parts["centrality"] == 1.0 and famous.parts["centrality"] == 0.0
    assert famous.parts["reach"] == 1.0
    assert loyal.evidence_post_ids[0] == "web:1" and len(loyal.evidence_post_ids) == 4
    assert (loyal.first_seen, loyal.last_seen, loyal.post_count) == (START + timedelta(weeks=1), START + timedelta(weeks=4), 4)


def test_sponsored_only_account_is_flagged_as_partner(graph_store):
    rankings = {r.author_id: r for r in rank_ambassadors(build_graph(graph_store, WATCH), WATCH, "run-1")}
    partner = rankings["web:partner"]
    assert partner.parts["partner"] == 1.0 and partner.parts["authenticity"] == 0.0 and partner.score == 0.0
    assert rankings["web:loyal"].parts["partner"] == 0.0
    assert "web:critic" not in rankings  # complains, never advocates


def test_rank_stage_is_reproducible_and_exports(graph_store, tmp_path):
    first = rank_watch(graph_store, WATCH)
    ranked_first = [(r.author_id, r.score) for r in graph_store.load_rankings(WATCH.name, "ambassador")]
    second = rank_watch(graph_store, WATCH)
    assert first.id != second.id
    assert [(r.author_id, r.score) for r in graph_store.load_rankings(WATCH.name, "ambassador")] == ranked_first

    rows = build_shortlist(graph_store, WATCH, "ambassador").rows
    assert [row["handle"] for row in rows][:2] == ["loyal", "famous"]
    assert rows[0]["evidence_1"] == "https://ex.org/1" and rows[0]["part_advocacy"] == 1.0

    import csv
    import json

    from openpyxl import load_workbook

    assert export_shortlist(graph_store, WATCH, "ambassador", tmp_path / "a.csv") == len(rows)
    with open(tmp_path / "a.csv", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["handle"] == "loyal"
    export_shortlist(graph_store, WATCH, "ambassador", tmp_path / "a.json")
    assert json.loads((tmp_path / "a.json").read_text())[0]["score"] == rows[0]["score"]
    export_shortlist(graph_store, WATCH, "ambassador", tmp_path / "a.xlsx")
    workbook = load_workbook(tmp_path / "a.xlsx")
    assert workbook.sheetnames == ["ambassadors", "evidence"]
    header = [cell.value for cell in workbook["ambassadors"][1]]
    assert header[:4] == ["brand", "rank", "handle", "display name"] and workbook["ambassadors"]["C2"].value == "loyal"
    assert workbook["evidence"]["D2"].value == "https://ex.org/1"
