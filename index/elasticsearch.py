"""The Elasticsearch backend: the same store protocol, for volumes past one machine.

Each record type has its index (`{prefix}-posts`, `-authors`, ...). A post's document
carries its analysis facets (brands, signals, sentiment) and its text in the field of
its language (French or English analyzers: elision, ASCII folding, light stemming),
like the embedded tantivy index, so both answer the same queries the same way.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from index.query import And, MatchAll, Node, Not, Or, Phrase, Term, parse_query
from index.sqlite_records import content_hash
from index.store import PostAnalysis, SaveCounts, SearchHit, SearchRequest, SearchResult
from index.tantivy_search import OTHER_TEXT_FIELD, TEXT_FIELDS
from portevoix.errors import StoreError
from portevoix.models import Author, Mention, Post, Ranking, Record, Run, Signal

TEXT_FIELD_NAMES = [*TEXT_FIELDS.values(), OTHER_TEXT_FIELD]
# "language" is the analysed language (or the source's), kept apart from the record's own `lang`.
FACETS = {"brand": "brand", "lang": "language", "platform": "platform", "signal": "signal", "sentiment": "sentiment"}
KEYWORD = {"type": "keyword"}
DATE = {"type": "date"}

ANALYSIS = {
    "filter": {
        "french_elision": {"type": "elision", "articles_case": True, "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]},
        "french_light_stem": {"type": "stemmer", "language": "light_french"},
        "english_light_stem": {"type": "stemmer", "language": "light_english"},
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
    },
    "analyzer": {
        "portevoix_fr": {"tokenizer": "standard", "filter": ["french_elision", "lowercase", "asciifolding", "french_light_stem"]},
        "portevoix_en": {"tokenizer": "standard", "filter": ["english_possessive", "lowercase", "asciifolding", "english_light_stem"]},
        "portevoix_other": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
}

MAPPINGS = {
    "posts": {
        "dynamic": False,
        "properties": {
            "id": KEYWORD, "platform": KEYWORD, "url": KEYWORD, "kind": KEYWORD, "author_id": KEYWORD, "author": KEYWORD,
            "published_at": DATE, "fetched_at": DATE, "lang": KEYWORD, "parent_id": KEYWORD, "quote_id": KEYWORD,
            "hashtags": KEYWORD, "mentions": KEYWORD, "rating": {"type": "float"}, "product": KEYWORD, "content_hash": KEYWORD,
            "raw": {"type": "object", "enabled": False},
            "text_fr": {"type": "text", "analyzer": "portevoix_fr"},
            "text_en": {"type": "text", "analyzer": "portevoix_en"},
            "text_other": {"type": "text", "analyzer": "portevoix_other"},
            "brand": KEYWORD, "signal": KEYWORD, "sentiment": KEYWORD, "analyzed_for": KEYWORD, "language": KEYWORD,
        },
    },
    "authors": {"dynamic": False, "properties": {"id": KEYWORD, "platform": KEYWORD, "handle": KEYWORD, "content_hash": KEYWORD}},
    "mentions": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "post_id": KEYWORD, "brand_id": KEYWORD, "start": {"type": "integer"}}},
    "signals": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "post_id": KEYWORD, "subject_id": KEYWORD, "kind": KEYWORD}},
    "rankings": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "role": KEYWORD, "subject_id": KEYWORD, "run_id": KEYWORD, "rank": {"type": "integer"}, "created_at": DATE}},
    "runs": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "stage": KEYWORD, "started_at": DATE}},
}
RECORD_FIELDS = {"posts": set(Post.model_fields), "authors": set(Author.model_fields)}


def index_template(prefix: str) -> dict[str, Any]:
    """The index template for every Porte-voix index (the analyzers live in each index's settings)."""
    return {"index_patterns": [f"{prefix}-*"], "template": {"settings": {"analysis": ANALYSIS, "number_of_replicas": 0}}, "priority": 200}


def to_es_query(node: Node) -> dict[str, Any]:
    """The Elasticsearch query DSL of a query-language AST."""
    match node:
        case MatchAll():
            return {"match_all": {}}
        case Term(text) | Phrase(text):
            return {"multi_match": {"query": text, "fields": TEXT_FIELD_NAMES, "type": "phrase"}}
        case And(items):
            must = [to_es_query(i) for i in items if not isinstance(i, Not)] or [{"match_all": {}}]
            must_not = [to_es_query(i.item) for i in items if isinstance(i, Not)]
            return {"bool": {"must": must, **({"must_not": must_not} if must_not else {})}}
        case Or(items):
            return {"bool": {"should": [to_es_query(i) for i in items], "minimum_should_match": 1}}
        case Not(item):
            return {"bool": {"must": [{"match_all": {}}], "must_not": [to_es_query(item)]}}
    raise TypeError(f"unknown query node {node!r}")


def search_body(request: SearchRequest) -> dict[str, Any]:
    """The full search body (query, filters, sort, aggregations) for a SearchRequest."""
    filters: list[dict[str, Any]] = []
    for facet, values in (("brand", request.brands), ("lang", request.langs), ("platform", request.platforms), ("signal", request.signals)):
        if values:
            filters.append({"terms": {FACETS[facet]: list(values)}})
    if request.since or request.until:
        bounds = {}
        if request.since:
            bounds["gte"] = request.since.isoformat()
        if request.until:
            bounds["lte"] = request.until.isoformat()
        filters.append({"range": {"published_at": bounds}})
    body: dict[str, Any] = {
        "query": {"bool": {"must": [to_es_query(parse_query(request.query))], "filter": filters}},
        "size": request.limit,
        "from": request.offset,
        "track_total_hits": True,
        "aggs": {name: {"terms": {"field": field, "size": 50}} for name, field in FACETS.items()},
    }
    if request.sort == "date":
        body["sort"] = [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return body


class ElasticsearchStore:
    """Records and search in Elasticsearch, through the official client."""

    def __init__(self, url: str, prefix: str = "portevoix", client=None):
        from elasticsearch import Elasticsearch

        self.prefix = prefix
        self.es = client or Elasticsearch(url, request_timeout=30, retry_on_timeout=True, max_retries=3)
        try:
            self.setup()
        except Exception as error:  # the client raises many transport errors; all mean "cannot use this server"
            raise StoreError(f"Elasticsearch at {url}: {error}") from None

    def index(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def setup(self) -> None:
        """Install the index template and create missing indices (what `portevoix es-setup` will run)."""
        self.es.indices.put_index_template(name=self.prefix, **index_template(self.prefix))
        for name, mappings in MAPPINGS.items():
            if not self.es.indices.exists(index=self.index(name)):
                self.es.indices.create(index=self.index(name), mappings=mappings, settings={"analysis": ANALYSIS})

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> int:
        from elasticsearch import helpers

        actions = list(actions)
        if not actions:
            return 0
        ok, errors = helpers.bulk(self.es, actions, raise_on_error=False, max_retries=3, refresh="wait_for")
        if errors:
            raise StoreError(f"Elasticsearch refused {len(errors)} document(s); first: {errors[0]}")
        return ok

    def _save(self, name: str, records: Iterable[Record], extra=lambda r: {}) -> SaveCounts:
        docs = []
        for record in records:
            doc = record.model_dump(mode="json")
            doc["content_hash"] = content_hash(doc)
            docs.append((record, {**doc, **extra(record)}))
        if not docs:
            return SaveCounts(0, 0, 0)
        found = self.es.mget(index=self.index(name), ids=[r.id for r, _ in docs], source_includes=["content_hash"])["docs"]
        existing = {d["_id"]: d["_source"]["content_hash"] for d in found if d.get("found")}
        changed = [(r, d) for r, d in docs if existing.get(r.id) != d["content_hash"]]
        self._bulk({"_op_type": "update", "_index": self.index(name), "_id": r.id, "doc": d, "doc_as_upsert": True} for r, d in changed)
        inserted = sum(1 for r, _ in docs if r.id not in existing)
        return SaveCounts(inserted=inserted, updated=len(changed) - inserted, unchanged=len(docs) - len(changed))

    def save_posts(self, posts: Iterable[Post]) -> SaveCounts:
        def text_field(post: Post) -> dict[str, Any]:
            return {TEXT_FIELDS.get(post.lang or "", OTHER_TEXT_FIELD): post.full_text, "author": post.author_id, "language": post.lang}

        return self._save("posts", posts, text_field)

    def save_authors(self, authors: Iterable[Author]) -> SaveCounts:
        return self._save("authors", authors)

    def _sources(self, name: str, query: dict[str, Any], sort: list | None = None) -> Iterator[dict[str, Any]]:
        from elasticsearch import helpers

        for hit in helpers.scan(self.es, index=self.index(name), query={"query": query, **({"sort": sort} if sort else {})}, preserve_order=bool(sort)):
            yield hit["_source"]

    def _record(self, model, source: dict[str, Any]):
        return model.model_validate({key: source.get(key) for key in model.model_fields if key in source})

    def load_post(self, post_id: str) -> Post | None:
        return self.load_posts([post_id]).get(post_id)

    def load_posts(self, post_ids: Iterable[str]) -> dict[str, Post]:
        ids = list(dict.fromkeys(post_ids))
        if not ids:
            return {}
        docs = self.es.mget(index=self.index("posts"), ids=ids)["docs"]
        return {d["_id"]: self._record(Post, d["_source"]) for d in docs if d.get("found")}

    def iter_posts(self, unanalyzed_for: str | None = None, batch_size: int = 1000) -> Iterator[list[Post]]:
        query = {"bool": {"must_not": [{"term": {"analyzed_for": unanalyzed_for}}]}} if unanalyzed_for else {"match_all": {}}
        batch: list[Post] = []
        for source in self._sources("posts", query, sort=[{"id": "asc"}]):
            batch.append(self._record(Post, source))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def count_posts(self) -> int:
        return self.es.count(index=self.index("posts"))["count"]

    def load_authors(self, author_ids: Iterable[str]) -> dict[str, Author]:
        ids = list(dict.fromkeys(author_ids))
        if not ids:
            return {}
        docs = self.es.mget(index=self.index("authors"), ids=ids)["docs"]
        return {d["_id"]: self._record(Author, d["_source"]) for d in docs if d.get("found")}

    def save_analyses(self, analyses: Iterable[PostAnalysis]) -> int:
        analyses = list(analyses)
        for analysis in analyses:
            for name in ("mentions", "signals"):
                self.es.delete_by_query(index=self.index(name), query={"bool": {"filter": [{"term": {"post_id": analysis.post_id}}, {"term": {"watch": analysis.watch}}]}}, refresh=True)
        actions = []
        for analysis in analyses:
            for mention in analysis.mentions:
                actions.append({"_index": self.index("mentions"), "_id": mention.id, "_source": mention.model_dump(mode="json")})
            for signal in analysis.signals:
                actions.append({"_index": self.index("signals"), "_id": signal.id, "_source": signal.model_dump(mode="json")})
            facets = {
                "brand": sorted({m.brand_id for m in analysis.mentions}),
                "signal": sorted({s.kind for s in analysis.signals if s.kind != "sentiment" and s.score >= 0.5}),
                "sentiment": next((s.label for s in analysis.signals if s.kind == "sentiment" and s.subject_id is None), None),
            }
            if analysis.lang:
                facets["language"] = analysis.lang
            actions.append(
                {
                    "_op_type": "update",
                    "_index": self.index("posts"),
                    "_id": analysis.post_id,
                    "script": {
                        "source": "for (e in params.facets.entrySet()) { ctx._source[e.getKey()] = e.getValue(); } "
                        "if (params.text_field != null && ctx._source[params.text_field] == null) { "
                        "for (f in params.text_fields) { if (ctx._source[f] != null) { ctx._source[params.text_field] = ctx._source.remove(f); } } } "
                        "if (ctx._source.analyzed_for == null) { ctx._source.analyzed_for = []; } "
                        "if (!ctx._source.analyzed_for.contains(params.watch)) { ctx._source.analyzed_for.add(params.watch); }",
                        "params": {
                            "facets": facets,
                            "watch": analysis.watch,
                            "text_field": TEXT_FIELDS.get(analysis.lang or "", OTHER_TEXT_FIELD),
                            "text_fields": TEXT_FIELD_NAMES,
                        },
                    },
                }
            )
        self._bulk(actions)
        return len(analyses)

    def load_mentions(self, watch: str, brand_ids: Iterable[str] | None = None) -> list[Mention]:
        filters: list[dict[str, Any]] = [{"term": {"watch": watch}}]
        if brand_ids is not None:
            filters.append({"terms": {"brand_id": list(brand_ids)}})
        found = [self._record(Mention, s) for s in self._sources("mentions", {"bool": {"filter": filters}})]
        return sorted(found, key=lambda m: (m.post_id, m.start))

    def load_signals(self, watch: str, post_ids: Iterable[str] | None = None) -> list[Signal]:
        filters: list[dict[str, Any]] = [{"term": {"watch": watch}}]
        if post_ids is not None:
            filters.append({"terms": {"post_id": list(post_ids)}})
        found = [self._record(Signal, s) for s in self._sources("signals", {"bool": {"filter": filters}})]
        return sorted(found, key=lambda s: (s.post_id, s.kind))

    def save_rankings(self, rankings: Iterable[Ranking]) -> int:
        rankings = list(rankings)
        self._bulk({"_index": self.index("rankings"), "_id": r.id, "_source": r.model_dump(mode="json")} for r in rankings)
        return len(rankings)

    def load_rankings(self, watch: str, role: str, subject_id: str | None = None, run_id: str | None = None) -> list[Ranking]:
        filters: list[dict[str, Any]] = [{"term": {"watch": watch}}, {"term": {"role": role}}]
        if run_id is None:
            latest = self.es.search(index=self.index("rankings"), query={"bool": {"filter": filters}}, sort=[{"created_at": "desc"}, {"run_id": "desc"}], size=1)["hits"]["hits"]
            if not latest:
                return []
            run_id = latest[0]["_source"]["run_id"]
        filters.append({"term": {"run_id": run_id}})
        if subject_id is not None:
            filters.append({"term": {"subject_id": subject_id}})
        found = [self._record(Ranking, s) for s in self._sources("rankings", {"bool": {"filter": filters}})]
        return sorted(found, key=lambda r: (r.subject_id, r.rank))

    def save_run(self, run: Run) -> None:
        self.es.index(index=self.index("runs"), id=run.id, document=run.model_dump(mode="json"), refresh="wait_for")

    def load_runs(self, watch: str | None = None, stage: str | None = None, limit: int = 50) -> list[Run]:
        filters = [{"term": {field: value}} for field, value in (("watch", watch), ("stage", stage)) if value is not None]
        hits = self.es.search(index=self.index("runs"), query={"bool": {"filter": filters}}, sort=[{"started_at": "desc"}, {"id": "desc"}], size=limit)["hits"]["hits"]
        return [self._record(Run, hit["_source"]) for hit in hits]

    def search(self, request: SearchRequest) -> SearchResult:
        response = self.es.search(index=self.index("posts"), **search_body(request))
        hits = tuple(
            SearchHit(post=self._record(Post, hit["_source"]), score=float(hit.get("_score") or 0.0), brands=tuple(hit["_source"].get("brand") or ()))
            for hit in response["hits"]["hits"]
        )
        counts = {name: {b["key"]: b["doc_count"] for b in response["aggregations"][name]["buckets"]} for name in FACETS}
        return SearchResult(total=response["hits"]["total"]["value"], hits=hits, counts=counts)

    def sync_index(self) -> int:
        return 0  # Elasticsearch indexes on write: nothing is ever pending.

    def reindex(self) -> int:
        self.es.indices.refresh(index=self.index("posts"))
        return self.count_posts()

    def close(self) -> None:
        self.es.close()


__all__ = ["ElasticsearchStore", "index_template", "search_body", "to_es_query"]
