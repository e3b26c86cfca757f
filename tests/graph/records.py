"""Small hand-made stores for the ranking tests: posts, authors and the analysis of each post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from index.store import PostAnalysis
from portevoix.models import Mention, Post, Signal

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


def post(number: int | str, author: str, at: timedelta, parent: str | None = None, text: str | None = None, **fields) -> Post:
    return Post(id=f"web:{number}", platform="web", url=f"https://ex.org/{number}", text=text or f"post {number}", author_id=f"web:{author}", published_at=START + at, parent_id=parent, **fields)


def analysis(watch: str, post_id: str, brand: str | None = None, talents: dict[str, float] | None = None, **signals: tuple[float, str | None]) -> PostAnalysis:
    """The analysis of one post: a mention of `brand` (confidence 0.9) with `signals` about it, and
    talent endorsements with their scores."""
    mentions = ()
    records = []
    if brand:
        mentions = (Mention(id=f"m{post_id}", watch=watch, post_id=post_id, brand_id=brand, surface=brand, start=0, end=5, method="name", confidence=0.9, component="t", version="1"),)
        records += [Signal(id=f"s{post_id}{kind}", watch=watch, post_id=post_id, subject_id=brand, kind=kind, score=score, label=label, detector="t", version="1") for kind, (score, label) in signals.items()]
    for talent, score in (talents or {}).items():
        records.append(Signal(id=f"s{post_id}{talent}", watch=watch, post_id=post_id, subject_id=talent, kind="talent_endorsement", score=score, detector="t", version="1"))
    return PostAnalysis(post_id, watch, "fr", mentions, tuple(records), "t", "1")
