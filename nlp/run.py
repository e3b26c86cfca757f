"""The analyze stage: posts from the store (or a JSONL file) through the Analyzer, results back out."""

from __future__ import annotations

import json
from typing import IO, Callable, Iterator

from index.store import PostAnalysis, Store
from nlp import NAME, VERSION
from nlp.brands import NAME as BRANDS_NAME, VERSION as BRANDS_VERSION
from nlp.encoder import SentenceEncoder
from nlp.parallel import make_analyzer
from nlp.pipeline import TextAnalysis, TextInput
from nlp.signals import KINDS, NAME as SIGNALS_NAME, VERSION as SIGNALS_VERSION
from portevoix.errors import AnalysisError
from portevoix.models import Mention, Post, Run, Signal, utc_now
from portevoix.watch import Watch

Progress = Callable[[int], None]


def analyze_store(store: Store, watch: Watch, batch_size: int = 256, reanalyze_all: bool = False, progress: Progress | None = None, encoder: SentenceEncoder | None = None, workers: int = 1) -> Run:
    """Analyse the posts not yet analysed for `watch` (every post with `reanalyze_all`); replaces earlier
    results. `workers` processes share the batches (see nlp.parallel)."""
    started = utc_now()
    run = Run(id=Run.make_id("analyze", started), watch=watch.name, stage="analyze", started_at=started)
    store.save_run(run)
    analyzer = make_analyzer(watch, batch_size, encoder, workers)
    signals_version = analyzer.signals_version
    counts = {"posts": 0, "mentions": 0, "signals": 0}
    try:
        batches = store.iter_posts(None if reanalyze_all else watch.name, batch_size=batch_size * 4)
        for posts in batches:
            results = analyzer.analyze(TextInput(p.id, p.full_text, p.lang, p.rating, p.rating_max) for p in posts)
            analyses = [to_post_analysis(post, result, watch, signals_version) for post, result in zip(posts, results)]
            store.save_analyses(analyses)
            counts["posts"] += len(posts)
            counts["mentions"] += sum(len(a.mentions) for a in analyses)
            counts["signals"] += sum(len(a.signals) for a in analyses)
            if progress:
                progress(len(posts))
        store.sync_index()
    except Exception as error:
        store.save_run(run.model_copy(update={"status": "failed", "finished_at": utc_now(), "counts": counts, "message": f"{type(error).__name__}: {error}"}))
        raise
    finally:
        analyzer.close()
    finished = run.model_copy(update={"status": "ok", "finished_at": utc_now(), "counts": counts, "message": f"{NAME} {VERSION}"})
    store.save_run(finished)
    return finished


def to_post_analysis(post: Post, result: TextAnalysis, watch: Watch, signals_version: str = SIGNALS_VERSION) -> PostAnalysis:
    """The Mention and Signal records of one post's analysis (offsets are into `post.full_text`)."""
    mentions = tuple(
        Mention(
            id=Mention.make_id(watch.name, post.id, m.brand_id, m.start),
            watch=watch.name,
            post_id=post.id,
            brand_id=m.brand_id,
            surface=m.surface,
            start=m.start,
            end=m.end,
            method=m.method,
            confidence=m.confidence,
            component=BRANDS_NAME,
            version=BRANDS_VERSION,
        )
        for m in result.mentions
    )
    signals = []

    def add(subject: str | None, kind: str, evidence) -> None:
        # Post-level signals are kept when they say something; sentiment always is.
        if evidence.score < 0.05 and kind != "sentiment":
            return
        signals.append(
            Signal(
                id=Signal.make_id(watch.name, post.id, subject, kind),
                watch=watch.name,
                post_id=post.id,
                subject_id=subject,
                kind=kind,
                score=evidence.score,
                label=evidence.label,
                evidence_start=evidence.start,
                evidence_end=evidence.end,
                evidence=evidence.text,
                detector=SIGNALS_NAME,
                version=signals_version,
            )
        )

    for kind, evidence in result.signals.items():
        if kind != "talent_endorsement":
            add(None, kind, evidence)
    for brand_id, by_kind in result.brand_signals.items():
        for kind, evidence in by_kind.items():
            add(brand_id, kind, evidence)
    for talent_id, evidence in result.talent_signals.items():
        add(talent_id, "talent_endorsement", evidence)
    return PostAnalysis(post_id=post.id, watch=watch.name, lang=result.lang, mentions=mentions, signals=tuple(signals), component=NAME, version=VERSION)


