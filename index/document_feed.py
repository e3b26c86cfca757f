"""Pending posts as index documents, read from SQLite and built in a process of their own.

A big sync was bound by Python: reading a post's row and building its document held the GIL about as long
as tantivy's own work on its two threads took, so the two took turns. Here a spawned process reads pages
of pending posts and writes their documents as JSON; the indexing process only hands them to tantivy
(`add_json`). Starting the process takes about a second, so small syncs stay in one process.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Iterator

from index.documents import document_json, to_document
from index.sqlite_records import read_pending_index
from portevoix.errors import StoreError

# (post id, revision to acknowledge, whether an older document may be in the index, the document as JSON)
FeedRow = tuple[str, int, bool, str]


class DocumentFeed:
    """Pages of pending posts' documents from a reader process, in id order; use it in a `with` block."""

    def __init__(self, database: Path, page_size: int):
        self.database = database
        self.page_size = page_size

    def __enter__(self) -> "DocumentFeed":
        context = multiprocessing.get_context("spawn")  # no fork: the parent holds tantivy's threads
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_feed, args=(str(self.database), self.page_size, send), name="index-feed", daemon=True)
        self._process.start()
        send.close()  # the child holds its end: when it dies, reading ours fails instead of waiting
        return self

    def __iter__(self) -> Iterator[list[FeedRow]]:
        while True:
            try:
                kind, payload = self._receive.recv()
            except (EOFError, OSError):
                self._process.join(5)
                raise StoreError(
                    f"{self.database}: the process reading posts for the index stopped (exit code {self._process.exitcode}): out of memory, "
                    "or a script that indexes without an `if __name__ == \"__main__\":` guard (spawned processes import it again)"
                ) from None
            if kind == "error":
                raise StoreError(f"{self.database}: reading posts for the index failed: {payload}")
            if kind == "end":
                return
            yield payload

    def __exit__(self, *_) -> None:
        if self._process.is_alive():
            self._process.terminate()  # the sync failed or stopped early: the reader has nothing left to do
        self._process.join(5)
        self._receive.close()


def _feed(database: str, page_size: int, send) -> None:
    """The reader process: every page of pending posts as (id, revision, indexed before, JSON document)."""
    try:
        db = sqlite3.connect(f"{Path(database).absolute().as_uri()}?mode=ro", uri=True, timeout=30)  # as_uri quotes odd characters
        after = ""
        while rows := read_pending_index(db, page_size, after):
            send.send(("page", [(post.id, revision, indexed, document_json(to_document(post, facets))) for post, facets, revision, indexed in rows]))
            after = rows[-1][0].id
        send.send(("end", None))
    except Exception as error:  # reported to the indexing process, which raises it there with the store's path
        send.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        send.close()
