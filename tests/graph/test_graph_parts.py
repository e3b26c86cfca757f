"""The pieces under the rankings: the graph from the store, PageRank against networkx, communities,
and consumer roles from posts written for each role."""

import math
from datetime import timedelta

import networkx as nx
import numpy as np
import pytest

from graph.build import INTERACTIONS, GraphBuilder, build_graph
from graph.centrality import PageRank
from graph.communities import detect_communities
from graph.roles import confidence, label_roles
from portevoix.errors import PortevoixError
from portevoix.models import Relation
from portevoix.watch import parse_watch
from tests.graph.records import START, analysis, post

WATCH = parse_watch('name = "parts"\n[[brands]]\nname = "Dyson"\n[[talents]]\nname = "Zaho"\n')


def test_graph_reads_replies_quotes_reposts_and_mentions_from_the_store(store):
    store.save_posts([
        post(1, "ana", timedelta(days=1), text="Mon Dyson est top @bob"),
        post(2, "bob", timedelta(days=2), parent="web:1"),
        post(3, "cid", timedelta(days=3), quote_id="web:1"),
        post(4, "ana", timedelta(days=40)),  # outside the window below
    ])
    store.save_posts([post(5, "dan", timedelta(days=4), mentions=("ana",))])
    store.save_relations([Relation(id="r1", kind="repost", platform="web", author_id="web:eve", post_id="web:1", at=START + timedelta(days=2))])
    store.save_analyses([analysis(WATCH.name, "web:1", "dyson", recommendation=(0.8, None)), analysis(WATCH.name, "web:3", talents={"zaho": 0.7})])
    graph = build_graph(store, WATCH, until=START + timedelta(days=10))
    edges = {(graph.author_ids[s], graph.author_ids[t], INTERACTIONS[k]) for s, t, k in zip(graph.edge_source, graph.edge_target, graph.edge_kind)}
    # The post's own @bob is not in `mentions` (the parser fills it), so ana -> bob comes only from post 5's kind.
    assert edges == {("web:bob", "web:ana", "reply"), ("web:cid", "web:ana", "quote"), ("web:eve", "web:ana", "repost"), ("web:dan", "web:ana", "mention")}
    assert [graph.post_ids[p] for p in graph.mentions.post] == ["web:1"]
    assert graph.mentions.recommendation.tolist() == [0.8] and graph.mentions.confidence.tolist() == [0.9]
    assert [graph.talent_ids[t] for t in graph.endorsements.talent] == ["zaho"] and graph.endorsements.score.tolist() == [0.7]
    matrix = graph.interaction_matrix()
    index = graph.author_index()
    assert matrix[index["web:eve"], index["web:ana"]] == 0.5 and matrix[index["web:bob"], index["web:ana"]] == 1.0


@pytest.mark.parametrize("personalised", [False, True])
def test_pagerank_agrees_with_networkx(personalised):
    rng = np.random.default_rng(7)
    builder = GraphBuilder([])
    for _ in range(400):
        a, b = rng.integers(0, 60, 2)
        builder.add_interaction(f"web:{a}", f"web:{b}", INTERACTIONS[rng.integers(0, 4)], 0.0)
    graph = builder.build()
    matrix = graph.interaction_matrix()
    weights = rng.random(graph.author_count) * (rng.random(graph.author_count) < 0.2) if personalised else None
    ours = PageRank(matrix, tol=1e-12, max_iter=1000).scores(weights)
    reference_graph = nx.from_scipy_sparse_array(matrix, create_using=nx.DiGraph)
    reference = nx.pagerank(reference_graph, personalization=dict(enumerate(weights)) if personalised else None, weight="weight", tol=1e-12, max_iter=1000)
    assert ours == pytest.approx(np.array([reference[i] for i in range(graph.author_count)]), abs=1e-9)
    with pytest.raises(PortevoixError, match="personalisation"):
        PageRank(matrix).scores(np.zeros(graph.author_count))


def test_communities_separate_two_circles():
    builder = GraphBuilder([])
    for circle in ("a", "b"):
        members = [f"web:{circle}{i}" for i in range(6)]
        for x in members:
            for y in members:
                builder.add_interaction(x, y, "reply", 0.0)
    builder.add_interaction("web:a0", "web:b0", "mention", 0.0)  # one bridge
    graph = builder.build()
    index = graph.author_index()
    focus = np.array([index[a] for a in ("web:a1", "web:a2", "web:b1")])
    found = detect_communities(graph.author_ids, graph.interaction_matrix(), focus)
    assert found["web:a1"] == found["web:a2"] != found["web:b1"]
    assert detect_communities(graph.author_ids, graph.interaction_matrix(), focus) == found  # same seed, same circles


def test_consumer_roles_from_posts(store):
    texts = {
        "maker": ["J'ai détourné mon Dyson pour sécher mes gants de ski, tuto en commentaire"],
        "reviewer": ["Avis complet sur le Dyson V15. " + "La batterie tient bien, l'aspiration est forte. " * 12],
        "dreamer": ["Il manque un mode silencieux sur le Dyson, j'aimerais qu'ils l'ajoutent"],
        "pro": [
            "Dyson V15 comparé au V11 (fiche technique): 240 W contre 185 W",
            "Depuis 6 ans avec Dyson, le firmware 2.1 a corrigé la batterie",
            "La différence entre les brosses Dyson: 25 cm contre 20 cm",
        ],
        "casual": ["Dyson, bof", "Encore Dyson", "Dyson partout"],
    }
    posts, analyses = [], []
    for author, written in texts.items():
        for i, text in enumerate(written):
            number = f"{author}{i}"
            posts.append(post(number, author, timedelta(weeks=i), text=text, rating=4.0 if author == "reviewer" else None))
            signals = {"deviant_use": (0.9, None)} if author == "maker" else {}
            analyses.append(analysis(WATCH.name, f"web:{number}", "dyson", **signals))
    store.save_posts(posts)
    store.save_analyses(analyses)
    labels = label_roles(build_graph(store, WATCH))
    holders = {role: {s.ranked_id for s in found} for role, found in labels.items()}
    assert holders == {"creator": {"web:maker"}, "contributor": {"web:reviewer"}, "lead_user": {"web:dreamer"}, "expert": {"web:pro"}}
    (expert,) = labels["expert"]
    assert expert.score == pytest.approx(1 - math.exp(-3 / 2)) == confidence(3)
    assert expert.evidence[0] == "web:pro0" and expert.parts["brand_posts"] == 3 and expert.subject_id == "dyson"
