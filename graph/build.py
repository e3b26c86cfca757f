"""The interaction graph of a watch: authors, the brands and talents they post about, and who answers whom.

Everything that ranking reads is kept in columns (numpy arrays, one row per event), so that a watch of
200,000 authors and 2,000,000 interactions is ranked with vectorised arithmetic and sparse matrices
rather than a Python object per edge. `GraphBuilder` fills the columns one event at a time; `build_graph`
feeds it from the store, and the scale benchmark feeds it generated events through the same methods.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from array import array

import numpy as np
from scipy import sparse

from index.store import Store
from portevoix.models import Author, Post, Signal
from portevoix.watch import Watch

# What one author does to another; the edge points from the one who gives attention to the one who gets it.
INTERACTIONS = ("reply", "quote", "repost", "mention")
INTERACTION_WEIGHTS = np.array([1.0, 1.0, 0.5, 0.5])  # a reply or quote says more than a boost or a tag
UNKNOWN_TIME = math.nan


def epoch(moment: datetime | None) -> float:
    """Seconds since 1970 (UTC), NaN when unknown."""
    return moment.timestamp() if moment is not None else UNKNOWN_TIME


def from_epoch(seconds: float) -> datetime | None:
    return None if math.isnan(seconds) else datetime.fromtimestamp(seconds, UTC)


@dataclass
class MentionColumns:
    """One row per (post, brand): who named the brand, when, and what the analysis said of it."""

    post: np.ndarray  # index into WatchGraph.post_ids
    author: np.ndarray  # index into WatchGraph.author_ids
    subject: np.ndarray  # index into WatchGraph.brand_ids
    time: np.ndarray  # epoch seconds, NaN when unknown
    confidence: np.ndarray  # of the mention
    recommendation: np.ndarray  # signal scores in [0, 1], 0 when absent
    positive: np.ndarray
    negative: np.ndarray
    promoted: np.ndarray  # max of the sponsored and promotional scores
    deviant: np.ndarray
    engagement: np.ndarray  # likes, shares, replies and quotes the post received


@dataclass
class EndorsementColumns:
    """One row per (post, talent) a fan endorses."""

    post: np.ndarray
    author: np.ndarray
    talent: np.ndarray  # index into WatchGraph.talent_ids
    time: np.ndarray
    score: np.ndarray


@dataclass
class WatchGraph:
    """The columns, the ids behind each index, and the sparse author-to-author interaction matrix."""

    author_ids: list[str]
    post_ids: list[str]
    brand_ids: list[str]
    talent_ids: list[str]
    author_platform: np.ndarray  # index into `platforms`
    platforms: list[str]
    followers: np.ndarray  # NaN when unknown
    mentions: MentionColumns
    endorsements: EndorsementColumns
    edge_source: np.ndarray
    edge_target: np.ndarray
    edge_kind: np.ndarray  # index into INTERACTIONS
    edge_time: np.ndarray
    posts: dict[str, Post] = field(default_factory=dict)  # the brand and talent posts, when read from a store
    authors: dict[str, Author] = field(default_factory=dict)

    @property
    def author_count(self) -> int:
        return len(self.author_ids)

    @property
    def edge_count(self) -> int:
        return len(self.edge_source)

    def interaction_matrix(self) -> sparse.csr_matrix:
        """Author x author, weighted: row A, column B holds how much attention A gave B."""
        n = self.author_count
        weights = INTERACTION_WEIGHTS[self.edge_kind] if self.edge_count else np.zeros(0)
        matrix = sparse.coo_matrix((weights, (self.edge_source, self.edge_target)), shape=(n, n)).tocsr()
        matrix.sum_duplicates()
        return matrix

    def author_index(self) -> dict[str, int]:
        return {author_id: i for i, author_id in enumerate(self.author_ids)}


class GraphBuilder:
    """Collects authors, interactions, brand mentions and endorsements, then freezes them into a WatchGraph."""

    def __init__(self, brand_ids: list[str], talent_ids: list[str] = ()):
        self._authors: dict[str, int] = {}
        self._platform_of: list[int] = []
        self._followers = array("d")
        self._platforms: dict[str, int] = {}
        self._posts: dict[str, int] = {}
        self._brands = {brand_id: i for i, brand_id in enumerate(brand_ids)}
        self._talents = {talent_id: i for i, talent_id in enumerate(talent_ids)}
        self._edges = [array("i"), array("i"), array("b"), array("d")]
        self._mentions = [array("i") for _ in range(3)] + [array("d") for _ in range(8)]
        self._endorsements = [array("i") for _ in range(3)] + [array("d") for _ in range(2)]

    def author(self, author_id: str, followers: int | None = None) -> int:
        """The index of `author_id` (added when new); `followers` updates what is known."""
        index = self._authors.get(author_id)
        if index is None:
            index = self._authors[author_id] = len(self._authors)
            platform = author_id.split(":", 1)[0]
            self._platform_of.append(self._platforms.setdefault(platform, len(self._platforms)))
            self._followers.append(UNKNOWN_TIME)
        if followers is not None:
            self._followers[index] = followers
        return index

    @property
    def author_ids(self) -> list[str]:
        return list(self._authors)

    def _post(self, post_id: str) -> int:
        return self._posts.setdefault(post_id, len(self._posts))

    def add_interaction(self, source_author: str, target_author: str, kind: str, at: float) -> None:
        """`source_author` replied to, quoted, reposted or @mentioned `target_author` at `at` (epoch seconds)."""
        if source_author == target_author:
            return  # talking to oneself is not influence
        for column, value in zip(self._edges, (self.author(source_author), self.author(target_author), INTERACTIONS.index(kind), at)):
            column.append(value)

    def add_brand_mention(
        self, post_id: str, author_id: str, brand_id: str, at: float, confidence: float, recommendation: float = 0.0,
        positive: float = 0.0, negative: float = 0.0, promoted: float = 0.0, deviant: float = 0.0, engagement: float = 0.0,
    ) -> None:
        """`author_id` named `brand_id` in `post_id`; the scores are the analysis's signals for that brand."""
        values = (self._post(post_id), self.author(author_id), self._brands[brand_id], at, confidence, recommendation, positive, negative, promoted, deviant, engagement)
        for column, value in zip(self._mentions, values):
            column.append(value)

    def add_endorsement(self, post_id: str, author_id: str, talent_id: str, at: float, score: float) -> None:
        """`author_id` endorsed the talent `talent_id` in `post_id` (talents not known yet are added)."""
        talent = self._talents.setdefault(talent_id, len(self._talents))
        for column, value in zip(self._endorsements, (self._post(post_id), self.author(author_id), talent, at, score)):
            column.append(value)

    def build(self) -> WatchGraph:
        def columns(arrays):
            return [np.frombuffer(a, dtype=a.typecode).copy() if len(a) else np.zeros(0, dtype=a.typecode) for a in arrays]

        source, target, kind, time = columns(self._edges)
        return WatchGraph(
            author_ids=list(self._authors),
            post_ids=list(self._posts),
            brand_ids=list(self._brands),
            talent_ids=list(self._talents),
            author_platform=np.array(self._platform_of, dtype=np.int32),
            platforms=list(self._platforms),
            followers=columns([self._followers])[0],
            mentions=MentionColumns(*columns(self._mentions)),
            endorsements=EndorsementColumns(*columns(self._endorsements)),
            edge_source=source,
            edge_target=target,
            edge_kind=kind.astype(np.int64),
            edge_time=time,
        )