def to_jsonl_record(result: TextAnalysis, watch: Watch) -> dict:
    """The stable JSONL shape of `portevoix analyze --input/--output`."""
    names = watch.display_names
    sentiment = result.signals["sentiment"]
    return {
        "id": result.id,
        "lang": result.lang,
        "brands": sorted({names[m.brand_id] for m in result.mentions}),
        "mentions": [{"brand": names[m.brand_id], "text": m.surface, "start": m.start, "end": m.end} for m in result.mentions],
        "signals": {kind: result.signals[kind].score for kind in KINDS},
        "sentiment": {"label": sentiment.label or "neutral", "score": sentiment.score},
        # Added after the first contract (new keys only): the deviant use itself, when there is one,
        # each brand's own sentiment (its sentences' when the post names several brands), the talents.
        "use": result.signals["deviant_use"].label if result.signals["deviant_use"].score >= 0.5 else None,
        "brand_sentiment": {
            names[brand_id]: {"label": signals["sentiment"].label or "neutral", "score": signals["sentiment"].score}
            for brand_id, signals in sorted(result.brand_signals.items())
        },
        # Each talent endorsed: the watch's name for its own talents, else the name as the post writes it.
        "talents": {
            names.get(talent_id, evidence.text or talent_id): {"score": evidence.score, "text": evidence.text}
            for talent_id, evidence in sorted(result.talent_signals.items(), key=lambda item: -item[1].score)
            if evidence.score > 0
        },
    }


def read_jsonl_inputs(lines: IO[str], errors: list[str]) -> Iterator[TextInput]:
    """TextInputs from JSONL lines; a bad line is described in `errors` (with its number) and skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(f"line {number}: not JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(item, dict):
            errors.append(f"line {number}: expected a JSON object, got {type(item).__name__}")
            continue
        problem = _input_problem(item)
        if problem:
            errors.append(f"line {number}: {problem}")
            continue
        yield TextInput(str(item["id"]), item["text"], item.get("lang"), _float_or_none(item.get("rating")), _float_or_none(item.get("rating_max")) or (5.0 if item.get("rating") is not None else None))


def _input_problem(item: dict) -> str | None:
    if "id" not in item or item["id"] in (None, ""):
        return "missing 'id'"
    if not isinstance(item.get("text"), str):
        return "'text' must be a string"
    if item.get("lang") is not None and not isinstance(item["lang"], str):
        return "'lang' must be a string"
    if item.get("rating") is not None and _float_or_none(item["rating"]) is None:
        return "'rating' must be a number"
    return None


def _float_or_none(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def analyze_jsonl(source: IO[str], sink: IO[str], watch: Watch, batch_size: int = 256, progress: Progress | None = None, encoder: SentenceEncoder | None = None, workers: int = 1, analyzer=None) -> tuple[int, list[str]]:
    """Analyse a JSONL stream into another; returns (lines written, problems with line numbers). An
    `analyzer` given (from `make_analyzer`) is used and left open, its models and workers kept."""
    if analyzer is not None:
        return _analyze_lines(analyzer, source, sink, watch, batch_size, progress)
    analyzer = make_analyzer(watch, batch_size, encoder, workers)
    try:
        return _analyze_lines(analyzer, source, sink, watch, batch_size, progress)
    finally:
        analyzer.close()


def _analyze_lines(analyzer, source: IO[str], sink: IO[str], watch: Watch, batch_size: int, progress: Progress | None) -> tuple[int, list[str]]:
    errors: list[str] = []
    written = 0
    batch: list[TextInput] = []

    def flush() -> None:
        nonlocal written
        for result in analyzer.analyze(batch):
            sink.write(json.dumps(to_jsonl_record(result, watch), ensure_ascii=False) + "\n")
            written += 1
        if progress:
            progress(len(batch))
        batch.clear()

    for item in read_jsonl_inputs(source, errors):
        batch.append(item)
        if len(batch) >= batch_size * 4:
            flush()
    if batch:
        flush()
    if written == 0 and errors:
        raise AnalysisError("no valid input line:\n  " + "\n  ".join(errors[:20]))
    return written, errors
