"""The search half of the embedded store: a tantivy index derived from SQLite, rebuildable at will.

Each post's text goes into the field of its language (French or English stemming,
accents folded, or folded only for other languages), and also into a folded unstemmed
field (wildcards) and an as-written field (raw:). Keyword fields carry the analysis
facets; numeric fields the rating, the author's followers, engagement and a date key.
A NEAR between words is phrase queries of the index; one with a phrase or wildcard
side is answered in two steps: the index finds candidates (restricted by everything
the query requires besides), then their word positions decide.
"""

from __future__ import annotations

import shutil
import time
from collections import OrderedDict
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import tantivy
from tantivy import Occur, Query

from index import aggregations
from index import cursor as cursors
from index.aggregations import FACETS, author_spec, facet_spec
from index.analysis import ANALYZERS, LANGUAGE_FIELDS, PLAIN_FIELD, RAW_FIELD
from index.proximity import TextPositions, near_matches, wildcard_regex
from index.query import And, Field, MatchAll, Near, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard, has_near, parse_query
from index.significant import FOREGROUND_POSTS, query_words, significant_terms
from index.store import SearchRequest
from portevoix.errors import QueryError, StoreError

# Bump when the schema or analyzers change: an index of another version is rebuilt from SQLite.
INDEX_VERSION = "7"
KEYWORDS = (*FACETS, "author", "author_id", "site", "url", "hashtag", "handle", "talent")
FAST_KEYWORDS = (*FACETS, "author_id")  # counted by the aggregations
NEAR_CANDIDATES = 20_000  # posts whose words are checked for one NEAR (more is refused)
NATIVE_NEAR_PHRASES = 300  # phrase queries one NEAR of words may become in the index (a bigger one is checked on texts)
INDEXED_TEXT_FIELDS = (*LANGUAGE_FIELDS, PLAIN_FIELD, RAW_FIELD)
WRITER_HEAP = 256_000_000  # indexing memory per writer thread; a full heap becomes a segment (less is more merging)
AGGREGATION_CACHE_SIZE = 256
ENGAGED_AUTHORS = 100  # authors summed by engagement (at least TOP_AUTHORS), among whom the top posters usually are
AGGREGATION_TTL = 30.0
_AGGREGATION_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="aggregate")
LoadTexts = Callable[[list[str]], dict[str, tuple[str, str | None]]]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Only the id is read back from a hit; only what aggregations count or sort by is a fast (columnar) field:
    # each column is work for every document indexed.
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in INDEXED_TEXT_FIELDS:
        # Wildcards only ask which posts hold a word (NEAR positions are checked on the text, a wildcard's score
        # is constant): neither positions nor frequencies there.
        builder.add_text_field(name, tokenizer_name=name, index_option="basic" if name == PLAIN_FIELD else "position")
    for name in KEYWORDS:
        # A keyword is one token: its frequency is always 1 and it has no neighbours.
        builder.add_text_field(name, tokenizer_name="raw", fast=name in FAST_KEYWORDS, index_option="basic")
    # Numbers and dates are ranges and sorts, which tantivy answers from their columns: they need no postings
    # (their postings cost a seventh of the indexing time).
    builder.add_date_field("published_at", fast=True, indexed=False)
    builder.add_unsigned_field("date_key", fast=True, indexed=False)
    builder.add_float_field("rating", fast=True, indexed=False)
    builder.add_unsigned_field("followers", fast=True, indexed=False)
    builder.add_unsigned_field("engagement", fast=True, indexed=False)
    return builder.build()


def _single_words(node: Node) -> list[str] | None:
    """The texts of a NEAR side made of words only (a word, or an OR of words), else None."""
    match node:
        case Term(text):
            return [text]
        case Or(items) if all(isinstance(item, Term) for item in items):
            return [item.text for item in items]
    return None


