"""The Elasticsearch backend: the same store protocol, for volumes past one machine.

Each record type has its index (`{prefix}-posts`, `-authors`, ...). Posts live in a
versioned index behind the `{prefix}-posts` alias, so `reindex` builds a new one and
swaps the alias atomically. A post's document carries its analysis facets and its
text in the field of its language (French or English analyzers: elision, ASCII
folding, light stemming), like the embedded tantivy index, so both answer the same
queries the same way.
"""

from __future__ import annotations

import time
from typing import Any, Iterable, Iterator

from index import aggregations
from index import cursor as cursors
from index.aggregations import author_spec, facet_spec
from index.analysis import LANGUAGE_FIELDS, PLAIN_FIELD, RAW_FIELD, text_field_for
from index.proximity import highlight
from index.query import And, Field, MatchAll, Near, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard, parse_query
from index.significant import FOREGROUND_POSTS, query_words, significant_terms
from index.sqlite_records import content_hash
from index.store import PostAnalysis, SaveCounts, SearchHit, SearchRequest, SearchResult
from index.documents import to_document
from portevoix.errors import QueryError, StoreError
from portevoix.models import Author, Mention, Post, Ranking, Record, Relation, Run, Signal, utc_now

# Facets as the API names them -> the Elasticsearch field. "language" is the analysed language
# (or the source's), kept apart from the record's own `lang`.
FACETS = {"brand": "brand", "lang": "language", "platform": "platform", "signal": "signal", "sentiment": "sentiment"}
KEYWORD_FIELDS = {"lang": "language", "author": "author", "site": "site", "url": "url", "platform": "platform", "brand": "brand", "talent": "talent", "signal": "signal", "sentiment": "sentiment", "hashtag": "hashtag", "handle": "handle"}
RANGE_FIELDS = {"rating": "stars", "followers": "followers", "date": "published_at"}
RETRYABLE = {429, 502, 503, 504}
KEYWORD = {"type": "keyword"}
DATE = {"type": "date"}

ANALYSIS = {
    "filter": {
        "french_elision": {"type": "elision", "articles_case": True, "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]},
        # Snowball, as in the embedded tantivy index, so both backends stem every word alike.
        "french_snowball": {"type": "snowball", "language": "French"},
        "english_snowball": {"type": "snowball", "language": "English"},
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
    },
    "analyzer": {
        "portevoix_fr": {"tokenizer": "standard", "filter": ["french_elision", "lowercase", "asciifolding", "french_snowball"]},
        "portevoix_en": {"tokenizer": "standard", "filter": ["english_possessive", "lowercase", "asciifolding", "english_snowball"]},
        "portevoix_other": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        "portevoix_raw": {"tokenizer": "standard", "filter": []},
    },
}

POST_MAPPINGS = {
    "dynamic": False,
    "properties": {
        "id": KEYWORD, "platform": KEYWORD, "url": KEYWORD, "kind": KEYWORD, "author_id": KEYWORD, "author": KEYWORD,
        "published_at": DATE, "fetched_at": DATE, "lang": KEYWORD, "parent_id": KEYWORD, "quote_id": KEYWORD,
        "hashtags": KEYWORD, "mentions": KEYWORD, "product": KEYWORD, "content_hash": KEYWORD,
        "raw": {"type": "object", "enabled": False},
        "text_fr": {"type": "text", "analyzer": "portevoix_fr"},
        "text_en": {"type": "text", "analyzer": "portevoix_en"},
        "text_other": {"type": "text", "analyzer": "portevoix_other"},
        PLAIN_FIELD: {"type": "text", "analyzer": "portevoix_other"},
        RAW_FIELD: {"type": "text", "analyzer": "portevoix_raw"},
        "brand": KEYWORD, "signal": KEYWORD, "sentiment": KEYWORD, "talent": KEYWORD, "analyzed_for": KEYWORD, "language": KEYWORD,
        "site": KEYWORD, "hashtag": KEYWORD, "handle": KEYWORD,
        "date_key": {"type": "unsigned_long"}, "stars": {"type": "float"}, "followers": {"type": "long"}, "engagement": {"type": "long"},
    },
}
# The record's own fields are in a post's document already; these index fields would collide with them.
_RECORD_FIELDS = set(Post.model_fields)
_ES_NAMES = {"lang": "language", "rating": "stars"}

MAPPINGS = {
    "posts": POST_MAPPINGS,
    "authors": {"dynamic": False, "properties": {"id": KEYWORD, "platform": KEYWORD, "handle": KEYWORD, "content_hash": KEYWORD}},
    "mentions": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "post_id": KEYWORD, "brand_id": KEYWORD, "start": {"type": "integer"}}},
    "signals": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "post_id": KEYWORD, "subject_id": KEYWORD, "kind": KEYWORD}},
    "rankings": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "role": KEYWORD, "subject_id": KEYWORD, "run_id": KEYWORD, "rank": {"type": "integer"}, "created_at": DATE}},
    "runs": {"dynamic": False, "properties": {"id": KEYWORD, "watch": KEYWORD, "stage": KEYWORD, "started_at": DATE}},
    "relations": {"dynamic": False, "properties": {"id": KEYWORD, "kind": KEYWORD, "author_id": KEYWORD, "post_id": KEYWORD, "at": DATE}},
    "crawl_state": {"dynamic": False, "properties": {"key": KEYWORD, "updated_at": DATE}},
}


