"""Records in one SQLite file (WAL): versioned schema, idempotent upserts, one table per record."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from pydantic import BaseModel

from index.store import PostAnalysis, SaveCounts
from portevoix.errors import StoreError
from portevoix.models import Author, Mention, Post, Ranking, Record, Relation, Run, Signal, full_text

R = TypeVar("R", bound=Record)

# Each entry migrates the schema from version i to i + 1; never edit a shipped one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE posts (
        id TEXT PRIMARY KEY, platform TEXT NOT NULL, url TEXT, kind TEXT NOT NULL,
        author_id TEXT, published_at TEXT, fetched_at TEXT NOT NULL, lang TEXT, title TEXT,
        text TEXT NOT NULL, parent_id TEXT, quote_id TEXT, hashtags TEXT, mentions TEXT,
        links TEXT, metrics TEXT, rating REAL, rating_max REAL, product TEXT, raw TEXT,
        content_hash TEXT NOT NULL,
        -- The search index is derived: a post is (re)indexed while index_rev > indexed_rev,
        -- so a crash between SQLite and the index is repaired by the next sync.
        index_rev INTEGER NOT NULL DEFAULT 1, indexed_rev INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX posts_author ON posts(author_id);
    CREATE INDEX posts_published ON posts(published_at);
    CREATE INDEX posts_pending_index ON posts(id) WHERE index_rev > indexed_rev;
    CREATE TABLE authors (
        id TEXT PRIMARY KEY, platform TEXT NOT NULL, handle TEXT NOT NULL, display_name TEXT,
        profile_url TEXT, followers INTEGER, following INTEGER, post_count INTEGER, bio TEXT,
        verified INTEGER NOT NULL, fetched_at TEXT NOT NULL, content_hash TEXT NOT NULL
    );
    CREATE TABLE analyses (
        post_id TEXT NOT NULL, watch TEXT NOT NULL, lang TEXT, analyzed_at TEXT NOT NULL,
        component TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (post_id, watch)
    );
    CREATE TABLE mentions (
        id TEXT PRIMARY KEY, watch TEXT NOT NULL, post_id TEXT NOT NULL, brand_id TEXT NOT NULL,
        surface TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, method TEXT NOT NULL,
        confidence REAL NOT NULL, component TEXT NOT NULL, version TEXT NOT NULL
    );
    CREATE INDEX mentions_watch_brand ON mentions(watch, brand_id);
    CREATE INDEX mentions_post ON mentions(post_id);
    CREATE TABLE signals (
        id TEXT PRIMARY KEY, watch TEXT NOT NULL, post_id TEXT NOT NULL, subject_id TEXT,
        kind TEXT NOT NULL, score REAL NOT NULL, label TEXT, evidence_start INTEGER,
        evidence_end INTEGER, evidence TEXT, detector TEXT NOT NULL, version TEXT NOT NULL
    );
    CREATE INDEX signals_watch_post ON signals(watch, post_id);
    CREATE INDEX signals_post ON signals(post_id);
    CREATE TABLE rankings (
        id TEXT PRIMARY KEY, run_id TEXT NOT NULL, watch TEXT NOT NULL, role TEXT NOT NULL,
        subject_id TEXT NOT NULL, author_id TEXT NOT NULL, rank INTEGER NOT NULL, score REAL NOT NULL,
        parts TEXT NOT NULL, evidence_post_ids TEXT NOT NULL, post_count INTEGER NOT NULL,
        first_seen TEXT, last_seen TEXT, component TEXT NOT NULL, version TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX rankings_lookup ON rankings(watch, role, subject_id, run_id);
    CREATE TABLE runs (
        id TEXT PRIMARY KEY, watch TEXT, stage TEXT NOT NULL, started_at TEXT NOT NULL,
        finished_at TEXT, status TEXT NOT NULL, counts TEXT NOT NULL, errors TEXT NOT NULL, message TEXT
    );
    CREATE INDEX runs_watch_stage ON runs(watch, stage, started_at);
    """,
    """
    -- What a crawler remembers between runs, per fetched URL or source: HTTP validators and cursors.
    CREATE TABLE crawl_state (
        key TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, cursor TEXT, updated_at TEXT NOT NULL
    );
    """,
    """
    -- Interactions that are not posts (reposts, boosts), and the community of each ranked author.
    CREATE TABLE relations (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, platform TEXT NOT NULL, author_id TEXT NOT NULL,
        post_id TEXT NOT NULL, target_author_id TEXT, "at" TEXT, fetched_at TEXT NOT NULL
    );
    CREATE INDEX relations_post ON relations(post_id);
    ALTER TABLE rankings ADD COLUMN community INTEGER;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_KEEP_KNOWN = {"authors": {"display_name", "profile_url", "followers", "following", "post_count", "bio"}}
_JSON_FIELDS = {"hashtags", "mentions", "links", "metrics", "raw", "parts", "evidence_post_ids", "counts", "errors"}
# Fields that change on every fetch without the content changing: kept out of the content hash.
_VOLATILE_FIELDS = {"fetched_at"}


def _columns(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def to_row(record: Record) -> dict[str, Any]:
    """A record as SQLite column values (JSON for nested fields, ISO 8601 for datetimes)."""
    data = record.model_dump(mode="json")
    return {key: json.dumps(value, ensure_ascii=False, sort_keys=True) if key in _JSON_FIELDS and value is not None else value for key, value in data.items()}


def from_row(model: type[R], row: sqlite3.Row) -> R:
    """The record a SQLite row holds."""
    data = {key: row[key] for key in _columns(model)}
    for key in _JSON_FIELDS & data.keys():
        if data[key] is not None:
            data[key] = json.loads(data[key])
    return model.model_validate(data)


def content_hash(row: dict[str, Any]) -> str:
    from portevoix.models import stable_hash

    stable = {key: value for key, value in row.items() if key not in _VOLATILE_FIELDS}
    return stable_hash(json.dumps(stable, sort_keys=True, default=str), length=40)


class SqliteRecords:
    """The records half of the embedded store. Safe to share between threads; one file per data folder."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self._use_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            # A 64 MiB page cache and a memory map keep large scans (reindexing) off the disk.
            self.db.execute("PRAGMA cache_size=-65536")
            self.db.execute("PRAGMA mmap_size=1073741824")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the store ({error})") from None

    def _use_wal(self) -> None:
        # Switching to WAL does not wait for other connections the way queries do: several processes
        # opening a new store at once (distributed crawlers) retry briefly instead of failing.
        for attempt in range(50):
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.1)

    def _migrate(self) -> None:
        with self._lock:
            while True:
                # The version is read inside the write lock: processes opening a new store at once migrate it once.
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    version = self.db.execute("PRAGMA user_version").fetchone()[0]
                    if version > SCHEMA_VERSION:
                        raise StoreError(f"{self.path}: schema version {version} is newer than this Porte-voix ({SCHEMA_VERSION}); upgrade Porte-voix")
                    if version == SCHEMA_VERSION:
                        self.db.execute("COMMIT")
                        return
                    for statement in _statements(MIGRATIONS[version]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise

    def transaction(self):
        return _Transaction(self)

    # posts and authors

    def save_posts(self, posts: Iterable[Post]) -> SaveCounts:
        return self._upsert("posts", posts, bump_index=True)

    def save_authors(self, authors: Iterable[Author]) -> SaveCounts:
        return self._upsert("authors", authors, bump_index=False)

    def _upsert(self, table: str, records: Iterable[Record], bump_index: bool) -> SaveCounts:
        rows = []
        for record in records:
            row = to_row(record)
            row["content_hash"] = content_hash(row)
            rows.append(row)
        if not rows:
            return SaveCounts(0, 0, 0)
        columns = list(rows[0])
        quoted = ", ".join(f'"{c}"' for c in columns)
        placeholders = ", ".join(f":{c}" for c in columns)
        # An author seen again in a shorter form (embedded in a post) keeps what a full profile told us.
        keep = _KEEP_KNOWN.get(table, set())
        updates = ", ".join(f'"{c}" = coalesce(excluded."{c}", {table}."{c}")' if c in keep else f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        if bump_index:
            updates += ", index_rev = posts.index_rev + 1"
        # Unchanged content only refreshes fetched_at: a re-crawl neither duplicates nor re-indexes.
        sql = (
            f"INSERT INTO {table} ({quoted}) VALUES ({placeholders}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE {table}.content_hash != excluded.content_hash"
        )
        with self.transaction():
            ids = [row["id"] for row in rows]
            existing = {r[0]: r[1] for r in self._select_in(f"SELECT id, content_hash FROM {table} WHERE id IN ({{}})", ids)}
            self.db.executemany(sql, rows)
            touch = [(row["fetched_at"], row["id"]) for row in rows if row["id"] in existing and existing[row["id"]] == row["content_hash"]]
            self.db.executemany(f"UPDATE {table} SET fetched_at = ? WHERE id = ?", touch)
        inserted = sum(1 for row in rows if row["id"] not in existing)
        unchanged = len(touch)
        return SaveCounts(inserted=inserted, updated=len(rows) - inserted - unchanged, unchanged=unchanged)

    def _select_in(self, sql: str, values: list[str], chunk: int = 500) -> Iterator[sqlite3.Row]:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            yield from self.db.execute(sql.format(", ".join("?" * len(part))), part)

    def load_post(self, post_id: str) -> Post | None:
        return self.load_posts([post_id]).get(post_id)

    def load_posts(self, post_ids: Iterable[str]) -> dict[str, Post]:
        with self._lock:
            return {row["id"]: from_row(Post, row) for row in self._select_in("SELECT * FROM posts WHERE id IN ({})", list(post_ids))}

    def iter_posts(self, unanalyzed_for: str | None = None, batch_size: int = 1000) -> Iterator[list[Post]]:
        last_id = ""
        while True:
            with self._lock:
                if unanalyzed_for is None:
                    rows = self.db.execute("SELECT * FROM posts WHERE id > ? ORDER BY id LIMIT ?", (last_id, batch_size)).fetchall()
                else:
                    rows = self.db.execute(
                        "SELECT * FROM posts p WHERE p.id > ? AND NOT EXISTS "
                        "(SELECT 1 FROM analyses a WHERE a.post_id = p.id AND a.watch = ?) ORDER BY p.id LIMIT ?",
                        (last_id, unanalyzed_for, batch_size),
                    ).fetchall()
            if not rows:
                return
            last_id = rows[-1]["id"]
            yield [from_row(Post, row) for row in rows]

    def count_posts(self) -> int:
        with self._lock:
            return self.db.execute("SELECT count(*) FROM posts").fetchone()[0]

    def load_authors(self, author_ids: Iterable[str]) -> dict[str, Author]:
        with self._lock:
            return {row["id"]: from_row(Author, row) for row in self._select_in("SELECT * FROM authors WHERE id IN ({})", list(author_ids))}

    # analysis

    def save_analyses(self, analyses: Iterable[PostAnalysis]) -> int:
        from portevoix.models import utc_now

        analyses = list(analyses)
        now = utc_now().isoformat()
        with self.transaction():
            for analysis in analyses:
                key = (analysis.post_id, analysis.watch)
                self.db.execute("DELETE FROM mentions WHERE post_id = ? AND watch = ?", key)
                self.db.execute("DELETE FROM signals WHERE post_id = ? AND watch = ?", key)
                self._insert_many("mentions", analysis.mentions)
                self._insert_many("signals", analysis.signals)
                self.db.execute(
                    "INSERT OR REPLACE INTO analyses (post_id, watch, lang, analyzed_at, component, version) VALUES (?, ?, ?, ?, ?, ?)",
                    (*key, analysis.lang, now, analysis.component, analysis.version),
                )
                self.db.execute("UPDATE posts SET index_rev = index_rev + 1 WHERE id = ?", (analysis.post_id,))
        return len(analyses)

    def _insert_many(self, table: str, records: Iterable[Record]) -> None:
        rows = [to_row(record) for record in records]
        if rows:
            columns = list(rows[0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            placeholders = ", ".join(f":{c}" for c in columns)
            self.db.executemany(f"INSERT OR REPLACE INTO {table} ({quoted}) VALUES ({placeholders})", rows)

    def load_mentions(self, watch: str, brand_ids: Iterable[str] | None = None) -> list[Mention]:
        with self._lock:
            if brand_ids is None:
                rows = self.db.execute("SELECT * FROM mentions WHERE watch = ? ORDER BY post_id, start", (watch,))
            else:
                ids = list(brand_ids)
                rows = self.db.execute(
                    f"SELECT * FROM mentions WHERE watch = ? AND brand_id IN ({', '.join('?' * len(ids))}) ORDER BY post_id, start", (watch, *ids)
                )
            return [from_row(Mention, row) for row in rows]

    def load_signals(self, watch: str, post_ids: Iterable[str] | None = None) -> list[Signal]:
        with self._lock:
            if post_ids is None:
                rows = list(self.db.execute("SELECT * FROM signals WHERE watch = ? ORDER BY post_id, kind", (watch,)))
            else:
                rows = [row for row in self._select_in("SELECT * FROM signals WHERE post_id IN ({})", list(post_ids)) if row["watch"] == watch]
            return [from_row(Signal, row) for row in rows]

    def index_facets(self, post_ids: list[str]) -> dict[str, dict[str, Any]]:
        """For each post: brands mentioned, signals above threshold, talents endorsed, sentiment,
        detected language and the author's followers (keys absent when there is nothing)."""
        with self._lock:
            rows = list(self._select_in(f"SELECT {_FACET_COLUMNS} FROM posts p LEFT JOIN authors au ON au.id = p.author_id WHERE p.id IN ({{}})", post_ids))
        return {row["id"]: _facets(row) for row in rows}

    def load_texts(self, post_ids: list[str]) -> dict[str, tuple[str, str | None]]:
        """Each post's searchable text and language, without building whole records."""
        from portevoix.models import full_text

        with self._lock:
            rows = self._select_in(
                "SELECT p.id, p.kind, p.title, p.text, coalesce((SELECT a.lang FROM analyses a WHERE a.post_id = p.id AND a.lang IS NOT NULL LIMIT 1), p.lang) AS lang "
                "FROM posts p WHERE p.id IN ({})",
                post_ids,
            )
            return {row["id"]: (full_text(row["kind"], row["title"], row["text"]), row["lang"]) for row in rows}

    # relations

    def save_relations(self, relations: Iterable[Relation]) -> int:
        relations = list(relations)
        with self.transaction():
            self._insert_many("relations", relations)
        return len(relations)

    def iter_relations(self, batch_size: int = 5000) -> Iterator[list[Relation]]:
        last_id = ""
        while True:
            with self._lock:
                rows = self.db.execute("SELECT * FROM relations WHERE id > ? ORDER BY id LIMIT ?", (last_id, batch_size)).fetchall()
            if not rows:
                return
            last_id = rows[-1]["id"]
            yield [from_row(Relation, row) for row in rows]

    # rankings and runs

    def save_rankings(self, rankings: Iterable[Ranking]) -> int:
        rankings = list(rankings)
        with self.transaction():
            self._insert_many("rankings", rankings)
        return len(rankings)

    def load_rankings(self, watch: str, role: str, subject_id: str | None = None, run_id: str | None = None) -> list[Ranking]:
        with self._lock:
            if run_id is None:
                latest = self.db.execute(
                    "SELECT run_id FROM rankings WHERE watch = ? AND role = ? ORDER BY created_at DESC, run_id DESC LIMIT 1", (watch, role)
                ).fetchone()
                if latest is None:
                    return []
                run_id = latest[0]
            sql = "SELECT * FROM rankings WHERE watch = ? AND role = ? AND run_id = ?"
            params: list[Any] = [watch, role, run_id]
            if subject_id is not None:
                sql += " AND subject_id = ?"
                params.append(subject_id)
            rows = self.db.execute(sql + " ORDER BY subject_id, rank", params)
            return [from_row(Ranking, row) for row in rows]

    def save_run(self, run: Run) -> None:
        with self.transaction():
            self._insert_many("runs", [run])

    def load_runs(self, watch: str | None = None, stage: str | None = None, limit: int = 50) -> list[Run]:
        sql, params = "SELECT * FROM runs WHERE 1=1", []
        if watch is not None:
            sql, params = sql + " AND watch = ?", [*params, watch]
        if stage is not None:
            sql, params = sql + " AND stage = ?", [*params, stage]
        with self._lock:
            rows = self.db.execute(sql + " ORDER BY started_at DESC, id DESC LIMIT ?", (*params, limit))
            return [from_row(Run, row) for row in rows]

    # crawl state

    def load_crawl_state(self, key: str) -> dict[str, str | None]:
        with self._lock:
            row = self.db.execute("SELECT etag, last_modified, cursor FROM crawl_state WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else {}

    def load_crawl_states(self, prefix: str) -> dict[str, dict[str, str | None]]:
        """Every remembered state whose key starts with `prefix`, in one query."""
        with self._lock:
            rows = self.db.execute("SELECT key, etag, last_modified, cursor FROM crawl_state WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")).fetchall()
        return {row["key"]: {"etag": row["etag"], "last_modified": row["last_modified"], "cursor": row["cursor"]} for row in rows}

    def save_crawl_state(self, key: str, etag: str | None = None, last_modified: str | None = None, cursor: str | None = None) -> None:
        from portevoix.models import utc_now

        with self.transaction():
            self.db.execute(
                "INSERT INTO crawl_state (key, etag, last_modified, cursor, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET etag = coalesce(excluded.etag, etag), last_modified = coalesce(excluded.last_modified, last_modified), "
                "cursor = coalesce(excluded.cursor, cursor), updated_at = excluded.updated_at",
                (key, etag, last_modified, cursor, utc_now().isoformat()),
            )

    # the search index's bookkeeping

    def pending_index(self, limit: int, after: str = "") -> list[tuple["IndexedPost", dict[str, Any], int, bool]]:
        """Posts whose index entry is missing or stale, in id order from after `after`, each with its index
        facets (as `index_facets` gives them), the revision to acknowledge once indexed, and whether an
        older entry may be in the index; one statement, for speed. Paging by id lets the next page be read
        while this one is indexed."""
        with self._lock:
            return read_pending_index(self.db, limit, after)

    def count_pending_index(self) -> int:
        with self._lock:
            return self.db.execute("SELECT count(*) FROM posts WHERE index_rev > indexed_rev").fetchone()[0]

    def count_indexed(self) -> int:
        """Posts whose document the index acknowledged (each is in the index once)."""
        with self._lock:
            return self.db.execute("SELECT count(*) FROM posts WHERE indexed_rev > 0").fetchone()[0]

    def acknowledge_indexed(self, revisions: list[tuple[str, int]]) -> None:
        with self.transaction():
            self.db.executemany("UPDATE posts SET indexed_rev = ? WHERE id = ?", [(rev, pid) for pid, rev in revisions])

    def mark_all_for_index(self) -> None:
        with self.transaction():
            self.db.execute("UPDATE posts SET indexed_rev = 0, index_rev = max(index_rev, 1)")

    def close(self) -> None:
        with self._lock:
            self.db.close()



# A post's search facets, in one place for indexing and for search hits: brands mentioned, signals at or
# above 0.5 (talent endorsements name the talent), the post's own sentiment, the analysed language.
_FACET_COLUMNS = """p.id, au.followers,
       (SELECT group_concat(DISTINCT m.brand_id) FROM mentions m WHERE m.post_id = p.id) AS brands,
       (SELECT group_concat(s.kind || '|' || coalesce(s.subject_id, '')) FROM signals s
         WHERE s.post_id = p.id AND s.kind != 'sentiment' AND s.score >= 0.5) AS strong,
       (SELECT s.label FROM signals s WHERE s.post_id = p.id AND s.kind = 'sentiment' AND s.subject_id IS NULL LIMIT 1) AS sentiment,
       (SELECT a.lang FROM analyses a WHERE a.post_id = p.id AND a.lang IS NOT NULL LIMIT 1) AS analysed_lang"""
_FACET_NAMES = ("id", "followers", "brands", "strong", "sentiment", "analysed_lang")
_POST_NAMES = ("platform", "url", "kind", "author_id", "published_at", "lang", "title", "text", "hashtags", "mentions", "metrics", "rating", "rating_max")
_INDEX_REV, _INDEXED_REV = len(_FACET_NAMES) + len(_POST_NAMES), len(_FACET_NAMES) + len(_POST_NAMES) + 1

# Keyset paging over the partial index of pending posts: each page starts where the last one ended.
_PENDING_SQL = f"""
SELECT {_FACET_COLUMNS}, {", ".join("p." + name for name in _POST_NAMES)}, p.index_rev, p.indexed_rev
FROM posts p LEFT JOIN authors au ON au.id = p.author_id
WHERE p.index_rev > p.indexed_rev AND p.id > ?
ORDER BY p.id
LIMIT ?
"""


def read_pending_index(db: sqlite3.Connection, limit: int, after: str = "") -> list[tuple["IndexedPost", dict[str, Any], int, bool]]:
    """`SqliteRecords.pending_index` on any connection to a store (the index feed's process opens its own)."""
    cursor = db.cursor()
    cursor.row_factory = None  # plain tuples: a third faster than sqlite3.Row for a hundred thousand rows
    rows = cursor.execute(_PENDING_SQL, (after, limit)).fetchall()
    return [(IndexedPost.from_row(row), _facets(row), row[_INDEX_REV], row[_INDEXED_REV] > 0) for row in rows]


def _facets(row: sqlite3.Row | tuple) -> dict[str, Any]:
    """The facets of a row that starts with the facet columns (by position: a Row or a plain tuple)."""
    _, followers, brands, strong, sentiment, analysed_lang = row[:6]
    facets: dict[str, Any] = {"sentiment": sentiment, "lang": analysed_lang, "followers": followers}
    if brands:
        facets["brands"] = set(brands.split(","))
    if strong:
        pairs = [item.split("|") for item in strong.split(",")]
        facets["signals"] = {kind for kind, _ in pairs}
        facets["talents"] = {subject for kind, subject in pairs if kind == "talent_endorsement" and subject}
    return facets


@dataclass(frozen=True, slots=True)
class IndexedPost:
    """What the search index reads of a stored post: our own validated rows, so no record is rebuilt."""

    id: str
    platform: str
    url: str | None
    kind: str
    author_id: str | None
    published_at: datetime | None
    lang: str | None
    title: str | None
    text: str
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    metrics: dict[str, int]
    rating: float | None
    rating_max: float | None

    @classmethod
    def from_row(cls, row: tuple) -> "IndexedPost":
        """From a pending-index row (`_PENDING_SQL`: the facet columns, then the post's)."""
        (post_id, *_), start = row, len(_FACET_NAMES)
        platform, url, kind, author_id, published, lang, title, text, hashtags, mentions, metrics, rating, rating_max = row[start : start + len(_POST_NAMES)]
        return cls(
            post_id, platform, url, kind, author_id, datetime.fromisoformat(published) if published else None, lang, title, text,
            _json_tuple(hashtags), _json_tuple(mentions), {} if metrics in (None, "{}") else json.loads(metrics), rating, rating_max,
        )

    @property
    def full_text(self) -> str:
        return full_text(self.kind, self.title, self.text)


def _json_tuple(text: str | None) -> tuple:
    return () if text in (None, "[]") else tuple(json.loads(text))


def _statements(script: str) -> list[str]:
    # sqlite3.complete_statement tells where each statement ends, comments and strings included.
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


class _Transaction:
    """`with records.transaction():` one IMMEDIATE transaction, rolled back on error; re-entrant."""

    def __init__(self, records: SqliteRecords):
        self.records = records
        self.outer = False

    def __enter__(self):
        self.records._lock.acquire()
        self.outer = not self.records.db.in_transaction
        if self.outer:
            self.records.db.execute("BEGIN IMMEDIATE")
        return self.records.db

    def __exit__(self, kind, value, traceback):
        try:
            if self.outer:
                self.records.db.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self.records._lock.release()
        if isinstance(value, sqlite3.DatabaseError):
            raise StoreError(f"{self.records.path}: {value}") from value
        return False