def _word_forms(field_name: str, texts: list[str]) -> set[str] | None:
    """Each text's one indexed form in a field (a text the analyzer drops has none), None if one has several."""
    forms = set()
    for text in texts:
        analysed = ANALYZERS[field_name].analyze(text)
        if len(analysed) > 1:
            return None
        forms.update(analysed)
    return forms


@dataclass
class RawResult:
    total: int
    ranked: list[tuple[str, float]]
    counts: dict[str, dict[str, int]]
    histogram: list[tuple[str, int]]
    top_authors: dict[str, list[dict]]
    significant: tuple[dict, ...] = ()
    next_cursor: str | None = None
    query: Node = field(default_factory=MatchAll)


class IndexWriting:
    """Documents going into the index through one writer (see `TantivySearch.writing`)."""

    def __init__(self, search: "TantivySearch", writer):
        self.search = search
        self.writer = writer

    def add(self, documents: Iterable[dict[str, Any] | str], delete_ids: Iterable[str] = ()) -> int:
        """Queue deletions of these posts' old documents and the new documents (dicts, or JSON text from
        `index.documents.document_json`); returns documents added. tantivy indexes on its own threads
        meanwhile, without the GIL."""
        for post_id in delete_ids:
            self.writer.delete_documents_by_term("id", post_id)
        schema, add, add_json = self.search.schema, self.writer.add_document, self.writer.add_json
        written = 0
        for document in documents:
            if isinstance(document, str):
                add_json(document)
            else:
                add(tantivy.Document.from_dict(document, schema))
            written += 1
        return written

    def clear(self) -> None:
        """Queue the deletion of every document."""
        self.writer.delete_all_documents()

    def commit(self) -> None:
        """Make everything added so far durable and searchable."""
        self.writer.commit()
        self.search.reload_after_write()


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
        self.generation = 0  # bumped by every write: cached aggregations of an older index are never used
        self.cache_aggregations = True
        self._aggregation_cache: OrderedDict = OrderedDict()

    def write(self, documents: Iterable[dict[str, Any]], delete_ids: Iterable[str] = (), clear: bool = False, threads: int = 1, wait: float = 30.0) -> int:
        """Replace the given posts' documents (or everything, with `clear`) in one commit; returns documents
        written. Another process writing the index is waited for, up to `wait` seconds."""
        with self.writing(threads, wait) as writing:
            if clear:
                writing.clear()
            written = writing.add(documents, delete_ids)
            writing.commit()
        return written

    @contextmanager
    def writing(self, threads: int = 1, wait: float = 30.0) -> Iterator["IndexWriting"]:
        """One tantivy writer for several commits (each batch searchable once committed); what is not
        committed when the block fails is rolled back. Waits up to `wait` seconds for another process."""
        deadline = time.monotonic() + wait
        while True:
            try:
                writer = self.index.writer(heap_size=WRITER_HEAP * threads, num_threads=threads)
                break
            except ValueError as error:
                if time.monotonic() >= deadline:
                    raise StoreError(f"{self.path}: the search index is being written by another process ({error})") from None
                time.sleep(0.2)
        writing = IndexWriting(self, writer)
        try:
            yield writing
            writer.wait_merging_threads()  # the writer's merges end with it: fewer segments for searches
            self.index.reload()
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()  # ends the writer now, so its lock goes with it (not at garbage collection)
            raise

    def reload_after_write(self) -> None:
        """See the last commit, and forget aggregations computed before it."""
        self.index.reload()
        self.generation += 1
        self._aggregation_cache.clear()

    def num_docs(self, fresh: bool = False) -> int:
        """Documents in the index; `fresh`: as last committed by any process, not as this one last saw."""
        if fresh:
            self.index.reload()
        return self.index.searcher().num_docs

    # searching

    def search(self, request: SearchRequest, load_texts: LoadTexts) -> RawResult:
        """Total, the page of (post id, score), counts per facet, the histogram and top authors."""
        tree = parse_query(request.query)
        searcher = self.index.searcher()
        filters = self._filters(request)
        near_ids: dict[Near, set[str]] = {}
        for node, context in self._near_contexts(tree, []):
            # One NEAR may stand in several places, each restricting it differently: all the posts found hold it.
            near_ids.setdefault(node, set()).update(self._resolve_near(node, [*filters, *context], searcher, load_texts))
        query = Query.boolean_query([(Occur.Must, self._compile(tree, near_ids)), *((Occur.Must, f) for f in filters)])
        position = cursors.decode(request.cursor, request.sort)
        # Aggregations start first, on their threads, and run while this thread finds the page of hits.
        aggregated = self._start_aggregations(searcher, query, request, tree) if request.aggregations else None
        if request.sort == "date":
            paged = query
            if "key" in position:
                before = Query.range_query(self.schema, "date_key", tantivy.FieldType.Unsigned, None, int(position["key"]), include_upper=False)
                paged = Query.boolean_query([(Occur.Must, query), (Occur.Must, before)])
            result = searcher.search(paged, request.limit, count=True, order_by_field="date_key")
            total = searcher.search(query, 1, count=True).count if "key" in position else result.count
            ranked = [(searcher.doc(address)["id"][0], 0.0, key) for key, address in result.hits]
            next_cursor = cursors.encode({"sort": "date", "key": ranked[-1][2]}) if len(ranked) == request.limit else None
        else:
            offset = cursors.relevance_offset(position, request.limit)
            result = searcher.search(query, request.limit, count=True, offset=offset)
            total = result.count
            ranked = [(searcher.doc(address)["id"][0], float(score), 0) for score, address in result.hits]
            more = offset + len(ranked) < total
            next_cursor = cursors.encode({"sort": "relevance", "offset": offset + len(ranked)}) if more and ranked else None
        if aggregated is not None:
            counts, histogram, top_authors = aggregated()
        else:
            counts, histogram, top_authors = {f: {} for f in FACETS}, [], {"posts": [], "engagement": []}
        significant = self._significant(searcher, query, tree, load_texts) if request.significant and total else ()
        return RawResult(total, [(pid, score) for pid, score, _ in ranked], counts, histogram, top_authors, significant, next_cursor, tree)

    def _filters(self, request: SearchRequest) -> list[Query]:
        filters = []
        for name, values in (("brand", request.brands), ("lang", request.langs), ("platform", request.platforms), ("signal", request.signals)):
            if values:
                filters.append(Query.term_set_query(self.schema, name, list(values)))
        if request.since or request.until:
            filters.append(Query.range_query(self.schema, "published_at", tantivy.FieldType.Date, request.since, request.until))
        return filters

    def _start_aggregations(self, searcher, query: Query, request: SearchRequest, tree: Node) -> Callable[[], tuple]:
        """Starts the request's aggregations and returns the call that waits for them: counts, histogram
        and top authors. Dashboards ask the same aggregations again and again (each refresh, each page of
        hits): like Elasticsearch's request cache, they are kept until the index changes, or for
        AGGREGATION_TTL seconds, since another process may write the index."""
        key = (self.generation, repr(tree), request.brands, request.langs, request.platforms, request.signals, request.since, request.until, request.interval)
        now = time.monotonic()
        cached = self._aggregation_cache.get(key)
        if cached and cached[0] > now and self.cache_aggregations:
            self._aggregation_cache.move_to_end(key)
            return lambda: cached[1]
        # tantivy aggregates on one thread and lets go of the GIL: the facets and the authors on two threads.
        facets = _AGGREGATION_THREADS.submit(searcher.aggregate, query, facet_spec(request.interval))
        authors = _AGGREGATION_THREADS.submit(self._top_authors, searcher, query)

        def finish() -> tuple:
            value = aggregations.read({**facets.result(), **authors.result()})
            if self.cache_aggregations:
                self._aggregation_cache[key] = (now + AGGREGATION_TTL, value)
                while len(self._aggregation_cache) > AGGREGATION_CACHE_SIZE:
                    self._aggregation_cache.popitem(last=False)
            return value

        return finish

    def _top_authors(self, searcher, query: Query) -> dict[str, Any]:
        """Top authors by posts and by engagement. Summing engagement in every author's bucket twice is
        most of the cost, so it is summed once, for the ENGAGED_AUTHORS most engaging authors: the top
        posters' sums are read there, and only those missing are summed over their own posts."""
        raw = searcher.aggregate(query, author_spec(poster_engagement=False, engagement_size=ENGAGED_AUTHORS))
        sums = aggregations.engagement_sums(raw, "by_engagement")
        missing = [bucket["key"] for bucket in raw.get("by_posts", {}).get("buckets", []) if bucket["key"] not in sums]
        if missing:
            theirs = Query.boolean_query([(Occur.Must, query), (Occur.Must, Query.term_set_query(self.schema, "author_id", missing))])
            sums.update(aggregations.engagement_sums(searcher.aggregate(theirs, aggregations.poster_engagement_spec(missing)), "engaged"))
        return aggregations.add_poster_engagement(raw, sums)

    def _significant(self, searcher, query: Query, tree: Node, load_texts: LoadTexts) -> tuple[dict, ...]:
        hits = searcher.search(query, FOREGROUND_POSTS, count=False).hits
        ids = [searcher.doc(address)["id"][0] for _, address in hits]
        texts = load_texts(ids)
        def background(words: list[str]) -> dict[str, int]:
            return {word: searcher.doc_freq(PLAIN_FIELD, word) for word in words}

        return significant_terms((text for text, _ in texts.values()), background, searcher.num_docs, query_words(tree))

    # compiling the query language

    def _near_contexts(self, node: Node, context: list[Query]) -> Iterable[tuple[Near, list[Query]]]:
        """Each NEAR with what the query requires of its posts besides: its positive AND-siblings at every
        level above it. Restricting its candidates to them changes nothing in the answer (S ∩ f(N) = S ∩ f(N ∩ S)
        through AND, OR and NOT) and keeps the candidates few."""
        match node:
            case Near():
                if self._native_near(node) is None:
                    yield node, context
            case And(items):
                required = [(item, self._compile(item, {})) for item in items if not isinstance(item, Not) and not has_near(item)]
                for item in items:
                    siblings = [query for other, query in required if other is not item]
                    yield from self._near_contexts(item, [*context, *siblings])
            case Or(items):
                for item in items:
                    yield from self._near_contexts(item, context)
            case Not(item):
                yield from self._near_contexts(item, context)

    def _resolve_near(self, near: Near, restrictions: list[Query], searcher, load_texts: LoadTexts) -> list[str]:
        """The ids of posts where `near` holds: the index gives candidates, their word positions decide."""
        needed = [self._compile(near.left, {}), self._compile(near.right, {}), *restrictions]
        candidates = Query.boolean_query([(Occur.Must, q) for q in needed])
        found = searcher.search(candidates, NEAR_CANDIDATES + 1, count=True)
        if found.count > NEAR_CANDIDATES:
            raise QueryError(f"a NEAR matches too many posts ({found.count:,}, at most {NEAR_CANDIDATES:,} are checked): add words or filters")
        ids = [searcher.doc(address)["id"][0] for _, address in found.hits]
        texts = load_texts(ids)
        return [pid for pid in ids if pid in texts and near_matches(near, TextPositions(*texts[pid]))]

    def _compile(self, node: Node, near_ids: dict[Near, set[str]]) -> Query:
        match node:
            case MatchAll():
                return Query.all_query()
            case Term(text) | Phrase(text):
                return self._text_query(text, getattr(node, "slop", 0))
            case Wildcard(pattern):
                return Query.regex_query(self.schema, PLAIN_FIELD, wildcard_regex(pattern).pattern)
            case Field(name, value):
                return self._keyword_query(name, value)
            case Range():
                return self._range_query(node)
            case Raw(text):
                return self._field_text_query(RAW_FIELD, text, 0) or Query.empty_query()
            case Near():
                native = self._native_near(node)
                if native is not None:
                    return native
                ids = near_ids.get(node)
                return Query.term_set_query(self.schema, "id", sorted(ids)) if ids else Query.empty_query()
            case And(items):
                positives = [self._compile(item, near_ids) for item in items if not isinstance(item, Not)] or [Query.all_query()]
                negatives = [self._compile(item.item, near_ids) for item in items if isinstance(item, Not)]
                return Query.boolean_query([(Occur.Must, q) for q in positives] + [(Occur.MustNot, q) for q in negatives])
            case Or(items):
                return Query.boolean_query([(Occur.Should, self._compile(item, near_ids)) for item in items])
            case Not(item):
                return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self._compile(item, near_ids))])
        raise TypeError(f"unknown query node {node!r}")

    def _native_near(self, near: Near) -> Query | None:
        """A NEAR between words (or OR groups of words) as the index's own phrase queries, or None when the
        words of its posts must be checked (a side of several words, one word on both sides, too many pairs).
        tantivy's slop lets a phrase's words swap places at a cost of two (as Lucene's does), so "a b" within
        N is not "a first"; but "a b" or "b a", each within N, is exactly "at most N words between a and b, in
        any order". Ordered, "a" then "b" at each gap from 0 to N, at fixed offsets."""
        lefts, rights = _single_words(near.left), _single_words(near.right)
        per_pair = near.distance + 1 if near.ordered else 2
        if not lefts or not rights or len(lefts) * len(rights) * per_pair * len(LANGUAGE_FIELDS) > NATIVE_NEAR_PHRASES:
            return None
        phrases = []
        for name in LANGUAGE_FIELDS:
            left_forms, right_forms = _word_forms(name, lefts), _word_forms(name, rights)
            if left_forms is None or right_forms is None or left_forms & right_forms:
                return None
            for left in sorted(left_forms):
                for right in sorted(right_forms):
                    if near.ordered:
                        phrases += [Query.phrase_query(self.schema, name, [(0, left), (gap + 1, right)]) for gap in range(near.distance + 1)]
                    else:
                        phrases += [Query.phrase_query(self.schema, name, words, slop=near.distance) for words in ([left, right], [right, left])]
        return Query.boolean_query([(Occur.Should, q) for q in phrases]) if phrases else Query.empty_query()

    def _field_text_query(self, name: str, text: str, slop: int) -> Query | None:
        words = ANALYZERS[name].analyze(text)
        if len(words) == 1:
            return Query.term_query(self.schema, name, words[0])
        if words:
            return Query.phrase_query(self.schema, name, words, slop=slop)
        return None

    def _text_query(self, text: str, slop: int = 0) -> Query:
        per_field = [(Occur.Should, q) for name in LANGUAGE_FIELDS if (q := self._field_text_query(name, text, slop)) is not None]
        return Query.boolean_query(per_field) if per_field else Query.empty_query()

    def _keyword_query(self, name: str, value: str) -> Query:
        if "*" in value or "?" in value:
            return Query.regex_query(self.schema, name, wildcard_regex(value).pattern)
        return Query.term_query(self.schema, name, value)

    def _range_query(self, node: Range) -> Query:
        kind, name = {"rating": (tantivy.FieldType.Float, "rating"), "followers": (tantivy.FieldType.Unsigned, "followers"), "date": (tantivy.FieldType.Date, "published_at")}[node.name]
        low, high = node.low, node.high
        if kind is tantivy.FieldType.Unsigned:
            low = max(int(low), 0) if low is not None else None
            high = int(high) if high is not None else None
            if high is not None and high < 0:
                return Query.empty_query()
        elif kind is tantivy.FieldType.Float:
            low = float(low) if low is not None else None
            high = float(high) if high is not None else None
        return Query.range_query(self.schema, name, kind, low, high, include_lower=node.include_low, include_upper=node.include_high)
