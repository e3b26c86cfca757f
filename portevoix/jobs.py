"""The whole job for one watch: crawl, then analyze, then rank. What the scheduler and the demo run."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from crawler.runner import crawl_watch
from graph.run import rank_watch
from index import open_store
from nlp.encoder import encoder_from_settings
from nlp.parallel import worker_count
from nlp.run import analyze_store
from portevoix.errors import PortevoixError
from portevoix.models import Run
from portevoix.settings import Settings
from portevoix.watch import Watch

Say = Callable[[str], None]


class WatchBusy(PortevoixError):
    """Another process is already running this watch."""


@contextmanager
def watch_lock(settings: Settings, watch: Watch) -> Iterator[None]:
    """Hold the watch's lock file in the data folder, so two runs of one watch never overlap, whoever starts them."""
    locks = Path(settings.data_dir) / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{watch.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WatchBusy(f"watch {watch.name!r} is already running (lock {handle.name})") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_watch(watch: Watch, settings: Settings, say: Say = lambda _: None) -> dict[str, Run]:
    """Crawl, analyze and rank `watch`; returns each stage's Run."""
    runs: dict[str, Run] = {}
    with watch_lock(settings, watch):
        say(f"crawling {len(watch.sources)} source(s) of {watch.name}")
        runs["crawl"] = crawl_watch(watch, settings)
        store = open_store(settings)
        try:
            say("analysing new posts")
            runs["analyze"] = analyze_store(
                store, watch, batch_size=settings.analysis_batch_size, encoder=encoder_from_settings(settings), workers=worker_count(settings.analysis_workers)
            )
            say("ranking ambassadors, prescribers, talents and consumer roles")
            runs["rank"] = rank_watch(store, watch)
        finally:
            store.close()
    return runs
