"""The rank stage end to end: every role in one run, reproducible, exported in each format, explained."""

import csv
import json
from datetime import timedelta

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from graph.export import build_shortlist, export_shortlist
from graph.rank import ROLES
from graph.run import rank_watch
from portevoix.cli import ROLE_NAMES, cli
from portevoix.errors import PortevoixError
from portevoix.models import Author
from portevoix.watch import parse_watch
from tests.graph.records import analysis, post

WATCH_TEXT = 'name = "stage"\n[[brands]]\nname = "Nivea"\n[[talents]]\nname = "Zaho"\n'
WATCH = parse_watch(WATCH_TEXT)


@pytest.fixture
def ranked_store(store):
    weeks = [timedelta(weeks=i) for i in range(6)]
    posts = [post(f"loyal{i}", "loyal", weeks[i], text=f"Je recommande Nivea, semaine {i}") for i in range(4)]
    posts += [post("famous", "famous", weeks[2]), post("ad", "brandpartner", weeks[1], text="#ad Nivea"), post("reply", "fan", weeks[3], parent="web:loyal0")]
    posts += [post(f"z{i}", f"zfan{i}", timedelta(days=10 * i)) for i in range(5)]
    store.save_posts(posts)
    store.save_authors([Author(id="web:loyal", platform="web", handle="loyal", display_name="Loyal Fan", followers=100, profile_url="https://ex.org/@loyal"), Author(id="web:famous", platform="web", handle="famous", followers=10**6)])
    analyses = [analysis(WATCH.name, f"web:loyal{i}", "nivea", recommendation=(0.9, None)) for i in range(4)]
    analyses += [analysis(WATCH.name, "web:famous", "nivea", sentiment=(0.8, "positive")), analysis(WATCH.name, "web:ad", "nivea", sponsored=(0.95, None))]
    analyses += [analysis(WATCH.name, f"web:z{i}", talents={"zaho": 0.9}) for i in range(5)]
    store.save_analyses(analyses)
    return store


def test_one_run_ranks_every_role_reproducibly(ranked_store):
    first = rank_watch(ranked_store, WATCH)
    assert first.status == "ok" and first.counts["ranked_ambassador"] == 3 and first.counts["ranked_prescriber"] == 4
    assert first.counts["ranked_talent"] == 1 and first.counts["brand_posts"] == 6 and first.counts["endorsements"] == 5
    snapshot = {role: [(r.author_id, r.score, r.parts, r.community) for r in ranked_store.load_rankings(WATCH.name, role)] for role in ROLES}
    second = rank_watch(ranked_store, WATCH)
    assert second.id != first.id
    again = {role: [(r.author_id, r.score, r.parts, r.community) for r in ranked_store.load_rankings(WATCH.name, role)] for role in ROLES}
    assert again == snapshot
    ambassadors = ranked_store.load_rankings(WATCH.name, "ambassador")
    assert [r.author_id for r in ambassadors] == ["web:loyal", "web:famous", "web:brandpartner"]
    assert ambassadors[2].parts["partner"] == 1.0 and ambassadors[0].community is not None
    assert all(r.run_id == second.id and r.component == "portevoix.graph" for r in ambassadors)
    (talent,) = ranked_store.load_rankings(WATCH.name, "talent")
    assert (talent.author_id, talent.subject_id, talent.post_count) == ("zaho", "*", 5)
    assert [r.author_id for r in ranked_store.load_rankings(WATCH.name, "prescriber")][0] == "web:zfan0"


def test_only_the_roles_asked_for_and_a_clear_error_for_others(ranked_store):
    run = rank_watch(ranked_store, WATCH, ("prescriber",))
    assert set(k for k in run.counts if k.startswith("ranked_")) == {"ranked_prescriber"}
    assert ranked_store.load_rankings(WATCH.name, "ambassador") == []
    with pytest.raises(PortevoixError, match="unknown role.*influencer"):
        rank_watch(ranked_store, WATCH, ("influencer",))
    assert ROLE_NAMES == list(ROLES)  # the command line offers exactly the roles there are