def index_template(prefix: str) -> dict[str, Any]:
    """The index template for every Porte-voix index: the analyzers, no replicas on a single node."""
    return {"index_patterns": [f"{prefix}-*"], "template": {"settings": {"analysis": ANALYSIS, "number_of_replicas": 0}}, "priority": 200}


# compiling the query language


def _interval(node: Node) -> dict[str, Any]:
    match node:
        case Term(text) | Phrase(text):
            return {"match": {"query": text, "max_gaps": 0, "ordered": True}}
        case Wildcard(pattern):
            return {"wildcard": {"pattern": pattern, "use_field": PLAIN_FIELD}}
        case Or(items):
            return {"any_of": {"intervals": [_interval(item) for item in items]}}
    raise QueryError(f"{type(node).__name__} cannot take part in NEAR")


def to_es_query(node: Node) -> dict[str, Any]:
    """The Elasticsearch query DSL of a query-language syntax tree."""
    match node:
        case MatchAll():
            return {"match_all": {}}
        case Term(text):
            return {"multi_match": {"query": text, "fields": list(LANGUAGE_FIELDS), "type": "phrase"}}
        case Phrase(text, slop):
            return {"multi_match": {"query": text, "fields": list(LANGUAGE_FIELDS), "type": "phrase", **({"slop": slop} if slop else {})}}
        case Wildcard(pattern):
            return {"wildcard": {PLAIN_FIELD: {"value": pattern}}}
        case Raw(text):
            return {"match_phrase": {RAW_FIELD: text}}
        case Field(name, value):
            target = KEYWORD_FIELDS[name]
            if "*" in value or "?" in value:
                return {"wildcard": {target: {"value": value}}}
            return {"term": {target: value}}
        case Range(name, low, high, include_low, include_high):
            bounds: dict[str, Any] = {}
            if low is not None:
                bounds["gte" if include_low else "gt"] = low.isoformat() if hasattr(low, "isoformat") else low
            if high is not None:
                bounds["lte" if include_high else "lt"] = high.isoformat() if hasattr(high, "isoformat") else high
            return {"range": {RANGE_FIELDS[name]: bounds}}
        case Near(left, right, distance, ordered):
            rule = {"all_of": {"intervals": [_interval(left), _interval(right)], "max_gaps": distance, "ordered": ordered}}
            return {"bool": {"should": [{"intervals": {field: rule}} for field in LANGUAGE_FIELDS], "minimum_should_match": 1}}
        case And(items):
            must = [to_es_query(i) for i in items if not isinstance(i, Not)] or [{"match_all": {}}]
            must_not = [to_es_query(i.item) for i in items if isinstance(i, Not)]
            return {"bool": {"must": must, **({"must_not": must_not} if must_not else {})}}
        case Or(items):
            return {"bool": {"should": [to_es_query(i) for i in items], "minimum_should_match": 1}}
        case Not(item):
            return {"bool": {"must": [{"match_all": {}}], "must_not": [to_es_query(item)]}}
    raise TypeError(f"unknown query node {node!r}")


