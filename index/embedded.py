"""The embedded store: records in SQLite, search in a tantivy index beside it. No server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from index.sqlite_records import SqliteRecords
from index.store import PostAnalysis, SaveCounts, SearchHit, SearchRequest, SearchResult
from index.proximity import highlight
from index.document_feed import DocumentFeed
from index.documents import to_document
from index.tantivy_search import TantivySearch
from portevoix.errors import StoreError
from portevoix.models import Author, Mention, Post, Ranking, Relation, Run, Signal

INDEX_PAGE = 20_000  # posts read from SQLite at a time
# Posts indexed between commits: each makes them searchable and acknowledged, and leaves segments to merge
# (a million posts through the feed, two indexing threads: 15,100 posts/s committing every 250,000, 17,700 every 500,000).
COMMIT_EVERY = 500_000
BIG_BATCH = 2_000  # from this many pending posts, tantivy indexes on two threads (in one process)
FEED_FROM = 50_000  # from this many, a reader process builds the documents (starting it takes a few tenths of a second)
FEED_PAGE = 5_000  # posts a page from the reader process: small pages keep both processes busy


class EmbeddedStore:
    """The default store, in a data folder: `store.sqlite` and `search-index/`."""

    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir)
        self.records = SqliteRecords(self.data_dir / "store.sqlite")
        self._search: TantivySearch | None = None
        self.feed_peak_mb: float | None = None  # the peak memory of the last big sync's reader process

    @property
    def search_index(self) -> TantivySearch:
        # Opened on first use: crawler processes only write records and never touch the index.
        if self._search is None:
            self._search = TantivySearch(self.data_dir / "search-index")
            if self._search.is_new:
                self.records.mark_all_for_index()
        return self._search

    def save_posts(self, posts: Iterable[Post]) -> SaveCounts:
        return self.records.save_posts(posts)

    def save_authors(self, authors: Iterable[Author]) -> SaveCounts:
        return self.records.save_authors(authors)

    def load_post(self, post_id: str) -> Post | None:
        return self.records.load_post(post_id)

    def load_posts(self, post_ids: Iterable[str]) -> dict[str, Post]:
        return self.records.load_posts(post_ids)

    def iter_posts(self, unanalyzed_for: str | None = None, batch_size: int = 1000) -> Iterator[list[Post]]:
        return self.records.iter_posts(unanalyzed_for, batch_size)

    def count_posts(self) -> int:
        return self.records.count_posts()

    def load_authors(self, author_ids: Iterable[str]) -> dict[str, Author]:
        return self.records.load_authors(author_ids)

    def save_analyses(self, analyses: Iterable[PostAnalysis]) -> int:
        return self.records.save_analyses(analyses)

    def load_mentions(self, watch: str, brand_ids: Iterable[str] | None = None) -> list[Mention]:
        return self.records.load_mentions(watch, brand_ids)

    def load_signals(self, watch: str, post_ids: Iterable[str] | None = None) -> list[Signal]:
        return self.records.load_signals(watch, post_ids)

    def save_relations(self, relations: Iterable[Relation]) -> int:
        return self.records.save_relations(relations)

    def iter_relations(self, batch_size: int = 5000) -> Iterator[list[Relation]]:
        return self.records.iter_relations(batch_size)

    def save_rankings(self, rankings: Iterable[Ranking]) -> int:
        return self.records.save_rankings(rankings)

    def load_rankings(self, watch: str, role: str, subject_id: str | None = None, run_id: str | None = None) -> list[Ranking]:
        return self.records.load_rankings(watch, role, subject_id, run_id)

    def save_run(self, run: Run) -> None:
        self.records.save_run(run)

    def load_runs(self, watch: str | None = None, stage: str | None = None, limit: int = 50) -> list[Run]:
        return self.records.load_runs(watch, stage, limit)

    def load_crawl_state(self, key: str) -> dict[str, str | None]:
        return self.records.load_crawl_state(key)

    def load_crawl_states(self, prefix: str) -> dict[str, dict[str, str | None]]:
        return self.records.load_crawl_states(prefix)

    def save_crawl_state(self, key: str, etag: str | None = None, last_modified: str | None = None, cursor: str | None = None) -> None:
        self.records.save_crawl_state(key, etag, last_modified, cursor)

    def sync_index(self, wait: float = 30.0) -> int:
        """Index every post stored or re-analysed since it was last indexed; returns how many. Another
        process indexing is waited for up to `wait` seconds (posts left pending are indexed next time).

        One writer for the whole sync, fed page by page while tantivy indexes on its threads: from
        FEED_FROM pending posts by a reader process (index/document_feed.py), else by a reader thread.
        Posts are acknowledged only once their commit is durable, so a crash leaves them pending, never lost."""
        index = self.search_index  # opening it first notices a lost index and queues every post
        pending = self.records.count_pending_index()
        if not pending:
            return 0
        total, uncommitted = 0, []
        if pending >= FEED_FROM and DocumentFeed.can_start():
            # The feed's process takes one core, tantivy one thread the other: a second indexing thread only
            # contends for two cores (300,000 posts: 19,700 posts/s with it, 21,500 without).
            reader, threads = DocumentFeed(self.records.path, FEED_PAGE), 1
        else:
            reader, threads = self._pending_pages(), 2 if pending >= BIG_BATCH else 1
        with index.writing(threads=threads, wait=wait) as writing, reader as pages:
            # A post never indexed has no old document to delete, and skipping the deletions saves a twentieth
            # of a big sync; but a crash between a commit and its acknowledgement leaves documents of posts
            # that look never indexed. Then the index holds more documents than acknowledged posts: delete all.
            unacknowledged = pending < BIG_BATCH or index.num_docs(fresh=True) > self.records.count_indexed()
            for page in pages:
                deleted = [post_id for post_id, _, indexed, _ in page if indexed or unacknowledged]
                writing.add([document for _, _, _, document in page], deleted)
                uncommitted += [(post_id, revision) for post_id, revision, _, _ in page]
                if len(uncommitted) >= COMMIT_EVERY:
                    total += self._commit_index(writing, uncommitted)
            total += self._commit_index(writing, uncommitted)
        if isinstance(reader, DocumentFeed):
            self.feed_peak_mb = reader.peak_mb
        return total

    @contextmanager
    def _pending_pages(self) -> Iterator[Iterator[list[tuple]]]:
        """Pages of (post id, revision, indexed before, document) read ahead on a thread (sqlite3 lets go of
        the GIL while it reads) while the last page is indexed."""
        with ThreadPoolExecutor(1, "read-pending") as reader:

            def pages() -> Iterator[list[tuple]]:
                page = reader.submit(self.records.pending_index, INDEX_PAGE)
                while rows := page.result():
                    page = reader.submit(self.records.pending_index, INDEX_PAGE, rows[-1][0].id)
                    yield [(post.id, revision, indexed, to_document(post, facets)) for post, facets, revision, indexed in rows]

            yield pages()

    def _commit_index(self, writing, uncommitted: list[tuple[str, int]]) -> int:
        if uncommitted:
            writing.commit()
            self.records.acknowledge_indexed(uncommitted)
        done = len(uncommitted)
        uncommitted.clear()
        return done

    def reindex(self) -> int:
        """Rebuild the search index from SQLite; returns the number of posts indexed."""
        self.search_index.write([], clear=True)
        self.records.mark_all_for_index()
        return self.sync_index()

    def search(self, request: SearchRequest) -> SearchResult:
        try:
            self.sync_index(wait=0)
        except StoreError:
            pass  # Another process is writing the index: search what is there, it catches up after.
        raw = self.search_index.search(request, self.records.load_texts)
        ids = [post_id for post_id, _ in raw.ranked]
        posts = self.records.load_posts(ids)
        facets = self.records.index_facets(ids)
        hits = tuple(
            SearchHit(
                post=posts[post_id],
                score=score,
                brands=tuple(sorted(facets[post_id].get("brands", ()))),
                highlights=highlight(raw.query, posts[post_id].full_text, facets[post_id].get("lang") or posts[post_id].lang),
            )
            for post_id, score in raw.ranked
            if post_id in posts
        )
        return SearchResult(
            total=raw.total, hits=hits, counts=raw.counts, histogram=tuple(raw.histogram), top_authors=raw.top_authors,
            significant_terms=raw.significant, next_cursor=raw.next_cursor,
        )

    def close(self) -> None:
        self.records.close()