def test_exports_in_every_format(ranked_store, tmp_path):
    rank_watch(ranked_store, WATCH)
    rows = build_shortlist(ranked_store, WATCH, "ambassador").rows
    assert rows[0]["handle"] == "loyal" and rows[0]["profile_url"] == "https://ex.org/@loyal" and rows[0]["part_advocacy"] == 1.0
    assert rows[0]["evidence_1"] == "https://ex.org/loyal0" and rows[0]["community"] is not None

    assert export_shortlist(ranked_store, WATCH, "ambassador", tmp_path / "a.csv") == 3
    with open(tmp_path / "a.csv", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["handle"] == "loyal"
    export_shortlist(ranked_store, WATCH, "ambassador", tmp_path / "a.json")
    assert json.loads((tmp_path / "a.json").read_text())[0]["score"] == rows[0]["score"]
    export_shortlist(ranked_store, WATCH, "ambassador", tmp_path / "a.xlsx")
    workbook = load_workbook(tmp_path / "a.xlsx")
    assert workbook.sheetnames == ["ambassadors", "evidence"]
    assert [cell.value for cell in workbook["ambassadors"][1]][:4] == ["brand", "rank", "handle", "display name"]
    assert workbook["evidence"]["D2"].value == "https://ex.org/loyal0"

    export_shortlist(ranked_store, WATCH, "ambassador", tmp_path / "a.gexf")
    graph = nx.read_gexf(tmp_path / "a.gexf")
    assert graph.nodes["web:loyal"]["rank"] == 1 and graph.nodes["web:loyal"]["ranked"] is True
    assert graph.has_edge("web:fan", "web:loyal") and graph.edges["web:fan", "web:loyal"]["reply"] == 1
    assert graph.edges["web:loyal", "brand:nivea"]["weight"] == 4

    talents = build_shortlist(ranked_store, WATCH, "talent").rows
    assert [(t["handle"], t["display_name"], t["brand"]) for t in talents] == [("zaho", "Zaho", "all talents")]
    export_shortlist(ranked_store, WATCH, "prescriber", tmp_path / "p.gexf", brand="Nivea")  # a brand means nothing to prescribers
    prescribers = nx.read_gexf(tmp_path / "p.gexf")
    assert prescribers.has_edge("web:zfan0", "talent:zaho")
    with pytest.raises(PortevoixError, match="unknown export format"):
        export_shortlist(ranked_store, WATCH, "ambassador", tmp_path / "a.pdf")


def test_rank_export_and_explain_from_the_command_line(ranked_store, settings, tmp_path):
    watch_file = tmp_path / "stage.toml"
    watch_file.write_text(WATCH_TEXT, encoding="utf-8")

    def invoke(*args):
        return CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "--log-level", "WARNING", *args], catch_exceptions=False)

    ranked = invoke("rank", str(watch_file))
    assert ranked.exit_code == 0, ranked.output
    assert "ambassador:" in ranked.output and "Loyal Fan" in ranked.output and "prescriber:" in ranked.output
    exported = invoke("export", str(watch_file), "--role", "talent", "--format", "json", "--output", str(tmp_path / "t.out"))
    assert exported.exit_code == 0 and json.loads((tmp_path / "t.out").read_text())[0]["handle"] == "zaho"
    explained = invoke("explain", str(watch_file), "loyal")
    assert explained.exit_code == 0
    assert "ambassador of Nivea: #1" in explained.output and "advocacy" in explained.output and "x +0.45" in explained.output
    assert "https://ex.org/loyal0" in explained.output and "portevoix.graph" in explained.output
    unknown = invoke("explain", str(watch_file), "web:nobody")
    assert unknown.exit_code != 0 and "is in no ranking" in unknown.output
