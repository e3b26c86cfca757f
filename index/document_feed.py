"""Pending posts as index documents, read from SQLite and built in a process of their own.

A big sync was bound by Python: reading a post's row and building its document held the GIL about as long
as tantivy's own work on its two threads took, so the two took turns. Here a child Python process reads
pages of pending posts and writes their documents as JSON, pickled page by page to its stdout; the indexing
process only hands them to tantivy (`add_json`). Starting it takes a few tenths of a second, so small syncs
stay in one process.

A plain child interpreter, not multiprocessing's spawn: spawn imports the parent's main module again (a
script without a `__main__` guard would start over, a heavy one costs the child its memory: 150-300 MB
before reading a post); this one imports this module only.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from index.documents import document_json, to_document
from index.sqlite_records import read_pending_index
from portevoix.errors import StoreError

# (post id, revision to acknowledge, whether an older document may be in the index, the document as JSON)
FeedRow = tuple[str, int, bool, str]
# The child finds modules where its parent does: isolated (-I) from the environment, given the parent's path.
_CHILD = "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from index.document_feed import main; sys.exit(main(sys.argv[2:]))"


class DocumentFeed:
    """Pages of pending posts' documents from a reader process, in id order; use it in a `with` block."""

    def __init__(self, database: Path, page_size: int):
        self.database = database
        self.page_size = page_size
        self.peak_mb: float | None = None  # the reader process's peak memory, once it has read everything

    @staticmethod
    def can_start() -> bool:
        """Whether a child interpreter can be started: not where sys.executable is no Python (a frozen
        application, a server embedding Python)."""
        return "python" in Path(sys.executable or "").name.lower()

    def __enter__(self) -> "DocumentFeed":
        command = [sys.executable, "-I", "-c", _CHILD, json.dumps(sys.path), str(self.database), str(self.page_size)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE)
        return self

    def __iter__(self) -> Iterator[list[FeedRow]]:
        while True:
            try:
                kind, payload = pickle.load(self._process.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                raise StoreError(
                    f"{self.database}: the process reading posts for the index stopped (exit code {self._exit_code()}): "
                    "out of memory or killed (its own error, if any, is on stderr)"
                ) from None
            if kind == "error":
                raise StoreError(f"{self.database}: reading posts for the index failed: {payload}")
            if kind == "end":
                self.peak_mb = payload
                return
            yield payload

    def _exit_code(self) -> int | None:
        try:
            return self._process.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def __exit__(self, *_) -> None:
        if self._process.poll() is None:
            self._process.terminate()  # the sync failed or stopped early: the reader has nothing left to do
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


def main(arguments: list[str]) -> int:
    """The reader process: `DATABASE PAGE_SIZE`; pickled (kind, payload) messages on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the indexing process's to handle: it stops this one
    pages = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else prints goes to stderr, never into the pages
    database, page_size = arguments
    _feed(database, int(page_size), pages)
    return 0


def _feed(database: str, page_size: int, pages: BinaryIO) -> None:
    """Every page of pending posts as (id, revision, indexed before, JSON document), then ("end", peak MB)."""

    def send(kind: str, payload) -> None:
        pickle.dump((kind, payload), pages, protocol=pickle.HIGHEST_PROTOCOL)
        pages.flush()

    try:
        db = sqlite3.connect(f"{Path(database).absolute().as_uri()}?mode=ro", uri=True, timeout=30)  # as_uri quotes odd characters
        after = ""
        while rows := read_pending_index(db, page_size, after):
            send("page", [(post.id, revision, indexed, document_json(to_document(post, facets))) for post, facets, revision, indexed in rows])
            after = rows[-1][0].id
        send("end", _peak_mb())
    except BrokenPipeError:
        pass  # the indexing process stopped reading (it failed, or was interrupted): nothing to tell it
    except Exception as error:  # reported to the indexing process, which raises it there with the store's path
        send("error", f"{type(error).__name__}: {error}")
    finally:
        try:
            pages.close()
        except OSError:
            pass  # a broken pipe again: see above


def _peak_mb() -> float | None:
    """This process's peak resident memory. Not getrusage's: a child made by fork counts its parent's pages
    until it execs, so its ru_maxrss is at least the parent's size then."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return None
