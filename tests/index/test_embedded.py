"""What only the embedded store has: SQLite files, migrations, and an index derived from SQLite."""

import sqlite3

import pytest

from index.embedded import EmbeddedStore
from index.sqlite_records import SCHEMA_VERSION
from index.store import SearchRequest
from portevoix.errors import StoreError
from tests.index.test_store_contract import CORPUS


def test_sqlite_file_wal_tables_and_schema_version(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.close()
    db = sqlite3.connect(tmp_path / "store.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"posts", "authors", "mentions", "signals", "rankings", "runs"} <= tables


def test_a_newer_schema_is_refused(tmp_path):
    EmbeddedStore(tmp_path).close()
    db = sqlite3.connect(tmp_path / "store.sqlite")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this Porte-voix"):
        EmbeddedStore(tmp_path)


def test_a_post_stored_but_not_indexed_is_indexed_next_time(tmp_path):
    # A crash between the SQLite commit and the index commit: the post is in SQLite only.
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS[:2])
    store.sync_index()
    store.save_posts(CORPUS[2:])  # ... and the process dies before sync_index
    store.close()
    reopened = EmbeddedStore(tmp_path)
    assert reopened.search_index.search(SearchRequest("highly"), lambda ids: {}).total == 0  # not indexed yet
    assert reopened.sync_index() == len(CORPUS) - 2
    assert reopened.search(SearchRequest("highly")).total == 1
    assert reopened.sync_index() == 0
    reopened.close()


def test_a_lost_index_is_rebuilt_from_sqlite(tmp_path):
    import shutil

    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    store.sync_index()
    store.close()
    shutil.rmtree(tmp_path / "search-index")
    reopened = EmbeddedStore(tmp_path)
    assert reopened.search(SearchRequest("", limit=50)).total == len(CORPUS)
    reopened.close()


def test_indexing_in_pages_commits_and_acknowledges_as_it_goes(tmp_path, monkeypatch):
    import index.embedded as embedded

    monkeypatch.setattr(embedded, "INDEX_PAGE", 2)  # pages of 2 read ahead, a commit every 4 posts
    monkeypatch.setattr(embedded, "COMMIT_EVERY", 4)
    monkeypatch.setattr(embedded, "BIG_BATCH", 1)  # the big-sync path, where never-indexed posts skip deletions
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    commits, acknowledge = [], store.records.acknowledge_indexed

    def crash_before_acknowledging(revisions):  # the process dies between a commit and its acknowledgement
        commits.append(len(revisions))
        raise RuntimeError("crash after the first commit")

    monkeypatch.setattr(store.records, "acknowledge_indexed", crash_before_acknowledging)
    with pytest.raises(RuntimeError):
        store.sync_index()
    monkeypatch.setattr(store.records, "acknowledge_indexed", acknowledge)
    assert commits == [4]
    # The crash came after the commit, before the acknowledgement: those 4 posts are indexed and pending,
    # indexed again next time (replacing themselves), and nothing is lost or doubled.
    assert store.records.count_pending_index() == len(CORPUS)
    assert store.sync_index() == len(CORPUS)
    assert store.records.count_pending_index() == 0
    assert store.search(SearchRequest("", limit=50)).total == len(CORPUS)
    assert store.search_index.num_docs() == len(CORPUS)
    store.close()


def test_unchanged_recrawl_does_not_reindex(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    store.sync_index()
    store.save_posts(CORPUS)
    assert store.sync_index() == 0
    store.close()


def test_an_edited_post_is_replaced_in_the_index(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    assert store.search(SearchRequest("pleut")).total == 1
    store.save_posts([CORPUS[4].model_copy(update={"text": "Il fait beau à Lyon"})])
    assert store.search(SearchRequest("pleut")).total == 0
    assert store.search(SearchRequest("Lyon")).total == 1
    assert store.search(SearchRequest("", limit=50)).total == len(CORPUS)
    store.close()


def test_cached_aggregations_follow_every_write(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS[:3])
    first = store.search(SearchRequest(""))
    assert first.counts["platform"] == {"web": 3}
    assert store.search(SearchRequest("")).counts == first.counts  # served from the cache
    store.save_posts(CORPUS[3:])
    assert store.search(SearchRequest("")).counts["platform"] == {"web": 5, "reviews": 1}
    store.close()


def test_indexing_waits_for_another_writer(tmp_path):
    import threading
    import time

    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    busy = store.search_index.index.writer(heap_size=50_000_000, num_threads=1)  # another process's writer
    threading.Timer(0.5, lambda: (busy.commit(), busy.wait_merging_threads())).start()
    began = time.monotonic()
    assert store.sync_index() == len(CORPUS)  # waited for the lock instead of failing
    assert time.monotonic() - began >= 0.4
    store.close()


def test_a_search_does_not_wait_for_another_writer(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS[:2])
    store.sync_index()
    store.save_posts(CORPUS[2:])
    busy = store.search_index.index.writer(heap_size=50_000_000, num_threads=1)
    assert store.search(SearchRequest("")).total == 2  # what is indexed, at once
    busy.commit()
    busy.wait_merging_threads()
    assert store.search(SearchRequest("")).total == len(CORPUS)
    store.close()


def test_a_big_sync_reads_its_documents_in_a_process_of_its_own(tmp_path, monkeypatch):
    import index.embedded as embedded

    monkeypatch.setattr(embedded, "FEED_FROM", 1)  # every sync through the feed
    monkeypatch.setattr(embedded, "FEED_PAGE", 3)  # several pages
    monkeypatch.setattr(embedded, "COMMIT_EVERY", 4)
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    assert store.sync_index() == len(CORPUS)
    assert store.records.count_pending_index() == 0
    store.save_posts([CORPUS[4].model_copy(update={"text": "Une savonnette en forme de cygne"})])
    assert store.sync_index() == 1
    store.records.mark_all_for_index()
    assert store.sync_index() == len(CORPUS)
    # Edited and re-fed posts replace their documents: nothing doubled, the edit found, the old text gone.
    assert store.search_index.num_docs(fresh=True) == len(CORPUS)
    assert store.search(SearchRequest("cygne")).total == 1
    assert store.search(SearchRequest("pleut")).total == 0
    assert 0 < store.feed_peak_mb < 300  # the reader imports the index modules, not what its parent had imported
    store.close()


def test_without_a_python_to_start_a_big_sync_reads_in_its_own_process(tmp_path, monkeypatch):
    import sys

    import index.embedded as embedded

    monkeypatch.setattr(embedded, "FEED_FROM", 1)
    monkeypatch.setattr(sys, "executable", "/opt/app/frozen-app")  # a frozen application: no interpreter to run
    store = EmbeddedStore(tmp_path)
    store.save_posts(CORPUS)
    assert store.sync_index() == len(CORPUS)
    assert store.feed_peak_mb is None  # no reader process was started
    store.close()


def test_a_script_without_a_main_guard_can_sync_through_the_feed(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    # multiprocessing's spawn would run this script again in the reader process; a plain child does not.
    script = tmp_path / "sync.py"
    script.write_text(
        "import index.embedded as embedded\n"
        "from index.embedded import EmbeddedStore\n"
        "from tests.index.test_store_contract import CORPUS\n"
        "embedded.FEED_FROM = 1\n"
        f"store = EmbeddedStore({str(tmp_path / 'store')!r})\n"
        "store.save_posts(CORPUS)\n"
        "print('indexed', store.sync_index())\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(script)], cwd=root, env={"PYTHONPATH": str(root)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["indexed", str(len(CORPUS))]


def test_a_failing_feed_is_a_clear_error_and_leaves_the_posts_pending(tmp_path, monkeypatch):
    import index.embedded as embedded
    from index.document_feed import DocumentFeed

    with pytest.raises(StoreError, match="missing.sqlite: reading posts for the index failed: OperationalError"):
        with DocumentFeed(tmp_path / "missing.sqlite", 10) as feed:
            list(feed)

    monkeypatch.setattr(embedded, "FEED_FROM", 1)
    store = EmbeddedStore(tmp_path / "store")
    store.save_posts(CORPUS)

    class DyingFeed(DocumentFeed):
        def __iter__(self):
            self._process.kill()  # the reader process dies (out of memory, killed) in the middle of a sync
            self._process.wait()
            yield from super().__iter__()

    monkeypatch.setattr(embedded, "DocumentFeed", DyingFeed)
    with pytest.raises(StoreError, match="the process reading posts for the index stopped"):
        store.sync_index()
    assert store.records.count_pending_index() == len(CORPUS)  # nothing acknowledged ...
    assert store.search_index.num_docs(fresh=True) == 0  # ... nothing half-written
    monkeypatch.setattr(embedded, "DocumentFeed", DocumentFeed)
    assert store.sync_index() == len(CORPUS)
    store.close()
