"""The interaction graph of a watch, from the store: authors, posts, brands and who answers whom."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import networkx as nx

from index.store import Store
from portevoix.models import Author, Mention, Post, Signal
from portevoix.watch import Watch


@dataclass
class WatchGraph:
    """What ranking needs: the graph plus the records behind each node, so every number traces to posts."""

    graph: nx.DiGraph
    posts: dict[str, Post]
    authors: dict[str, Author]
    mentions_by_post: dict[str, list[Mention]]
    signals_by_post: dict[str, list[Signal]]
    replies_to_post: dict[str, list[str]] = field(default_factory=dict)

    def author_graph(self) -> nx.DiGraph:
        """Authors only: an edge A -> B, weighted by count, when A replied to or quoted B."""
        authors = nx.DiGraph()
        for source, target, data in self.graph.edges(data=True):
            if data.get("kind") in {"reply", "quote"}:
                a, b = self.posts[source[1]].author_id, self.posts[target[1]].author_id
                if a and b and a != b:
                    weight = authors[a][b]["weight"] + 1 if authors.has_edge(a, b) else 1
                    authors.add_edge(a, b, weight=weight)
        return authors


def build_graph(store: Store, watch: Watch, since: datetime | None = None, until: datetime | None = None) -> WatchGraph:
    """Authors, posts and brands of `watch`, with mention, reply and quote edges, within the time window."""
    mentions = store.load_mentions(watch.name, [brand.id for brand in watch.brands])
    mentions_by_post: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        mentions_by_post[mention.post_id].append(mention)
    graph = nx.DiGraph()
    posts: dict[str, Post] = {}
    replies_to_post: dict[str, list[str]] = defaultdict(list)
    # Replies and quotes of brand posts count even when they name no brand: every post is read once.
    for batch in store.iter_posts(batch_size=5000):
        for post in batch:
            if not _in_window(post, since, until):
                continue
            related = post.id in mentions_by_post or post.parent_id in mentions_by_post or post.quote_id in mentions_by_post
            if related or post.parent_id or post.quote_id:
                posts[post.id] = post
    for post in list(posts.values()):
        if post.author_id:
            graph.add_edge(("author", post.author_id), ("post", post.id), kind="wrote")
        for target, kind in ((post.parent_id, "reply"), (post.quote_id, "quote")):
            if target and target in posts:
                graph.add_edge(("post", post.id), ("post", target), kind=kind, at=post.published_at)
                if kind == "reply":
                    replies_to_post[target].append(post.id)
        for mention in mentions_by_post.get(post.id, ()):
            graph.add_edge(("post", post.id), ("brand", mention.brand_id), kind="mention", confidence=mention.confidence)
    signals_by_post: dict[str, list[Signal]] = defaultdict(list)
    for signal in store.load_signals(watch.name, list(mentions_by_post)):
        signals_by_post[signal.post_id].append(signal)
    authors = store.load_authors({p.author_id for p in posts.values() if p.author_id})
    return WatchGraph(graph, posts, authors, dict(mentions_by_post), dict(signals_by_post), dict(replies_to_post))


def _in_window(post: Post, since: datetime | None, until: datetime | None) -> bool:
    if post.published_at is None:
        return since is None and until is None
    return (since is None or post.published_at >= since) and (until is None or post.published_at <= until)
