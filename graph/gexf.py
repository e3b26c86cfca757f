"""A shortlist as a GEXF graph, for researchers who open it in Gephi.

Nodes: the ranked authors (rank, score, parts, community as attributes), their direct neighbours in
the interaction graph (up to MAX_NEIGHBOURS, most tied first), and the subjects they are ranked on
(brands, or talents for prescribers and the talent radar). Edges: who replied to, quoted, reposted or
@mentioned whom (weight, and a count per kind), and author -> brand mentions or author -> talent
endorsements (weight = posts).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np

from graph.build import INTERACTIONS, build_graph
from index.store import Store
from portevoix.models import Ranking
from portevoix.watch import Watch

MAX_NEIGHBOURS = 5000


def write_gexf(store: Store, watch: Watch, rankings: list[Ranking], output: Path) -> int:
    """Write the graph around `rankings` to `output`; returns the number of ranked nodes."""
    data = build_graph(store, watch)
    index = data.author_index()
    names = watch.display_names
    graph = nx.DiGraph(name=f"{watch.name}: {rankings[0].role if rankings else 'ranking'}")
    talent_role = bool(rankings) and rankings[0].role == "talent"

    for ranking in rankings:
        node = f"talent:{ranking.author_id}" if talent_role else ranking.author_id
        if graph.has_node(node) and graph.nodes[node].get("rank", 10**9) <= ranking.rank:
            continue  # ranked on several subjects: the best place is the node's
        author = data.authors.get(ranking.author_id)
        attributes = {"kind": "talent" if talent_role else "author", "label": names.get(ranking.author_id) or (author.handle if author else ranking.author_id),
                      "role": ranking.role, "subject": ranking.subject_id, "rank": ranking.rank, "score": ranking.score, "ranked": True,
                      **{f"part_{name}": value for name, value in ranking.parts.items()}}
        if ranking.community is not None:
            attributes["community"] = ranking.community
        if author is not None:
            attributes.update(platform=author.platform, followers=author.followers or 0)
        graph.add_node(node, **attributes)

    ranked_authors = np.array(sorted(index[n] for n in graph.nodes if n in index), dtype=np.int64)
    _add_interactions(graph, data, ranked_authors)
    if rankings and rankings[0].role not in {"prescriber", "talent"}:
        m = data.mentions
        pairs = Counter((data.author_ids[a], data.brand_ids[b]) for a, b in zip(m.author.tolist(), m.subject.tolist()))
        kind, prefix = "mentions", "brand:"
    else:
        e = data.endorsements
        pairs = Counter((data.author_ids[a], data.talent_ids[t]) for a, t in zip(e.author.tolist(), e.talent.tolist()))
        kind, prefix = "endorses", "talent:"
    for (author_id, subject), posts in sorted(pairs.items()):
        if author_id in graph:
            target = f"{prefix}{subject}"
            if target not in graph:
                graph.add_node(target, kind=prefix[:-1], label=names.get(subject, subject), ranked=False)
            graph.add_edge(author_id, target, kind=kind, weight=posts)
    nx.write_gexf(graph, output)
    return len(rankings)


def _add_interactions(graph: nx.DiGraph, data, ranked: np.ndarray) -> None:
    if len(ranked) == 0 or data.edge_count == 0:
        return
    touches = np.isin(data.edge_source, ranked) | np.isin(data.edge_target, ranked)
    source, target, kind = data.edge_source[touches], data.edge_target[touches], data.edge_kind[touches]
    others = np.concatenate([source, target])
    others = others[~np.isin(others, ranked)]
    if len(others):
        ids, ties = np.unique(others, return_counts=True)
        keep = set(ids[np.lexsort((ids, -ties))[:MAX_NEIGHBOURS]].tolist()) | set(ranked.tolist())
    else:
        keep = set(ranked.tolist())
    counts: Counter = Counter()
    for s, t, k in zip(source.tolist(), target.tolist(), kind.tolist()):
        if s in keep and t in keep:
            counts[s, t, k] += 1
    for (s, t, k), n in sorted(counts.items()):
        a, b = data.author_ids[s], data.author_ids[t]
        for node in (a, b):
            if node not in graph:
                author = data.authors.get(node)
                graph.add_node(node, kind="author", label=author.handle if author else node, ranked=False)
        previous = graph.get_edge_data(a, b) or {"weight": 0}
        graph.add_edge(a, b, kind="interaction", weight=previous["weight"] + n, **{INTERACTIONS[k]: previous.get(INTERACTIONS[k], 0) + n})
