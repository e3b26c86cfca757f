"""The analysis on every core: worker processes, each with its own Analyzer (spaCy and the rules are
Python holding the GIL, so threads would take turns on one core).

A batch is cut into one contiguous part per worker and put back together in order; batches too small
to be worth the trip are analysed in this process. Workers start on the first big batch (spawned: no
inherited threads or model sessions), load their models once, and stop with `close`.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable

from nlp.encoder import SentenceEncoder
from nlp.pipeline import Analyzer, TextAnalysis, TextInput
from portevoix.errors import AnalysisError
from portevoix.watch import Watch

PARALLEL_FROM = 200  # posts in a batch from which the workers share it
AUTO_WORKERS_MAX = 4  # each worker holds its own models (about 1 GB): more cores ask for the setting


def worker_count(setting: int) -> int:
    """The `analysis_workers` setting as a number of processes: 0 means one per core, at most AUTO_WORKERS_MAX."""
    return setting if setting > 0 else min(os.cpu_count() or 1, AUTO_WORKERS_MAX)


class ParallelAnalyzer:
    """`Analyzer.analyze` over `workers` processes; the same results, in the same order."""

    def __init__(self, watch: Watch, workers: int, batch_size: int = 256, encoder: SentenceEncoder | None = None):
        self.watch, self.workers, self.batch_size = watch, workers, batch_size
        self.local = Analyzer(watch, batch_size=batch_size, encoder=encoder)
        # Workers rebuild the encoder from its settings, on one thread each: the cores are theirs.
        self._encoder_spec = (encoder.model, encoder.cache_dir, encoder.backend) if encoder else None
        self._pool: ProcessPoolExecutor | None = None

    @property
    def signals_version(self) -> str:
        return self.local.signals_version

    def analyze(self, items: Iterable[TextInput]) -> list[TextAnalysis]:
        items = list(items)
        if self.workers < 2 or len(items) < PARALLEL_FROM:
            return self.local.analyze(items)
        size = -(-len(items) // self.workers)
        parts = [items[start : start + size] for start in range(0, len(items), size)]
        try:
            futures = [self._workers().submit(_analyze_part, part) for part in parts]
            return [result for future in futures for result in future.result()]
        except BrokenProcessPool:
            self.close()
            raise AnalysisError("an analysis worker process died: out of memory, or a script that starts the analysis without an `if __name__ == \"__main__\":` guard (workers are spawned and import it); run again with analysis_workers = 1 to analyse in one process") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self.local.checked_heads()  # checking them makes any static table they need here, not in every worker at once
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(self.watch, self.batch_size, self._encoder_spec))
        return self._pool


def make_analyzer(watch: Watch, batch_size: int = 256, encoder: SentenceEncoder | None = None, workers: int = 1) -> Analyzer | ParallelAnalyzer:
    """An Analyzer in this process (`workers` 1), or one that shares big batches among processes."""
    return ParallelAnalyzer(watch, workers, batch_size, encoder) if workers > 1 else Analyzer(watch, batch_size=batch_size, encoder=encoder)


_analyzer: Analyzer | None = None  # each worker process's own


def _start_worker(watch: Watch, batch_size: int, encoder_spec: tuple | None) -> None:
    global _analyzer
    encoder = SentenceEncoder(encoder_spec[0], encoder_spec[1], encoder_spec[2], threads=1) if encoder_spec else SentenceEncoder(threads=1)
    _analyzer = Analyzer(watch, batch_size=batch_size, encoder=encoder)


def _analyze_part(items: list[TextInput]) -> list[TextAnalysis]:
    assert _analyzer is not None, "worker not started"
    return _analyzer.analyze(items)
