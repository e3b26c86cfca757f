"""The aggregations a listening dashboard is made of, in the Elasticsearch format that tantivy reads too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from index.store import INTERVALS

FACETS = ("brand", "lang", "platform", "signal", "sentiment")
TOP_AUTHORS = 10
ENGAGEMENT = {"engagement": {"sum": {"field": "engagement"}}}


def facet_spec(interval: str, field_of=lambda facet: facet) -> dict[str, Any]:
    """Counts per facet and the date histogram (weeks start on Monday: 1970-01-01 was a Thursday)."""
    histogram: dict[str, Any] = {"field": "published_at", "fixed_interval": INTERVALS[interval]}
    if interval == "week":
        histogram["offset"] = "-3d"
    return {**{facet: {"terms": {"field": field_of(facet), "size": 50}} for facet in FACETS}, "histogram": {"date_histogram": histogram}}


def author_spec(poster_engagement: bool = True, engagement_size: int = TOP_AUTHORS) -> dict[str, Any]:
    """Top authors by posts and by engagement (likes, shares, replies, ...). Without `poster_engagement`
    the by-posts buckets come without their engagement: tantivy sums it in every author's bucket (7 times
    the cost of the counts over a million posts) when only the top posters' sums are shown; see
    `add_poster_engagement`."""
    by_posts: dict[str, Any] = {"terms": {"field": "author_id", "size": TOP_AUTHORS}}
    if poster_engagement:
        by_posts["aggs"] = ENGAGEMENT
    return {
        "by_posts": by_posts,
        "by_engagement": {"terms": {"field": "author_id", "size": engagement_size, "order": {"engagement": "desc"}}, "aggs": ENGAGEMENT},
    }


def poster_engagement_spec(authors: list[str]) -> dict[str, Any]:
    """The engagement sums of these authors, over a query already restricted to their posts."""
    return {"engaged": {"terms": {"field": "author_id", "size": max(len(authors), 1)}, "aggs": ENGAGEMENT}}


def engagement_sums(raw: dict[str, Any], name: str) -> dict[str, dict]:
    return {b["key"]: b["engagement"] for b in raw.get(name, {}).get("buckets", [])}


def add_poster_engagement(raw: dict[str, Any], sums: dict[str, dict]) -> dict[str, Any]:
    """`raw` with each by-posts bucket given its engagement from `sums` (author -> {"value": ...}), and
    the by-engagement buckets cut to TOP_AUTHORS."""
    buckets = [{**b, "engagement": sums.get(b["key"], {"value": 0})} for b in raw.get("by_posts", {}).get("buckets", [])]
    engaged = raw.get("by_engagement", {}).get("buckets", [])[:TOP_AUTHORS]
    return {**raw, "by_posts": {"buckets": buckets}, "by_engagement": {"buckets": engaged}}


def read(raw: dict[str, Any]) -> tuple[dict[str, dict[str, int]], list[tuple[str, int]], dict[str, list[dict]]]:
    """Counts per facet, histogram buckets (ISO 8601 UTC start, posts) and top authors, from either backend."""
    counts = {facet: {b["key"]: b["doc_count"] for b in raw.get(facet, {}).get("buckets", [])} for facet in FACETS}
    histogram = [(_iso(b["key"]), b["doc_count"]) for b in raw.get("histogram", {}).get("buckets", [])]
    top = {
        name: [{"author": b["key"], "posts": b["doc_count"], "engagement": int(b["engagement"]["value"] or 0)} for b in raw.get(key, {}).get("buckets", [])]
        for name, key in (("posts", "by_posts"), ("engagement", "by_engagement"))
    }
    top["engagement"] = [author for author in top["engagement"] if author["engagement"] > 0]
    return counts, histogram, top


def _iso(milliseconds: float) -> str:
    return datetime.fromtimestamp(milliseconds / 1000, UTC).isoformat().replace("+00:00", "Z")
