"""The store protocol every backend implements, and what a search asks and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Iterator, Protocol

from portevoix.models import Author, Mention, Post, Ranking, Relation, Run, Signal


@dataclass(frozen=True)
class PostAnalysis:
    """What the analysis derived from one post for one watch; saving it replaces the previous one."""

    post_id: str
    watch: str
    lang: str | None
    mentions: tuple[Mention, ...]
    signals: tuple[Signal, ...]
    component: str
    version: str


INTERVALS = {"hour": "1h", "day": "1d", "week": "7d"}
MAX_RELEVANCE_RESULTS = 10_000


@dataclass(frozen=True)
class SearchRequest:
    """A search: a query in the query language plus filters, most relevant or newest first.

    Pages follow `cursor` (the previous result's `next_cursor`), never deep offsets.
    """

    query: str = ""
    brands: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    sort: str = "relevance"  # or "date"
    limit: int = 20
    cursor: str | None = None
    interval: str = "day"  # of the date histogram: hour, day or week
    aggregations: bool = True  # counts, histogram and top authors (off: hits only, faster)
    significant: bool = False  # also compute significant terms (reads the top hits' texts)

    def __post_init__(self) -> None:
        from portevoix.errors import QueryError

        if not 1 <= self.limit <= 1000:
            raise QueryError(f"limit must be between 1 and 1000, got {self.limit}")
        if self.interval not in INTERVALS:
            raise QueryError(f"unknown histogram interval {self.interval!r} (known: {', '.join(INTERVALS)})")


@dataclass(frozen=True)
class SearchHit:
    post: Post
    score: float
    brands: tuple[str, ...]
    highlights: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[SearchHit, ...]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> posts
    histogram: tuple[tuple[str, int], ...] = ()  # (bucket start, ISO 8601 UTC; posts)
    top_authors: dict[str, list[dict]] = field(default_factory=dict)  # "posts" / "engagement" -> [{author, posts, engagement}]
    significant_terms: tuple[dict, ...] = ()  # [{term, score, foreground, background}]
    next_cursor: str | None = None


@dataclass(frozen=True)
class SaveCounts:
    inserted: int
    updated: int
    unchanged: int


class Store(Protocol):
    """Where records live and how they are searched; the embedded store and Elasticsearch both fit."""

    def save_posts(self, posts: Iterable[Post]) -> SaveCounts: ...
    def save_authors(self, authors: Iterable[Author]) -> SaveCounts: ...
    def load_post(self, post_id: str) -> Post | None: ...
    def load_posts(self, post_ids: Iterable[str]) -> dict[str, Post]: ...
    def iter_posts(self, unanalyzed_for: str | None = None, batch_size: int = 1000) -> Iterator[list[Post]]: ...
    def count_posts(self) -> int: ...
    def load_authors(self, author_ids: Iterable[str]) -> dict[str, Author]: ...
    def save_analyses(self, analyses: Iterable[PostAnalysis]) -> int: ...
    def load_mentions(self, watch: str, brand_ids: Iterable[str] | None = None) -> list[Mention]: ...
    def load_signals(self, watch: str, post_ids: Iterable[str] | None = None) -> list[Signal]: ...
    def save_relations(self, relations: Iterable[Relation]) -> int: ...
    def iter_relations(self, batch_size: int = 5000) -> Iterator[list[Relation]]: ...
    def save_rankings(self, rankings: Iterable[Ranking]) -> int: ...
    def load_rankings(self, watch: str, role: str, subject_id: str | None = None, run_id: str | None = None) -> list[Ranking]: ...
    def save_run(self, run: Run) -> None: ...
    def load_runs(self, watch: str | None = None, stage: str | None = None, limit: int = 50) -> list[Run]: ...
    def load_crawl_state(self, key: str) -> dict[str, str | None]: ...
    def load_crawl_states(self, prefix: str) -> dict[str, dict[str, str | None]]: ...
    def save_crawl_state(self, key: str, etag: str | None = None, last_modified: str | None = None, cursor: str | None = None) -> None: ...
    def search(self, request: SearchRequest) -> SearchResult: ...
    def sync_index(self, wait: float = 30.0) -> int: ...
    def reindex(self) -> int: ...
    def close(self) -> None: ...