def search_body(request: SearchRequest, tree: Node | None = None) -> dict[str, Any]:
    """The full search body (query, filters, sort, page, aggregations) for a SearchRequest."""
    tree = parse_query(request.query) if tree is None else tree
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
        "query": {"bool": {"must": [to_es_query(tree)], "filter": filters}},
        "size": request.limit,
        "track_total_hits": True,
        "aggs": {**facet_spec(request.interval, FACETS.get), **author_spec()},
    }
    if not request.aggregations:
        del body["aggs"]
    position = cursors.decode(request.cursor, request.sort)
    if request.sort == "date":
        body["sort"] = [{"date_key": "desc"}]
        if "key" in position:
            body["search_after"] = [position["key"]]
    else:
        body["from"] = cursors.relevance_offset(position, request.limit)
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

    def setup(self) -> list[str]:
        """Install the index template and create what is missing (`portevoix es-setup`); returns what it did."""
        done = []
        self.es.indices.put_index_template(name=self.prefix, **index_template(self.prefix))
        done.append(f"index template {self.prefix}")
        for name, mappings in MAPPINGS.items():
            if name == "posts":
                if not self.es.indices.exists_alias(name=self.index("posts")):
                    versioned = self._create_posts_index()
                    self.es.indices.put_alias(index=versioned, name=self.index("posts"))
                    done.append(f"index {versioned} behind alias {self.index('posts')}")
            elif not self.es.indices.exists(index=self.index(name)):
                self.es.indices.create(index=self.index(name), mappings=mappings, settings={"analysis": ANALYSIS})
                done.append(f"index {self.index(name)}")
        return done

    def _create_posts_index(self) -> str:
        versioned = f"{self.index('posts')}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
        self.es.indices.create(index=versioned, mappings=POST_MAPPINGS, settings={"analysis": ANALYSIS})
        return versioned

    def _bulk(self, actions: Iterable[dict[str, Any]], attempts: int = 4) -> int:
        """Bulk-write, retrying the items the cluster pushed back (429, 5xx) with backoff; others are errors."""
        from elasticsearch import helpers

        pending = list(actions)
        written = 0
        for attempt in range(attempts):
            if not pending:
                break
            ok, errors = helpers.bulk(self.es, pending, raise_on_error=False, max_retries=0, refresh="wait_for")
            written += ok
            by_key = {(a.get("_index"), a.get("_id")): a for a in pending}
            retry, fatal = [], []
            for error in errors:
                (operation, detail), = error.items()
                action = by_key.get((detail.get("_index"), detail.get("_id")))
                (retry if detail.get("status") in RETRYABLE and action is not None else fatal).append(action or detail)
            if fatal:
                raise StoreError(f"Elasticsearch refused {len(fatal)} document(s); first: {fatal[0]}")
            pending = retry
            if pending:
                time.sleep(0.5 * 2**attempt)
        if pending:
            raise StoreError(f"Elasticsearch kept refusing {len(pending)} document(s) after {attempts} attempts (overloaded?)")
        return written

    def _save(self, name: str, records: Iterable[Record], extra=lambda r: {}, keep_known: bool = False) -> SaveCounts:
        docs = []
        for record in records:
            doc = record.model_dump(mode="json")
            if keep_known:
                doc = {key: value for key, value in doc.items() if value is not None}
            doc["content_hash"] = content_hash(doc)
            docs.append((record, doc))
        if not docs:
            return SaveCounts(0, 0, 0)
        found = self.es.mget(index=self.index(name), ids=[r.id for r, _ in docs], source_includes=["content_hash"])["docs"]
        existing = {d["_id"]: d["_source"]["content_hash"] for d in found if d.get("found")}
        changed = [(r, {**d, **extra(r)}) for r, d in docs if existing.get(r.id) != d["content_hash"]]
        self._bulk({"_op_type": "update", "_index": self.index(name), "_id": r.id, "doc": d, "doc_as_upsert": True} for r, d in changed)
        inserted = sum(1 for r, _ in docs if r.id not in existing)
        return SaveCounts(inserted=inserted, updated=len(changed) - inserted, unchanged=len(docs) - len(changed))

    def save_posts(self, posts: Iterable[Post]) -> SaveCounts:
        posts = list(posts)
        followers = {a.id: a.followers for a in self.load_authors({p.author_id for p in posts if p.author_id}).values()}

        def search_fields(post: Post) -> dict[str, Any]:
            # The embedded index's own derivation, so both backends search the same fields the same way;
            # the record's fields are already in the document.
            document = to_document(post, {"followers": followers.get(post.author_id)})
            fields = {_ES_NAMES.get(name, name): value for name, value in document.items() if name not in _RECORD_FIELDS or name in _ES_NAMES}
            # A partial update keeps what it is not given: cleared values must be written as cleared.
            return {"language": None, "stars": None, "followers": None, "author": [], "site": [], "hashtag": [], "handle": [], **fields}

        return self._save("posts", posts, search_fields)

    def save_authors(self, authors: Iterable[Author]) -> SaveCounts:
        # A partial update: an author seen again in a shorter form keeps what a full profile told us.
        return self._save("authors", authors, keep_known=True)

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
            strong = [s for s in analysis.signals if s.kind != "sentiment" and s.score >= 0.5]
            facets = {
                "brand": sorted({m.brand_id for m in analysis.mentions}),
                "signal": sorted({s.kind for s in strong}),
                "talent": sorted({s.subject_id for s in strong if s.kind == "talent_endorsement" and s.subject_id}),
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
                        "params": {"facets": facets, "watch": analysis.watch, "text_field": text_field_for(analysis.lang), "text_fields": list(LANGUAGE_FIELDS)},
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

    def save_relations(self, relations: Iterable[Relation]) -> int:
        relations = list(relations)
        self._bulk({"_index": self.index("relations"), "_id": r.id, "_source": r.model_dump(mode="json")} for r in relations)
        return len(relations)

    def iter_relations(self, batch_size: int = 5000) -> Iterator[list[Relation]]:
        batch: list[Relation] = []
        for source in self._sources("relations", {"match_all": {}}, sort=[{"id": "asc"}]):
            batch.append(self._record(Relation, source))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

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
        tree = parse_query(request.query)
        body = search_body(request, tree)
        response = self.es.search(index=self.index("posts"), **body)
        raw_hits = response["hits"]["hits"]
        hits = tuple(
            SearchHit(
                post=post,
                score=float(hit.get("_score") or 0.0),
                brands=tuple(hit["_source"].get("brand") or ()),
                highlights=highlight(tree, post.full_text, hit["_source"].get("language")),
            )
            for hit in raw_hits
            for post in (self._record(Post, hit["_source"]),)
        )
        counts, histogram, top = aggregations.read(response.get("aggregations") or {})
        total = response["hits"]["total"]["value"]
        if request.sort == "date":
            next_cursor = cursors.encode({"sort": "date", "key": raw_hits[-1]["sort"][0]}) if len(raw_hits) == request.limit else None
        else:
            offset = body.get("from", 0) + len(raw_hits)
            next_cursor = cursors.encode({"sort": "relevance", "offset": offset}) if raw_hits and offset < total else None
        significant = self._significant(body["query"], tree) if request.significant and total else ()
        return SearchResult(total=total, hits=hits, counts=counts, histogram=tuple(histogram), top_authors=top, significant_terms=significant, next_cursor=next_cursor)

    def _significant(self, query: dict[str, Any], tree: Node) -> tuple[dict, ...]:
        foreground = self.es.search(index=self.index("posts"), query=query, size=FOREGROUND_POSTS, source_includes=["kind", "title", "text"])["hits"]["hits"]
        texts = [Post.model_construct(kind=h["_source"].get("kind", "post"), title=h["_source"].get("title"), text=h["_source"].get("text", "")).full_text for h in foreground]
        def background(words: list[str]) -> dict[str, int]:
            if not words:
                return {}
            searches = []
            for word in words:
                searches += [{"index": self.index("posts")}, {"size": 0, "track_total_hits": True, "query": {"term": {PLAIN_FIELD: word}}}]
            responses = self.es.msearch(searches=searches)["responses"]
            return {word: r["hits"]["total"]["value"] for word, r in zip(words, responses)}

        return significant_terms(texts, background, self.count_posts(), query_words(tree))

    def load_crawl_state(self, key: str) -> dict[str, str | None]:
        found = self.es.options(ignore_status=404).get(index=self.index("crawl_state"), id=key)
        return {k: v for k, v in found.get("_source", {}).items() if k not in {"updated_at", "key"}} if found.get("found") else {}

    def load_crawl_states(self, prefix: str) -> dict[str, dict[str, str | None]]:
        found = self._sources("crawl_state", {"prefix": {"key": prefix}})
        return {source["key"]: {k: source.get(k) for k in ("etag", "last_modified", "cursor")} for source in found}

    def save_crawl_state(self, key: str, etag: str | None = None, last_modified: str | None = None, cursor: str | None = None) -> None:
        values = {k: v for k, v in {"etag": etag, "last_modified": last_modified, "cursor": cursor}.items() if v is not None}
        self.es.update(index=self.index("crawl_state"), id=key, doc={**values, "key": key, "updated_at": utc_now().isoformat()}, doc_as_upsert=True, refresh="wait_for")

    def sync_index(self, wait: float = 30.0) -> int:
        return 0  # Elasticsearch indexes on write: nothing is ever pending.

    def reindex(self) -> int:
        """Copy the posts into a fresh index with the current mappings, then swap the alias atomically."""
        alias = self.index("posts")
        old = list(self.es.indices.get_alias(name=alias))
        new = self._create_posts_index()
        self.es.reindex(source={"index": alias}, dest={"index": new}, wait_for_completion=True, refresh=True)
        self.es.indices.update_aliases(actions=[*({"remove": {"index": index, "alias": alias}} for index in old), {"add": {"index": new, "alias": alias}}])
        for index in old:
            self.es.indices.delete(index=index)
        return self.count_posts()

    def close(self) -> None:
        self.es.close()


__all__ = ["ElasticsearchStore", "index_template", "search_body", "to_es_query"]