def build_graph(store: Store, watch: Watch, since: datetime | None = None, until: datetime | None = None) -> WatchGraph:
    """The graph of `watch` from the store, over posts published within [since, until]."""
    brand_ids = [brand.id for brand in watch.brands]
    builder = GraphBuilder(brand_ids, [talent.id for talent in watch.talents])
    mentions_by_post: dict[str, list] = defaultdict(list)
    for mention in store.load_mentions(watch.name, brand_ids):
        mentions_by_post[mention.post_id].append(mention)
    signals_by_post: dict[str, list[Signal]] = defaultdict(list)
    for signal in store.load_signals(watch.name):
        signals_by_post[signal.post_id].append(signal)

    # First pass: who wrote what, and the posts that matter to ranking (brand and talent posts).
    author_of: dict[str, str] = {}
    kept: dict[str, Post] = {}
    replies, quotes = [], []
    for batch in store.iter_posts(batch_size=5000):
        for post in batch:
            if not post.author_id or not _in_window(post.published_at, since, until):
                continue
            author_of[post.id] = post.author_id
            if post.id in mentions_by_post or post.id in signals_by_post:
                kept[post.id] = post
            if post.parent_id:
                replies.append((post.author_id, post.parent_id, epoch(post.published_at)))
            if post.quote_id:
                quotes.append((post.author_id, post.quote_id, epoch(post.published_at)))
            for handle in post.mentions:
                builder.add_interaction(post.author_id, _handle_id(post, handle), "mention", epoch(post.published_at))
    for kind, pairs in (("reply", replies), ("quote", quotes)):
        for source, target_post, at in pairs:
            if target_post in author_of:
                builder.add_interaction(source, author_of[target_post], kind, at)
    for batch in store.iter_relations():
        for relation in batch:
            target = relation.target_author_id or author_of.get(relation.post_id)
            if target and relation.kind == "repost" and _in_window(relation.at, since, until):
                builder.add_interaction(relation.author_id, target, "repost", epoch(relation.at))

    # Second pass: the brand mentions and talent endorsements, with their signals.
    for post_id in sorted(kept):
        post = kept[post_id]
        signals = signals_by_post.get(post_id, ())
        at = epoch(post.published_at)
        engagement = float(sum(post.metrics.get(k, 0) for k in ("likes", "shares", "replies", "quotes")))
        by_brand: dict[str, float] = {}
        for mention in mentions_by_post.get(post_id, ()):
            by_brand[mention.brand_id] = max(by_brand.get(mention.brand_id, 0.0), mention.confidence)
        for brand_id, confidence in sorted(by_brand.items()):
            scores = {s.kind: s for s in signals if s.subject_id == brand_id}
            sentiment = scores.get("sentiment")

            def score(kind: str) -> float:
                return scores[kind].score if kind in scores else 0.0

            builder.add_brand_mention(
                post_id, post.author_id, brand_id, at, confidence,
                recommendation=score("recommendation"),
                positive=sentiment.score if sentiment and sentiment.label == "positive" else 0.0,
                negative=sentiment.score if sentiment and sentiment.label == "negative" else 0.0,
                promoted=max(score("sponsored"), score("promotional")),
                deviant=score("deviant_use"),
                engagement=engagement,
            )
        for signal in signals:
            if signal.kind == "talent_endorsement" and signal.subject_id and signal.score > 0:
                builder.add_endorsement(post_id, post.author_id, signal.subject_id, at, signal.score)

    authors = store.load_authors(builder.author_ids)
    for author_id, author in authors.items():
        builder.author(author_id, author.followers)
    graph = builder.build()
    graph.authors, graph.posts = authors, kept
    return graph


def _handle_id(post: Post, handle: str) -> str:
    """The author id an @handle in `post` names: same platform; a bare Mastodon handle is on the post's instance."""
    if post.platform == "mastodon" and "@" not in handle and post.id.startswith("mastodon:"):
        instance = post.id.split(":", 1)[1].split("/", 1)[0]
        handle = f"{handle}@{instance}"
    return Author.make_id(post.platform, handle)


def _in_window(moment: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if moment is None:
        return since is None and until is None
    return (since is None or moment >= since) and (until is None or moment <= until)
