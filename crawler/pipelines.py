"""Item pipelines: validate, then drop duplicates, then store in batches."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from crawler.spiders.base import ERROR_STAT
from index import open_store
from portevoix.models import Author, Post, Relation

MAX_TEXT_CHARS = 200_000
STORE_BATCH = 200


class _StatsPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)


class ValidatePipeline(_StatsPipeline):
    """Drops records that would corrupt the store, counting why as a short error code."""

    def process_item(self, item):
        code = _problem(item)
        if code:
            self.stats.inc_value(ERROR_STAT + code)
            raise DropItem(f"{code}: {getattr(item, 'id', item)!r}")
        return item


def _problem(item) -> str | None:
    if isinstance(item, Post):
        if not item.text.strip():
            return "post_without_text"
        if len(item.text) > MAX_TEXT_CHARS:
            return "post_text_too_long"
        if item.url and urlsplit(item.url).scheme not in {"http", "https"}:
            return "post_url_not_http"
        return None
    if isinstance(item, Author):
        return None if item.handle.strip() else "author_without_handle"
    if isinstance(item, Relation):
        return None
    return "unknown_item_type"


class DedupePipeline(_StatsPipeline):
    """Drops a record already seen in this run (a review listed on two pages, a feed served twice),
    unless it knows more: a full profile fetched after the short author embedded in a post passes."""

    def __init__(self, stats):
        super().__init__(stats)
        self.seen: dict[tuple[str, str], set[str]] = {}

    def process_item(self, item):
        key = (type(item).__name__, item.id)
        known = {name for name, value in item if value is not None}
        if key in self.seen and known <= self.seen[key]:
            self.stats.inc_value("portevoix/duplicates_dropped")
            raise DropItem(f"duplicate {item.id}", log_level="DEBUG")
        self.seen[key] = self.seen.get(key, set()) | known
        return item


class StorePipeline:
    """Saves records in batches; a re-crawl updates in place and never duplicates (ids are deterministic)."""

    def __init__(self, settings):
        self.settings = settings
        self.posts: list[Post] = []
        self.authors: list[Author] = []
        self.relations: list[Relation] = []

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings["PORTEVOIX_SETTINGS"])
        pipeline.stats = crawler.stats
        return pipeline

    def open_spider(self, spider=None):
        self.store = open_store(self.settings)

    def process_item(self, item):
        batches = {Post: self.posts, Author: self.authors, Relation: self.relations}
        batches[type(item)].append(item)
        if len(self.posts) + len(self.authors) + len(self.relations) >= STORE_BATCH:
            self.flush()
        return item

    def flush(self) -> None:
        # Authors first, so a post never points at an author the store lacks after a crash.
        if self.authors:
            self.store.save_authors(self.authors)
            self.stats.inc_value("portevoix/authors_saved", len(self.authors))
            self.authors = []
        if self.posts:
            counts = self.store.save_posts(self.posts)
            for name in ("inserted", "updated", "unchanged"):
                self.stats.inc_value(f"portevoix/posts_{name}", getattr(counts, name))
            self.posts = []
        if self.relations:
            self.stats.inc_value("portevoix/relations_saved", self.store.save_relations(self.relations))
            self.relations = []

    def close_spider(self, spider=None):
        self.flush()
        self.store.close()
