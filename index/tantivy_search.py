"""The search half of the embedded store: a tantivy index derived from SQLite, rebuildable at will.

Each post's text goes into the field of its language (French or English stemming,
accents folded) or into a folded, unstemmed field for other languages; a query is
analysed the same three ways and matches any of them.
"""

from __future__ import annotations

import shutil
from datetime import UTC
from pathlib import Path
from typing import Any, Iterable

import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from index.query import And, MatchAll, Node, Not, Or, Phrase, Term, parse_query
from index.store import SearchRequest
from portevoix.errors import StoreError

# Bump when the schema or analyzers change: an index of another version is rebuilt.
INDEX_VERSION = "1"
TEXT_FIELDS = {"fr": "text_fr", "en": "text_en"}
OTHER_TEXT_FIELD = "text_other"
FACET_FIELDS = ("brand", "lang", "platform", "signal", "sentiment", "author")


def _analyzer(language: str | None) -> tantivy.TextAnalyzer:
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(64)).filter(Filter.lowercase()).filter(Filter.ascii_fold())
    if language:
        builder = builder.filter(Filter.stemmer(language))
    return builder.build()


ANALYZERS = {"text_fr": _analyzer("french"), "text_en": _analyzer("english"), OTHER_TEXT_FIELD: _analyzer(None)}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    for field in ANALYZERS:
        builder.add_text_field(field, tokenizer_name=field)
    for field in FACET_FIELDS:
        builder.add_text_field(field, tokenizer_name="raw", fast=True)
    builder.add_date_field("published_at", stored=True, fast=True, indexed=True)
    return builder.build()


class TantivySearch:
    """A tantivy index in `path`; only one process writes at a time (tantivy's lock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        version_file = self.path / "PORTEVOIX_INDEX_VERSION"
        if self.path.exists() and (not version_file.exists() or version_file.read_text().strip() != INDEX_VERSION):
            shutil.rmtree(self.path)
        self.is_new = not self.path.exists()
        self.path.mkdir(parents=True, exist_ok=True)
        version_file.write_text(INDEX_VERSION)
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError as error:
            raise StoreError(f"{self.path}: cannot open the search index ({error}); run `portevoix reindex`") from None
        for name, analyzer in ANALYZERS.items():
            self.index.register_tokenizer(name, analyzer)

    def write(self, documents: Iterable[dict[str, Any]], delete_ids: Iterable[str] = (), clear: bool = False) -> int:
        """Replace the given posts' documents (or everything, with `clear`); returns documents written."""
        try:
            writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        except ValueError as error:
            raise StoreError(f"{self.path}: the search index is being written by another process ({error})") from None
        written = 0
        try:
            if clear:
                writer.delete_all_documents()
            for post_id in delete_ids:
                writer.delete_documents_by_term("id", post_id)
            for document in documents:
                writer.add_document(tantivy.Document(**document))
                written += 1
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        self.index.reload()
        return written

    def search(self, request: SearchRequest) -> tuple[int, list[tuple[str, float]], dict[str, dict[str, int]]]:
        """Total hits, the page of (post id, score) and counts per facet for `request`."""
        query = self._compile_request(request)
        searcher = self.index.searcher()
        if request.sort == "date":
            result = searcher.search(query, request.limit, count=True, order_by_field="published_at", offset=request.offset)
        else:
            result = searcher.search(query, request.limit, count=True, offset=request.offset)
        hits = []
        for score, address in result.hits:
            document = searcher.doc(address)
            hits.append((document["id"][0], float(score) if request.sort != "date" else 0.0))
        aggregations = {facet: {"terms": {"field": facet, "size": 50}} for facet in ("brand", "lang", "platform", "signal", "sentiment")}
        raw_counts = searcher.aggregate(query, aggregations) if result.count else {}
        counts = {facet: {bucket["key"]: bucket["doc_count"] for bucket in raw_counts.get(facet, {}).get("buckets", [])} for facet in aggregations}
        return result.count, hits, counts

    def _compile_request(self, request: SearchRequest) -> Query:
        clauses = [(Occur.Must, self._compile(parse_query(request.query)))]
        for field, values in (("brand", request.brands), ("lang", request.langs), ("platform", request.platforms), ("signal", request.signals)):
            if values:
                clauses.append((Occur.Must, Query.term_set_query(self.schema, field, list(values))))
        if request.since or request.until:
            clauses.append((Occur.Must, Query.range_query(self.schema, "published_at", tantivy.FieldType.Date, request.since, request.until)))
        return Query.boolean_query(clauses)

    def _compile(self, node: Node) -> Query:
        match node:
            case MatchAll():
                return Query.all_query()
            case Term(text) | Phrase(text):
                return self._text_query(text)
            case And(items):
                positives = [self._compile(item) for item in items if not isinstance(item, Not)]
                negatives = [self._compile(item.item) for item in items if isinstance(item, Not)]
                if not positives:
                    positives = [Query.all_query()]
                return Query.boolean_query([(Occur.Must, q) for q in positives] + [(Occur.MustNot, q) for q in negatives])
            case Or(items):
                return Query.boolean_query([(Occur.Should, self._compile(item)) for item in items])
            case Not(item):
                return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self._compile(item))])
        raise TypeError(f"unknown query node {node!r}")

    def _text_query(self, text: str) -> Query:
        per_field = []
        for field, analyzer in ANALYZERS.items():
            words = analyzer.analyze(text)
            if len(words) == 1:
                per_field.append((Occur.Should, Query.term_query(self.schema, field, words[0])))
            elif words:
                per_field.append((Occur.Should, Query.phrase_query(self.schema, field, words)))
        if not per_field:
            return Query.empty_query()
        return Query.boolean_query(per_field)


def to_document(post, facets: dict[str, Any]) -> dict[str, Any]:
    """The index document of a post with its analysis facets (see SqliteRecords.index_facets)."""
    lang = facets.get("lang") or post.lang
    document: dict[str, Any] = {
        "id": post.id,
        TEXT_FIELDS.get(lang or "", OTHER_TEXT_FIELD): post.full_text,
        "platform": post.platform,
        "brand": sorted(facets.get("brands", ())),
        "signal": sorted(facets.get("signals", ())),
    }
    if lang:
        document["lang"] = lang
    if facets.get("sentiment"):
        document["sentiment"] = facets["sentiment"]
    if post.author_id:
        document["author"] = post.author_id
    if post.published_at:
        document["published_at"] = post.published_at.astimezone(UTC)
    return document


